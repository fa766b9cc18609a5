//! 8 × 8 handwritten digits: the 1,797 examples of the UCI "Optical Recognition of Handwritten Digits" test set
//! (Alpaydin & Kaynak 1998; CC BY 4.0), as shipped with scikit-learn. Pixels (0..16) are scaled to [0, 1].
//!
//! The split is fixed and does not depend on the seed: the first 1,437 examples of the file (80 %) train, the
//! last 360 test. The file interleaves the classes, so both parts hold every digit in about equal numbers.
//!
//! Preset: 64–32–10, tanh hidden, softmax output with cross-entropy, η = 0.05, batch 16.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{Dataset, Inputs, Outputs, Preset, Shuffled, TaskData, TaskInfo, TaskKind, View, encode_class};
use crate::activation::{Activation, Loss};

/// Training examples (the first rows of the file).
pub const DIGITS_TRAIN: usize = 1437;
/// Test examples (the last rows).
pub const DIGITS_TEST: usize = 360;

/// The data set's file in `crates/plasticity/data/` (the page fetches it from its own folder).
pub const DIGITS_FILE: &str = "optdigits-8x8.csv.gz";

/// 65 bytes an example: 64 pixels (row-major, 0..=16), then the label. Written by `build.rs`.
#[cfg(feature = "digits")]
static EMBEDDED: Option<&[u8]> = Some(include_bytes!(concat!(env!("OUT_DIR"), "/digits.bin")));
#[cfg(not(feature = "digits"))]
static EMBEDDED: Option<&[u8]> = None;

/// The same table, loaded at run time by [`load_digits`] where the build does not embed it.
static LOADED: once_cell::race::OnceBox<Vec<u8>> = once_cell::race::OnceBox::new();

/// The digits' table, embedded or loaded; `None` until loaded in a build without the `digits` feature.
pub(super) fn table() -> Option<&'static [u8]> {
    EMBEDDED.or_else(|| LOADED.get().map(Vec::as_slice))
}

/// Takes the 8×8 digits at run time, as the CSV text of [`DIGITS_FILE`] (decompressed): for a build without the
/// `digits` feature, such as the page's, which fetches the file only when a digit task is opened. Says what is
/// wrong with a text that is not that table, including one that differs from digits already there (embedded or
/// loaded before): a run's data never changes under it.
pub fn load_digits(csv: &str) -> Result<(), String> {
    let decoded = super::table::decode(csv, DIGITS_TRAIN + DIGITS_TEST, 64, 16)?;
    let table = match table() {
        Some(table) => table,
        None => LOADED.get_or_init(|| Box::new(decoded.clone())),
    };
    if table == decoded.as_slice() { Ok(()) } else { Err("these are not the digits already loaded".into()) }
}

/// The 8 × 8 digits, ten classes.
pub(super) static DIGITS: TaskInfo = TaskInfo {
    name: "digits",
    title: "Handwritten digits, 8×8",
    caption: "The probe digit (the first test example) and the network's output for it; blue is the right class.",
    loss_caption: None,
    view: View::Digit,
    inputs: Inputs::Fixed(64),
    outputs: Outputs::Classes(10),
    targets: true,
    available: true,
    data: Some(DIGITS_FILE),
    preset: Preset {
        hidden: &[32],
        output: Activation::Softmax,
        loss: Loss::CrossEntropy,
        learning_rate: 0.05,
        batch_size: 16,
        ..Preset::PLAYGROUND
    },
    build: |setup| {
        let (train, test) = (dataset(0, DIGITS_TRAIN, setup.output), dataset(DIGITS_TRAIN, DIGITS_TEST, setup.output));
        Box::new(Shuffled::new(TaskData { train, test }, setup))
    },
};

impl TaskKind {
    /// The 8 × 8 digits.
    pub const DIGITS: TaskKind = TaskKind(&DIGITS);
}

/// `n` digits from row `first` of the file, with class targets encoded for `output`.
pub(super) fn dataset(first: usize, n: usize, output: Activation) -> Dataset {
    // `Config::validate` refuses a digit task until the table is there; an empty one would give an empty set.
    let rows: Vec<&[u8]> = table().unwrap_or_default().chunks_exact(65).skip(first).take(n).collect();
    let x = DMatrix::from_fn(64, n, |i, j| f64::from(rows[j][i]) / 16.0);
    let mut t = DMatrix::zeros(10, n);
    for (j, row) in rows.iter().enumerate() {
        encode_class(row[64] as usize, 10, output, t.column_mut(j).as_mut_slice());
    }
    Dataset { x, t, labels: Some(rows.iter().map(|r| r[64]).collect()), points: None }
}
