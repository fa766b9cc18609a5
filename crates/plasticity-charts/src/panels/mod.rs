//! The page's panels, one file each: a panel's name, its drawing, its caption and its text alternative for the run
//! on show. [`PANELS`] lists them in the page's order; adding one is a file here and a name in the `panels!` line
//! below. The page builds its figures from this list (through the bindings' `options()`), draws a panel by name
//! ([`draw`]), and a lesson's `look` and an embed's `plots=` name panels by it.

use plotters_backend::DrawingBackend;

use crate::paint::{Painter, Rect, solid};
use crate::palette::INK;
use crate::scene::Scene;

/// What drawing returns.
pub type Fallible<DB> = Result<(), plotters_backend::DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A panel of the page.
pub struct Panel {
    /// Its name: the page's element ids (`plot-NAME`), a lesson step's `look`, an embed's `plots=`.
    pub name: &'static str,
    /// The heading the page shows until the first measurement brings the run's own.
    pub heading: &'static str,
    /// Whether a comparison shows it too (a shared chart, or one small view per run): a lesson step that compares
    /// rules may point only at these.
    pub in_comparison: bool,
    /// Drawn only every fourth frame while the lab plays (the costliest).
    pub every_fourth_frame: bool,
    /// Its title and caption for the run on show.
    pub caption: fn(&Scene<'_>) -> Caption,
    /// Its text alternative for the run on show.
    pub summary: fn(&Scene<'_>) -> String,
}

/// A panel's heading and the sentence under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    /// The heading.
    pub title: String,
    /// What its marks mean.
    pub caption: String,
}

/// A caption from its two texts.
pub fn caption(title: &str, caption: &str) -> Caption {
    Caption { title: title.into(), caption: caption.into() }
}

macro_rules! panels {
    ($($panel:ident),* $(,)?) => {
        $(pub mod $panel;)*

        /// Every panel, in the page's order.
        pub static PANELS: &[&Panel] = &[$(&$panel::PANEL),*];

        /// Draws the panel called `name` for the scene `s`; a name no panel has is said on the canvas.
        pub fn draw<DB: DrawingBackend>(name: &str, p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
            match name {
                $(stringify!($panel) => $panel::draw(p, area, s),)*
                _ => p.message(area, &format!("There is no panel called '{name}'."), solid(INK)),
            }
        }
    };
}

panels!(loss, alignment, errors, activity, task, network);

/// The panel called `name`.
pub fn panel(name: &str) -> Option<&'static Panel> {
    PANELS.iter().copied().find(|p| p.name == name)
}
