//! A canvas backend for the charts: `plotters_canvas::CanvasBackend` for drawing, plus two things it does slowly
//! or not at all. Text is measured with the canvas's own `measureText` (plotters' WebAssembly font support lays out
//! the whole page for every label); bitmaps (heatmaps, the decision boundary, digits) are written with one
//! `putImageData` instead of a rectangle per pixel.

use std::cell::RefCell;
use std::collections::HashMap;

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The canvas backend's error.
pub type Error = <CanvasBackend as DrawingBackend>::ErrorType;
type Failure = DrawingErrorKind<Error>;

thread_local! {
    /// Text widths already measured, by font and text: most labels (titles, legends, ticks) are the same frame after
    /// frame, and asking the canvas each time is a good part of a chart's cost.
    static WIDTHS: RefCell<HashMap<(String, String), u32>> = RefCell::new(HashMap::new());
}

/// A failed `putImageData`, with the browser's message. Its own type rather than `io::Error::other(String)`, whose
/// `Debug` quotes and escapes the text and so puts Unicode's printable-character tables (~3 KB) in the wasm.
struct PutImageFailed(String);

impl std::fmt::Debug for PutImageFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for PutImageFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PutImageFailed {}

/// The most widths remembered before the memory starts afresh.
const REMEMBERED: usize = 4096;

/// `CanvasBackend` with cheap text measurement and bitmaps.
pub struct Canvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
}

impl Canvas {
    /// Wraps a canvas element.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let ctx = canvas.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
        Some(Canvas { inner: CanvasBackend::with_canvas_object(canvas)?, ctx })
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, style: &S, fill: bool) -> Result<(), Failure> {
        self.inner.draw_circle(c, r, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        v: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(v, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Failure> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), Failure> {
        // The same font string plotters-canvas draws with.
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let key = (font, text.to_string());
        let known = WIDTHS.with(|w| w.borrow().get(&key).copied());
        let width = known.unwrap_or_else(|| {
            self.ctx.set_font(&key.0);
            let width =
                self.ctx.measure_text(text).map(|m| m.width()).unwrap_or(0.6 * style.size() * text.len() as f64);
            let width = width.ceil() as u32;
            WIDTHS.with(|w| {
                let mut w = w.borrow_mut();
                if w.len() >= REMEMBERED {
                    w.clear();
                }
                w.insert(key, width);
            });
            width
        });
        Ok((width, style.size().ceil() as u32))
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), rgb: &[u8]) -> Result<(), Failure> {
        let mut rgba = vec![255u8; (w * h * 4) as usize];
        for (to, from) in rgba.chunks_exact_mut(4).zip(rgb.chunks_exact(3)) {
            to[..3].copy_from_slice(from);
        }
        let failed = |e: wasm_bindgen::JsValue| {
            DrawingErrorKind::FontError(Box::new(PutImageFailed(format!("putImageData: {e:?}"))))
        };
        let image = ImageData::new_with_u8_clamped_array(Clamped(&rgba), w).map_err(failed)?;
        self.ctx.put_image_data(&image, f64::from(pos.0), f64::from(pos.1)).map_err(failed)
    }
}
