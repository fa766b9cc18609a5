//! Text alternatives: what each plot shows, in a sentence a screen reader can say — numbers as the plots write
//! them, and which way they are going.

use crate::history::Point;
use plasticity::tasks::View;

use crate::format;
use crate::scene::{Scene, feedback_name, subscript, units_name};

/// Which way a quantity has gone over the last tenth of the run: "falling", "rising" or "steady".
fn trend(points: &[Point], f: impl Fn(&Point) -> f64) -> &'static str {
    let values: Vec<f64> = points.iter().map(&f).filter(|v| v.is_finite()).collect();
    let (Some(&last), n) = (values.last(), values.len()) else { return "steady" };
    let before = values[n.saturating_sub(1 + n / 10).min(n - 1)];
    let change = (last - before) / before.abs().max(1e-12);
    if change < -0.02 {
        "falling"
    } else if change > 0.02 {
        "rising"
    } else {
        "steady"
    }
}

/// The loss panel.
pub fn loss(s: &Scene<'_>) -> String {
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

/// The alignment panel.
pub fn alignment(s: &Scene<'_>) -> String {
    let hidden = s.hidden();
    let points = s.history.points();
    let mut parts = Vec::new();
    for (l, layer) in s.latest.layers[..hidden].iter().enumerate() {
        if let Some(a) = layer.feedback_angle_deg {
            parts.push(format!(
                "{}: {}, {}",
                feedback_name(l),
                format::degrees(a),
                trend(points, |p| p.feedback_angle[l])
            ));
        }
        if let Some(a) = layer.update_angle_deg {
            let name = format!("ΔW{} vs backprop", subscript(l + 1));
            parts.push(format!("{name}: {}, {}", format::degrees(a), trend(points, |p| p.update_angle[l])));
        }
    }
    if parts.is_empty() {
        format!("Weight alignment: none to show for {} here.", s.rule().title())
    } else {
        format!("Weight alignment (90° is unrelated): {}.", parts.join("; "))
    }
}

/// The error-signal panel.
pub fn errors(s: &Scene<'_>) -> String {
    if let Some(why) = s.rule().info().silent {
        return crate::heatmap::capitalised(why);
    }
    let depth = s.latest.layers.len();
    let parts: Vec<String> = s
        .latest
        .layers
        .iter()
        .enumerate()
        .map(|(l, d)| format!("{} ‖δ‖ {}", units_name(l, depth), format::number(d.error_norm)))
        .collect();
    format!("Error signals of the probe example: {}.", parts.join(", "))
}

/// The activity panel.
pub fn activity(s: &Scene<'_>) -> String {
    if let Some(why) = s.rule().info().silent {
        return crate::heatmap::capitalised(why);
    }
    let depth = s.latest.layers.len();
    let what = if s.trainer.rule().internals().influenced.is_empty() {
        "the implied target f(z − δ)"
    } else {
        "the activity with feedback"
    };
    let parts: Vec<String> = s
        .latest
        .layers
        .iter()
        .enumerate()
        .map(|(l, d)| {
            let gap = d.forward.iter().zip(&d.feedback).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt();
            format!("{} differs by {}", units_name(l, depth), format::number(gap))
        })
        .collect();
    format!("Feedforward activity of the probe against {what}: {}.", parts.join(", "))
}

/// The task panel.
pub fn task(s: &Scene<'_>) -> String {
    let d = s.latest;
    match s.task().info().view {
        View::Boundary => format!(
            "{}: the network's answer over the plane, with the points; test accuracy {}.",
            s.task().title(),
            d.test_accuracy.map_or("–".into(), format::percent)
        ),
        View::ErrorCurve => {
            format!("Normalized error on held-out examples: {}.", d.nse.map_or("–".into(), format::number))
        }
        View::Digit => {
            let label = s.trainer.data().test.labels.as_ref().map_or(0, |l| usize::from(l[0]));
            let p = d.probe_output.get(label).copied().unwrap_or(f64::NAN);
            format!("The probe is a handwritten {label}; the network gives it {}.", format::percent(p))
        }
        View::Reconstruction => format!(
            "The probe digit beside its reconstruction; normalized error {}.",
            d.nse.map_or("–".into(), format::number)
        ),
        View::Charts => {
            let parts: Vec<String> = s
                .trainer
                .task_charts()
                .iter()
                .flat_map(|c| {
                    c.lines.iter().filter_map(move |l| {
                        let &(x, y) = l.points.iter().rev().find(|p| p.1.is_finite())?;
                        Some(format!("{}, {}: {} at {} {}", c.y_title, l.label, format::number(y), c.x_title, x))
                    })
                })
                .collect();
            format!("{}: {}.", s.task().title(), parts.join("; "))
        }
        View::Cloud => {
            let parts: Vec<String> =
                d.measures.iter().map(|m| format!("{} {}", m.label, format::number(m.value))).collect();
            format!("The Gaussian cloud with its principal axes and each unit's weights: {}.", parts.join(", "))
        }
    }
}

/// The network panel.
pub fn network(s: &Scene<'_>) -> String {
    let sizes = s.trainer.network().sizes();
    let widths: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
    let feedback = match s.trainer.rule().internals().feedback {
        plasticity::rules::Pathway::Layered(_) => " beside the feedback weights B that carry errors down",
        plasticity::rules::Pathway::Direct(_) => {
            " beside the direct feedback weights D from the output to each hidden layer"
        }
        plasticity::rules::Pathway::None => "",
    };
    format!("The network {}: forward weights{feedback}.", widths.join("–"))
}
