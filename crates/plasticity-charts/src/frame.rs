//! The frame of a line chart: margins worked out from the labels actually drawn, so nothing overlaps and
//! nothing is cut; ticks always labelled; a legend above the plot, where it covers no data; reference lines
//! (90°: unrelated) labelled in the right margin, outside the data.

use plasticity::limits::MAX_LAYERS;
use plotters_backend::DrawingBackend;

use crate::axis::{Labels, Scale, labels};
use crate::paint::{Anchor, Colour, Painter, Rect, Stroke, faded, solid};
use crate::palette::INK;

/// One axis: its scale, how its ticks are written, its title, and optionally the ticks themselves.
#[derive(Clone, Debug)]
pub struct Axis {
    /// The scale.
    pub scale: Scale,
    /// How tick labels are written.
    pub labels: Labels,
    /// The title ("loss", "angle").
    pub title: String,
    /// Ticks to use instead of the automatic ones.
    pub ticks: Option<Vec<f64>>,
}

impl Axis {
    /// An axis with automatic ticks.
    pub fn new(scale: Scale, labels: Labels, title: impl Into<String>) -> Self {
        Axis { scale, labels, title: title.into(), ticks: None }
    }

    /// The same axis with these ticks.
    pub fn with_ticks(self, ticks: &[f64]) -> Self {
        Axis { ticks: Some(ticks.to_vec()), ..self }
    }

    /// At most `max` ticks: the automatic ones, or every n-th of the given ones (both ends kept where possible).
    fn ticks(&self, max: usize) -> Vec<f64> {
        let Some(given) = &self.ticks else {
            let mut ticks = self.scale.ticks(max);
            if self.labels == Labels::Count {
                // Counts are whole: at step 1 the nice ticks 0, 0.2, … 1 would be labelled "0 0 0 1 1 1".
                ticks.retain(|t| t.fract() == 0.0);
            }
            return ticks;
        };
        let gaps = given.len().saturating_sub(1);
        if given.len() <= max || gaps == 0 {
            return given.clone();
        }
        let least = gaps.div_ceil(max.max(2) - 1);
        let step = (least..=gaps).find(|s| gaps % s == 0).unwrap_or(least);
        given.iter().step_by(step).copied().collect()
    }
}

/// A horizontal reference line across the plot, labelled in the right margin.
#[derive(Clone, Debug)]
pub struct Mark {
    /// Where, on the y axis.
    pub value: f64,
    /// What it means ("90°: unrelated").
    pub label: String,
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dash {
    /// A solid line.
    Solid,
    /// A dashed line.
    Dashed,
    /// Unjoined dots, one per point.
    Dots,
}

/// A legend entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The line's colour.
    pub colour: Colour,
    /// How thick, in theme line widths.
    pub weight: f64,
    /// Solid or dashed.
    pub dash: Dash,
    /// What it is.
    pub label: String,
}

/// What a line chart's frame shows.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// Reference lines.
    pub marks: Vec<Mark>,
    /// The legend.
    pub legend: Vec<Entry>,
    /// False for a frame stacked above another that shares its x axis: no x labels or title of its own.
    pub x_labels: bool,
}

/// A laid-out frame: where the data go and how values map there.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// The plot area.
    pub plot: Rect,
    x: Scale,
    y: Scale,
}

type Fallible<DB, T> = Result<T, plotters_backend::DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Where a frame's plot goes and which y ticks it shows, before anything is drawn.
struct Layout {
    top: i32,
    bottom: i32,
    left: i32,
    y_ticks: Vec<f64>,
    y_labels: Vec<String>,
}

