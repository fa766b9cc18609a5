//! The network drawn as a graph: forward weights on the left (colour = sign, width = magnitude) and, for rules
//! that have them, the feedback matrices on the right — `B` layer by layer, or direct feedback alignment's `D`
//! straight from the output to each hidden layer — so weight transport is something one can see.
//!
//! Edges are sorted into eight buckets (sign × four strength levels) and each bucket is stroked as one path, so a
//! 64–32–10 network costs eight strokes, not 2,368.

use plasticity::Trainer;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use plasticity::rules::Pathway;

use super::cleared;

/// Strength levels per sign.
const LEVELS: usize = 4;

/// Draws forward weights and, where the rule has them, feedback weights.
pub fn network(canvas: HtmlCanvasElement, trainer: &Trainer) -> Result<(), JsValue> {
    let ctx = cleared(&canvas)?;
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let net = trainer.network();
    let sizes = net.sizes();
    let feedback = trainer.rule().internals().feedback;
    let panel = if matches!(feedback, Pathway::None) { w } else { w / 2.0 };
    let depth = sizes.len() - 1;
    let adjacent: Vec<(usize, usize)> = (0..depth).map(|l| (l, l + 1)).collect();
    // Edge (j of layer l, i of layer l + 1) of the forward graph is W_l[i, j].
    graph(&ctx, (0.0, panel, h), "forward W", &sizes, &adjacent, |l, i, j| Some(net.layers[l].w[(i, j)]))?;
    match feedback {
        Pathway::Layered(b) => {
            // B_{l−1} stands in for W_lᵀ, so the same edge reads B_{l−1}[j, i]; the input layer has no feedback.
            let read = |l: usize, i: usize, j: usize| l.checked_sub(1).and_then(|k| b.get(k)).map(|m| m[(j, i)]);
            graph(&ctx, (panel, panel, h), "feedback B", &sizes, &adjacent, read)
        }
        Pathway::Direct(d) => {
            // D_l (n_{l+1} × n_L) carries the output error straight to hidden layer l + 1: link k joins unit j of
            // the output to unit i of layer k + 1.
            let links: Vec<(usize, usize)> = (0..d.len()).map(|k| (depth, k + 1)).collect();
            graph(&ctx, (panel, panel, h), "direct feedback D", &sizes, &links, |k, i, j| Some(d[k][(i, j)]))
        }
        Pathway::None => Ok(()),
    }
}

/// Draws one graph in the panel `(left, width, height)`: for each link `k = (from, to)` of `links`,
/// `edge(k, i, j)` is the weight from unit `j` of layer `from` to unit `i` of layer `to`, or `None` where the
/// graph has no such edges.
fn graph(
    ctx: &CanvasRenderingContext2d,
    (left, width, height): (f64, f64, f64),
    title: &str,
    sizes: &[usize],
    links: &[(usize, usize)],
    edge: impl Fn(usize, usize, usize) -> Option<f64>,
) -> Result<(), JsValue> {
    let x = |layer: usize| left + 14.0 + (width - 28.0) * layer as f64 / (sizes.len() - 1) as f64;
    let y = |i: usize, n: usize| 20.0 + (height - 28.0) * (i as f64 + 0.5) / n as f64;
    for (l, &(from, to)) in links.iter().enumerate() {
        let (n_in, n_out) = (sizes[from], sizes[to]);
        let pairs = || (0..n_out).flat_map(move |i| (0..n_in).map(move |j| (i, j)));
        let max = pairs().filter_map(|(i, j)| edge(l, i, j)).fold(0.0f64, |a, v| a.max(v.abs()));
        if max == 0.0 || !max.is_finite() {
            continue;
        }
        // Weak edges first, strong ones on top, both signs at each level.
        for level in 0..LEVELS {
            for (positive, rgb) in [(true, "8,119,189"), (false, "245,147,34")] {
                let strength = (level as f64 + 1.0) / LEVELS as f64;
                ctx.set_stroke_style_str(&format!("rgba({rgb},{})", 0.25 + 0.75 * strength));
                ctx.set_line_width(0.5 + 3.0 * strength);
                ctx.begin_path();
                for (i, j) in pairs() {
                    let Some(v) = edge(l, i, j) else { continue };
                    let bucket = ((v.abs() / max * LEVELS as f64) as usize).min(LEVELS - 1);
                    if (v >= 0.0) == positive && bucket == level {
                        ctx.move_to(x(from), y(j, n_in));
                        ctx.line_to(x(to), y(i, n_out));
                    }
                }
                ctx.stroke();
            }
        }
    }
    ctx.set_fill_style_str("#3c3c3c");
    ctx.begin_path();
    for (layer, &n) in sizes.iter().enumerate() {
        for i in 0..n {
            ctx.move_to(x(layer) + 3.0, y(i, n));
            ctx.arc(x(layer), y(i, n), 3.0, 0.0, std::f64::consts::TAU)?;
        }
    }
    ctx.fill();
    ctx.set_font("12px sans-serif");
    ctx.set_text_baseline("top");
    ctx.fill_text(title, left + 6.0, 2.0)
}
