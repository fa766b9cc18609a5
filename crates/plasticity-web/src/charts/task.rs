//! The task view: the decision boundary with train and test points (2-D tasks), the probe digit with the class
//! probabilities (digits), or the normalized error over steps (the linear task).

use plasticity::history::Point;
use plasticity::tasks::{PLANAR_RANGE, View};
use plasticity::{Diagnostics, Trainer};
use plotters::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{BLUE, INK, ORANGE, area, cleared, context, diverging, image8, js, mesh, put_pixels};

/// Grid points per side of the decision boundary (interpolated up to the canvas size).
const GRID: usize = 36;

/// Draws the view that suits the task.
pub fn task(
    canvas: HtmlCanvasElement,
    trainer: &mut Trainer,
    latest: &Diagnostics,
    points: &[Point],
    grid: &mut Vec<f64>,
) -> Result<(), JsValue> {
    match trainer.config().task.info().view {
        View::ErrorCurve => linear(canvas, points),
        View::Digit => digits(canvas, trainer, latest),
        View::Reconstruction => reconstruction(canvas, trainer, latest),
        View::Cloud => cloud(canvas, trainer),
        View::Boundary => planar(canvas, trainer, grid),
    }
}

fn planar(canvas: HtmlCanvasElement, trainer: &mut Trainer, grid: &mut Vec<f64>) -> Result<(), JsValue> {
    let (w, h) = (canvas.width(), canvas.height());
    grid.resize(GRID * GRID, 0.0);
    trainer.boundary(GRID, PLANAR_RANGE, grid);
    let mut rgba = vec![255u8; (w * h * 4) as usize];
    // Bilinear interpolation between grid centres; each column's grid cells and weights are worked out once.
    let axis = |size: u32| -> Vec<(usize, usize, f64)> {
        (0..size)
            .map(|p| {
                let g = ((f64::from(p) + 0.5) / f64::from(size) * GRID as f64 - 0.5).clamp(0.0, (GRID - 1) as f64);
                let i = g.floor() as usize;
                (i, (i + 1).min(GRID - 1), g.fract())
            })
            .collect()
    };
    let (columns, rows) = (axis(w), axis(h));
    for (y, &(y0, y1, ty)) in rows.iter().enumerate() {
        let (top, bottom) = (&grid[y0 * GRID..(y0 + 1) * GRID], &grid[y1 * GRID..(y1 + 1) * GRID]);
        let line = &mut rgba[y * w as usize * 4..(y + 1) * w as usize * 4];
        for (px, &(x0, x1, tx)) in line.chunks_exact_mut(4).zip(&columns) {
            let upper = top[x0] + (top[x1] - top[x0]) * tx;
            let lower = bottom[x0] + (bottom[x1] - bottom[x0]) * tx;
            let [r, g, b] = diverging(0.6 * (upper + (lower - upper) * ty));
            px[..3].copy_from_slice(&[r, g, b]);
        }
    }
    let ctx = context(&canvas)?;
    put_pixels(&ctx, &rgba, w, 0.0, 0.0)?;
    // One path per colour and rim: a handful of canvas calls per point rather than five.
    let to_px = |v: f64, size: u32| (v + PLANAR_RANGE) / (2.0 * PLANAR_RANGE) * f64::from(size);
    let data = trainer.data();
    for (set, rim) in [(&data.train, "#fff"), (&data.test, "#000")] {
        let (Some(pts), Some(labels)) = (&set.points, &set.labels) else { continue };
        ctx.set_stroke_style_str(rim);
        for (class, fill) in [(1u8, "#0877bd"), (0u8, "#f59322")] {
            ctx.set_fill_style_str(fill);
            ctx.begin_path();
            for (p, _) in pts.iter().zip(labels).filter(|(_, l)| **l == class) {
                let (x, y) = (to_px(p[0], w), f64::from(h) - to_px(p[1], h));
                ctx.move_to(x + 3.0, y);
                ctx.arc(x, y, 3.0, 0.0, std::f64::consts::TAU)?;
            }
            ctx.fill();
            ctx.stroke();
        }
    }
    Ok(())
}

fn digits(canvas: HtmlCanvasElement, trainer: &Trainer, latest: &Diagnostics) -> Result<(), JsValue> {
    let root = area(canvas.clone())?;
    let (w, h) = (canvas.width(), canvas.height());
    let (left, right) = root.split_horizontally(w * 2 / 5);
    let test = &trainer.data().test;
    let label = test.labels.as_ref().map_or(0, |l| l[0]);
    left.draw(&Text::new(format!("probe: a {label}"), (6, 4), ("sans-serif", 12).into_font().color(&INK)))
        .map_err(js)?;
    let mut chart = ChartBuilder::on(&right)
        .margin(6)
        .x_label_area_size(20)
        .y_label_area_size(30)
        .caption("network output", ("sans-serif", 12))
        .build_cartesian_2d((0..9).into_segmented(), 0.0..1.0)
        .map_err(js)?;
    mesh(&mut chart).disable_x_mesh().label_style(("sans-serif", 10)).draw().map_err(js)?;
    let out = &latest.probe_output;
    chart
        .draw_series(out.iter().enumerate().map(|(i, &p)| {
            let colour = if i == usize::from(label) { BLUE } else { ORANGE };
            let x0 = SegmentValue::Exact(i as i32);
            let x1 = SegmentValue::Exact(i as i32 + 1);
            Rectangle::new([(x0, 0.0), (x1, p.clamp(0.0, 1.0))], colour.mix(0.8).filled())
        }))
        .map_err(js)?;
    root.present().map_err(js)?;
    // The digit itself: 8 × 8 pixels scaled up, dark ink on white.
    let cell = (w * 2 / 5).min(h).saturating_sub(30).max(8) / 8;
    image8(&context(&canvas)?, test.x.column(0).as_slice(), cell, 6.0, 22.0)
}

