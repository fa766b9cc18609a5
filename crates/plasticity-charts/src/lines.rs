//! The line charts over training: loss and accuracy (or, for the unsupervised rules, what they do learn: weight
//! lengths and angles to the principal axes), weight alignment, and the linear task's normalized error.

use crate::history::Point;
use plasticity::tasks::View;
use plotters_backend::DrawingBackend;

use crate::axis::{Labels, Scale};
use crate::frame::{Axis, Dash, Entry, Frame, Mark, Spec, layer_colour};
use crate::paint::{Painter, Rect, faded, solid};
use crate::palette::{BLUE, INK, ORANGE, series};
use crate::scene::{Scene, feedback_name, subscript};

type Fallible<DB> = Result<(), plotters_backend::DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The horizontal axis of every chart over training.
fn steps_axis(points: &[Point]) -> Axis {
    let end = points.last().map_or(1.0, |p| p.step).max(1.0);
    Axis::new(Scale::Linear { lo: 0.0, hi: end }, Labels::Count, "mini-batches trained")
}

/// A line of `points`.
fn line<'a>(points: &'a [Point], f: impl Fn(&Point) -> f64 + 'a) -> impl Iterator<Item = (f64, f64)> + 'a {
    points.iter().map(move |p| (p.step, f(p)))
}

fn entry(colour: plotters::style::RGBColor, weight: f64, dash: Dash, label: &str) -> Entry {
    Entry { colour: solid(colour), weight, dash, label: label.into() }
}

/// Train and test loss (log scale) above, and below it test and train accuracy — or, for a regression, the
/// normalized error. For an unsupervised rule on a task that measures it, what the rule learns instead.
pub fn loss<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let points = s.history.points();
    if !s.rule().is_supervised() && !s.history.measures().is_empty() {
        return measures(p, area, s);
    }
    let classification = s.task().classes().is_some();
    // The linear task's own panel is the normalized error: it is not drawn twice.
    let has_nse = points.iter().any(|p| p.nse.is_finite()) && s.task().info().view != View::ErrorCurve;
    let losses = points.iter().flat_map(|p| [p.train_loss, p.test_loss]);
    let legend = vec![entry(BLUE, 1.0, Dash::Solid, "train loss"), entry(ORANGE, 1.0, Dash::Solid, "test loss")];
    let spec = Spec {
        x: steps_axis(points),
        y: Axis::new(Scale::log_over(losses, (0.1, 1.0)), Labels::Number, "loss"),
        marks: vec![],
        legend,
        x_labels: !(classification || has_nse),
    };
    let below = if classification {
        let legend =
            vec![entry(ORANGE, 1.0, Dash::Solid, "test accuracy"), entry(BLUE, 1.0, Dash::Dashed, "train accuracy")];
        let y = Axis::new(Scale::Linear { lo: 0.0, hi: 1.0 }, Labels::Percent, "accuracy")
            .with_ticks(&[0.0, 0.25, 0.5, 0.75, 1.0]);
        Some(Spec { x: steps_axis(points), y, marks: vec![], legend, x_labels: true })
    } else if has_nse {
        let nse = points.iter().map(|p| p.nse);
        let legend = vec![entry(INK, 1.0, Dash::Solid, "normalized error, test set (1: outputs zero)")];
        let y = Axis::new(Scale::log_over(nse, (0.1, 1.0)), Labels::Number, "error");
        Some(Spec { x: steps_axis(points), y, marks: vec![], legend, x_labels: true })
    } else {
        None
    };
    // The loss gets the larger plot: it is what every rule follows.
    let mut stacked = vec![(&spec, 0.6)];
    stacked.extend(below.as_ref().map(|b| (b, 0.4)));
    let frames = Frame::stack(p, area, &stacked)?;
    frames[0].series(p, line(points, |p| p.train_loss), &spec.legend[0])?;
    frames[0].series(p, line(points, |p| p.test_loss), &spec.legend[1])?;
    if let (Some(frame), Some(below)) = (frames.get(1), &below) {
        if classification {
            frame.series(p, line(points, |p| p.test_accuracy), &below.legend[0])?;
            frame.series(p, line(points, |p| p.train_accuracy), &below.legend[1])?;
        } else {
            frame.series(p, line(points, |p| p.nse), &below.legend[0])?;
        }
    }
    Ok(())
}

