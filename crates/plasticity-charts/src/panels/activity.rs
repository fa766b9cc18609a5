//! Feedforward versus feedback-influenced activity of the probe example: per layer, each unit's feedforward
//! value (grey) beside its feedback-influenced value (colour). For the NGRAD rules (predictive coding, target
//! propagation, equilibrium propagation, CHL) that is the activity their feedback really produces; for the
//! others it is the target their error signal implies, `f(z − δ)`, and the panel says so.
//! Its caption and text alternative are here too.

use plotters_backend::DrawingBackend;
use crate::format;
use crate::paint::{Anchor, Painter, Rect, Stroke, faded, solid};
use crate::palette::{BLUE, INK, ORANGE};
use crate::scene::{Scene, units_name};
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "activity",
    heading: "Feedforward vs feedback-influenced activity",
    in_comparison: false,
    every_fourth_frame: false,
    caption,
    summary,
};

/// Draws one row of paired bars per layer.
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    if let Some(why) = s.rule().info().silent {
        return p.message(area, &crate::format::capitalised(why), solid(INK));
    }
    let t = p.theme;
    let pad = t.pad as i32;
    let influenced = !s.trainer.rule().internals().influenced.is_empty();
    let legend = if influenced {
        "grey: feedforward h · colour: activity with the feedback (blue above, orange below) · black: their \
         difference, on its own scale"
    } else {
        "grey: feedforward h · colour: implied target f(z − δ) (blue above, orange below)"
    };
    let small = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    let lines = p.wrap(legend, &small, area.width() - 2 * pad);
    let line = (t.font * 1.3) as i32;
    for (k, text) in lines.iter().enumerate() {
        p.text(text, (area.left + pad, area.top + pad + k as i32 * line), &small)?;
    }
    let body = Rect { top: area.top + pad + lines.len() as i32 * line + pad / 2, ..area }.inset(pad / 2);
    let layers = &s.latest.layers;
    let depth = layers.len();
    for (l, (layer, band)) in layers.iter().zip(body.rows(depth, pad)).enumerate() {
        let top =
            layer.forward.iter().chain(&layer.feedback).filter(|v| v.is_finite()).fold(0.0f64, |m, v| m.max(v.abs()));
        let top = if top > 0.0 { top * 1.1 } else { 1.0 };
        // Where feedback really moves the activity (the NGRAD rules), the difference itself, scaled to the layer's
        // largest: a nudge of β = 0.1 leaves the two bars nearly equal, and the difference is the error.
        let gap_top = if influenced {
            layer.forward.iter().zip(&layer.feedback).map(|(a, b)| (b - a).abs()).filter(|d| d.is_finite()).fold(0.0, f64::max)
        } else {
            0.0
        };
        let gap_note = (gap_top > 0.0).then(|| format!("difference ±{}", format::number(gap_top)));
        let name = format!("{} ±{}", units_name(l, depth), format::number(top / 1.1));
        let label_width = p
            .measure("output ±0.000", &small)
            .0
            .max(p.measure(&name, &small).0)
            .max(p.measure("first 00 of 000", &small).0)
            // The widest a difference is written ("3.59e-6"), the same for every layer so that their bars line up.
            .max(if influenced { p.measure("difference ±0.00e-00", &small).0 } else { 0 });
        // Labels beside the bars, or, where they would take more than two fifths of the width (large type on a
        // narrow panel: a projector's), in a line above them.
        let stacked = label_width * 5 > band.width() * 2;
        let mut plot = match stacked {
            true => band,
            false => Rect { left: band.left + label_width + pad, ..band },
        };
        // Bars no thinner than a few pixels: a wide layer shows its first units and says so.
        let fit = (plot.width() / t.px(7.0).max(1) as i32).max(1) as usize;
        let n = layer.units.clamp(1, fit);
        let first = (n < layer.units).then(|| format!("first {n} of {}", layer.units));
        if stacked {
            let parts = [Some(name.as_str()), first.as_deref(), gap_note.as_deref()];
            let heading: Vec<&str> = parts.into_iter().flatten().collect();
            let used = p.paragraph(&heading.join(" · "), (band.left, band.top), band.width(), &small)?;
            plot.top = (band.top + used).min(band.bottom - 2);
        } else {
            p.text(&name, (band.left, band.top), &small)?;
            if let Some(note) = &first {
                p.text(note, (band.left, band.top + line), &p.font(t.font, faded(INK, 0.8), Anchor::TOP_LEFT))?;
            }
            if let Some(note) = &gap_note {
                let row = if first.is_some() { 2 } else { 1 };
                p.text(note, (band.left, band.top + row * line), &small)?;
            }
        }
        let zero = (plot.top + plot.bottom) / 2;
        let half = f64::from(plot.height()) / 2.0;
        p.line((plot.left, zero), (plot.right, zero), Stroke { colour: faded(INK, 0.4), width: t.px(1.0) })?;
        let slot = f64::from(plot.width()) / n as f64;
        let (share, bars) = if gap_top > 0.0 { (0.28, [0.04, 0.34, 0.64]) } else { (0.42, [0.06, 0.5, 0.0]) };
        for i in 0..n {
            let (ff, fb) =
                (layer.forward.get(i).copied().unwrap_or(0.0), layer.feedback.get(i).copied().unwrap_or(0.0));
            let x = plot.left + (i as f64 * slot) as i32;
            let w = ((slot * share) as i32).max(1);
            let bar = |v: f64, scale: f64, at: i32| {
                let y = zero - ((v / scale).clamp(-1.0, 1.0) * half) as i32;
                Rect { left: at, right: at + w, top: y.min(zero), bottom: y.max(zero) + 1 }
            };
            let grey = solid(plotters::style::RGBColor(150, 150, 150));
            p.rect(bar(ff, top, x + (slot * bars[0]) as i32), grey, true)?;
            let colour = if fb >= ff { BLUE } else { ORANGE };
            p.rect(bar(fb, top, x + (slot * bars[1]) as i32), solid(colour), true)?;
            if gap_top > 0.0 {
                p.rect(bar(fb - ff, gap_top, x + (slot * bars[2]) as i32), solid(INK), true)?;
            }
        }
    }
    Ok(())
}

/// The activity panel: feedforward activity against the activity (or target) that feedback brings.
fn caption(s: &Scene<'_>) -> Caption {
    let title = "Feedforward vs feedback-influenced activity";
    if s.rule().info().silent.is_some() {
        return heading(title, "Without feedback there is no second activity to compare with the feedforward one.");
    }
    if s.trainer.rule().internals().influenced.is_empty() {
        heading(
            title,
            "Grey: each unit's feedforward activity h = f(z); colour: the target its error implies, f(z − δ) — an \
             implied target, not an activity the network has. The gap is the error carried as activity — the \
             NGRAD idea.",
        )
    } else {
        heading(
            title,
            "Grey: each unit's feedforward activity; colour: its activity once feedback has acted; black: the \
             difference, on each layer's own scale (written with its label), since a weak nudge leaves the two nearly \
             equal. The difference is the error carried as activity — the NGRAD idea.",
        )
    }
}

/// The activity panel.
fn summary(s: &Scene<'_>) -> String {
    if let Some(why) = s.rule().info().silent {
        return crate::format::capitalised(why);
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
