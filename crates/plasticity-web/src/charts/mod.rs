//! The charts on the page: each canvas is handed to a chart of `plasticity-charts` through a plotters canvas
//! backend (`backend.rs`). The canvas's backing store is its CSS size times the device-pixel ratio (the page sets
//! it), so every chart is sharp on any screen and at any zoom.

use plasticity_charts::paint::{Painter, Rect};
use plasticity_charts::theme::Theme;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

mod backend;

/// What a chart returns.
pub type Drawn = Result<(), plotters_backend::DrawingErrorKind<backend::Error>>;

/// Draws what `chart` paints on `canvas`, as [`draw`] does.
pub fn draw_with(
    canvas: HtmlCanvasElement,
    dpr: f64,
    min_font: f64,
    chart: impl FnOnce(&mut Painter<'_, backend::Canvas>, Rect) -> Drawn,
) -> Result<(), JsValue> {
    let dpr = if dpr.is_finite() && dpr > 0.0 { dpr } else { 1.0 };
    let width = f64::from(canvas.width()) / dpr;
    let mut backend = backend::Canvas::new(canvas).ok_or("the canvas has no 2-D context")?;
    let mut p = Painter::new(&mut backend, Theme::new(width, dpr, min_font));
    p.clear().map_err(js)?;
    let area = p.area();
    chart(&mut p, area).map_err(js)
}

/// Turns a drawing error into a message for the page. `Display`, not `Debug`: debug-formatting the error's text
/// would put Unicode's printable-character tables in the page's wasm.
pub fn js<E: std::fmt::Display>(e: E) -> JsValue {
    JsValue::from_str(&format!("drawing failed: {e}"))
}
