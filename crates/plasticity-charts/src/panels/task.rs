//! The task view: what the network does with the task itself — the decision boundary with training and test
//! points (2-D tasks), the probe digit with the class probabilities, the probe digit beside its reconstruction,
//! the Gaussian cloud with its principal axes and the units' weights, or the normalized error (linear task).
//! Its caption and text alternative are here too.

use plasticity::tasks::{CLOUD_VARIANCES, PLANAR_RANGE, View, cloud_axes};
use plotters_backend::DrawingBackend;
use crate::format;
use crate::paint::{Anchor, Painter, Rect, Stroke, faded, solid};
use crate::palette::{BLUE, INK, ORANGE, diverging, series};
use crate::scene::{BOUNDARY_GRID, Scene, subscript};
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "task",
    heading: "The task",
    in_comparison: true,
    every_fourth_frame: false,
    caption,
    summary,
};

/// Draws the view that suits the task.
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    match s.task().info().view {
        View::Boundary => boundary(p, area, s),
        View::ErrorCurve => crate::panels::loss::error_curve(p, area, s),
        View::Digit => digit(p, area, s),
        View::Reconstruction => reconstruction(p, area, s),
        View::Cloud => cloud(p, area, s),
        View::Charts => own_charts(p, area, s),
    }
}

/// The task's own charts.
fn own_charts<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    charts(p, area, &s.trainer.task_charts())
}

/// [`plasticity::tasks::Chart`]s stacked in `area` (the task panel; the command line's figures): shaded bands
/// labelled at their top, reference lines labelled in the margin, then the lines.
pub fn charts<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    area: Rect,
    charts: &[plasticity::tasks::Chart],
) -> Fallible<DB> {
    use crate::axis::{Labels, Scale};
    use crate::frame::{Axis, Dash, Entry, Frame, Mark, Spec};
    use plasticity::tasks::LineStyle;
    if charts.is_empty() {
        return p.message(area, "Nothing to show yet: press Step.", solid(INK));
    }
    let specs: Vec<Spec> = charts
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let xs = || c.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).filter(|v| v.is_finite());
            let (x_lo, x_hi) = c
                .x_range
                .unwrap_or_else(|| xs().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v))));
            let (x_lo, x_hi) = if x_lo < x_hi { (x_lo, x_hi) } else { (0.0, 1.0) };
            let ys = c.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).chain([c.y_range.0, c.y_range.1]);
            let legend = c
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| Entry {
                    colour: solid(series(i)),
                    weight: if l.style == LineStyle::Solid { 1.5 } else { 1.0 },
                    dash: match l.style {
                        LineStyle::Solid => Dash::Solid,
                        LineStyle::Dashed => Dash::Dashed,
                        LineStyle::Dots => Dash::Dots,
                    },
                    label: l.label.clone(),
                })
                .collect();
            Spec {
                // Trials and steps are counts; positions (possibly negative, over a short span) are numbers.
                x: Axis::new(
                    Scale::Linear { lo: x_lo, hi: x_hi },
                    if x_lo < 0.0 || x_hi - x_lo < 10.0 { Labels::Number } else { Labels::Count },
                    c.x_title,
                ),
                y: Axis::new(Scale::linear_over(ys, (0.0, 1.0)), Labels::Number, c.y_title.clone()),
                marks: c.marks.iter().map(|&(value, label)| Mark { value, label: label.into() }).collect(),
                legend,
                x_labels: k + 1 == charts.len() || charts[k + 1].x_title != c.x_title,
            }
        })
        .collect();
    let stacked: Vec<(&Spec, f64)> = specs.iter().map(|spec| (spec, 1.0)).collect();
    let frames = Frame::stack(p, area, &stacked)?;
    let small = p.font(p.theme.font, faded(INK, 0.75), Anchor::TOP);
    for ((frame, spec), chart) in frames.iter().zip(&specs).zip(charts) {
        for (i, band) in chart.bands.iter().enumerate() {
            let (from, to) = (frame.x_clamped(band.from), frame.x_clamped(band.to));
            if to <= from {
                continue;
            }
            let shade = if i % 2 == 1 { faded(ORANGE, 0.16) } else { faded(INK, 0.04) };
            p.rect(Rect { left: from, right: to, top: frame.plot.top, bottom: frame.plot.bottom }, shade, true)?;
            if p.measure(band.label, &small).0 < to - from {
                p.text(band.label, ((from + to) / 2, frame.plot.top + 2), &small)?;
            }
        }
        for (entry, line) in spec.legend.iter().zip(&chart.lines) {
            frame.series(p, line.points.iter().copied(), entry)?;
        }
    }
    Ok(())
}

