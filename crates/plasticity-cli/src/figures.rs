//! What the reproductions' SVG figures share (plotters' SVG backend): errors, each rule's colour, and a task's own
//! charts drawn by the lab's chart code. Each experiment draws its own figure in its own file.

use std::path::Path;

use plasticity::RuleKind;
use plasticity_charts::palette;
use plotters::prelude::*;

/// A drawing error as an I/O error.
pub fn io<E: std::fmt::Debug>(e: E) -> std::io::Error {
    std::io::Error::other(format!("{e:?}"))
}

/// A chart's legend, as every figure draws it: on a white box with a black border, at `at`.
pub fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    at: SeriesLabelPosition,
) -> std::io::Result<()> {
    chart.configure_series_labels().position(at).background_style(WHITE.mix(0.9)).border_style(BLACK).draw().map_err(io)
}

/// A rule's colour: its place in the registry, in the lab's series palette.
pub fn colour(rule: RuleKind) -> RGBColor {
    palette::series(RuleKind::ALL.iter().position(|r| *r == rule).unwrap_or(0))
}

/// The colour of the rule called `name` (black for a name that is no rule).
pub fn colour_of(name: &str) -> RGBColor {
    RuleKind::from_name(name).map_or(BLACK, colour)
}

/// A task's charts, stacked, drawn by the lab's own chart code (as on the page), `size` pixels.
pub fn task_charts(path: &Path, charts: &[plasticity::tasks::Chart], size: (u32, u32)) -> std::io::Result<()> {
    use plasticity_charts::paint::Painter;
    use plasticity_charts::theme::Theme;
    let mut svg = SVGBackend::new(path, size);
    svg.draw_rect((0, 0), (size.0 as i32, size.1 as i32), &WHITE, true).map_err(io)?;
    {
        let mut p = Painter::new(&mut svg, Theme::new(f64::from(size.0), 1.0, 13.0));
        let area = p.area();
        plasticity_charts::panels::task::charts(&mut p, area, charts).map_err(io)?;
    }
    svg.present().map_err(io)
}