/// The task's measures over training, one frame per group (weight lengths; angles to the principal axes).
fn measures<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let points = s.history.points();
    let labels = s.history.measures();
    let mut groups: Vec<&'static str> = Vec::new();
    for (group, _) in labels {
        if !groups.contains(group) {
            groups.push(group);
        }
    }
    let last = groups.len() - 1;
    let mut specs = Vec::new();
    for (k, group) in groups.iter().enumerate() {
        let members: Vec<usize> = (0..labels.len()).filter(|&k| labels[k].0 == *group).collect();
        let values = members.iter().flat_map(|&k| points.iter().map(move |p| p.measures[k]));
        let values: Vec<f64> = values.collect();
        let (lo, hi) =
            values.iter().filter(|v| v.is_finite()).fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        let degrees = group.contains('°');
        let y = if degrees {
            Axis::new(Scale::Linear { lo: -3.0, hi: 93.0 }, Labels::Degrees, *group)
                .with_ticks(&[0.0, 30.0, 60.0, 90.0])
        } else if lo > 0.0 && hi / lo > 100.0 {
            Axis::new(Scale::log_over(values.iter().copied(), (0.1, 10.0)), Labels::Number, *group)
        } else {
            Axis::new(Scale::linear_over(values.iter().copied().chain([0.0]), (0.0, 1.0)), Labels::Number, *group)
        };
        let legend: Vec<Entry> = members
            .iter()
            .enumerate()
            .map(|(j, &k)| Entry {
                colour: solid(series(j)),
                weight: 1.0,
                dash: Dash::Solid,
                label: labels[k].1.clone(),
            })
            .collect();
        specs.push((Spec { x: steps_axis(points), y, marks: vec![], legend, x_labels: k == last }, members));
    }
    let stacked: Vec<(&Spec, f64)> = specs.iter().map(|(spec, _)| (spec, 1.0)).collect();
    let frames = Frame::stack(p, area, &stacked)?;
    for (frame, (spec, members)) in frames.iter().zip(&specs) {
        for (e, &k) in spec.legend.iter().zip(members) {
            frame.series(p, line(points, |p| p.measures[k]), e)?;
        }
    }
    Ok(())
}

/// Per hidden layer: the angle between the feedback `B_k` and the forward weights `W_{k+1}ᵀ` it replaces (thick),
/// and between the rule's update of `W_k` and backprop's (dashed), from 0° to 180°, with 90° — unrelated —
/// marked in the margin. A rule for which neither exists says why in words.
pub fn alignment<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let (rule, hidden) = (s.rule(), s.hidden());
    let layers = &s.latest.layers;
    let why = if !rule.is_supervised() {
        Some(format!("{} follows no loss: there is no gradient to compare its updates with.", rule.title()))
    } else if hidden == 0 {
        Some("There is no hidden layer: every synapse sees its own error, so there is nothing to align.".to_string())
    } else if layers[..hidden].iter().all(|l| l.update_angle_deg.is_none() && l.feedback_angle_deg.is_none()) {
        Some(format!(
            "{} leaves the hidden layers as they are: there is no update to compare with the gradient.",
            rule.title()
        ))
    } else {
        None
    };
    if let Some(why) = why {
        return p.message(area, &why, solid(INK));
    }
    let mut legend = Vec::new();
    let mut lines: Vec<(usize, bool)> = Vec::new();
    for (l, layer) in layers[..hidden].iter().enumerate() {
        let colour = layer_colour(l);
        if layer.feedback_angle_deg.is_some() {
            legend.push(Entry { colour, weight: 1.8, dash: Dash::Solid, label: feedback_name(l) });
            lines.push((l, true));
        }
        if layer.update_angle_deg.is_some() {
            let label = format!("ΔW{} vs backprop", subscript(l + 1));
            legend.push(Entry { colour, weight: 1.0, dash: Dash::Dashed, label });
            lines.push((l, false));
        }
    }
    // A little below 0°, so that a rule at exactly 0° (backprop) draws its lines above the axis, not on it.
    let y = Axis::new(Scale::Linear { lo: -8.0, hi: 188.0 }, Labels::Degrees, "angle")
        .with_ticks(&[0.0, 45.0, 90.0, 135.0, 180.0]);
    let marks = vec![Mark { value: 90.0, label: "unrelated".into() }];
    let points = s.history.points();
    let spec = Spec { x: steps_axis(points), y, marks, legend, x_labels: true };
    let frame = Frame::draw(p, area, &spec)?;
    for (e, &(l, feedback)) in spec.legend.iter().zip(&lines) {
        let f = move |p: &Point| if feedback { p.feedback_angle[l] } else { p.update_angle[l] };
        frame.series(p, line(points, f), e)?;
    }
    let exact = layers[..hidden].iter().all(|l| l.update_angle_deg == Some(0.0) && l.feedback_angle_deg.is_none());
    if exact {
        let font = p.font(p.theme.font, faded(INK, 0.85), crate::paint::Anchor::TOP_LEFT);
        let pad = p.theme.pad as i32;
        let at = (frame.plot.left + pad, frame.plot.top + pad);
        let note = format!("{}'s update is the gradient itself: 0° at every step", rule.title());
        // Between the 135° and 90° lines, where no data can be.
        let at = (at.0, frame.y_px(130.0).unwrap_or(at.1));
        p.paragraph(&note, at, frame.plot.width() - 2 * pad, &font)?;
    }
    Ok(())
}

/// The normalized error on held-out examples over training, log scale (Lillicrap et al. 2016's linear task).
pub fn error_curve<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let points = s.history.points();
    let nse = points.iter().map(|p| p.nse).chain([1.0]);
    let legend = vec![entry(INK, 1.2, Dash::Solid, "normalized error, test set")];
    let y = Axis::new(Scale::log_over(nse, (0.1, 1.0)), Labels::Number, "error (1: outputs zero)");
    let marks = vec![Mark { value: 1.0, label: "answers 0".into() }];
    let spec = Spec { x: steps_axis(points), y, marks, legend, x_labels: true };
    let frame = Frame::draw(p, area, &spec)?;
    frame.series(p, line(points, |p| p.nse), &spec.legend[0])
}
