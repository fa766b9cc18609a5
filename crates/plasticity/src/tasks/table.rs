//! Reads a digit data set's CSV text (rows of `pixels` values from 0 to `max`, then a label 0..=9) into a compact
//! table of one byte a value. Shared by `build.rs`, which embeds the tables, and by
//! [`load_digits`](super::load_digits), which takes the 8×8 digits at run time where the build leaves them out
//! (the page fetches them when a digit task is opened). No `crate::` paths: `build.rs` includes this file alone.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The table of `rows` examples, `pixels + 1` bytes each, or what is wrong with the text.
pub fn decode(text: &str, rows: usize, pixels: usize, max: u8) -> Result<Vec<u8>, String> {
    let mut table = Vec::with_capacity(rows * (pixels + 1));
    for (row, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if row == rows {
            return Err(format!("more than {rows} rows"));
        }
        let start = table.len();
        for (i, field) in line.split(',').enumerate() {
            let limit = if i < pixels { max } else { 9 };
            let value: f64 = field.trim().parse().map_err(|_| format!("row {row}: '{field}' is not a number"))?;
            if !(0.0..=f64::from(limit)).contains(&value) || f64::from(value as u8) != value || i > pixels {
                return Err(format!("row {row}: field {i} is '{field}' (pixels 0 to {max}, then a label 0 to 9)"));
            }
            table.push(value as u8);
        }
        if table.len() - start != pixels + 1 {
            return Err(format!("row {row} has {} fields, not {}", table.len() - start, pixels + 1));
        }
    }
    if table.len() != rows * (pixels + 1) {
        return Err(format!("{} rows, not {rows}", table.len() / (pixels + 1)));
    }
    Ok(table)
}
