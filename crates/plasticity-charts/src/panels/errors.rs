//! The error-signal heatmap: per layer, units × recent measurements of the probe's signed `δ`, coloured by `−δ`
//! (blue: the error pushes the unit up; orange: down, as in the activity panel), each layer on its own symmetric
//! scale (written beside it) so that small hidden-layer errors stay visible. A layer that no error reaches says
//! so, and so does a rule whose units carry none.
//! Its caption and text alternative are here too.

use plotters_backend::DrawingBackend;
use crate::format;
use crate::paint::{Anchor, Painter, Rect, grid_image, solid};
use crate::palette::{INK, diverging};
use crate::scene::{Scene, units_name};
use crate::format::capitalised;
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "errors",
    heading: "Error signals δ of the probe example",
    in_comparison: false,
    every_fourth_frame: false,
    caption,
    summary,
};

/// Draws the heatmap, newest measurement on the right.
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    if let Some(why) = s.rule().info().silent {
        return p.message(area, &capitalised(why), solid(INK));
    }
    let trace = s.trace;
    let units = trace.units();
    let depth = units.len();
    let t = p.theme;
    let pad = t.pad as i32;
    let label = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    // The labels' column: as wide as the widest of them.
    let texts: Vec<(String, String)> = (0..depth)
        .map(|l| {
            let scale = band_scale(s, l);
            let norm = s.latest.layers.get(l).map_or(f64::NAN, |d| d.error_norm);
            let name = format!("{} · {} unit{}", units_name(l, depth), units[l], if units[l] == 1 { "" } else { "s" });
            (name, format!("‖δ‖ {}, scale ±{}", format::number(norm), format::number(scale)))
        })
        .collect();
    let label_width = texts.iter().flat_map(|(a, b)| [a, b]).map(|x| p.measure(x, &label).0).max().unwrap_or(0);
    let bands = area.inset(pad).rows(depth, pad);
    let columns = trace.len().max(1);
    for (l, band) in bands.iter().enumerate() {
        let (name, numbers) = &texts[l];
        let line = (t.font * 1.25) as i32;
        p.text(name, (band.left, band.top), &label)?;
        p.text(numbers, (band.left, band.top + line), &label)?;
        let image = Rect { left: band.left + label_width + pad, ..*band };
        let (w, h) = (image.width().max(1) as u32, image.height().max(1) as u32);
        let scale = band_scale(s, l);
        if scale == 0.0 {
            p.rect(image, solid(plotters::style::RGBColor(245, 245, 245)), true)?;
            p.message(image, "no error signal reaches this layer", solid(INK))?;
            continue;
        }
        // Coloured by −δ, the way the error pushes the unit, as the activity panel colours its targets.
        let rgb = grid_image((w, h), (units[l], columns), |unit, col| {
            let age = columns - 1 - col;
            (age < trace.len()).then(|| diverging(-trace.get(l, unit, age) / scale))
        });
        p.bitmap((image.left, image.top), (w, h), &rgb)?;
    }
    Ok(())
}

/// The largest |δ| of layer `l` over the trace (0 when no error ever reached it).
fn band_scale(s: &Scene<'_>, l: usize) -> f64 {
    let trace = s.trace;
    let n = trace.units()[l];
    (0..n)
        .flat_map(|i| (0..trace.len()).map(move |a| (i, a)))
        .map(|(i, a)| trace.get(l, i, a).abs())
        .fold(0.0, f64::max)
}

/// The error-signal panel.
fn caption(s: &Scene<'_>) -> Caption {
    let title = "Error signals δ of the probe example";
    if s.rule().info().silent.is_some() {
        return heading(title, "This rule sends no error signal to any unit.");
    }
    heading(
        title,
        "A band per layer, a row per unit, newest on the right; blue: the error pushes the unit up (δ < 0), \
         orange: down — as in the activity panel.",
    )
}

/// The error-signal panel.
fn summary(s: &Scene<'_>) -> String {
    if let Some(why) = s.rule().info().silent {
        return crate::format::capitalised(why);
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
