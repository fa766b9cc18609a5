//! The network: forward weights beside the feedback weights that carry errors down (where the rule has them) —
//! `B_k` layer by layer, or direct feedback alignment's `D_k` straight from the output — so weight transport is
//! something one can see. Small networks are drawn as graphs (colour = sign, width = strength); a network with a
//! layer wider than 16 units as weight-matrix heatmaps, each `B_k` transposed under the `W_{k+1}` it stands in
//! for, where a graph would be a tangle.
//! Its caption and text alternative are here too.

use plasticity::rules::Pathway;
use plotters_backend::DrawingBackend;
use crate::paint::{Anchor, Painter, Rect, Stroke, faded, grid_image, solid};
use crate::palette::{BLUE, INK, ORANGE, diverging};
use crate::scene::{Scene, subscript};
use super::{Caption, Fallible, Panel, caption as heading};

/// The panel's facts: see [`Panel`].
pub static PANEL: Panel = Panel {
    name: "network",
    heading: "The network",
    in_comparison: false,
    every_fourth_frame: true,
    caption,
    summary,
};

/// The widest layer drawn as a graph.
pub const GRAPH_UNITS: usize = 16;

/// Draws the network as a graph or as heatmaps (see the module's documentation).
pub fn draw<DB: DrawingBackend>(p: &mut Painter<'_, DB>, area: Rect, s: &Scene<'_>) -> Fallible<DB> {
    let net = s.trainer.network();
    let sizes = net.sizes();
    let internals = s.trainer.rule().internals();
    if sizes.iter().all(|&n| n <= GRAPH_UNITS) {
        graphs(p, area, &sizes, net, internals.feedback)
    } else {
        heatmaps(p, area, net, internals.feedback)
    }
}

fn graphs<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    area: Rect,
    sizes: &[usize],
    net: &plasticity::Network,
    feedback: Pathway<'_>,
) -> Fallible<DB> {
    let halves = if matches!(feedback, Pathway::None) { vec![area] } else { area.columns(2, p.theme.pad as i32) };
    let depth = sizes.len() - 1;
    let adjacent: Vec<(usize, usize)> = (0..depth).map(|l| (l, l + 1)).collect();
    // Edge (j of layer l, i of layer l + 1) of the forward graph is W_l[i, j].
    graph(p, halves[0], "forward weights W", sizes, &adjacent, |l, i, j| Some(net.layers[l].w[(i, j)]))?;
    match feedback {
        Pathway::Layered(b) => {
            // B_{l−1} stands in for W_lᵀ, so the same edge reads B_{l−1}[j, i]; the input layer has no feedback.
            let read = |l: usize, i: usize, j: usize| l.checked_sub(1).and_then(|k| b.get(k)).map(|m| m[(j, i)]);
            graph(p, halves[1], "feedback B (carries errors down)", sizes, &adjacent, read)
        }
        Pathway::Direct(d) => {
            // D_k (n_{k+1} × n_L) carries the output error straight to hidden layer k + 1.
            let links: Vec<(usize, usize)> = (0..d.len()).map(|k| (depth, k + 1)).collect();
            graph(p, halves[1], "direct feedback D (output error to each layer)", sizes, &links, |k, i, j| {
                Some(d[k][(i, j)])
            })
        }
        Pathway::None => Ok(()),
    }
}

/// Draws one graph in `area`: for each link `k = (from, to)`, `edge(k, i, j)` is the weight from unit `j` of
/// layer `from` to unit `i` of layer `to`, or `None` where the graph has no such edge.
fn graph<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    area: Rect,
    title: &str,
    sizes: &[usize],
    links: &[(usize, usize)],
    edge: impl Fn(usize, usize, usize) -> Option<f64>,
) -> Fallible<DB> {
    let t = p.theme;
    let pad = t.pad as i32;
    let font = p.font(t.font, solid(INK), Anchor::TOP_LEFT);
    let used = p.paragraph(title, (area.left + pad, area.top + pad / 2), area.width() - 2 * pad, &font)?;
    let body = Rect { top: area.top + pad / 2 + used, ..area }.inset(pad);
    let radius = (t.font * 0.3).max(2.0) as i32;
    let x = |layer: usize| body.left + radius + (body.width() - 2 * radius) * layer as i32 / (sizes.len() - 1) as i32;
    let y = |i: usize, n: usize| body.top + ((f64::from(body.height()) * (i as f64 + 0.5)) / n as f64) as i32;
    for (k, &(from, to)) in links.iter().enumerate() {
        let (n_in, n_out) = (sizes[from], sizes[to]);
        let pairs = || (0..n_out).flat_map(move |i| (0..n_in).map(move |j| (i, j)));
        let max = pairs().filter_map(|(i, j)| edge(k, i, j)).fold(0.0f64, |a, v| a.max(v.abs()));
        if max == 0.0 || !max.is_finite() {
            continue;
        }
        for (i, j) in pairs() {
            let Some(v) = edge(k, i, j) else { continue };
            let strength = v.abs() / max;
            let colour = faded(if v >= 0.0 { BLUE } else { ORANGE }, 0.25 + 0.75 * strength);
            let width = (t.dpr * (0.5 + 3.0 * strength)).round().max(1.0) as u32;
            p.line((x(from), y(j, n_in)), (x(to), y(i, n_out)), Stroke { colour, width })?;
        }
    }
    let node = Stroke { colour: solid(INK), width: 1 };
    for (layer, &n) in sizes.iter().enumerate() {
        for i in 0..n {
            p.circle((x(layer), y(i, n)), radius as u32, node, true)?;
        }
    }
    Ok(())
}