impl Layout {
    /// The heights above and below the plot of `spec` in an area `width` wide.
    fn margins<DB: DrawingBackend>(p: &Painter<'_, DB>, width: i32, spec: &Spec) -> (i32, i32) {
        let (pad, font) = (p.theme.pad as i32, p.theme.font);
        let line_height = (font * 1.3) as i32;
        let legend_height = header_rows(p, width, &spec.y.title, &spec.legend).len() as i32 * line_height;
        // Above the plot: the y axis's title and the legend, then room for half the top tick label.
        let above = pad + legend_height + (font * 0.6) as i32;
        // Below the plot: room for half the lowest y label, the x tick labels, then the x title (or, stacked above
        // another frame, just that half label).
        let half_label = (font * 0.6) as i32;
        (above, if spec.x_labels { half_label + 2 * line_height + pad / 2 } else { half_label })
    }

    fn of<DB: DrawingBackend>(p: &Painter<'_, DB>, area: Rect, spec: &Spec) -> Layout {
        let font = p.theme.font;
        let pad = p.theme.pad as i32;
        let label_font = p.font(font, solid(INK), Anchor::RIGHT);
        let (above, below) = Self::margins(p, area.width(), spec);
        let (top, bottom) = (area.top + above, area.bottom - below);
        let y_count = ((bottom - top) as f64 / (font * 2.4)).floor().clamp(2.0, 8.0) as usize;
        let y_ticks = spec.y.ticks(y_count);
        let y_labels = labels(&y_ticks, spec.y.labels);
        let widest = y_labels.iter().map(|l| p.measure(l, &label_font).0).max().unwrap_or(0);
        Layout { top, bottom, left: area.left + pad + widest + pad, y_ticks, y_labels }
    }
}

