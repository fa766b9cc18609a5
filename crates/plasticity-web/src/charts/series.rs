//! Line charts over training steps: loss and accuracy; weight alignment.

use plasticity::history::Point;
use plasticity::{Diagnostics, TaskKind};
use plotters::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{BLUE, INK, LAYER_COLOURS, ORANGE, area, js};

fn x_range(points: &[Point]) -> std::ops::Range<f64> {
    0.0..points.last().map_or(1.0, |p| p.step).max(1.0)
}

/// Train and test loss (log scale) and, on the right axis, accuracy — or the normalized error for regression.
pub fn loss(canvas: HtmlCanvasElement, points: &[Point], task: TaskKind) -> Result<(), JsValue> {
    let root = area(canvas)?;
    let positive = points.iter().flat_map(|p| [p.train_loss, p.test_loss, p.nse]).filter(|v| v.is_finite() && *v > 0.0);
    let (lo, hi) = positive.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo < hi { (lo * 0.8, hi * 1.25) } else { (1e-3, 10.0) };
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .right_y_label_area_size(if task.classes().is_some() { 36 } else { 0 })
        .build_cartesian_2d(x_range(points), (lo..hi).log_scale())
        .map_err(js)?
        .set_secondary_coord(x_range(points), 0.0..1.0);
    chart
        .configure_mesh()
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("loss")
        .light_line_style(WHITE)
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(js)?;
    let line =
        |f: fn(&Point) -> f64| points.iter().map(move |p| (p.step, f(p))).filter(|(_, v)| v.is_finite() && *v > 0.0);
    chart
        .draw_series(LineSeries::new(line(|p| p.train_loss), BLUE.stroke_width(2)))
        .map_err(js)?
        .label("train loss")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(line(|p| p.test_loss), ORANGE.stroke_width(2)))
        .map_err(js)?
        .label("test loss")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], ORANGE.stroke_width(2)));
    if task.classes().is_some() {
        chart.configure_secondary_axes().y_desc("accuracy").label_style(("sans-serif", 11)).draw().map_err(js)?;
        let acc = |f: fn(&Point) -> f64| points.iter().map(move |p| (p.step, f(p))).filter(|(_, v)| v.is_finite());
        chart
            .draw_secondary_series(LineSeries::new(acc(|p| p.test_accuracy), ORANGE.mix(0.5)))
            .map_err(js)?
            .label("test accuracy (right)")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], ORANGE.mix(0.5)));
    } else {
        chart
            .draw_series(LineSeries::new(line(|p| p.nse), INK.stroke_width(2)))
            .map_err(js)?
            .label("normalized error")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], INK.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(INK.mix(0.3))
        .label_font(("sans-serif", 11))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(js)?;
    root.present().map_err(js)
}

/// Per hidden layer: the angle between `W_{l+1}ᵀ` and `B_l` (solid) and between the rule's update and
/// backprop's (thin), in degrees, with the 90° line marked.
pub fn alignment(canvas: HtmlCanvasElement, points: &[Point], latest: &Diagnostics) -> Result<(), JsValue> {
    let root = area(canvas)?;
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(22)
        .y_label_area_size(36)
        .build_cartesian_2d(x_range(points), 0.0..135.0)
        .map_err(js)?;
    chart
        .configure_mesh()
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("angle (°)")
        .y_labels(4)
        .light_line_style(WHITE)
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(js)?;
    let xr = x_range(points);
    chart.draw_series(LineSeries::new([(xr.start, 90.0), (xr.end, 90.0)], INK.mix(0.6))).map_err(js)?;
    chart
        .draw_series(std::iter::once(Text::new(
            "90°: no alignment",
            (xr.start, 93.0),
            ("sans-serif", 11).into_font().color(&INK),
        )))
        .map_err(js)?;
    let hidden = latest.layers.iter().filter(|l| !l.is_output).count();
    for l in 0..hidden {
        let colour = LAYER_COLOURS[l % LAYER_COLOURS.len()];
        let series =
            |f: fn(&Point, usize) -> f64| points.iter().map(move |p| (p.step, f(p, l))).filter(|(_, v)| v.is_finite());
        if latest.layers[l].feedback_angle_deg.is_some() {
            chart
                .draw_series(LineSeries::new(series(|p, l| p.feedback_angle[l]), colour.stroke_width(2)))
                .map_err(js)?
                .label(format!("W{}ᵀ vs B{} (layer {})", l + 1, l, l + 1))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], colour.stroke_width(2)));
        }
        chart
            .draw_series(LineSeries::new(series(|p, l| p.update_angle[l]), colour.mix(0.55)))
            .map_err(js)?
            .label(format!("ΔW{l} vs backprop"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], colour.mix(0.55)));
    }
    if hidden > 0 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(INK.mix(0.3))
            .label_font(("sans-serif", 11))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(js)?;
    } else {
        root.draw(&Text::new(
            "no hidden layer: nothing to align",
            (60, 40),
            ("sans-serif", 13).into_font().color(&INK),
        ))
        .map_err(js)?;
    }
    root.present().map_err(js)
}
