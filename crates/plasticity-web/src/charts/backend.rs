//! A canvas backend that measures text with the canvas's own `measureText`.
//!
//! plotters' WebAssembly font support measures every label by inserting a `<span>` into the document and reading
//! its size, which forces the browser to lay out the whole page — about 0.1 ms a label, and a chart has dozens.
//! This wrapper delegates all drawing to `plotters_canvas::CanvasBackend` and answers only the size question
//! itself, from the 2-D context, which needs no layout.

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use web_sys::CanvasRenderingContext2d;

type Error = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// `CanvasBackend` with cheap text measurement.
pub struct Canvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
}

impl Canvas {
    /// Wraps a canvas element.
    pub fn new(canvas: web_sys::HtmlCanvasElement) -> Option<Self> {
        let ctx = super::context(&canvas).ok()?;
        Some(Canvas { inner: CanvasBackend::with_canvas_object(canvas)?, ctx })
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, style: &S, fill: bool) -> Result<(), Error> {
        self.inner.draw_circle(c, r, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        v: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(v, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Error> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Error> {
        self.ctx.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
        let width = self.ctx.measure_text(text).map(|m| m.width()).unwrap_or(0.6 * style.size() * text.len() as f64);
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
