//! The lab's colours. Blue and orange are TensorFlow Playground's (positive and negative, class 1 and class 0,
//! training and test); layers and rules take their colours from the Tableau 10 palette, in order, so a layer or a
//! rule keeps one colour on the page and in every figure.

use plotters::style::RGBColor;

/// Playground's blue: positive values, class 1, the training set.
pub const BLUE: RGBColor = RGBColor(8, 119, 189);
/// Playground's orange: negative values, class 0, the test set.
pub const ORANGE: RGBColor = RGBColor(245, 147, 34);
/// Text and axes.
pub const INK: RGBColor = RGBColor(60, 60, 60);

/// Tableau 10, the colours of series that need telling apart (layers, rules).
pub const SERIES: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The colour of series `i` (rules in the registry's order).
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// One colour per run compared side by side: Okabe and Ito's colour-blind-safe blue, vermilion, bluish green and
/// reddish purple, which stay apart under every common colour-vision deficiency.
pub const RUNS: [RGBColor; 4] =
    [RGBColor(0, 114, 178), RGBColor(213, 94, 0), RGBColor(0, 158, 115), RGBColor(204, 121, 167)];

/// The colour of run `k` of a comparison.
pub fn run(k: usize) -> RGBColor {
    RUNS[k % RUNS.len()]
}

/// One colour per layer, the first hidden layer first: Tableau's, without its orange (orange means "negative" and
/// "test set" in this lab).
pub const LAYERS: [RGBColor; 7] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// The colour of layer `l` (0 = the first hidden layer).
pub fn layer(l: usize) -> RGBColor {
    LAYERS[l % LAYERS.len()]
}

/// A diverging colour map for `v` in [−1, 1]: orange through white to blue (NaN is white).
pub fn diverging(v: f64) -> [u8; 3] {
    let v = if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 };
    let (c, t) = if v >= 0.0 { (BLUE, v) } else { (ORANGE, -v) };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * t) as u8;
    [mix(c.0), mix(c.1), mix(c.2)]
}