/// The probe digit beside the network's reconstruction of it.
fn reconstruction(canvas: HtmlCanvasElement, trainer: &Trainer, latest: &Diagnostics) -> Result<(), JsValue> {
    let root = area(canvas.clone())?;
    let (w, h) = (canvas.width(), canvas.height());
    let cell = ((w / 2).min(h).saturating_sub(40) / 8).max(1);
    let style = ("sans-serif", 12).into_font().color(&INK);
    root.draw(&Text::new("probe digit", (8, 6), style.clone())).map_err(js)?;
    root.draw(&Text::new("reconstruction", ((w / 2 + 8) as i32, 6), style)).map_err(js)?;
    root.present().map_err(js)?;
    let ctx = context(&canvas)?;
    let input = trainer.data().test.x.column(0);
    image8(&ctx, input.as_slice(), cell, 8.0, 26.0)?;
    image8(&ctx, &latest.probe_output, cell, f64::from(w / 2 + 8), 26.0)
}

/// The Gaussian cloud with its true principal axes (grey) and each unit's weight vector (colour), with the unit
/// circle that Oja's and Sanger's rules normalise to.
fn cloud(canvas: HtmlCanvasElement, trainer: &Trainer) -> Result<(), JsValue> {
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let ctx = cleared(&canvas)?;
    let scale = w.min(h) / 10.0; // the square [−5, 5]²
    let to = |x: f64, y: f64| (w / 2.0 + scale * x, h / 2.0 - scale * y);
    ctx.set_fill_style_str("rgba(120,120,120,0.35)");
    let x = &trainer.data().train.x;
    ctx.begin_path();
    for j in 0..x.ncols().min(600) {
        let (px, py) = to(x[(0, j)], x[(1, j)]);
        ctx.move_to(px + 1.5, py);
        ctx.arc(px, py, 1.5, 0.0, std::f64::consts::TAU)?;
    }
    ctx.fill();
    let line = |colour: &str, width: f64, a: (f64, f64), b: (f64, f64)| {
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.begin_path();
        ctx.move_to(a.0, a.1);
        ctx.line_to(b.0, b.1);
        ctx.stroke();
    };
    let axes = plasticity::tasks::cloud_axes(trainer.config().seed);
    for k in 0..2 {
        let r = 2.0 * plasticity::tasks::CLOUD_VARIANCES[k].sqrt();
        let (ux, uy) = (axes[(0, k)], axes[(1, k)]);
        line("rgba(60,60,60,0.6)", 1.0, to(-r * ux, -r * uy), to(r * ux, r * uy));
    }
    ctx.set_stroke_style_str("rgba(60,60,60,0.4)");
    ctx.begin_path();
    ctx.arc(w / 2.0, h / 2.0, scale, 0.0, std::f64::consts::TAU)?;
    ctx.stroke();
    let weights = &trainer.network().layers[0].w;
    for (i, colour) in (0..weights.nrows()).zip(["#0877bd", "#f59322"]) {
        let (a, b) = (weights[(i, 0)], weights[(i, 1)]);
        let n = (a * a + b * b).sqrt().max(1e-12);
        // Arrows longer than the canvas (Hebb's growth) are drawn to the edge, their length written beside.
        let shown = n.min(4.5);
        line(colour, 3.0, to(0.0, 0.0), to(a / n * shown, b / n * shown));
        ctx.set_fill_style_str(colour);
        let (tx, ty) = to(a / n * shown, b / n * shown);
        ctx.fill_text(&format!("w{} ({})", i + 1, super::short(n)), tx + 4.0, ty)?;
    }
    Ok(())
}

fn linear(canvas: HtmlCanvasElement, points: &[Point]) -> Result<(), JsValue> {
    let root = area(canvas)?;
    let nse: Vec<(f64, f64)> =
        points.iter().map(|p| (p.step, p.nse)).filter(|(_, v)| v.is_finite() && *v > 0.0).collect();
    let lo = nse.iter().map(|p| p.1).fold(1.0f64, f64::min).min(0.5) * 0.8;
    let end = points.last().map_or(1.0, |p| p.step).max(1.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .caption("normalized error (Lillicrap et al. 2016, Fig. 2)", ("sans-serif", 12))
        .build_cartesian_2d(0.0..end, (lo..1.5).log_scale())
        .map_err(js)?;
    mesh(&mut chart).x_labels(5).x_label_formatter(&|x| format!("{x:.0}")).draw().map_err(js)?;
    chart.draw_series(LineSeries::new(nse, INK.stroke_width(2))).map_err(js)?;
    root.present().map_err(js)
}
