//! MNIST-5k: the first 5,000 MNIST digits (LeCun, Cortes & Burges; CC BY-SA 3.0), 500 of each class, 28 × 28
//! pixels scaled from 0..=255 to [0, 1]. Native only: embedded with the crate's `mnist` feature.
//!
//! The split is fixed and stratified: of each class's 500 examples (the file is sorted by class) the first 400
//! train and the last 100 test, so 4,000 train and 1,000 test.
//!
//! Preset: 784–64–10, otherwise as the 8 × 8 digits.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::digits::DIGITS;
use super::{Dataset, Inputs, Preset, Shuffled, TaskData, TaskInfo, TaskKind, encode_class};

/// Pixels an image.
pub const MNIST_PIXELS: usize = 784;
/// Training examples.
pub const MNIST_TRAIN: usize = 4000;
/// Test examples.
pub const MNIST_TEST: usize = 1000;

/// 785 bytes an example: 784 pixels (row-major, 0..=255), then the label. Written by `build.rs`.
#[cfg(feature = "mnist")]
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/mnist.bin"));
#[cfg(not(feature = "mnist"))]
static TABLE: &[u8] = &[];

/// MNIST-5k: the digits' task, at 28 × 28 and only where the build embeds it.
pub(super) static MNIST: TaskInfo = TaskInfo {
    name: "mnist",
    title: "MNIST-5k, 28×28 (native only)",
    inputs: Inputs::Fixed(MNIST_PIXELS),
    available: cfg!(feature = "mnist"),
    data: None,
    preset: Preset { hidden: &[64], ..DIGITS.preset },
    build: |setup| {
        // Without the feature the table is empty: `Config::validate` refuses the task before anything gets here.
        debug_assert!(!TABLE.is_empty(), "MNIST is embedded only with the `mnist` feature");
        let rows: Vec<&[u8]> = TABLE.chunks_exact(MNIST_PIXELS + 1).collect();
        let part = |test: bool| {
            let chosen: Vec<&[u8]> =
                rows.iter().enumerate().filter(|(i, _)| (i % 500 >= 400) == test).map(|(_, r)| *r).collect();
            let n = chosen.len();
            let x = DMatrix::from_fn(MNIST_PIXELS, n, |i, j| f64::from(chosen[j][i]) / 255.0);
            let mut t = DMatrix::zeros(10, n);
            for (j, row) in chosen.iter().enumerate() {
                encode_class(row[MNIST_PIXELS] as usize, 10, setup.output, t.column_mut(j).as_mut_slice());
            }
            Dataset { x, t, labels: Some(chosen.iter().map(|r| r[MNIST_PIXELS]).collect()), points: None }
        };
        Box::new(Shuffled::new(TaskData { train: part(false), test: part(true) }, setup))
    },
    ..DIGITS
};

impl TaskKind {
    /// MNIST-5k (native builds with the `mnist` feature only).
    pub const MNIST: TaskKind = TaskKind(&MNIST);
}
