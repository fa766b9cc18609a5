//! Scales and their ticks. A tick is always labelled, whatever the span: a log axis over less than a decade gets
//! linear ticks inside it, one over many decades gets every n-th power of ten; labels are written in the lab's
//! one number format, with as many digits as it takes to tell neighbouring ticks apart.

use crate::format;

/// How values map to positions along an axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// Evenly from `lo` to `hi`.
    Linear {
        /// The value at the start of the axis.
        lo: f64,
        /// The value at its end.
        hi: f64,
    },
    /// Logarithmically from `lo` to `hi` (both positive).
    Log {
        /// The value at the start of the axis.
        lo: f64,
        /// The value at its end.
        hi: f64,
    },
}

/// How tick labels are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    /// [`format::number`].
    Number,
    /// Whole counts with thousands separators (steps, examples).
    Count,
    /// A fraction as a percentage without decimals.
    Percent,
    /// Degrees.
    Degrees,
}

impl Scale {
    /// A linear scale over the finite values of `values` (widened a little), or `fallback` when there are none.
    pub fn linear_over(values: impl Iterator<Item = f64>, fallback: (f64, f64)) -> Scale {
        let (lo, hi) = bounds(values.filter(|v| v.is_finite()));
        match (lo, hi) {
            (Some(lo), Some(hi)) if hi > lo => {
                let pad = 0.05 * (hi - lo);
                Scale::Linear { lo: lo - pad, hi: hi + pad }
            }
            (Some(v), Some(_)) => {
                let pad = if v == 0.0 { 1.0 } else { 0.1 * v.abs() };
                Scale::Linear { lo: v - pad, hi: v + pad }
            }
            _ => Scale::Linear { lo: fallback.0, hi: fallback.1 },
        }
    }

    /// A log scale over the positive finite values of `values` (widened by 10 % each way), or `fallback` when
    /// there are none.
    pub fn log_over(values: impl Iterator<Item = f64>, fallback: (f64, f64)) -> Scale {
        let (lo, hi) = bounds(values.filter(|v| v.is_finite() && *v > 0.0));
        match (lo, hi) {
            (Some(lo), Some(hi)) if hi > lo => Scale::Log { lo: lo / 1.1, hi: hi * 1.1 },
            (Some(v), Some(_)) => Scale::Log { lo: v / 1.5, hi: v * 1.5 },
            _ => Scale::Log { lo: fallback.0, hi: fallback.1 },
        }
    }

    /// The ends of the scale.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Scale::Linear { lo, hi } | Scale::Log { lo, hi } => (lo, hi),
        }
    }

    /// Where `v` falls along the axis, 0 at `lo` and 1 at `hi` (outside for values outside; NaN stays NaN).
    pub fn fraction(&self, v: f64) -> f64 {
        match *self {
            Scale::Linear { lo, hi } => (v - lo) / (hi - lo),
            Scale::Log { lo, hi } => (libm::log(v) - libm::log(lo)) / (libm::log(hi) - libm::log(lo)),
        }
    }

    /// At most `max` tick values inside the scale, and at least two.
    pub fn ticks(&self, max: usize) -> Vec<f64> {
        let max = max.max(2);
        match *self {
            Scale::Linear { lo, hi } => nice_ticks(lo, hi, max),
            Scale::Log { lo, hi } => log_ticks(lo, hi, max),
        }
    }
}

fn bounds(values: impl Iterator<Item = f64>) -> (Option<f64>, Option<f64>) {
    values.fold((None, None), |(lo, hi): (Option<f64>, Option<f64>), v| {
        (Some(lo.map_or(v, |l| l.min(v))), Some(hi.map_or(v, |h| h.max(v))))
    })
}

/// Multiples of 1, 2, 2.5 or 5 × 10ᵏ inside `[lo, hi]`: the largest step that gives at most `max` ticks. If the
/// span is too narrow to hold two, its two ends.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo, hi];
    }
    let rough = (hi - lo) / (max.max(2) - 1) as f64;
    let magnitude = libm::pow(10.0, libm::log10(rough).floor());
    let steps = [1.0, 2.0, 2.5, 5.0, 10.0].map(|m| m * magnitude);
    for step in steps {
        // A hair of tolerance: 0.3 / 0.1 is 2.9999999999999996 in floating point.
        let first = (lo / step - 1e-9).ceil();
        let last = (hi / step + 1e-9).floor();
        let count = (last - first) as i64 + 1;
        if count <= max as i64 {
            let ticks: Vec<f64> = (0..count.max(0)).map(|k| clean((first + k as f64) * step, step)).collect();
            if ticks.len() >= 2 {
                return ticks;
            }
            break;
        }
    }
    vec![lo, hi]
}

/// `v` rounded to the precision of `step`, so that `0.1 + 0.2` prints as `0.3`.
fn clean(v: f64, step: f64) -> f64 {
    let digits = (-libm::log10(step).floor() + 2.0).clamp(0.0, 15.0) as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}

