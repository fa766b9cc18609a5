//! 8 × 8 handwritten digits: the 1,797 examples of the UCI "Optical Recognition of Handwritten Digits" test set
//! (Alpaydin & Kaynak 1998; CC BY 4.0), as shipped with scikit-learn. Pixels (0..16) are scaled to [0, 1].
//!
//! The split is fixed and does not depend on the seed: the first 1,437 examples of the file (80 %) train, the
//! last 360 test. The file interleaves the classes, so both parts hold every digit in about equal numbers.

use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{Dataset, TaskData, encode_class};
use crate::activation::Activation;

/// Training examples (the first rows of the file).
pub const DIGITS_TRAIN: usize = 1437;
/// Test examples (the last rows).
pub const DIGITS_TEST: usize = 360;

/// 65 bytes an example: 64 pixels (row-major, 0..=16), then the label. Written by `build.rs`.
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/digits.bin"));

pub(super) fn build(output: Activation) -> TaskData {
    TaskData { train: dataset(0, DIGITS_TRAIN, output), test: dataset(DIGITS_TRAIN, DIGITS_TEST, output) }
}

/// The same split with each image as its own target, and no labels: a reconstruction task.
pub(super) fn build_autoencoder() -> TaskData {
    let own_target = |mut d: Dataset| {
        d.t = d.x.clone();
        d.labels = None;
        d
    };
    let (train, test) =
        (dataset(0, DIGITS_TRAIN, Activation::Logistic), dataset(DIGITS_TRAIN, DIGITS_TEST, Activation::Logistic));
    TaskData { train: own_target(train), test: own_target(test) }
}

fn dataset(first: usize, n: usize, output: Activation) -> Dataset {
    let rows: Vec<&[u8]> = TABLE.chunks_exact(65).skip(first).take(n).collect();
    let x = DMatrix::from_fn(64, n, |i, j| f64::from(rows[j][i]) / 16.0);
    let mut t = DMatrix::zeros(10, n);
    for (j, row) in rows.iter().enumerate() {
        encode_class(row[64] as usize, 10, output, t.column_mut(j).as_mut_slice());
    }
    Dataset { x, t, labels: Some(rows.iter().map(|r| r[64]).collect()), points: None }
}