/// Where a 2-D task's plane is drawn in `area` with `theme`: the square that spans x₁ and x₂ from −[`PLANAR_RANGE`]
/// (left, bottom) to +[`PLANAR_RANGE`] (right, top). The page maps a click to the plane with it.
pub fn plane(area: Rect, theme: &crate::theme::Theme) -> Rect {
    square(area.inset(theme.pad as i32)).0
}

/// The largest square centred in `r`, and its side.
fn square(r: Rect) -> (Rect, i32) {
    let side = r.width().min(r.height());
    (Rect::new(r.left + (r.width() - side) / 2, r.top + (r.height() - side) / 2, side, side), side)
}

/// The class score over the plane (blue class 1, orange class 0, paler where unsure) with the points: white rim
/// training, black rim test.
fn boundary<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let plot = plane(area, &p.theme);
    let side = plot.width();
    let grid = s.boundary;
    if grid.len() == BOUNDARY_GRID * BOUNDARY_GRID && side > 0 {
        let n = side as u32;
        // Bilinear interpolation between grid centres; each column's cells and weights are worked out once.
        let axis: Vec<(usize, usize, f64)> = (0..n)
            .map(|q| {
                let g = ((f64::from(q) + 0.5) / f64::from(n) * BOUNDARY_GRID as f64 - 0.5)
                    .clamp(0.0, (BOUNDARY_GRID - 1) as f64);
                let i = g.floor() as usize;
                (i, (i + 1).min(BOUNDARY_GRID - 1), g.fract())
            })
            .collect();
        let mut rgb = vec![255u8; (n * n * 3) as usize];
        for (y, &(y0, y1, ty)) in axis.iter().enumerate() {
            let (top, bottom) = (&grid[y0 * BOUNDARY_GRID..], &grid[y1 * BOUNDARY_GRID..]);
            for (x, &(x0, x1, tx)) in axis.iter().enumerate() {
                let upper = top[x0] + (top[x1] - top[x0]) * tx;
                let lower = bottom[x0] + (bottom[x1] - bottom[x0]) * tx;
                let k = (y * n as usize + x) * 3;
                rgb[k..k + 3].copy_from_slice(&diverging(0.6 * (upper + (lower - upper) * ty)));
            }
        }
        dots(&mut rgb, n as i32, s, (3.0 * p.theme.dpr).round() as i32);
        p.bitmap((plot.left, plot.top), (n, n), &rgb)?;
    }
    p.rect(plot, faded(INK, 0.4), false)
}

