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
    let x = DMatrix::from_fn(64, n, |i, j| scaled(rows[j][i]));
    let mut t = DMatrix::zeros(10, n);
    for (j, row) in rows.iter().enumerate() {
        encode_class(row[64] as usize, 10, output, t.column_mut(j).as_mut_slice());
    }
    Dataset { x, t, labels: Some(rows.iter().map(|r| r[64]).collect()), points: None }
}

/// An 8 × 8 value (0–16) as the task's input: a block's share of lit pixels.
fn scaled(v: u8) -> f64 {
    f64::from(v.min(16)) / 16.0
}

/// A digit's 8 × 8 values (0–16, blocks row by row) as the digit task's input, as the data set's digits are given
/// to the network.
pub fn digit_input(values: &[u8]) -> Vec<f64> {
    values.iter().map(|&v| scaled(v)).collect()
}

/// The side of the square bitmap a digit is drawn on: the data set's 32 × 32, counted in 4 × 4 blocks.
pub const PAD_SIDE: usize = 32;

/// A hand drawing put in the data set's form. The UCI description says the digits are normalized 32 × 32 bitmaps
/// (made by NIST's preprocessing programs) whose lit pixels are counted in 4 × 4 blocks; the normalization here is
/// a simplification of NIST's: the bounding box of the lit pixels of `bitmap` (32 × 32, row by row, non-zero lit)
/// scaled by nearest neighbour, keeping its proportions, until its longer side spans the box, and centred across
/// the other. `None` when nothing is drawn.
pub fn normalize_drawing(bitmap: &[u8]) -> Option<Vec<u8>> {
    const N: usize = PAD_SIDE;
    if bitmap.len() != N * N {
        return None;
    }
    let lit: Vec<(usize, usize)> = (0..N * N).filter(|&i| bitmap[i] != 0).map(|i| (i / N, i % N)).collect();
    let (r0, r1) = (lit.iter().map(|p| p.0).min()?, lit.iter().map(|p| p.0).max()?);
    let (c0, c1) = (lit.iter().map(|p| p.1).min()?, lit.iter().map(|p| p.1).max()?);
    let (h, w) = (r1 - r0 + 1, c1 - c0 + 1);
    let side = h.max(w) as f64;
    // The square of the drawing's longer side, centred on its box, mapped onto the whole pad.
    let top = r0 as f64 - (side - h as f64) / 2.0;
    let left = c0 as f64 - (side - w as f64) / 2.0;
    let source = |start: f64, k: usize| libm::floor(start + (k as f64 + 0.5) * side / N as f64);
    let mut out = alloc::vec![0u8; N * N];
    for r in 0..N {
        for c in 0..N {
            let (sr, sc) = (source(top, r), source(left, c));
            if sr >= 0.0 && sc >= 0.0 && (sr as usize) < N && (sc as usize) < N {
                out[r * N + c] = u8::from(bitmap[sr as usize * N + sc as usize] != 0);
            }
        }
    }
    Some(out)
}

/// The data set's 8 × 8 values of a 32 × 32 bitmap (row by row, non-zero lit): the lit pixels of each 4 × 4 block,
/// 0–16, blocks row by row.
pub fn block_counts(bitmap: &[u8]) -> [u8; 64] {
    let mut counts = [0u8; 64];
    for (i, &p) in bitmap.iter().take(PAD_SIDE * PAD_SIDE).enumerate() {
        let (r, c) = (i / PAD_SIDE, i % PAD_SIDE);
        counts[(r / 4) * 8 + c / 4] += u8::from(p != 0);
    }
    counts
}

/// A 32 × 32 bitmap whose blocks hold `values` lit pixels each (the first ones in reading order, a value over 16
/// as 16): how the pad shows an 8 × 8 digit, which [`block_counts`] reads back unchanged.
pub fn blocks_to_bitmap(values: &[u8]) -> Vec<u8> {
    let mut out = alloc::vec![0u8; PAD_SIDE * PAD_SIDE];
    for (b, &v) in values.iter().take(64).enumerate() {
        let (br, bc) = (b / 8, b % 8);
        for k in 0..usize::from(v.min(16)) {
            out[(br * 4 + k / 4) * PAD_SIDE + bc * 4 + k % 4] = 1;
        }
    }
    out
}

/// Test example `k`'s 8 × 8 values (0–16) and class, as the data file has them.
pub fn test_digit(k: usize) -> Option<([u8; 64], u8)> {
    let row = table()?.chunks_exact(65).nth(DIGITS_TRAIN + k).filter(|_| k < DIGITS_TEST)?;
    let mut values = [0u8; 64];
    values.copy_from_slice(&row[..64]);
    Some((values, row[64]))
}

