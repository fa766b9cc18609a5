//! The loss panel: loss and accuracy over training (or, for the unsupervised rules, what they do learn: weight
//! lengths and angles to the principal axes), with its caption and text alternative; and the linear task's
//! normalized-error curve, which the task panel draws.

use plasticity::tasks::View;
use plotters_backend::DrawingBackend;

use crate::axis::{Labels, Scale};
use crate::frame::{Axis, Dash, Entry, Frame, Mark, Spec};
use crate::format;
use crate::lines::{entry, line, steps_axis, trend};
use crate::paint::{Painter, Rect, solid};
use crate::palette::{BLUE, INK, ORANGE, series};
use crate::scene::Scene;
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "loss",
    heading: "Loss and accuracy",
    in_comparison: true,
    every_fourth_frame: false,
    caption,
    summary,
};

/// Train and test loss (log scale) above, and below it test and train accuracy — or, for a regression, the
/// normalized error. For an unsupervised rule on a task that measures it, what the rule learns instead.
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
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

/// The loss panel: loss and accuracy, loss and normalized error, or what an unsupervised rule learns.
fn caption(s: &Scene<'_>) -> Caption {
    if !s.rule().is_supervised() && !s.latest.measures.is_empty() && s.task().info().view != View::Cloud {
        return heading(
            "What the rule learns",
            "There is no loss to follow: what the task measures of the weights, over training.",
        );
    }
    if !s.rule().is_supervised() && !s.latest.measures.is_empty() {
        return heading(
            "What the rule learns",
            "There is no loss to follow. Top: the length of each unit's weight vector; below: its angle to the \
             cloud's principal axes (0°: along the axis, 90°: across it).",
        );
    }
    // A task whose one fixed set is both training and test (the prism's targets, the walk's states) says what its
    // loss is instead.
    if let Some(what) = s.task().info().loss_caption {
        return heading("Loss", what);
    }
    let sets = "Blue: training examples; orange: held-out test examples; loss on a log scale.";
    if s.task().classes().is_some() {
        heading("Loss and accuracy", sets)
    } else if s.latest.nse.is_some_and(f64::is_finite) && s.task().info().view != View::ErrorCurve {
        heading(
            "Loss and normalized error",
            "Blue: training examples; orange: held-out test examples, log scales. Below: the test error relative \
             to answering zero.",
        )
    } else {
        heading("Loss", sets)
    }
}

/// The loss panel.
fn summary(s: &Scene<'_>) -> String {
    let (d, points) = (s.latest, s.history.points());
    if !s.rule().is_supervised() && !d.measures.is_empty() {
        let parts: Vec<String> =
            d.measures.iter().map(|m| format!("{} {}", m.label, format::number(m.value))).collect();
        return format!("What {} learns: {}.", s.rule().title(), parts.join(", "));
    }
    let mut text = format!(
        "Loss after {} mini-batches: train {}, test {} ({}).",
        format::count(d.step),
        format::number(d.train_loss),
        format::number(d.test_loss),
        trend(points, |p| p.test_loss)
    );
    if let Some(a) = d.test_accuracy {
        text += &format!(" Test accuracy {} ({}).", format::percent(a), trend(points, |p| p.test_accuracy));
    }
    if let Some(nse) = d.nse {
        text += &format!(" Normalized error {}.", format::number(nse));
    }
    text
}