/// The points, painted into the boundary's image (one image, rather than a thousand canvas calls a frame): filled
/// with their class's colour, rimmed white (training) or black (test); points placed by hand (the last of the
/// training set) larger, rimmed white inside black.
fn dots(rgb: &mut [u8], side: i32, s: &Scene<'_>, radius: i32) {
    const WHITE: [u8; 3] = [255, 255, 255];
    const DARK: [u8; 3] = [40, 40, 40];
    let to_px = |v: f64| ((v + PLANAR_RANGE) / (2.0 * PLANAR_RANGE) * f64::from(side)) as i32;
    let data = s.trainer.data();
    let placed = s.trainer.config().points.len();
    let big = radius * 5 / 3 + 1;
    for (set, own) in [(&data.train, true), (&data.test, false)] {
        let (Some(points), Some(labels)) = (&set.points, &set.labels) else { continue };
        let first_placed = if own { points.len().saturating_sub(placed) } else { points.len() };
        for (k, (q, &label)) in points.iter().zip(labels).enumerate() {
            let fill = if label == 1 { BLUE } else { ORANGE };
            let fill = [fill.0, fill.1, fill.2];
            let (r, rims): (i32, &[(i32, [u8; 3])]) = match (k >= first_placed, own) {
                (true, _) => (big, &[(1, DARK), (2, WHITE)]),
                (false, true) => (radius, &[(1, WHITE)]),
                (false, false) => (radius, &[(1, DARK)]),
            };
            disc(rgb, side, (to_px(q[0]), side - to_px(q[1])), r, rims, fill);
        }
    }
}

/// A disc of radius `r` at `(cx, cy)` in a `side`-wide RGB image: rings from the outside in (`(width, colour)`),
/// then `fill`.
fn disc(rgb: &mut [u8], side: i32, (cx, cy): (i32, i32), r: i32, rims: &[(i32, [u8; 3])], fill: [u8; 3]) {
    for dy in -r..=r {
        for dx in -r..=r {
            let (x, y, d2) = (cx + dx, cy + dy, dx * dx + dy * dy);
            if d2 > r * r || x < 0 || y < 0 || x >= side || y >= side {
                continue;
            }
            let (mut edge, mut colour) = (r, fill);
            for &(width, rim) in rims {
                if d2 > (edge - width) * (edge - width) {
                    colour = rim;
                    break;
                }
                edge -= width;
            }
            let k = ((y * side + x) * 3) as usize;
            rgb[k..k + 3].copy_from_slice(&colour);
        }
    }
}

/// An 8 × 8 image (values in [0, 1], row-major) as dark ink on white, scaled to fill `at`.
fn image8<DB: DrawingBackend>(p: &mut Painter<'_, DB>, pixels: &[f64], at: Rect) -> Fallible<DB> {
    let side = at.width().min(at.height()).max(8) as u32;
    let mut rgb = vec![255u8; (side * side * 3) as usize];
    for y in 0..side {
        for x in 0..side {
            let v = pixels.get((y * 8 / side * 8 + x * 8 / side) as usize).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let g = (255.0 * (1.0 - v)) as u8;
            let k = ((y * side + x) * 3) as usize;
            rgb[k..k + 3].copy_from_slice(&[g, g, g]);
        }
    }
    p.bitmap((at.left, at.top), (side, side), &rgb)?;
    p.rect(Rect::new(at.left, at.top, side as i32, side as i32), faded(INK, 0.3), false)
}