impl Frame {
    /// Lays out `spec` in `area` and draws its axes, ticks, titles, marks and legend.
    pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, spec: &Spec) -> Fallible<DB, Frame> {
        let layout = Layout::of(p, area, spec);
        Self::draw_laid_out(p, area, spec, layout)
    }

    /// Frames stacked one above another in `area` over the same x axis: each plot's height in proportion to its
    /// share of what their legends and labels leave, their left edges aligned so that the steps line up.
    pub fn stack<DB: DrawingBackend>(
        p: &mut Painter<'_, DB>,
        area: Rect,
        frames: &[(&Spec, f64)],
    ) -> Fallible<DB, Vec<Frame>> {
        let margins: Vec<(i32, i32)> = frames.iter().map(|(spec, _)| Layout::margins(p, area.width(), spec)).collect();
        let fixed: i32 = margins.iter().map(|(a, b)| a + b).sum();
        let free = f64::from((area.height() - fixed).max(0));
        let total: f64 = frames.iter().map(|(_, share)| share).sum::<f64>().max(1e-9);
        let mut top = area.top;
        let mut areas = Vec::with_capacity(frames.len());
        for (k, ((_, share), (above, below))) in frames.iter().zip(&margins).enumerate() {
            let bottom = if k + 1 == frames.len() {
                area.bottom
            } else {
                top + above + below + (free * share / total).round() as i32
            };
            areas.push(Rect { top, bottom, ..area });
            top = bottom;
        }
        let frames: Vec<(Rect, &Spec)> = areas.into_iter().zip(frames).map(|(a, (spec, _))| (a, *spec)).collect();
        let layouts: Vec<Layout> = frames.iter().map(|(area, spec)| Layout::of(p, *area, spec)).collect();
        let left = layouts.iter().map(|l| l.left).max().unwrap_or(0);
        frames
            .iter()
            .zip(layouts)
            .map(|((area, spec), layout)| Self::draw_laid_out(p, *area, spec, Layout { left, ..layout }))
            .collect()
    }

    fn draw_laid_out<DB: DrawingBackend>(
        p: &mut Painter<'_, DB>,
        area: Rect,
        spec: &Spec,
        layout: Layout,
    ) -> Fallible<DB, Frame> {
        let t = p.theme;
        let (pad, font) = (t.pad as i32, t.font);
        let label_font = p.font(font, solid(INK), Anchor::RIGHT);
        let half_label = (font * 0.6) as i32;
        let Layout { top, bottom, left, y_ticks, y_labels } = layout;
        let mark_width = spec.marks.iter().map(|m| p.measure(&m.label, &label_font).0).max().unwrap_or(0);
        // Room for half the last x label, or the marks' labels.
        let x_probe = labels(&spec.x.ticks(6), spec.x.labels);
        let last_half = x_probe.last().map_or(0, |l| p.measure(l, &label_font).0 / 2 + 2);
        let right = area.right - pad - if mark_width > 0 { mark_width + pad } else { last_half };
        let plot = Rect { left, top, right: right.max(left + 10), bottom: bottom.max(top + 10) };
        let frame = Frame { plot, x: spec.x.scale, y: spec.y.scale };

        // The plot's own grid and axes.
        let grid = Stroke { colour: faded(INK, 0.12), width: p.theme.px(1.0) };
        let axis = Stroke { colour: faded(INK, 0.7), width: p.theme.px(1.0) };
        // On a plot too small for every label (a phone's small multiples), a label that would run into the one
        // drawn before it is left out; its grid line and tick stay.
        let mut drawn: Option<i32> = None;
        for (&v, label) in y_ticks.iter().zip(&y_labels) {
            let Some(y) = frame.y_px(v) else { continue };
            p.line((plot.left, y), (plot.right, y), grid)?;
            if drawn.is_none_or(|d| (y - d).abs() >= font as i32) {
                p.text(label, (plot.left - pad / 2, y), &label_font)?;
                drawn = Some(y);
            }
        }
        let x_width = x_probe.iter().map(|l| p.measure(l, &label_font).0).max().unwrap_or(1);
        let x_count = (plot.width() / (x_width + 2 * font as i32)).clamp(2, 8) as usize;
        let x_ticks = spec.x.ticks(x_count);
        let x_labels = labels(&x_ticks, spec.x.labels);
        let tick_font = p.font(font, solid(INK), Anchor::TOP);
        let mut free = i32::MIN;
        for (&v, label) in x_ticks.iter().zip(&x_labels) {
            let Some(x) = frame.x_px(v) else { continue };
            p.line((x, plot.bottom), (x, plot.bottom + pad / 2), axis)?;
            let half = p.measure(label, &tick_font).0 / 2;
            if spec.x_labels && x - half >= free {
                p.text(label, (x, plot.bottom + half_label), &tick_font)?;
                free = x + half + pad / 2;
            }
        }
        p.line((plot.left, plot.top), (plot.left, plot.bottom), axis)?;
        p.line((plot.left, plot.bottom), (plot.right, plot.bottom), axis)?;
        let title = p.font(t.title, solid(INK), Anchor::BOTTOM);
        if spec.x_labels {
            p.text(&spec.x.title, ((plot.left + plot.right) / 2, area.bottom - pad / 2), &title)?;
        }
        for mark in &spec.marks {
            let Some(y) = frame.y_px(mark.value) else { continue };
            p.dashed(
                (plot.left, y),
                (plot.right, y),
                Stroke { colour: faded(INK, 0.6), width: p.theme.px(1.0) },
                p.theme.px(5.0) as i32,
            )?;
            let font = p.font(font, solid(INK), Anchor::LEFT);
            p.text(&mark.label, (plot.right + pad / 2, y), &font)?;
        }
        draw_header(p, area, &spec.y.title, &spec.legend)?;
        Ok(frame)
    }

    /// The pixel column of `x`, or `None` outside the axis.
    pub fn x_px(&self, x: f64) -> Option<i32> {
        let f = self.x.fraction(x);
        (f.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&f))
            .then(|| self.plot.left + (f * f64::from(self.plot.width())).round() as i32)
    }

    /// The pixel column of `x`, held at the plot's edge when `x` is outside the axis.
    pub fn x_clamped(&self, x: f64) -> i32 {
        let f = self.x.fraction(x);
        let f = if f.is_finite() { f.clamp(0.0, 1.0) } else { 0.0 };
        self.plot.left + (f * f64::from(self.plot.width())).round() as i32
    }

    /// The pixel row of `y`, or `None` outside the axis.
    pub fn y_px(&self, y: f64) -> Option<i32> {
        let f = self.y.fraction(y);
        (f.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&f))
            .then(|| self.plot.bottom - (f * f64::from(self.plot.height())).round() as i32)
    }

    /// Where a point goes: inside the plot, with values beyond the y axis held at its edge; `None` for missing
    /// values (NaN, or not positive on a log axis), which break the line.
    pub fn point(&self, (x, y): (f64, f64)) -> Option<(i32, i32)> {
        let fx = self.x.fraction(x);
        let fy = self.y.fraction(y);
        if !(fx.is_finite() && fy.is_finite()) {
            return None;
        }
        let px = self.plot.left + (fx.clamp(0.0, 1.0) * f64::from(self.plot.width())).round() as i32;
        let py = self.plot.bottom - (fy.clamp(0.0, 1.0) * f64::from(self.plot.height())).round() as i32;
        Some((px, py))
    }

    /// Draws a series as lines between its points, breaking where a value is missing.
    pub fn series<DB: DrawingBackend>(
        &self,
        p: &mut Painter<'_, DB>,
        points: impl IntoIterator<Item = (f64, f64)>,
        entry: &Entry,
    ) -> Fallible<DB, ()> {
        let stroke = Stroke { colour: entry.colour, width: (p.theme.line * entry.weight).round().max(1.0) as u32 };
        let mut run: Vec<(i32, i32)> = Vec::new();
        let flush = |p: &mut Painter<'_, DB>, run: &mut Vec<(i32, i32)>| -> Fallible<DB, ()> {
            match entry.dash {
                Dash::Dots => {
                    for &at in run.iter() {
                        p.circle(at, stroke.width.max(2), stroke, true)?;
                    }
                }
                Dash::Solid if run.len() == 1 => p.circle(run[0], stroke.width.max(2), stroke, true)?,
                Dash::Solid => p.path(run, stroke)?,
                Dash::Dashed if run.len() == 1 => p.circle(run[0], stroke.width.max(2), stroke, true)?,
                Dash::Dashed => p.dashed_path(run, stroke, (p.theme.font * 0.6) as i32)?,
            }
            run.clear();
            Ok(())
        };
        for point in points {
            match self.point(point) {
                Some(px) if entry.dash == Dash::Dots => run.push(px),
                // Consecutive points on the same pixel add nothing but work.
                Some(px) if run.last() != Some(&px) => run.push(px),
                Some(_) => {}
                None => flush(p, &mut run)?,
            }
        }
        flush(p, &mut run)
    }
}

