//! The weight-alignment panel: per hidden layer, the angle between the rule's update and backprop's, and between
//! each feedback matrix and the forward weights it stands in for, over training; with its caption and text
//! alternative.

use crate::history::Point;
use plotters_backend::DrawingBackend;

use crate::axis::{Labels, Scale};
use crate::frame::{Axis, Dash, Entry, Frame, Mark, Spec, layer_colour};
use crate::format;
use crate::lines::{line, steps_axis, trend};
use crate::paint::{Painter, Rect, faded, solid};
use crate::palette::INK;
use crate::scene::{Scene, feedback_name, subscript};
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "alignment",
    heading: "Weight alignment",
    in_comparison: true,
    every_fourth_frame: false,
    caption,
    summary,
};

/// Per hidden layer: the angle between the feedback `B_k` and the forward weights `W_{k+1}ᵀ` it replaces (thick),
/// and between the rule's update of `W_k` and backprop's (dashed), from 0° to 180°, with 90° — unrelated —
/// marked in the margin. A rule for which neither exists says why in words.
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
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
        p.note(&note, at, frame.plot.width() - 2 * pad, &font)?;
    }
    Ok(())
}

/// The alignment panel.
fn caption(s: &Scene<'_>) -> Caption {
    let title = "Weight alignment";
    let (rule, hidden) = (s.rule(), s.hidden());
    let layers = &s.latest.layers[..hidden];
    if !rule.is_supervised() {
        return heading(title, "This rule follows no loss, so there is no gradient to align its updates with.");
    }
    if hidden == 0 {
        return heading(title, "Without a hidden layer every synapse sees its own error: nothing needs aligning.");
    }
    if layers.iter().all(|l| l.update_angle_deg.is_none() && l.feedback_angle_deg.is_none()) {
        return heading(title, "The hidden layers never change, so there is no update to compare.");
    }
    let scale = "0°: the same direction; 90°: unrelated; 180°: opposite.";
    if layers.iter().any(|l| l.feedback_angle_deg.is_some()) {
        heading(
            title,
            &format!(
                "Thick: each feedback matrix B against the forward weights Wᵀ it stands in for. Dashed: the \
                 rule's update of each hidden layer against backprop's. {scale}"
            ),
        )
    } else {
        heading(title, &format!("The rule's update of each hidden layer against backprop's. {scale}"))
    }
}

/// The alignment panel.
fn summary(s: &Scene<'_>) -> String {
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
