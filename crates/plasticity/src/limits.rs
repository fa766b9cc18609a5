//! The limits of a run — network size, batch size, learning rate — and the checks that enforce them. Both a new
//! configuration ([`Config::validate`](crate::Config::validate)) and a change to a running one
//! ([`Trainer::set_learning_rate`](crate::Trainer::set_learning_rate)) go through these checks, so the two can
//! never disagree.

use alloc::format;

use crate::error::ConfigError;

/// The most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// The most layers of weights a network may have (the hidden layers and the output layer).
pub const MAX_LAYERS: usize = MAX_HIDDEN_LAYERS + 1;
/// The most units a hidden layer may have.
pub const MAX_UNITS: usize = 64;
/// The largest mini-batch.
pub const MAX_BATCH: usize = 512;
/// The range of learning rates accepted, inclusive.
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-6, 10.0);
/// [`LEARNING_RATE_RANGE`] as messages print it (written out: formatting floats in exponent notation would add
/// 2 KB to the page's WebAssembly for this one string; a test checks that the two agree).
pub const LEARNING_RATE_RANGE_TEXT: &str = "1e-6 to 10";

/// The most mini-batches by which feedback may be delayed.
pub const MAX_DELAY: u32 = 50;

/// Accepts a feedback delay of 0 to [`MAX_DELAY`] mini-batches.
pub fn check_delay(delay: u32) -> Result<(), ConfigError> {
    if delay <= MAX_DELAY {
        Ok(())
    } else {
        Err(ConfigError::new(
            "delay",
            format!("the feedback delay must be 0 to {MAX_DELAY} mini-batches (got {delay})"),
        ))
    }
}

/// Accepts a learning rate in [`LEARNING_RATE_RANGE`] (NaN is refused).
pub fn check_learning_rate(lr: f64) -> Result<(), ConfigError> {
    let (lo, hi) = LEARNING_RATE_RANGE;
    if lr >= lo && lr <= hi {
        Ok(())
    } else {
        Err(ConfigError::new("lr", format!("the learning rate must be {LEARNING_RATE_RANGE_TEXT} (got {lr})")))
    }
}

/// Accepts a batch size in `1..=MAX_BATCH`.
pub fn check_batch_size(batch: usize) -> Result<(), ConfigError> {
    if (1..=MAX_BATCH).contains(&batch) {
        Ok(())
    } else {
        Err(ConfigError::new("batch", format!("the batch size must be 1 to {MAX_BATCH} (got {batch})")))
    }
}

/// Accepts 0 to [`MAX_HIDDEN_LAYERS`] hidden layers of 1 to [`MAX_UNITS`] units.
pub fn check_hidden(hidden: &[usize]) -> Result<(), ConfigError> {
    if hidden.len() > MAX_HIDDEN_LAYERS {
        return Err(ConfigError::new(
            "hidden",
            format!("at most {MAX_HIDDEN_LAYERS} hidden layers (got {})", hidden.len()),
        ));
    }
    match hidden.iter().find(|&&n| n == 0 || n > MAX_UNITS) {
        Some(n) => Err(ConfigError::new("hidden", format!("a hidden layer has 1 to {MAX_UNITS} units (got {n})"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{LEARNING_RATE_RANGE, LEARNING_RATE_RANGE_TEXT};

    #[test]
    fn the_learning_rate_range_is_printed_as_it_is() {
        let (lo, hi) = LEARNING_RATE_RANGE;
        assert_eq!(LEARNING_RATE_RANGE_TEXT, alloc::format!("{lo:e} to {hi}"));
    }
}
