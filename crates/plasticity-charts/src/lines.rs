//! What the line-chart panels share (the loss and alignment panels, in `panels/`): the steps axis, a line from the
//! history, a legend entry, and which way a quantity has gone (for the text alternatives).

use crate::history::Point;

use crate::axis::{Labels, Scale};
use crate::frame::{Axis, Dash, Entry};
use crate::paint::solid;

/// The horizontal axis of every chart over training.
pub(crate) fn steps_axis(points: &[Point]) -> Axis {
    let end = points.last().map_or(1.0, |p| p.step).max(1.0);
    Axis::new(Scale::Linear { lo: 0.0, hi: end }, Labels::Count, "mini-batches trained")
}

/// A line of `points`.
pub(crate) fn line<'a>(points: &'a [Point], f: impl Fn(&Point) -> f64 + 'a) -> impl Iterator<Item = (f64, f64)> + 'a {
    points.iter().map(move |p| (p.step, f(p)))
}

pub(crate) fn entry(colour: plotters::style::RGBColor, weight: f64, dash: Dash, label: &str) -> Entry {
    Entry { colour: solid(colour), weight, dash, label: label.into() }
}

/// Which way a quantity has gone over the last tenth of the run: "falling", "rising" or "steady".
pub(crate) fn trend(points: &[Point], f: impl Fn(&Point) -> f64) -> &'static str {
    let values: Vec<f64> = points.iter().map(&f).filter(|v| v.is_finite()).collect();
    let (Some(&last), n) = (values.last(), values.len()) else { return "steady" };
    let before = values[n.saturating_sub(1 + n / 10).min(n - 1)];
    let change = (last - before) / before.abs().max(1e-12);
    if change < -0.02 {
        "falling"
    } else if change > 0.02 {
        "rising"
    } else {
        "steady"
    }
}
