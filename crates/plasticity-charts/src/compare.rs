//! Runs side by side: one line per run, in the run's colour ([`palette::run`](crate::palette::run)), on the loss
//! and accuracy chart and on the alignment chart. Each run's task view is its own small chart (`task`), drawn
//! beside these.

use crate::history::Point;
use plasticity::Status;
use plotters_backend::DrawingBackend;

use crate::axis::{Labels, Scale};
use crate::frame::{Axis, Dash, Entry, Frame, Mark, Spec};
use crate::paint::{Painter, Rect, solid};
use crate::palette::{INK, run as run_colour};
use crate::scene::Scene;

/// What a run on a task without targets reports in place of a loss, which it does not have.
const OUTPUT_SIZE: &str = "no loss: output size ½‖y‖² (test set)";

type Fallible<DB> = Result<(), plotters_backend::DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One run as the comparison charts see it.
pub struct Run<'a> {
    /// What the legend calls it.
    pub label: &'a str,
    /// Its colour, as an index into the palette: a run keeps its colour when another is removed.
    pub colour: usize,
    /// Its scene.
    pub scene: Scene<'a>,
}

fn steps_axis(runs: &[Run<'_>]) -> Axis {
    let end = runs.iter().filter_map(|r| r.scene.history.points().last()).map(|p| p.step).fold(1.0, f64::max);
    Axis::new(Scale::Linear { lo: 0.0, hi: end }, Labels::Count, "mini-batches trained")
}

fn line<'a>(points: &'a [Point], f: impl Fn(&Point) -> f64 + 'a) -> impl Iterator<Item = (f64, f64)> + 'a {
    points.iter().map(move |p| (p.step, f(p)))
}

/// A chart shorter than this many label heights leaves its runs' names out of its legend (see [`loss`]).
const SHORT_CHART_FONTS: f64 = 14.0;

fn entry(colour: usize, dash: Dash, weight: f64, label: &str) -> Entry {
    Entry { colour: solid(run_colour(colour)), weight, dash, label: label.into() }
}

/// Test loss (log scale) of every run above, and below it every run's test accuracy — or, for a regression, its
/// normalized error. One colour per run; the legend names the runs once, unless the chart is short (then the runs'
/// rows beside it name the colours). Unsupervised rules have no loss: the axis
/// then says that what it shows is the output's size, the quantity they report in its place.
pub fn loss<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, runs: &[Run<'_>]) -> Fallible<DB> {
    let Some(first) = runs.first() else { return p.message(area, "No runs to compare.", solid(INK)) };

    let classification = first.scene.task().classes().is_some();
    let has_nse = runs.iter().any(|r| r.scene.history.points().iter().any(|p| p.nse.is_finite()));
    let losses = runs.iter().flat_map(|r| r.scene.history.points().iter().map(|p| p.test_loss));
    let lines: Vec<Entry> = runs.iter().map(|r| entry(r.colour, Dash::Solid, 1.4, r.label)).collect();
    // A short chart (a projector's, below four runs' rows) leaves the runs' names to the rows above it, which give
    // each colour: wrapped over three rows, the legend left the losses a strip a few pixels tall.
    let legend = if f64::from(area.height()) < SHORT_CHART_FONTS * p.theme.font { Vec::new() } else { lines.clone() };
    let top = Spec {
        x: steps_axis(runs),
        y: Axis::new(
            Scale::log_over(losses, (0.1, 1.0)),
            Labels::Number,
            match first.scene.task().info().targets {
                true => "test loss",
                false => OUTPUT_SIZE,
            },
        ),
        marks: vec![],
        legend,
        x_labels: !(classification || has_nse),
    };
    let below = if classification {
        let y = Axis::new(Scale::Linear { lo: 0.0, hi: 1.0 }, Labels::Percent, "test accuracy")
            .with_ticks(&[0.0, 0.25, 0.5, 0.75, 1.0]);
        Some(Spec { x: steps_axis(runs), y, marks: vec![], legend: vec![], x_labels: true })
    } else if has_nse {
        let nse = runs.iter().flat_map(|r| r.scene.history.points().iter().map(|p| p.nse));
        let y = Axis::new(Scale::log_over(nse, (0.1, 1.0)), Labels::Number, "normalized error (1: outputs 0)");
        Some(Spec { x: steps_axis(runs), y, marks: vec![], legend: vec![], x_labels: true })
    } else {
        None
    };
    let mut stacked = vec![(&top, 0.55)];
    stacked.extend(below.as_ref().map(|b| (b, 0.45)));
    let frames = Frame::stack(p, area, &stacked)?;
    for (k, r) in runs.iter().enumerate() {
        let points = r.scene.history.points();
        frames[0].series(p, line(points, |p| p.test_loss), &lines[k])?;
        if let Some(frame) = frames.get(1) {
            let f = if classification { |p: &Point| p.test_accuracy } else { |p: &Point| p.nse };
            frame.series(p, line(points, f), &lines[k])?;
        }
    }
    Ok(())
}

/// Per run, the angle between its update of the first hidden layer's weights and backprop's (solid), and where it
/// has feedback weights, between `B₁` and `W₂ᵀ` (dotted). The legend gives the two line styles once, in ink; the
/// runs' colours are named by the loss chart beside it and the runs' rows above (two entries per run took most of
/// a projector's plot with four runs). A run without either line draws nothing and says so: on the plot, on a
/// white box above 135°; on a short chart as a legend line, or not at all when too long for one.
pub fn alignment<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, runs: &[Run<'_>]) -> Fallible<DB> {
    if runs.first().is_none_or(|r| r.scene.hidden() == 0) {
        let why = "There is no hidden layer: every synapse sees its own error, so there is nothing to align.";
        return p.message(area, why, solid(INK));
    }
    let mut legend = Vec::new();
    // Each line: its run, whether it is the feedback angle, and its style.
    let mut lines: Vec<(usize, bool, Entry)> = Vec::new();
    let (mut any_update, mut any_feedback) = (false, false);
    let (mut idle, mut stopped): (Vec<&str>, Vec<String>) = (Vec::new(), Vec::new());
    for (k, r) in runs.iter().enumerate() {
        let layer = &r.scene.latest.layers[0];
        // A run that diverged has no angle now, but its line up to then is drawn.
        let diverged = match r.scene.trainer.status() {
            Status::Diverged { step, .. } => Some(*step),
            Status::Running => None,
        };
        let ever =
            |f: fn(&Point) -> f64| diverged.is_some() && r.scene.history.points().iter().any(|p| f(p).is_finite());
        let update = layer.update_angle_deg.is_some() || ever(|p| p.update_angle[0]);
        let feedback = layer.feedback_angle_deg.is_some() || ever(|p| p.feedback_angle[0]);
        if update {
            lines.push((k, false, entry(r.colour, Dash::Solid, 1.4, r.label)));
            any_update = true;
        }
        if feedback {
            // Dots, not dashes: they stay distinct from the solid ΔW₁ however dense the series.
            lines.push((k, true, entry(r.colour, Dash::Dots, 1.0, r.label)));
            any_feedback = true;
        }
        if !update && !feedback {
            // Diverged with no line: whether it would have had one is not known, so only the divergence is said.
            match diverged {
                Some(step) => stopped.push(format!("{} (diverged at step {step})", r.label)),
                None => idle.push(r.label),
            }
        }
    }
    let style = |dash: Dash, weight: f64, label: &str| Entry { colour: solid(INK), weight, dash, label: label.into() };
    if any_update {
        legend.push(style(Dash::Solid, 1.4, "ΔW₁ vs backprop"));
    }
    if any_feedback {
        legend.push(style(Dash::Dots, 1.0, "B₁ vs W₂ᵀ"));
    }
    let y = Axis::new(Scale::Linear { lo: -8.0, hi: 188.0 }, Labels::Degrees, "angle to backprop")
        .with_ticks(&[0.0, 45.0, 90.0, 135.0, 180.0]);
    let marks = vec![Mark { value: 90.0, label: "unrelated".into() }];
    let spec = Spec { x: steps_axis(runs), y, marks, legend, x_labels: true };
    // Runs that leave the hidden layer alone have no line, which is said in words: on the plot, in the band above
    // 135°, or on a short chart (a projector's), where it would wrap over the data, as a line of the legend.
    let mut notes = Vec::new();
    if !idle.is_empty() {
        notes.push(format!("No hidden update, so no line: {}.", idle.join(", ")));
    }
    if !stopped.is_empty() {
        notes.push(format!("No line: {}.", stopped.join(", ")));
    }
    let short = f64::from(area.height()) < SHORT_CHART_FONTS * p.theme.font;
    let mut spec = spec;
    let legend_font = p.font(p.theme.font, solid(INK), crate::paint::Anchor::LEFT);
    // A legend line does not wrap: one too long for the chart is left out (the runs' rows above still list the run).
    if short && !notes.is_empty() && p.measure(&notes.join(" "), &legend_font).0 * 4 <= area.width() * 3 {
        let invisible =
            Entry { colour: solid(plotters::style::WHITE), weight: 0.0, dash: Dash::Solid, label: notes.join(" ") };
        spec.legend.push(invisible);
    }
    let frame = Frame::draw(p, area, &spec)?;
    // The note first, on its white box (the 90° line does not cross it), then the lines, which stay on top.
    if !short && !notes.is_empty() {
        // Runs that leave the hidden layer alone have no line: said in words, in the band above 135°, where the
        // paragraph wraps instead of running off the panel as a legend entry would.
        let font = p.font(p.theme.font, crate::paint::faded(INK, 0.85), crate::paint::Anchor::TOP_LEFT);
        let pad = p.theme.pad as i32;
        let at = (frame.plot.left + pad, frame.y_px(178.0).unwrap_or(frame.plot.top) + pad);
        let note = notes.join(" ");
        p.note(&note, at, frame.plot.width() - 2 * pad, &font)?;
    }
    for (k, feedback, e) in &lines {
        let (points, feedback) = (runs[*k].scene.history.points(), *feedback);
        let f = move |p: &Point| if feedback { p.feedback_angle[0] } else { p.update_angle[0] };
        frame.series(p, line(points, f), e)?;
    }
    Ok(())
}

/// What the comparison charts show now, in words, for screen readers: each run's latest test loss and accuracy
/// (or normalized error) and first hidden layer's angle to backprop.
pub fn summary(runs: &[Run<'_>]) -> String {
    use crate::format;
    let parts: Vec<String> = runs
        .iter()
        .map(|r| {
            let d = r.scene.latest;
            let loss = if r.scene.task().info().targets { "test loss" } else { OUTPUT_SIZE };
            let mut s = format!("{}: {loss} {}", r.label, format::number(d.test_loss));
            if let Some(a) = d.test_accuracy {
                s += &format!(", accuracy {}", format::percent(a));
            } else if let Some(e) = d.nse {
                s += &format!(", normalized error {}", format::number(e));
            }
            if let Some(a) = d.layers.first().filter(|_| r.scene.hidden() > 0).and_then(|l| l.update_angle_deg) {
                s += &format!(", ΔW₁ at {} to backprop", format::degrees(a));
            }
            s
        })
        .collect();
    match runs.first() {
        Some(r) => format!("After {} mini-batches — {}.", format::count(r.scene.latest.step), parts.join("; ")),
        None => String::new(),
    }
}