/// The probe digit and the network's output for it, one bar per class; the right class in blue.
fn digit<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let t = p.theme;
    let pad = t.pad as i32;
    let test = &s.trainer.data().test;
    let label = test.labels.as_ref().map_or(0, |l| usize::from(l[0]));
    let halves = area.inset(pad).columns(2, pad);
    let font = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    // The longest wording that fits its half (a projector's small multiples leave a few words' room).
    let fit = |p: &Painter<'_, DB>, options: &[String], width: i32| {
        let last = options.last().cloned().unwrap_or_default();
        options.iter().find(|o| p.measure(o, &font).0 <= width).cloned().unwrap_or(last)
    };
    let title = fit(p, &[format!("probe: a handwritten {label}"), format!("probe: a {label}"), format!("a {label}")], halves[0].width());
    p.text(&title, (halves[0].left, halves[0].top), &font)?;
    let line = (t.font * 1.5) as i32;
    image8(p, test.x.column(0).as_slice(), Rect { top: halves[0].top + line, ..halves[0] })?;
    let out = &s.latest.probe_output;
    // Title, then the answer's line, then the bars: a full bar must not run through the answer.
    let bars = Rect { top: halves[1].top + 2 * line, bottom: halves[1].bottom - line, ..halves[1] };
    let heading = fit(p, &["output for each class".to_string(), "output".to_string()], halves[1].width());
    p.text(&heading, (halves[1].left, halves[1].top), &font)?;
    let n = out.len().max(1);
    let slot = f64::from(bars.width()) / n as f64;
    let below = p.font(t.font, solid(INK), Anchor::TOP);
    let top = out.iter().copied().fold(1.0f64, f64::max);
    for (i, &v) in out.iter().enumerate() {
        let x = bars.left + (i as f64 * slot) as i32;
        let h = ((v / top).clamp(0.0, 1.0) * f64::from(bars.height())) as i32;
        let colour = if i == label { BLUE } else { ORANGE };
        let bar = Rect {
            left: x + (slot * 0.15) as i32,
            right: x + (slot * 0.85) as i32,
            top: bars.bottom - h,
            bottom: bars.bottom,
        };
        p.rect(bar, solid(colour), true)?;
        // Every class's digit where they fit side by side; else the probe's class alone.
        if f64::from(p.measure("0", &below).0) * 1.2 <= slot || i == label {
            p.text(&i.to_string(), (x + (slot / 2.0) as i32, bars.bottom + 2), &below)?;
        }
    }
    p.line((bars.left, bars.bottom), (bars.right, bars.bottom), Stroke { colour: faded(INK, 0.6), width: 1 })?;
    let answer = crate::format::percent(out.get(label).copied().unwrap_or(f64::NAN));
    let note = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    let said = fit(p, &[format!("p({label}) = {answer}"), answer.clone()], halves[1].width());
    p.text(&said, (bars.left, halves[1].top + line), &note)?;
    Ok(())
}

/// The probe digit beside the network's reconstruction of it.
fn reconstruction<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let t = p.theme;
    let pad = t.pad as i32;
    let halves = area.inset(pad).columns(2, 2 * pad);
    let font = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    let line = (t.font * 1.5) as i32;
    let input = s.trainer.data().test.x.column(0);
    for (half, title, pixels) in
        [(halves[0], "probe digit", input.as_slice()), (halves[1], "its reconstruction", &s.latest.probe_output[..])]
    {
        p.text(title, (half.left, half.top), &font)?;
        image8(p, pixels, Rect { top: half.top + line, ..half })?;
    }
    Ok(())
}

