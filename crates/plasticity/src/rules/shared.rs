//! Pieces that several rules are built from: the layered feedback chain (backprop, feedback alignment, sign
//! symmetry, Kolen–Pollack, weight mirrors), random feedback matrices, the subtractive Hebbian body (Oja,
//! Sanger) and the two-phase contrast (contrastive Hebbian learning, equilibrium propagation).

use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use crate::kernels;
use crate::net::{Feedback, Grads, Network, Workspace, draw_matrix};
use crate::random::{Init, Rng, Stream};

/// The chain every layered-feedback rule shares: from the output down, send the error signal through
/// `feedback(l)` (which stands in for `W_{l+1}ᵀ`) and set each layer's direction `⟨δ_l h_lᵀ⟩`. Rules differ only in
/// the matrix they hand it.
pub(crate) fn chain<'a>(
    net: &'a Network,
    ws: &mut Workspace,
    grads: &mut Grads,
    feedback: impl Fn(usize) -> Feedback<'a>,
) {
    for l in (0..net.depth()).rev() {
        if l + 1 < net.depth() {
            ws.send_down(l, feedback(l), net.layers[l].f);
        }
        grads.set_from_delta(l, ws);
    }
}

/// The shared body of Oja's and Sanger's rules on a single linear layer `y = W x`: unit `i` learns
/// `Δw_i = η y_i (x − Σ_{m = first(i)..=i} y_m w_m)` — Hebbian growth minus what units `first(i)..=i` already
/// explain (Oja: only itself; Sanger: itself and every unit before it). No error signal is reported.
pub(crate) fn subtractive_hebbian(
    net: &Network,
    ws: &mut Workspace,
    grads: &mut Grads,
    first: impl Fn(usize) -> usize,
) {
    let w = &net.layers[0].w;
    let (n, d, cols) = (w.nrows(), w.ncols(), ws.cols);
    let (x, y) = (ws.h[0].as_slice(), ws.h[1].as_slice());
    let g = &mut grads.w[0];
    g.fill(0.0);
    for j in 0..cols {
        for i in 0..n {
            let yi = y[j * n + i];
            for k in 0..d {
                let explained: f64 = (first(i)..=i).map(|m| y[j * n + m] * w[(m, k)]).sum();
                g[(i, k)] -= yi * (x[j * d + k] - explained) / cols as f64;
            }
        }
    }
    grads.b[0].fill(0.0);
    ws.delta[0].fill(0.0);
}

/// Fixed random feedback matrices `B_l` (`n_{l+1} × n_{l+2}`, one per hidden layer), drawn from `init` with the
/// fan-in and fan-out of `W_{l+1}` on the run's feedback stream: where feedback alignment, Kolen–Pollack and
/// weight mirrors all start.
pub(crate) fn random_feedback(sizes: &[usize], init: Init, seed: u32) -> Vec<DMatrix<f64>> {
    let mut rng = Rng::new(seed, Stream::Feedback);
    let hidden = sizes.len().saturating_sub(2);
    (0..hidden).map(|l| draw_matrix(sizes[l + 2], sizes[l + 1], init, &mut rng).transpose()).collect()
}

/// The contrast between two phases' Hebbian correlations, which contrastive Hebbian learning and equilibrium
/// propagation both learn from: `G = finish(⟨a_post a_preᵀ⟩ − ⟨b_post b_preᵀ⟩)` entry by entry (batch means over
/// `cols` examples), and the biases likewise. `scratch` holds the second phase's correlation.
pub(crate) fn contrast(
    (a_post, a_pre): (&DMatrix<f64>, &DMatrix<f64>),
    (b_post, b_pre): (&DMatrix<f64>, &DMatrix<f64>),
    cols: usize,
    (g, gb): (&mut DMatrix<f64>, &mut DVector<f64>),
    (scratch_w, scratch_b): (&mut DMatrix<f64>, &mut DVector<f64>),
    finish: impl Fn(f64) -> f64,
) {
    let alpha = 1.0 / cols as f64;
    kernels::outer(alpha, a_post, a_pre, cols, g, gb);
    kernels::outer(alpha, b_post, b_pre, cols, scratch_w, scratch_b);
    for (g, h) in g.iter_mut().zip(scratch_w.iter()).chain(gb.iter_mut().zip(scratch_b.iter())) {
        *g = finish(*g - h);
    }
}
