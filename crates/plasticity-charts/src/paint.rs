//! A thin layer over plotters' `DrawingBackend`: the few drawing calls the charts make, in device pixels, with
//! the theme's sizes. Every chart draws through a [`Painter`], so the same chart lands on the page's canvas, in
//! an SVG file, or in a [`Recorder`](crate::recorder::Recorder) that the tests inspect.

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

use crate::theme::Theme;

/// What a drawing call returns: the backend's own error, if any.
pub type Drawn<DB> = Result<(), DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A colour with opacity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    /// Red, green and blue.
    pub rgb: (u8, u8, u8),
    /// Opacity, 0 to 1.
    pub alpha: f64,
}

impl Colour {
    /// White.
    pub const WHITE: Colour = Colour { rgb: (255, 255, 255), alpha: 1.0 };
}

impl From<Colour> for BackendColor {
    fn from(c: Colour) -> BackendColor {
        BackendColor { alpha: c.alpha, rgb: c.rgb }
    }
}

/// An opaque colour from a plotters RGB colour.
pub fn solid(c: plotters::style::RGBColor) -> Colour {
    Colour { alpha: 1.0, rgb: (c.0, c.1, c.2) }
}

/// `c` at opacity `alpha`.
pub fn faded(c: plotters::style::RGBColor, alpha: f64) -> Colour {
    Colour { alpha, rgb: (c.0, c.1, c.2) }
}

/// A rectangle in device pixels, corners inclusive of the left/top and exclusive of the right/bottom edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Right edge.
    pub right: i32,
    /// Bottom edge.
    pub bottom: i32,
}

impl Rect {
    /// The rectangle from `(left, top)` of this width and height.
    pub fn new(left: i32, top: i32, width: i32, height: i32) -> Self {
        Rect { left, top, right: left + width.max(0), bottom: top + height.max(0) }
    }

    /// Width.
    pub fn width(&self) -> i32 {
        self.right - self.left
    }

    /// Height.
    pub fn height(&self) -> i32 {
        self.bottom - self.top
    }

    /// True when the two rectangles share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }

    /// The rectangle shrunk by `d` on every side.
    pub fn inset(&self, d: i32) -> Rect {
        Rect { left: self.left + d, top: self.top + d, right: self.right - d, bottom: self.bottom - d }
    }

    /// This rectangle split into `n` equal horizontal bands, top to bottom, `gap` apart.
    pub fn rows(&self, n: usize, gap: i32) -> Vec<Rect> {
        let n = n.max(1) as i32;
        let h = (self.height() - gap * (n - 1)) / n;
        (0..n).map(|k| Rect::new(self.left, self.top + k * (h + gap), self.width(), h)).collect()
    }

    /// This rectangle split into `n` equal vertical bands, left to right, `gap` apart.
    pub fn columns(&self, n: usize, gap: i32) -> Vec<Rect> {
        let n = n.max(1) as i32;
        let w = (self.width() - gap * (n - 1)) / n;
        (0..n).map(|k| Rect::new(self.left + k * (w + gap), self.top, w, self.height())).collect()
    }
}

/// A line's colour and width.
#[derive(Clone, Copy, Debug)]
pub struct Stroke {
    /// Its colour.
    pub colour: Colour,
    /// Its width in device pixels.
    pub width: u32,
}

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.colour.into()
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

/// Which part of a text sits at its point, along the text (start, middle, end) and across it (top, middle,
/// bottom).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The start (along) or the top (across).
    Start,
    /// The middle.
    Middle,
    /// The end (along) or the bottom (across).
    End,
}

/// Where a text sits relative to its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Along the text: its start, middle or end at the point.
    pub along: Place,
    /// Across it: its top, middle or bottom at the point.
    pub across: Place,
}

impl Anchor {
    /// Start at the point, vertically centred.
    pub const LEFT: Anchor = Anchor { along: Place::Start, across: Place::Middle };
    /// End at the point, vertically centred.
    pub const RIGHT: Anchor = Anchor { along: Place::End, across: Place::Middle };
    /// Centred on the point.
    pub const CENTRE: Anchor = Anchor { along: Place::Middle, across: Place::Middle };
    /// Centred along, top at the point.
    pub const TOP: Anchor = Anchor { along: Place::Middle, across: Place::Start };
    /// Start and top at the point.
    pub const TOP_LEFT: Anchor = Anchor { along: Place::Start, across: Place::Start };
    /// Centred along, bottom at the point.
    pub const BOTTOM: Anchor = Anchor { along: Place::Middle, across: Place::End };
}