fn heatmaps<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    area: Rect,
    net: &plasticity::Network,
    feedback: Pathway<'_>,
) -> Fallible<DB> {
    let depth = net.depth();
    let rows = if matches!(feedback, Pathway::None) { 1 } else { 2 };
    let pad = p.theme.pad as i32;
    let bands = area.inset(pad / 2).rows(rows, pad);
    for (l, cell) in bands[0].columns(depth, pad).into_iter().enumerate() {
        let w = &net.layers[l].w;
        let title = format!("W{} ({}×{})", subscript(l + 1), w.nrows(), w.ncols());
        matrix(p, cell, &title, w.nrows(), w.ncols(), |i, j| w[(i, j)])?;
    }
    if let Some(band) = bands.get(1) {
        let cells = band.columns(depth, pad);
        match feedback {
            Pathway::Layered(b) => {
                // Bₖᵀ under the W_{k+1} it stands in for: alignment is the two looking alike.
                for (k, bk) in b.iter().enumerate() {
                    let title = format!("B{}ᵀ, under W{}", subscript(k + 1), subscript(k + 2));
                    matrix(p, cells[k + 1], &title, bk.ncols(), bk.nrows(), |i, j| bk[(j, i)])?;
                }
            }
            Pathway::Direct(d) => {
                for (k, dk) in d.iter().enumerate() {
                    let title = format!("D{} (output → layer {})", subscript(k + 1), k + 1);
                    matrix(p, cells[k], &title, dk.nrows(), dk.ncols(), |i, j| dk[(i, j)])?;
                }
            }
            Pathway::None => {}
        }
    }
    Ok(())
}

/// One matrix as a heatmap on its own symmetric scale, titled.
fn matrix<DB: DrawingBackend>(
    p: &mut Painter<'_, DB>,
    cell: Rect,
    title: &str,
    rows: usize,
    cols: usize,
    value: impl Fn(usize, usize) -> f64,
) -> Fallible<DB> {
    let t = p.theme;
    let font = p.font(t.font * 0.9, solid(INK), Anchor::TOP_LEFT);
    let lines = p.wrap(title, &font, cell.width());
    let line = (t.font * 1.15) as i32;
    for (k, text) in lines.iter().enumerate() {
        p.text(text, (cell.left, cell.top + k as i32 * line), &font)?;
    }
    let image = Rect { top: cell.top + lines.len() as i32 * line + 2, ..cell };
    let (w, h) = (image.width().max(1) as u32, image.height().max(1) as u32);
    let max =
        (0..rows).flat_map(|i| (0..cols).map(move |j| (i, j))).map(|(i, j)| value(i, j).abs()).fold(0.0, f64::max);
    let scale = if max > 0.0 && max.is_finite() { max } else { 1.0 };
    let rgb = grid_image((w, h), (rows, cols), |i, j| Some(diverging(value(i, j) / scale)));
    p.bitmap((image.left, image.top), (w, h), &rgb)?;
    p.rect(image, faded(INK, 0.3), false)
}

/// The network panel.
fn caption(s: &Scene<'_>) -> Caption {
    let colours = "blue positive, orange negative, stronger darker.";
    let text = match s.trainer.rule().internals().feedback {
        Pathway::Layered(_) => {
            format!("Forward weights W beside the feedback weights B that carry errors (or targets) down; {colours}")
        }
        Pathway::Direct(_) => {
            format!("Forward weights W beside the direct feedback from the output to each hidden layer; {colours}")
        }
        Pathway::None => format!("Forward weights W (this rule has no separate feedback weights); {colours}"),
    };
    heading("The network", &text)
}

/// The network panel.
fn summary(s: &Scene<'_>) -> String {
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
