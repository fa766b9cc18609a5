//! Equilibrium propagation (Scellier & Bengio 2017, *Front. Comput. Neurosci.* 11:24, "Equilibrium propagation:
//! bridging the gap between energy-based models and backpropagation"), with the output as a readout of the
//! settled network (Laborieux et al. 2021, *Front. Neurosci.* 15:633674, "Scaling equilibrium propagation to
//! deep convnets").
//!
//! The hidden layers form a layered Hopfield network: every connection between them is used in both directions
//! (`W_l` upwards, `W_lᵀ` downwards), and their state `s` settles to a minimum of
//!
//! ```text
//! F(s) = E(s) + β ℓ(f_L(W_L s_top + b_L), t)
//! E(s) = Σ_{k=1..top} Σ_i ∫₀^{s_k,i} f⁻¹(v) dv  −  Σ_{l<top} s_{l+1}ᵀ (W_l s_l + b_l)          s_0 = x, clamped
//! ```
//!
//! whose minimum over one layer, its neighbours held fixed, is `s_k = f(W_{k−1} s_{k−1} + b_{k−1} + W_kᵀ s_{k+1})`
//! (the top layer instead feels `−β ∂ℓ/∂s_top`, sent back through the readout); the state settles by such layer
//! updates, odd layers then even ones. The output layer `W_L` is a readout, outside the energy: with the output
//! inside it, a softmax's unbounded logits (or a linear output) feed back without limit and the network falls
//! into self-sustaining saturated states (measured: digit accuracy back to chance after 900 steps).
//!
//! ```text
//! free phase:     s⁰ = argmin E                          the prediction is the readout of s⁰
//! nudged phase:   s^β = argmin E + β ℓ                   the top layer is pulled a little towards lower loss
//! update:         G_l = (1/β) (s⁰_{l+1} s⁰_lᵀ − s^β_{l+1} s^βᵀ_l)      hidden layers; ΔW_l = −η G_l
//!                 G_L = δ_L s⁰_topᵀ,  δ_L = ∂ℓ/∂z_L at s⁰             the readout: the delta rule
//! ```
//!
//! Each synapse sees only its two ends in the two phases, and the same signal — activity — carries inference
//! and learning. As β → 0 the update becomes exactly the gradient of the loss at the free equilibrium,
//! `J = ℓ(s⁰)`, with respect to the weights (the paper's theorem; `tests/ngrad.rs` checks it against finite
//! differences). That gradient, estimated with symmetric nudges ±β/100, is what the lab's "angle to backprop"
//! compares with for this rule. With one hidden layer, nothing sits above it to feed back, so the free phase is
//! the forward pass and EP is a finite-difference form of backprop; from two hidden layers on, the settling is
//! real. β = 0.1 here; 20 sweeps settle the free phase (from the forward pass) and 10 the nudged one (from the
//! free equilibrium).

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{Internals, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::activation::Loss;
use crate::kernels::{self, used, used_mut};
use crate::net::{Grads, Network, Workspace};

/// The nudging strength β.
pub const EP_BETA: f64 = 0.1;
/// Layer sweeps of the free phase.
pub const EP_FREE_SWEEPS: usize = 20;
/// Layer sweeps of the nudged phase.
pub const EP_NUDGED_SWEEPS: usize = 10;

pub(super) const RULE: RuleInfo = RuleInfo {
    name: "ep",
    title: "Equilibrium propagation",
    citation: "Scellier & Bengio (2017), Front. Comput. Neurosci. 11:24",
    about: "The hidden layers form a symmetric network that settles twice: free, and with its output gently nudged \
            towards the target. Each synapse compares the correlation of the activity at its two ends between the \
            two settled states; as the nudge shrinks this becomes the gradient of the loss at the free equilibrium. \
            The same signal — activity — carries inference and learning.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    silent: None,
    coincides: None,
    checked_by: "tests/ngrad.rs: equilibrium_propagation_update_tends_to_the_gradient_as_beta_shrinks",
    build: |s| Box::new(EquilibriumPropagation::new(&s.net.sizes(), s.loss)),
};

impl RuleKind {
    /// Equilibrium propagation.
    pub const EQUILIBRIUM_PROPAGATION: RuleKind = RuleKind(&RULE);
}

/// Equilibrium propagation with nudging strength β.
#[derive(Clone, Debug)]
pub struct EquilibriumPropagation {
    sizes: Vec<usize>,
    loss: Loss,
    beta: f64,
    free_sweeps: usize,
    nudged_sweeps: usize,
    /// The nudged phase's state (and scratch), and a second one for the reference's opposite nudge.
    nudged: Workspace,
    opposite: Workspace,
    /// Scratch for the nudged phase's correlation `s^β_{l+1} s^βᵀ_l`.
    corr_w: Vec<DMatrix<f64>>,
    corr_b: Vec<DVector<f64>>,
}

impl EquilibriumPropagation {
    /// EP for a network of widths `sizes` trained on `loss`, with β = [`EP_BETA`] and the default sweeps.
    pub fn new(sizes: &[usize], loss: Loss) -> Self {
        EquilibriumPropagation {
            sizes: sizes.to_vec(),
            loss,
            beta: EP_BETA,
            free_sweeps: EP_FREE_SWEEPS,
            nudged_sweeps: EP_NUDGED_SWEEPS,
            nudged: Workspace::new(sizes, 0),
            opposite: Workspace::new(sizes, 0),
            corr_w: sizes.windows(2).map(|p| DMatrix::zeros(p[1], p[0])).collect(),
            corr_b: sizes[1..].iter().map(|&n| DVector::zeros(n)).collect(),
        }
    }

    /// The same rule with another β and number of sweeps per phase (the tests settle to convergence).
    pub fn with(self, beta: f64, free_sweeps: usize, nudged_sweeps: usize) -> Self {
        EquilibriumPropagation { beta, free_sweeps, nudged_sweeps, ..self }
    }
}

/// Runs the nudged phase with strength `beta` for `sweeps` from the free equilibrium held in `free` into `into`.
fn nudge(net: &Network, free: &Workspace, into: &mut Workspace, (beta, loss, sweeps): (f64, Loss, usize)) {
    let cols = free.cols;
    for (a, b) in into.h.iter_mut().zip(&free.h).chain(into.z.iter_mut().zip(&free.z)) {
        a.columns_mut(0, cols).copy_from(&b.columns(0, cols));
    }
    into.target.columns_mut(0, cols).copy_from(&free.target.columns(0, cols));
    into.cols = cols;
    relax(net, into, cols, beta, loss, sweeps);
}

/// `G_l = (⟨s_{l+1} s_lᵀ⟩_low − ⟨s_{l+1} s_lᵀ⟩_high) / span` for every hidden layer, with `low` the state at `−β`
/// (the free one for a one-sided estimate), `high` the state at `+β`, and `span` the difference in β.
fn contrast(
    net: &Network,
    (low, high): (&Workspace, &Workspace),
    span: f64,
    grads: &mut Grads,
    (corr_w, corr_b): (&mut [DMatrix<f64>], &mut [DVector<f64>]),
) {
    for l in 0..net.depth() - 1 {
        super::contrast(
            (&low.h[l + 1], &low.h[l]),
            (&high.h[l + 1], &high.h[l]),
            low.cols,
            (&mut grads.w[l], &mut grads.b[l]),
            (&mut corr_w[l], &mut corr_b[l]),
            |d| d / span,
        );
    }
}

/// Settles the hidden state in `ws` (activities `h`; in `z` each layer's total input, except `z_0`, which keeps
/// the input's drive) for `sweeps` sweeps of
/// layer updates, odd layers first, with the loss nudged by `beta`, then reads the output out. Uses `ws.delta`
/// as scratch.
fn relax(net: &Network, ws: &mut Workspace, cols: usize, beta: f64, loss: Loss, sweeps: usize) {
    let top = net.depth() - 1;
    if beta == 0.0 && top <= 1 {
        // With at most one hidden layer nothing feeds back in the free phase: the forward pass that `ws` already
        // holds is the equilibrium, bit for bit.
        return;
    }
    for _ in 0..sweeps {
        for parity in [1, 0] {
            for k in (1..=top).filter(|k| k % 2 == parity) {
                update_layer(net, ws, cols, k, beta, loss);
            }
        }
    }
    read_out(net, ws, cols, loss, false);
}

/// The readout `y = f_L(W_L s_top + b_L)`, and with `error` its loss gradient `∂ℓ/∂z_L` into `ws.delta`.
fn read_out(net: &Network, ws: &mut Workspace, cols: usize, loss: Loss, error: bool) {
    let top = net.depth() - 1;
    let layer = &net.layers[top];
    let n = layer.w.nrows();
    kernels::affine(&layer.w, &layer.b, &ws.h[top], cols, &mut ws.z[top]);
    layer.f.apply_columns(&ws.z[top], &mut ws.h[top + 1], cols);
    if error {
        let (z, y, t) = (ws.z[top].as_slice(), ws.h[top + 1].as_slice(), ws.target.as_slice());
        for (j, d) in ws.delta[top].as_mut_slice().chunks_exact_mut(n).take(cols).enumerate() {
            let r = j * n..(j + 1) * n;
            loss.output_delta(layer.f, &z[r.clone()], &y[r.clone()], &t[r], d);
        }
    }
}

/// `s_k = f_k(W_{k−1} s_{k−1} + b_{k−1} + W_kᵀ s_{k+1})` for a hidden layer below the top; for the top one,
/// `s_top = f(W s_{top−1} + b − β ∂ℓ/∂s_top)`, the nudge taken through the readout at the current state.
fn update_layer(net: &Network, ws: &mut Workspace, cols: usize, k: usize, beta: f64, loss: Loss) {
    let (l, top) = (k - 1, net.depth() - 1);
    let layer = &net.layers[l];
    let push = if k < top {
        kernels::transpose_product(&net.layers[k].w, &ws.h[k + 1], cols, &mut ws.delta[l]);
        1.0
    } else if beta != 0.0 {
        read_out(net, ws, cols, loss, true);
        let (lower, upper) = ws.delta.split_at_mut(top);
        kernels::transpose_product(&net.layers[top].w, &upper[0], cols, &mut lower[l]);
        -beta
    } else {
        used_mut(&mut ws.delta[l], cols).fill(0.0);
        0.0
    };
    // The first hidden layer's drive from the clamped input, `W_0 x + b_0`, never changes: it stays in `z_0`
    // (from the forward pass) and the total input is formed in the scratch. Higher layers recompute theirs.
    let total = if l == 0 {
        let (drive, extra) = (used(&ws.z[0], cols), used_mut(&mut ws.delta[0], cols));
        extra.iter_mut().zip(drive).for_each(|(e, d)| *e = d + push * *e);
        &ws.delta[0]
    } else {
        kernels::affine(&layer.w, &layer.b, &ws.h[l], cols, &mut ws.z[l]);
        if push != 0.0 {
            let (z, extra) = (used_mut(&mut ws.z[l], cols), used(&ws.delta[l], cols));
            z.iter_mut().zip(extra).for_each(|(z, e)| *z += push * e);
        }
        &ws.z[l]
    };
    layer.f.apply_columns(total, &mut ws.h[k], cols);
}

impl LearningRule for EquilibriumPropagation {
    fn kind(&self) -> RuleKind {
        RuleKind::EQUILIBRIUM_PROPAGATION
    }

    fn reserve(&mut self, batch: usize) {
        for ws in [&mut self.nudged, &mut self.opposite] {
            if ws.capacity() < batch {
                *ws = Workspace::new(&self.sizes, batch);
            }
        }
    }

    /// The free phase: the forward pass, then settling to the equilibrium of the energy.
    fn predict(&self, net: &Network, ws: &mut Workspace, cols: usize) {
        net.forward(ws, cols);
        relax(net, ws, cols, 0.0, self.loss, self.free_sweeps);
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let cols = s.ws.cols;
        nudge(s.net, s.ws, &mut self.nudged, (self.beta, self.loss, self.nudged_sweeps));
        contrast(s.net, (s.ws, &self.nudged), self.beta, s.grads, (&mut self.corr_w, &mut self.corr_b));
        // The readout learns from the output error at the free equilibrium (set by the trainer): the delta rule.
        s.grads.set_from_delta(s.net.depth() - 1, s.ws);
        // The error signal each hidden layer sees, in the units of backprop's δ: (s⁰ − s^β) / β.
        for l in 0..s.net.depth() - 1 {
            let (free, nudged) = (used(&s.ws.h[l + 1], cols), used(&self.nudged.h[l + 1], cols));
            let d = used_mut(&mut s.ws.delta[l], cols);
            for ((d, f), p) in d.iter_mut().zip(free).zip(nudged) {
                *d = (f - p) / self.beta;
            }
        }
    }

    /// The gradient of the loss at the free equilibrium, `dJ/dW`, estimated by EP itself with symmetric nudges
    /// ±β/100 (error O(β²/10⁴)): what EP's update approaches as β → 0.
    fn reference(&mut self, s: &mut Step<'_>) -> bool {
        let small = self.beta / 100.0;
        nudge(s.net, s.ws, &mut self.nudged, (small, self.loss, self.nudged_sweeps));
        nudge(s.net, s.ws, &mut self.opposite, (-small, self.loss, self.nudged_sweeps));
        let phases = (&self.opposite, &self.nudged);
        contrast(s.net, phases, 2.0 * small, s.grads, (&mut self.corr_w, &mut self.corr_b));
        s.grads.set_from_delta(s.net.depth() - 1, s.ws);
        true
    }

    fn internals(&self) -> Internals<'_> {
        Internals { influenced: self.nudged.h.get(1..).unwrap_or_default(), ..Internals::default() }
    }
}