/// The header above a plot: the y axis's title (bold), then the legend entries, in rows that fit `width`. Each
/// row lists items by index: 0 is the title, `k + 1` is legend entry `k`.
fn header_rows<DB: DrawingBackend>(p: &Painter<'_, DB>, width: i32, title: &str, legend: &[Entry]) -> Vec<Vec<usize>> {
    let font = p.font(p.theme.font, solid(INK), Anchor::LEFT);
    let bold = crate::paint::Font { bold: true, ..font };
    let (pad, swatch) = (p.theme.pad as i32, (2.0 * p.theme.font) as i32);
    let widths = std::iter::once(p.measure(title, &bold).0 + 2 * pad)
        .chain(legend.iter().map(|e| swatch + pad / 2 + p.measure(&e.label, &font).0 + 2 * pad));
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (k, w) in widths.enumerate() {
        match rows.last_mut() {
            Some(row) if used + w <= width - pad => row.push(k),
            _ => {
                rows.push(vec![k]);
                used = 0;
            }
        }
        used += w;
    }
    rows
}

fn draw_header<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    area: Rect,
    title: &str,
    legend: &[Entry],
) -> Fallible<DB, ()> {
    let font = p.font(p.theme.font, solid(INK), Anchor::LEFT);
    let bold = crate::paint::Font { bold: true, ..font };
    let (pad, swatch) = (p.theme.pad as i32, (2.0 * p.theme.font) as i32);
    let line_height = (p.theme.font * 1.3) as i32;
    for (r, row) in header_rows(p, area.width(), title, legend).iter().enumerate() {
        let y = area.top + pad + r as i32 * line_height + line_height / 2;
        let mut x = area.left + pad;
        for &k in row {
            let Some(entry) = k.checked_sub(1).map(|e| &legend[e]) else {
                x = p.text(title, (x, y), &bold)?.right + 2 * pad;
                continue;
            };
            let stroke = Stroke { colour: entry.colour, width: (p.theme.line * entry.weight).round().max(1.0) as u32 };
            match entry.dash {
                Dash::Solid => p.line((x, y), (x + swatch, y), stroke)?,
                Dash::Dashed => p.dashed((x, y), (x + swatch, y), stroke, swatch / 5)?,
                Dash::Dots => p.circle((x + swatch / 2, y), stroke.width.max(2), stroke, true)?,
            }
            x = p.text(&entry.label, (x + swatch + pad / 2, y), &font)?.right + 2 * pad;
        }
    }
    Ok(())
}

