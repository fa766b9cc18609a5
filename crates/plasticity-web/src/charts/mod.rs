//! The charts. Each takes the canvas element itself (never an id), draws from data the core computed, and
//! returns a readable error instead of panicking. Heatmaps and the decision boundary are filled as one RGBA
//! buffer and written with a single `putImageData`.

use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub mod activity;
mod backend;
pub mod heatmap;
pub mod network;
pub mod series;
pub mod task;

/// Playground's blue: positive values, class 1, the training set.
pub const BLUE: RGBColor = RGBColor(8, 119, 189);
/// Playground's orange: negative values, class 0, the test set.
pub const ORANGE: RGBColor = RGBColor(245, 147, 34);
/// Text and axes.
pub const INK: RGBColor = RGBColor(60, 60, 60);
/// One colour per layer, input side first.
pub const LAYER_COLOURS: [RGBColor; 7] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// A plotters drawing area covering the whole canvas, cleared to white.
pub fn area(canvas: HtmlCanvasElement) -> Result<DrawingArea<backend::Canvas, Shift>, JsValue> {
    let backend = backend::Canvas::new(canvas).ok_or("the canvas has no 2-D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(js)?;
    Ok(root)
}

/// Turns a drawing error into a message for the page.
pub fn js<E: std::fmt::Debug>(e: E) -> JsValue {
    JsValue::from_str(&format!("drawing failed: {e:?}"))
}

/// The 2-D context of a canvas.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or("the canvas has no 2-D context")?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("not a 2-D context"))
}

/// Writes an RGBA buffer of `width × height` pixels at `(x, y)` in one call.
pub fn put_pixels(ctx: &CanvasRenderingContext2d, rgba: &[u8], width: u32, x: f64, y: f64) -> Result<(), JsValue> {
    let image = ImageData::new_with_u8_clamped_array(Clamped(rgba), width)?;
    ctx.put_image_data(&image, x, y)
}

/// A diverging colour map for `v` in [−1, 1]: orange through white to blue.
pub fn diverging(v: f64) -> [u8; 3] {
    let v = if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 };
    let (c, t) = if v >= 0.0 { (BLUE, v) } else { (ORANGE, -v) };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * t) as u8;
    [mix(c.0), mix(c.1), mix(c.2)]
}

/// A short number for labels: 3 significant digits, scientific when very small or large.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x != 0.0 && (x.abs() < 1e-2 || x.abs() >= 1e4) {
        format!("{x:.1e}")
    } else {
        format!("{}", (x * 1000.0).round() / 1000.0)
    }
}
