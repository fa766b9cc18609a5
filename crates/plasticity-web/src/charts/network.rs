//! The network drawn as a graph: forward weights on the left (colour = sign, width = magnitude) and, for rules
//! that have them, the feedback matrices `B` on the right, so weight transport is something one can see.

use nalgebra::DMatrix;
use plasticity::Trainer;
use plotters::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{BLUE, INK, ORANGE, area, js};

/// Draws forward weights and, where the rule has them, feedback weights.
pub fn network(canvas: HtmlCanvasElement, trainer: &Trainer) -> Result<(), JsValue> {
    let root = area(canvas)?;
    let net = trainer.network();
    let sizes = net.sizes();
    let feedback = trainer.rule().feedback();
    let panels = if feedback.is_some() { root.split_evenly((1, 2)) } else { vec![root.clone()] };
    let forward: Vec<_> = net.layers.iter().map(|l| (l.w.clone(), false)).collect();
    draw_graph(&panels[0], "forward W", &sizes, &forward)?;
    if let (Some(b), Some(panel)) = (feedback, panels.get(1)) {
        // B_l stands in for W_{l+1}ᵀ: drawn between the same layers as W_{l+1}, as its transpose.
        let mut mats: Vec<_> = net.layers.iter().map(|l| (l.w.clone(), true)).collect();
        for (l, bl) in b.iter().enumerate() {
            mats[l + 1] = (bl.transpose(), false);
        }
        draw_graph(panel, "feedback B", &sizes, &mats)?;
    }
    root.present().map_err(js)
}

/// Draws one graph; matrices marked `true` are left out (no feedback for that layer).
fn draw_graph<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    sizes: &[usize],
    mats: &[(DMatrix<f64>, bool)],
) -> Result<(), JsValue> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(title.to_string(), (6, 2), ("sans-serif", 12).into_font().color(&INK))).map_err(js)?;
    let x = |layer: usize| 14.0 + (f64::from(w) - 28.0) * layer as f64 / (sizes.len() - 1) as f64;
    let y = |i: usize, n: usize| 20.0 + (f64::from(h) - 28.0) * (i as f64 + 0.5) / n as f64;
    for (l, (m, skip)) in mats.iter().enumerate() {
        if *skip {
            continue;
        }
        let max = m.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1e-12);
        for (i, j) in (0..m.nrows()).flat_map(|i| (0..m.ncols()).map(move |j| (i, j))) {
            let v = m[(i, j)];
            let colour = if v >= 0.0 { BLUE } else { ORANGE };
            let width = (0.5 + 3.0 * v.abs() / max) as u32;
            let from = (x(l) as i32, y(j, m.ncols()) as i32);
            let to = (x(l + 1) as i32, y(i, m.nrows()) as i32);
            let style = colour.mix(0.3 + 0.7 * v.abs() / max).stroke_width(width.max(1));
            area.draw(&PathElement::new([from, to], style)).map_err(js)?;
        }
    }
    for (layer, &n) in sizes.iter().enumerate() {
        for i in 0..n {
            let c = (x(layer) as i32, y(i, n) as i32);
            area.draw(&Circle::new(c, 3, INK.filled())).map_err(js)?;
        }
    }
    Ok(())
}
