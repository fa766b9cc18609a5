//! Feedforward versus feedback-influenced activity of the probe example: per layer, each unit's feedforward
//! value (grey) beside its feedback-influenced value (colour); the gap between them is the error signal.

use plasticity::Diagnostics;
use plotters::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{BLUE, INK, ORANGE, area, js};

/// Draws one row of paired bars per layer.
pub fn activity(canvas: HtmlCanvasElement, latest: &Diagnostics) -> Result<(), JsValue> {
    let root = area(canvas)?;
    let rows = root.split_evenly((latest.layers.len().max(1), 1));
    for (l, (layer, row)) in latest.layers.iter().zip(&rows).enumerate() {
        let n = layer.units;
        let top = layer
            .forward
            .iter()
            .chain(&layer.feedback)
            .fold(0.0f64, |m, v| if v.is_finite() { m.max(v.abs()) } else { m });
        let top = if top > 0.0 { top * 1.1 } else { 1.0 };
        let name = if layer.is_output { format!("output ({n})") } else { format!("layer {} ({n})", l + 1) };
        let mut chart = ChartBuilder::on(row)
            .margin(2)
            .y_label_area_size(40)
            .caption(name, ("sans-serif", 11))
            .build_cartesian_2d(0.0..n as f64, -top..top)
            .map_err(js)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .y_labels(3)
            .light_line_style(WHITE)
            .label_style(("sans-serif", 10))
            .draw()
            .map_err(js)?;
        chart
            .draw_series(std::iter::once(PathElement::new([(0.0, 0.0), (n as f64, 0.0)], INK.mix(0.4))))
            .map_err(js)?;
        let bars = (0..n).flat_map(|i| {
            let x = i as f64;
            let ff = layer.forward[i];
            let fb = layer.feedback[i];
            let colour = if fb >= ff { BLUE } else { ORANGE };
            [
                Rectangle::new([(x + 0.1, 0.0), (x + 0.5, ff)], RGBColor(150, 150, 150).filled()),
                Rectangle::new([(x + 0.5, 0.0), (x + 0.9, fb)], colour.filled()),
            ]
        });
        chart.draw_series(bars).map_err(js)?;
    }
    root.present().map_err(js)
}