/// The colour of layer `l` (0 = the first hidden layer) on every panel.
pub fn layer_colour(l: usize) -> Colour {
    solid(crate::palette::layer(l % MAX_LAYERS))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A count axis right after the first steps: only whole numbers, each written once.
    #[test]
    fn count_axes_tick_only_whole_numbers() {
        for end in [1.0, 2.0, 3.0, 7.0, 1000.0] {
            let axis = Axis::new(Scale::Linear { lo: 0.0, hi: end }, Labels::Count, "mini-batches trained");
            let ticks = axis.ticks(6);
            assert!(ticks.len() >= 2 && ticks.iter().all(|t| t.fract() == 0.0), "0..{end}: {ticks:?}");
            let text = labels(&ticks, Labels::Count);
            assert!(text.windows(2).all(|w| w[0] != w[1]), "0..{end}: {text:?}");
        }
    }

    /// A long, smooth series of small angles (1–4°, as predictive coding's, a point every pixel or so) keeps its ink
    /// in every style: a dashed one about half its length, where dashing each short segment on its own drew none.
    #[test]
    fn dense_series_are_drawn_in_every_style() {
        use crate::recorder::Recorder;
        use crate::theme::Theme;
        let ink = |dash: Dash| {
            let mut rec = Recorder::new(400, 300);
            let (length, drawn) = {
                let mut p = Painter::new(&mut rec, Theme::new(400.0, 1.0, 11.0));
                let y = Axis::new(Scale::Linear { lo: -8.0, hi: 188.0 }, Labels::Degrees, "angle");
                let x = Axis::new(Scale::Linear { lo: 0.0, hi: 2000.0 }, Labels::Count, "mini-batches");
                let entry = Entry { colour: solid(INK), weight: 1.0, dash, label: "ΔW₁".into() };
                let spec = Spec { x, y, marks: Vec::new(), legend: vec![entry.clone()], x_labels: true };
                let frame = Frame::draw(&mut p, Rect::new(0, 0, 400, 300), &spec).unwrap();
                let points: Vec<(f64, f64)> =
                    (0..=400).map(|k| (k as f64 * 5.0, 2.5 + 1.5 * (k as f64 / 30.0).sin())).collect();
                let px: Vec<(i32, i32)> = points.iter().filter_map(|&q| frame.point(q)).collect();
                let length: f64 =
                    px.windows(2).map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1))).sum();
                let before = rec.paths.len();
                let mut p = Painter::new(&mut rec, Theme::new(400.0, 1.0, 11.0));
                frame.series(&mut p, points, &entry).unwrap();
                (length, before)
            };
            let drawn: f64 = rec.paths[drawn..]
                .iter()
                .flat_map(|(path, _)| {
                    path.windows(2)
                        .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
                        .collect::<Vec<_>>()
                })
                .sum();
            drawn / length
        };
        assert!(ink(Dash::Solid) > 0.95, "solid: {}", ink(Dash::Solid));
        let dashed = ink(Dash::Dashed);
        assert!((0.35..0.65).contains(&dashed), "dashed: {dashed}");
    }
}
