//! The error-signal heatmap: per layer, units × recent measurements of the probe's signed `δ`, in one pixel
//! buffer, with each layer's colour scale and current `‖δ‖` written beside it.

use plasticity::{Diagnostics, ErrorTrace};
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{cleared, diverging, put_pixels, short};

const LABEL_WIDTH: u32 = 118;
const GAP: u32 = 6;

/// Draws the heatmap; the newest measurement is on the right.
pub fn errors(canvas: HtmlCanvasElement, trace: &ErrorTrace, latest: &Diagnostics) -> Result<(), JsValue> {
    let (w, h) = (canvas.width(), canvas.height());
    let ctx = cleared(&canvas)?;
    let units = trace.units();
    let layers = units.len() as u32;
    let plot_w = w.saturating_sub(LABEL_WIDTH + 4).max(1);
    let band_h = (h.saturating_sub(GAP * layers) / layers.max(1)).max(1);
    let columns = trace.len().max(1);
    let mut rgba = vec![255u8; (plot_w * h * 4) as usize];
    let mut top = 0;
    let mut labels = Vec::with_capacity(units.len());
    for (l, &n) in units.iter().enumerate() {
        // Each layer gets its own symmetric scale, so that small hidden-layer errors stay visible.
        let scale = (0..n)
            .flat_map(|i| (0..trace.len()).map(move |a| (i, a)))
            .map(|(i, a)| trace.get(l, i, a).abs())
            .fold(0.0, f64::max);
        let scale = if scale > 0.0 { scale } else { 1.0 };
        for y in 0..band_h {
            let unit = (y as usize * n) / band_h as usize;
            for x in 0..plot_w {
                let col = (x as usize * columns) / plot_w as usize;
                let age = columns - 1 - col;
                if age >= trace.len() {
                    continue;
                }
                let [r, g, b] = diverging(trace.get(l, unit, age) / scale);
                let p = (((top + y) * plot_w + x) * 4) as usize;
                rgba[p..p + 3].copy_from_slice(&[r, g, b]);
            }
        }
        let norm = latest.layers.get(l).map_or(f64::NAN, |d| d.error_norm);
        labels.push((top, format!("layer {} · {n} units", l + 1), format!("‖δ‖ {}  ±{}", short(norm), short(scale))));
        top += band_h + GAP;
    }
    put_pixels(&ctx, &rgba, plot_w, f64::from(LABEL_WIDTH), 0.0)?;
    ctx.set_fill_style_str("#333");
    ctx.set_font("11px sans-serif");
    ctx.set_text_baseline("top");
    for (top, a, b) in labels {
        ctx.fill_text(&a, 2.0, f64::from(top))?;
        ctx.fill_text(&b, 2.0, f64::from(top) + 13.0)?;
    }
    Ok(())
}