/// The Gaussian cloud with its true principal axes (grey), the unit circle the Hebbian rules normalise to, and
/// each unit's weight vector (colour, its length written beside it).
fn cloud<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let pad = p.theme.pad as i32;
    let (plot, side) = square(area.inset(pad));
    let scale = f64::from(side) / 10.0; // the square [−5, 5]²
    let (cx, cy) = ((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2);
    let to = |x: f64, y: f64| (cx + (scale * x) as i32, cy - (scale * y) as i32);
    let x = &s.trainer.data().train.x;
    let dot = Stroke { colour: faded(INK, 0.3), width: 1 };
    let r = (1.4 * p.theme.dpr).round() as u32;
    for j in 0..x.ncols().min(600) {
        p.circle(to(x[(0, j)], x[(1, j)]), r, dot, true)?;
    }
    let axes = cloud_axes(s.trainer.config().seed);
    let grey = Stroke { colour: faded(INK, 0.6), width: p.theme.px(1.0) };
    let small = p.font(p.theme.font, faded(INK, 0.8), Anchor::LEFT);
    for k in 0..2 {
        let reach = 2.0 * CLOUD_VARIANCES[k].sqrt();
        let (ux, uy) = (axes[(0, k)], axes[(1, k)]);
        p.line(to(-reach * ux, -reach * uy), to(reach * ux, reach * uy), grey)?;
        p.text(&format!("u{}", subscript(k + 1)), to(reach * ux, reach * uy), &small)?;
    }
    p.circle((cx, cy), scale as u32, Stroke { colour: faded(INK, 0.35), width: 1 }, false)?;
    let weights = &s.trainer.network().layers[0].w;
    let mut placed: Vec<Rect> = Vec::new();
    for i in 0..weights.nrows() {
        let (a, b) = (weights[(i, 0)], weights[(i, 1)]);
        let n = (a * a + b * b).sqrt().max(1e-12);
        // A vector longer than the view (Hebb's growth) is drawn to its edge and says so; its length is written.
        const EDGE: f64 = 4.5;
        let shown = n.min(EDGE);
        let colour = solid(series(i));
        let tip = to(a / n * shown, b / n * shown);
        p.line((cx, cy), tip, Stroke { colour, width: (p.theme.line * 1.5) as u32 })?;
        let beyond = if n > EDGE { ", beyond the view" } else { "" };
        let label = format!("w{} (length {}{beyond})", subscript(i + 1), format::number(n));
        // Beside the tip, on the side with room, below any label already placed there.
        let mut font = p.font(p.theme.font, colour, Anchor::LEFT);
        let mut at = (tip.0 + pad / 2, tip.1);
        if p.text_box(&label, at, &font).right > area.right - pad {
            font = p.font(p.theme.font, colour, Anchor::RIGHT);
            at = (tip.0 - pad / 2, tip.1);
        }
        let line = (p.theme.font * 1.3) as i32;
        at.1 = at.1.clamp(area.top + line, area.bottom - line);
        while placed.iter().any(|r| r.overlaps(&p.text_box(&label, at, &font))) {
            at.1 += line;
        }
        placed.push(p.text(&label, at, &font)?);
    }
    Ok(())
}

/// The task panel: its caption comes with the task.
fn caption(s: &Scene<'_>) -> Caption {
    let title = match s.task().info().view {
        View::Boundary => "The task: the network's answer",
        View::ErrorCurve => "The task: error on held-out examples",
        View::Digit => "The task: a test digit",
        View::Reconstruction => "The task: a test digit, reconstructed",
        View::Cloud => "The task: the input cloud",
        View::Charts => "The task, as its paper plots it",
    };
    heading(title, s.task().info().caption)
}

/// The task panel.
fn summary(s: &Scene<'_>) -> String {
    let d = s.latest;
    match s.task().info().view {
        View::Boundary => format!(
            "{}: the network's answer over the plane, with the points; test accuracy {}.",
            s.task().title(),
            d.test_accuracy.map_or("–".into(), format::percent)
        ),
        View::ErrorCurve => {
            format!("Normalized error on held-out examples: {}.", d.nse.map_or("–".into(), format::number))
        }
        View::Digit => {
            let label = s.trainer.data().test.labels.as_ref().map_or(0, |l| usize::from(l[0]));
            let p = d.probe_output.get(label).copied().unwrap_or(f64::NAN);
            format!("The probe is a handwritten {label}; the network gives it {}.", format::percent(p))
        }
        View::Reconstruction => format!(
            "The probe digit beside its reconstruction; normalized error {}.",
            d.nse.map_or("–".into(), format::number)
        ),
        View::Charts => {
            let parts: Vec<String> = s
                .trainer
                .task_charts()
                .iter()
                .flat_map(|c| {
                    c.lines.iter().filter_map(move |l| {
                        let &(x, y) = l.points.iter().rev().find(|p| p.1.is_finite())?;
                        Some(format!("{}, {}: {} at {} {}", c.y_title, l.label, format::number(y), c.x_title, x))
                    })
                })
                .collect();
            format!("{}: {}.", s.task().title(), parts.join("; "))
        }
        View::Cloud => {
            let parts: Vec<String> =
                d.measures.iter().map(|m| format!("{} {}", m.label, format::number(m.value))).collect();
            format!("The Gaussian cloud with its principal axes and each unit's weights: {}.", parts.join(", "))
        }
    }
}