/// Ticks of a log axis, spread evenly along it: 1, 2 and 5 × 10ᵏ when at most `max` of them fall inside; else 1
/// and 3 × 10ᵏ; else powers of ten, every n-th if there are many decades; and nice linear ticks when the span
/// is too narrow to hold two of any.
pub fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return vec![lo, hi];
    }
    let (first, last) = (libm::log10(lo).floor() as i32, libm::log10(hi).ceil() as i32);
    let inside = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9);
    let multiples = |m: &[f64]| -> Vec<f64> {
        let at = |k: i32, m: f64| if k < 0 { m / 10f64.powi(-k) } else { m * 10f64.powi(k) };
        (first..=last).flat_map(|k| m.iter().map(move |&m| at(k, m))).filter(inside).collect()
    };
    for m in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0]] {
        let ticks = multiples(m);
        if (2..=max).contains(&ticks.len()) {
            return ticks;
        }
    }
    let powers = multiples(&[1.0]);
    if powers.len() >= 2 {
        let every = powers.len().div_ceil(max).max(1);
        return powers.into_iter().step_by(every).collect();
    }
    // Less than two powers of ten in view and room for few labels: every other 1-3 (then 1-2-5) tick, still evenly
    // spaced on the log axis. (Linear ticks here put "0.25" and "0.5" side by side at the top of a log axis.)
    for m in [&[1.0, 3.0][..], &[1.0, 2.0, 5.0]] {
        let ticks = multiples(m);
        if ticks.len() >= 2 {
            let every = ticks.len().div_ceil(max).max(1);
            let thinned: Vec<f64> = ticks.into_iter().step_by(every).collect();
            if thinned.len() >= 2 {
                return thinned;
            }
        }
    }
    nice_ticks(lo, hi, max)
}

/// The labels of `ticks`, each distinct from its neighbours: three significant digits, or more where three would
/// write two neighbours the same.
pub fn labels(ticks: &[f64], how: Labels) -> Vec<String> {
    let write = |v: f64, digits: i32| match how {
        Labels::Number => format::number_digits(v, digits),
        Labels::Count => format::count(v.round().max(0.0) as u64),
        Labels::Percent => format!("{} %", format::fixed(100.0 * v, 0)),
        Labels::Degrees => format!("{}°", format::fixed(v, 0)),
    };
    for digits in 3..=6 {
        let labels: Vec<String> = ticks.iter().map(|&v| write(v, digits)).collect();
        if labels.windows(2).all(|w| w[0] != w[1]) || how != Labels::Number {
            return labels;
        }
    }
    ticks.iter().map(|&v| write(v, 6)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_nice_and_inside() {
        assert_eq!(nice_ticks(0.0, 10.0, 6), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(0.0, 180.0, 7), [0.0, 50.0, 100.0, 150.0]);
        let t = nice_ticks(0.3, 0.9, 5);
        assert!(t.len() >= 2 && t.len() <= 5 && t.iter().all(|v| (0.3..=0.9).contains(v)), "{t:?}");
        assert_eq!(nice_ticks(0.1, 0.3, 3), [0.1, 0.2, 0.3]);
        assert_eq!(nice_ticks(5.0, 5.0, 4), [5.0, 5.0]);
    }

    /// The cases the old charts got wrong: a loss spanning less than a decade had no labels; one over six decades
    /// had too many or none.
    #[test]
    fn log_ticks_are_labelled_at_any_span() {
        for (lo, hi) in
            [(0.4, 0.6), (0.6, 0.9), (1.0, 1.5), (0.05, 0.5), (0.1, 1.0), (1e-6, 1.0), (3e-7, 2.0), (1e-3, 1e3)]
        {
            let ticks = log_ticks(lo, hi, 6);
            assert!(ticks.len() >= 2 && ticks.len() <= 6, "{lo}..{hi}: {ticks:?}");
            assert!(ticks.iter().all(|v| *v >= lo * 0.999 && *v <= hi * 1.001), "{lo}..{hi}: {ticks:?}");
            let text = labels(&ticks, Labels::Number);
            assert!(text.windows(2).all(|w| w[0] != w[1]), "{lo}..{hi}: {text:?}");
        }
        assert_eq!(log_ticks(1e-6, 1.0, 7), [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]);
        assert_eq!(log_ticks(1e-6, 1.0, 4), [1e-6, 1e-4, 1e-2, 1.0]);
        // Less than two decades in three ticks: spread along the axis, not bunched at its top.
        assert_eq!(log_ticks(0.0125, 0.6, 3), [0.03, 0.1, 0.3]);
        // Room for two labels and one power of ten in view: log-spaced, not the linear 0.25 and 0.5.
        assert_eq!(log_ticks(0.016, 0.58, 2), [0.03, 0.3]);
    }

    #[test]
    fn labels_use_the_one_number_format_and_stay_distinct() {
        assert_eq!(labels(&[0.001, 0.01, 0.1, 1.0], Labels::Number), ["0.001", "0.01", "0.1", "1"]);
        assert_eq!(labels(&[1e-6, 1e-3], Labels::Number), ["1e-6", "0.001"]);
        assert_eq!(labels(&[0.99990, 0.99995, 1.0], Labels::Number), ["0.9999", "0.99995", "1"]);
        assert_eq!(labels(&[0.0, 0.5, 1.0], Labels::Percent), ["0 %", "50 %", "100 %"]);
        assert_eq!(labels(&[0.0, 6000.0], Labels::Count), ["0", "6,000"]);
        assert_eq!(labels(&[90.0, 180.0], Labels::Degrees), ["90°", "180°"]);
    }
}
