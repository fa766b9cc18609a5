//! How big things are drawn. A chart is drawn in device pixels (a canvas's backing store is its CSS size times the
//! device-pixel ratio), and everything — type, lines, margins — scales with the chart: larger plots get larger
//! type, up to a cap, and presenter mode sets a floor for the back of a lecture hall.

/// Sizes in device pixels for one chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Device pixels per CSS pixel.
    pub dpr: f64,
    /// Label text (ticks, legends), in device pixels.
    pub font: f64,
    /// Titles of axes and panels.
    pub title: f64,
    /// A data line.
    pub line: f64,
    /// Space between things.
    pub pad: f64,
}

impl Theme {
    /// The theme of a chart `css_width` CSS pixels wide on a screen of `dpr` device pixels per CSS pixel, with
    /// label type of at least `min_font` CSS pixels (11 normally; 22 in presenter mode): labels grow with the
    /// chart from 11 px at 330 px wide to 16 px at 480 px and more.
    pub fn new(css_width: f64, dpr: f64, min_font: f64) -> Self {
        let dpr = if dpr.is_finite() && dpr > 0.0 { dpr } else { 1.0 };
        let font = (css_width / 30.0).clamp(11.0, 16.0).max(min_font);
        Theme {
            dpr,
            font: font * dpr,
            title: font * 1.08 * dpr,
            line: (font / 7.0).max(1.5) * dpr,
            pad: font * 0.5 * dpr,
        }
    }

    /// A theme for a chart `width` pixels wide at one device pixel per CSS pixel (SVG figures, tests).
    pub fn plain(width: u32) -> Self {
        Theme::new(f64::from(width), 1.0, 11.0)
    }

    /// `x` CSS pixels in device pixels, at least one.
    pub fn px(&self, x: f64) -> u32 {
        (x * self.dpr).round().max(1.0) as u32
    }
}
