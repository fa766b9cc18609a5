//! A drawing backend that draws nothing and remembers everything: the tests lay a chart out natively and check
//! what a reader would see — which labels, where, whether any two overlap, where a data line runs.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};

use crate::paint::{Anchor, Place, Rect, estimated_width, text_box};

/// One text drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// What it says.
    pub text: String,
    /// The box it covers (with the same width estimate the recorder reports when asked).
    pub rect: Rect,
    /// Its size in pixels.
    pub size: f64,
}

/// Everything a chart drew.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The surface's size.
    pub size: (u32, u32),
    /// The texts.
    pub texts: Vec<Text>,
    /// Lines and polylines, as their points, with their widths.
    pub paths: Vec<(Vec<(i32, i32)>, u32)>,
    /// Rectangles (filled or not), with their colours.
    pub rects: Vec<(Rect, (u8, u8, u8))>,
    /// Bitmaps: their top-left corner and size.
    pub bitmaps: Vec<((i32, i32), (u32, u32))>,
}

impl Recorder {
    /// A surface of `width × height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Recorder { size: (width, height), ..Recorder::default() }
    }

    /// The first text that says exactly `s`.
    pub fn find(&self, s: &str) -> Option<&Text> {
        self.texts.iter().find(|t| t.text == s)
    }

    /// Every pair of texts whose boxes overlap.
    pub fn overlaps(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, a) in self.texts.iter().enumerate() {
            for b in &self.texts[i + 1..] {
                if a.rect.overlaps(&b.rect) {
                    out.push((a.text.clone(), b.text.clone()));
                }
            }
        }
        out
    }

    /// Texts that reach outside the surface.
    pub fn clipped(&self) -> Vec<String> {
        let (w, h) = (self.size.0 as i32, self.size.1 as i32);
        self.texts
            .iter()
            .filter(|t| t.rect.left < 0 || t.rect.top < 0 || t.rect.right > w || t.rect.bottom > h)
            .map(|t| t.text.clone())
            .collect()
    }
}

/// The recorder never fails.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("never")
    }
}

impl std::error::Error for Never {}

type Done = Result<(), DrawingErrorKind<Never>>;

impl DrawingBackend for Recorder {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Done {
        Ok(())
    }
    fn present(&mut self) -> Done {
        Ok(())
    }
    fn draw_pixel(&mut self, _point: BackendCoord, _color: BackendColor) -> Done {
        Ok(())
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Done {
        self.paths.push((vec![from, to], style.stroke_width()));
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Done {
        self.paths.push((path.into_iter().collect(), style.stroke_width()));
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, _fill: bool) -> Done {
        self.rects.push((Rect { left: a.0, top: a.1, right: b.0, bottom: b.1 }, style.color().rgb));
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(&mut self, _c: BackendCoord, _r: u32, _style: &S, _fill: bool) -> Done {
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, _v: I, _style: &S) -> Done {
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Done {
        let along = match style.anchor().h_pos {
            HPos::Left => Place::Start,
            HPos::Center => Place::Middle,
            HPos::Right => Place::End,
        };
        let across = match style.anchor().v_pos {
            VPos::Top => Place::Start,
            VPos::Center => Place::Middle,
            VPos::Bottom => Place::End,
        };
        let upright = matches!(style.transform(), FontTransform::Rotate270);
        let size = (estimated_width(text, style.size()).ceil() as i32, style.size().ceil() as i32);
        let rect = text_box(size, pos, Anchor { along, across }, upright);
        self.texts.push(Text { text: text.to_string(), rect, size: style.size() });
        Ok(())
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        Ok((estimated_width(text, style.size()).ceil() as u32, style.size().ceil() as u32))
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), _src: &[u8]) -> Done {
        self.bitmaps.push((pos, size));
        Ok(())
    }
}
