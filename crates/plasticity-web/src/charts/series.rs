//! Line charts over training steps: loss and accuracy; weight alignment.

use plasticity::history::Point;
use plasticity::{Diagnostics, TaskKind};
use plotters::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use plasticity_charts::palette;

use super::{BLUE, INK, ORANGE, area, context, js, mesh, short};

fn x_range(points: &[Point]) -> std::ops::Range<f64> {
    0.0..points.last().map_or(1.0, |p| p.step).max(1.0)
}

/// One legend entry: colour, opacity, line width, label.
type Entry = (RGBColor, f64, u32, String);

/// Draws a legend box in the top-right corner with the canvas API directly (plotters' own legend measures every
/// label through the page layout, which costs more than the chart).
fn legend(canvas: &HtmlCanvasElement, right: f64, top: f64, entries: &[Entry]) -> Result<(), JsValue> {
    if entries.is_empty() {
        return Ok(());
    }
    let ctx = context(canvas)?;
    ctx.set_font("11px sans-serif");
    let width = entries.iter().map(|e| ctx.measure_text(&e.3).map(|m| m.width()).unwrap_or(60.0)).fold(0.0, f64::max);
    let (w, h) = (width + 30.0, 14.0 * entries.len() as f64 + 6.0);
    let left = right - w;
    ctx.set_fill_style_str("rgba(255,255,255,0.85)");
    ctx.fill_rect(left, top, w, h);
    ctx.set_stroke_style_str("rgba(60,60,60,0.3)");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(left, top, w, h);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("start");
    for (k, (c, alpha, width, label)) in entries.iter().enumerate() {
        let y = top + 10.0 + 14.0 * k as f64;
        ctx.set_stroke_style_str(&format!("rgba({},{},{},{alpha})", c.0, c.1, c.2));
        ctx.set_line_width(f64::from(*width));
        ctx.begin_path();
        ctx.move_to(left + 5.0, y);
        ctx.line_to(left + 21.0, y);
        ctx.stroke();
        ctx.set_fill_style_str("#333");
        ctx.fill_text(label, left + 25.0, y)?;
    }
    Ok(())
}

/// Train and test loss (log scale) and, on the right axis, accuracy — or the normalized error for regression.
pub fn loss(canvas: HtmlCanvasElement, points: &[Point], task: TaskKind) -> Result<(), JsValue> {
    let root = area(canvas.clone())?;
    let positive = points.iter().flat_map(|p| [p.train_loss, p.test_loss, p.nse]).filter(|v| v.is_finite() && *v > 0.0);
    let (lo, hi) = positive.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo < hi { (lo * 0.8, hi * 1.25) } else { (1e-3, 10.0) };
    let classes = task.classes().is_some();
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .right_y_label_area_size(if classes { 36 } else { 0 })
        .build_cartesian_2d(x_range(points), (lo..hi).log_scale())
        .map_err(js)?
        .set_secondary_coord(x_range(points), 0.0..1.0);
    mesh(&mut chart)
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("loss")
        .y_labels(6)
        .y_label_formatter(&|v| short(*v))
        .draw()
        .map_err(js)?;
    let line =
        |f: fn(&Point) -> f64| points.iter().map(move |p| (p.step, f(p))).filter(|(_, v)| v.is_finite() && *v > 0.0);
    chart.draw_series(LineSeries::new(line(|p| p.train_loss), BLUE.stroke_width(2))).map_err(js)?;
    chart.draw_series(LineSeries::new(line(|p| p.test_loss), ORANGE.stroke_width(2))).map_err(js)?;
    let mut entries: Vec<Entry> = vec![(BLUE, 1.0, 2, "train loss".into()), (ORANGE, 1.0, 2, "test loss".into())];
    if classes {
        chart.configure_secondary_axes().y_desc("accuracy").label_style(("sans-serif", 11)).draw().map_err(js)?;
        let acc = points.iter().map(|p| (p.step, p.test_accuracy)).filter(|(_, v)| v.is_finite());
        chart.draw_secondary_series(LineSeries::new(acc, ORANGE.mix(0.5))).map_err(js)?;
        entries.push((ORANGE, 0.5, 1, "test accuracy (right)".into()));
    } else {
        chart.draw_series(LineSeries::new(line(|p| p.nse), INK.stroke_width(2))).map_err(js)?;
        entries.push((INK, 1.0, 2, "normalized error".into()));
    }
    root.present().map_err(js)?;
    legend(&canvas, f64::from(canvas.width()) - 46.0, 8.0, &entries)
}

/// Per hidden layer: the angle between `W_{l+1}ᵀ` and `B_l` (thick) and between the rule's update and
/// backprop's (thin), in degrees, with the 90° line marked.
pub fn alignment(canvas: HtmlCanvasElement, points: &[Point], latest: &Diagnostics) -> Result<(), JsValue> {
    let root = area(canvas.clone())?;
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(22)
        .y_label_area_size(36)
        .build_cartesian_2d(x_range(points), 0.0..135.0)
        .map_err(js)?;
    mesh(&mut chart)
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("angle (°)")
        .y_labels(4)
        .draw()
        .map_err(js)?;
    let xr = x_range(points);
    chart.draw_series(LineSeries::new([(xr.start, 90.0), (xr.end, 90.0)], INK.mix(0.6))).map_err(js)?;
    let note = ("sans-serif", 11).into_font().color(&INK);
    chart.draw_series(std::iter::once(Text::new("90°: no alignment", (xr.start, 93.0), note))).map_err(js)?;
    let hidden = latest.layers.iter().filter(|l| !l.is_output).count();
    let mut entries: Vec<Entry> = Vec::new();
    for l in 0..hidden {
        let colour = palette::series(l);
        let series =
            |f: fn(&Point, usize) -> f64| points.iter().map(move |p| (p.step, f(p, l))).filter(|(_, v)| v.is_finite());
        if latest.layers[l].feedback_angle_deg.is_some() {
            let line = LineSeries::new(series(|p, l| p.feedback_angle[l]), colour.stroke_width(2));
            chart.draw_series(line).map_err(js)?;
            entries.push((colour, 1.0, 2, format!("W{}ᵀ vs B{l}", l + 1)));
        }
        chart.draw_series(LineSeries::new(series(|p, l| p.update_angle[l]), colour.mix(0.55))).map_err(js)?;
        entries.push((colour, 0.55, 1, format!("ΔW{l} vs backprop")));
    }
    if hidden == 0 {
        let style = ("sans-serif", 13).into_font().color(&INK);
        root.draw(&Text::new("no hidden layer: nothing to align", (60, 40), style)).map_err(js)?;
    }
    root.present().map_err(js)?;
    legend(&canvas, f64::from(canvas.width()) - 10.0, 8.0, &entries)
}