/// A text style: size in device pixels, colour, anchor, and whether it is turned to read upwards.
#[derive(Clone, Copy, Debug)]
pub struct Font {
    /// Size in device pixels.
    pub size: f64,
    /// Colour.
    pub colour: Colour,
    /// Where the text sits around its point.
    pub anchor: Anchor,
    /// Turned 90° to read bottom to top (a y-axis title).
    pub upright: bool,
    /// Bold.
    pub bold: bool,
}

/// Text measuring without a font file: an estimate for backends that cannot measure (the canvas backend measures
/// with the browser's own `measureText`).
#[derive(Debug)]
pub struct NoFontError;

impl std::fmt::Display for NoFontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no font rasteriser")
    }
}

impl std::error::Error for NoFontError {}

/// The width of `text` at `size` px in a sans-serif face, estimated: 0.56 em a character on average (wide
/// characters and digits count a little more). Used only where the backend cannot measure.
pub fn estimated_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if c.is_ascii_digit() || c.is_uppercase() { 0.62 } else { 0.55 }).sum::<f64>() * size
}

impl BackendTextStyle for Font {
    type FontError = NoFontError;

    fn color(&self) -> BackendColor {
        self.colour.into()
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        if self.upright { FontTransform::Rotate270 } else { FontTransform::None }
    }
    fn style(&self) -> FontStyle {
        if self.bold { FontStyle::Bold } else { FontStyle::Normal }
    }
    fn anchor(&self) -> Pos {
        let h = match self.anchor.along {
            Place::Start => HPos::Left,
            Place::Middle => HPos::Center,
            Place::End => HPos::Right,
        };
        let v = match self.anchor.across {
            Place::Start => VPos::Top,
            Place::Middle => VPos::Center,
            Place::End => VPos::Bottom,
        };
        Pos::new(h, v)
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::SansSerif
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NoFontError> {
        Ok(((0, 0), (estimated_width(text, self.size).ceil() as i32, self.size.ceil() as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, NoFontError> {
        // Every backend the charts use draws text itself; nothing is rasterised here.
        Ok(Ok(()))
    }
}

/// The box a text of `(length, height)` covers when drawn at `at` with `anchor`, turned upright or not.
pub fn text_box((length, height): (i32, i32), at: (i32, i32), anchor: Anchor, upright: bool) -> Rect {
    // How far the text reaches before its point in one direction.
    let before = |place: Place, extent: i32| match place {
        Place::Start => 0,
        Place::Middle => extent / 2,
        Place::End => extent,
    };
    if upright {
        // Turned to read upwards: the text runs up the screen from its start, and its top faces left.
        let left = at.0 - before(anchor.across, height);
        let bottom = at.1 + before(anchor.along, length);
        Rect::new(left, bottom - length, height, length)
    } else {
        let left = at.0 - before(anchor.along, length);
        let top = at.1 - before(anchor.across, height);
        Rect::new(left, top, length, height)
    }
}

/// Draws on a backend with a theme's sizes.
pub struct Painter<'a, DB: DrawingBackend> {
    db: &'a mut DB,
    /// The sizes.
    pub theme: Theme,
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    /// A painter for `db`.
    pub fn new(db: &'a mut DB, theme: Theme) -> Self {
        Painter { db, theme }
    }

    /// The whole drawing surface.
    pub fn area(&self) -> Rect {
        let (w, h) = self.db.get_size();
        Rect::new(0, 0, w as i32, h as i32)
    }

    /// A font of `size` device pixels in `colour`, anchored as `anchor`.
    pub fn font(&self, size: f64, colour: Colour, anchor: Anchor) -> Font {
        Font { size, colour, anchor, upright: false, bold: false }
    }

    /// The width and height of `text` in `font`.
    pub fn measure(&self, text: &str, font: &Font) -> (i32, i32) {
        let (w, h) = self
            .db
            .estimate_text_size(text, font)
            .unwrap_or_else(|_| (estimated_width(text, font.size).ceil() as u32, font.size.ceil() as u32));
        (w as i32, (h as i32).max(font.size.ceil() as i32))
    }

    /// The box `text` covers when drawn at `at` in `font`.
    pub fn text_box(&self, text: &str, at: (i32, i32), font: &Font) -> Rect {
        text_box(self.measure(text, font), at, font.anchor, font.upright)
    }

    /// Draws `text` at `at`, returning the box it covers.
    pub fn text(&mut self, text: &str, at: (i32, i32), font: &Font) -> Result<Rect, DrawingErrorKind<DB::ErrorType>> {
        if !text.is_empty() {
            self.db.draw_text(text, font, at)?;
        }
        Ok(self.text_box(text, at, font))
    }

    /// A straight line.
    pub fn line(&mut self, from: (i32, i32), to: (i32, i32), stroke: Stroke) -> Drawn<DB> {
        self.db.draw_line(from, to, &stroke)
    }

    /// A dashed line from `from` to `to`: dashes and gaps of `dash` pixels.
    pub fn dashed(&mut self, from: (i32, i32), to: (i32, i32), stroke: Stroke, dash: i32) -> Drawn<DB> {
        self.dashed_path(&[from, to], stroke, dash)
    }

    /// A dashed polyline through `points`: dashes and gaps of `dash` pixels measured along the whole line, so a
    /// line of many short segments (a long run's series, a pixel or two per point) is dashed like one long one
    /// rather than losing every segment shorter than a dash.
    pub fn dashed_path(&mut self, points: &[(i32, i32)], stroke: Stroke, dash: i32) -> Drawn<DB> {
        let dash = f64::from(dash.max(1));
        let Some(&first) = points.first() else { return Ok(()) };
        let (mut on, mut done) = (true, 0.0); // in a dash (or a gap), and how far into it
        let mut piece = vec![first];
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
            let length = dx.hypot(dy);
            let at = |s: f64| (a.0 + (dx * s / length).round() as i32, a.1 + (dy * s / length).round() as i32);
            let mut t = 0.0;
            while length - t > dash - done {
                t += dash - done;
                done = 0.0;
                if on {
                    piece.push(at(t));
                    self.db.draw_path(piece.drain(..), &stroke)?;
                } else {
                    piece.push(at(t));
                }
                on = !on;
            }
            done += length - t;
            if on {
                piece.push(b);
            }
        }
        if on && piece.len() >= 2 {
            self.db.draw_path(piece, &stroke)?;
        }
        Ok(())
    }

    /// A polyline through `points`.
    pub fn path(&mut self, points: &[(i32, i32)], stroke: Stroke) -> Drawn<DB> {
        if points.len() >= 2 {
            self.db.draw_path(points.iter().copied(), &stroke)?;
        }
        Ok(())
    }

    /// A rectangle, filled or outlined.
    pub fn rect(&mut self, r: Rect, colour: Colour, fill: bool) -> Drawn<DB> {
        self.db.draw_rect((r.left, r.top), (r.right, r.bottom), &Stroke { colour, width: 1 }, fill)
    }

    /// A circle, filled or outlined.
    pub fn circle(&mut self, centre: (i32, i32), radius: u32, stroke: Stroke, fill: bool) -> Drawn<DB> {
        self.db.draw_circle(centre, radius, &stroke, fill)
    }

    /// An RGB image of `size` pixels (3 bytes a pixel, row by row) with its top-left corner at `at`: see
    /// [`grid_image`].
    pub fn bitmap(&mut self, at: (i32, i32), size: (u32, u32), rgb: &[u8]) -> Drawn<DB> {
        self.db.blit_bitmap(at, size, rgb)
    }

    /// Fills the whole surface with white.
    pub fn clear(&mut self) -> Drawn<DB> {
        let area = self.area();
        self.rect(area, Colour::WHITE, true)
    }

    /// Writes `message` centred in `r`, wrapped to its width: what a panel says when its quantity does not exist
    /// for the rule or task that runs.
    pub fn message(&mut self, r: Rect, message: &str, colour: Colour) -> Drawn<DB> {
        let font = self.font(self.theme.font, colour, Anchor::TOP);
        let lines = self.wrap(message, &font, r.width() - 2 * self.theme.pad as i32);
        let line_height = (self.theme.font * 1.35) as i32;
        let top = r.top + (r.height() - line_height * lines.len() as i32) / 2;
        for (k, line) in lines.iter().enumerate() {
            self.text(line, ((r.left + r.right) / 2, top + k as i32 * line_height), &font)?;
        }
        Ok(())
    }

    /// Writes `text` from `at` (its top left) in lines no wider than `width`; returns the height it took.
    pub fn paragraph(
        &mut self,
        text: &str,
        at: (i32, i32),
        width: i32,
        font: &Font,
    ) -> Result<i32, DrawingErrorKind<DB::ErrorType>> {
        let font = Font { anchor: Anchor::TOP_LEFT, ..*font };
        let lines = self.wrap(text, &font, width);
        self.lines(&lines, at, &font)
    }

    /// `lines` one under another from `at` (`font` anchored top left); the height they take.
    fn lines(&mut self, lines: &[String], at: (i32, i32), font: &Font) -> Result<i32, DrawingErrorKind<DB::ErrorType>> {
        let line = (font.size * 1.3) as i32;
        for (k, l) in lines.iter().enumerate() {
            self.text(l, (at.0, at.1 + k as i32 * line), font)?;
        }
        Ok(line * lines.len() as i32)
    }

    /// [`Painter::paragraph`] on a white box as wide as its longest line, so that the lines and marks of a plot it
    /// is written over do not run through it. A plot too narrow for it — a word wider than `width`, or more than
    /// [`NOTE_LINES`] lines — gets no note (returns 0): its box would cover the data and the marks' labels.
    pub fn note(
        &mut self,
        text: &str,
        at: (i32, i32),
        width: i32,
        font: &Font,
    ) -> Result<i32, DrawingErrorKind<DB::ErrorType>> {
        let line = (font.size * 1.3) as i32;
        let font = Font { anchor: Anchor::TOP_LEFT, ..*font };
        let lines = self.wrap(text, &font, width);
        let wide = lines.iter().map(|l| self.measure(l, &font).0).max().unwrap_or(0);
        if wide > width || lines.len() > NOTE_LINES {
            return Ok(0);
        }
        let pad = (font.size * 0.3) as i32;
        let back = Rect {
            left: at.0 - pad,
            top: at.1 - pad,
            right: at.0 + wide + pad,
            bottom: at.1 + line * lines.len() as i32 + pad,
        };
        self.rect(back, Colour::WHITE, true)?;
        self.lines(&lines, at, &font)
    }

    /// `text` broken into lines no wider than `width` in `font` (a word longer than a line gets a line of its own).
    pub fn wrap(&self, text: &str, font: &Font, width: i32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if self.measure(&format!("{line} {word}"), font).0 <= width => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }
}

/// The most lines a note on a plot may take (see [`Painter::note`]).
pub const NOTE_LINES: usize = 4;

/// The RGB image (3 bytes a pixel, row by row) of a `rows × cols` grid scaled to `w × h` pixels: each pixel takes
/// the colour of the cell it falls in, `None` leaving it white. A pixel row in the same grid row as the one above
/// is copied, so the colour of each cell is worked out once per pixel column, not per pixel.
pub fn grid_image(
    (w, h): (u32, u32),
    (rows, cols): (usize, usize),
    colour: impl Fn(usize, usize) -> Option<[u8; 3]>,
) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let mut rgb = vec![255u8; w * h * 3];
    let row_bytes = w * 3;
    for y in 0..h {
        let i = (y * rows) / h;
        if y > 0 && i == ((y - 1) * rows) / h {
            rgb.copy_within((y - 1) * row_bytes..y * row_bytes, y * row_bytes);
            continue;
        }
        for x in 0..w {
            if let Some(c) = colour(i, (x * cols) / w) {
                rgb[y * row_bytes + x * 3..][..3].copy_from_slice(&c);
            }
        }
    }
    rgb
}
