//! The charts. Each takes the canvas element itself (never an id), draws from data the core computed, and
//! returns a readable error instead of panicking. Heatmaps and the decision boundary are filled as one RGBA
//! buffer and written with a single `putImageData`.

use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub mod activity;
mod backend;
pub mod heatmap;
pub mod network;
pub mod series;
pub mod task;

pub use plasticity_charts::format::number as short;
pub use plasticity_charts::palette::{BLUE, INK, ORANGE, diverging};

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

/// The 2-D context of a canvas, cleared to white, for the charts that draw with the canvas API directly.
pub fn cleared(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    let ctx = context(canvas)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    Ok(ctx)
}

/// The mesh every line chart shares: no minor grid, small labels.
pub fn mesh<'a, 'b, X, Y, DB>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
) -> plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType: std::fmt::Debug> + ValueFormatter<X::ValueType>,
    Y: Ranged<ValueType: std::fmt::Debug> + ValueFormatter<Y::ValueType>,
    DB: DrawingBackend,
{
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(WHITE).label_style(("sans-serif", 11));
    mesh
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

/// An 8 × 8 image (values in [0, 1], row-major) as dark ink on white, `cell` pixels a pixel, at `(x, y)`.
pub fn image8(ctx: &CanvasRenderingContext2d, pixels: &[f64], cell: u32, x: f64, y: f64) -> Result<(), JsValue> {
    let side = cell * 8;
    let mut rgba = vec![255u8; (side * side * 4) as usize];
    for py in 0..side {
        for px in 0..side {
            let v = pixels[(py / cell * 8 + px / cell) as usize].clamp(0.0, 1.0);
            let g = (255.0 * (1.0 - v)) as u8;
            let p = ((py * side + px) * 4) as usize;
            rgba[p..p + 3].copy_from_slice(&[g, g, g]);
        }
    }
    put_pixels(ctx, &rgba, side, x, y)
}
