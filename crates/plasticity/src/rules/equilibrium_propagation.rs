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
//! nudged phases:  s^{±β} = argmin E ± β ℓ               the top layer is pulled a little towards (and away
//!                                                        from) lower loss, from the free equilibrium
//! update:         G_l = (1/2β) (s^{−β}_{l+1} s^{−β}ᵀ_l − s^β_{l+1} s^βᵀ_l)      hidden layers; ΔW_l = −η G_l
//!                 G_L = δ_L s⁰_topᵀ,  δ_L = ∂ℓ/∂z_L at s⁰             the readout: the delta rule
//! ```
//!
//! The nudge is symmetric (Laborieux et al. 2021): Scellier & Bengio's one-sided estimate, free state against
//! `+β`, has a bias of first order in β, which measured 4–78° from the gradient on the lab's presets at β = 0.1;
//! contrasting `+β` with `−β` leaves a second-order one. Each synapse sees only its two ends in the phases, and the same signal — activity — carries inference
//! and learning. As β → 0 the update becomes exactly the gradient of the loss at the free equilibrium,
//! `J = ℓ(s⁰)`, with respect to the weights (the paper's theorem; `tests/ngrad.rs` checks it against finite
//! differences). The lab's "angle to backprop" for this rule compares its update with that gradient, computed
//! exactly by recurrent backpropagation at the free equilibrium (Almeida 1987; Pineda 1987): the adjoint
//! `e_k = f'(a_k) ⊙ (W_kᵀ e_{k+1} + W_{k−1} e_{k−1})`, with `W_topᵀ δ_L` from the readout, iterated to its fixed
//! point, gives `dJ/dW_l = ⟨e_{l+1} s_lᵀ + s_{l+1} e_lᵀ⟩` — a gradient, not EP's own estimate.
//!
//! With one hidden layer, nothing sits above it to feed back, so the free phase is the forward pass and EP is a
//! finite-difference form of backprop; from two hidden layers on, the settling is real. β = 0.1 here. Each phase
//! sweeps until no unit moves by more than [`EP_TOLERANCE`] in a sweep, or at most [`EP_FREE_SWEEPS`] (free, from
//! the forward pass) and [`EP_NUDGED_SWEEPS`] (nudged, from the free equilibrium) sweeps. At the old fixed 20 + 10
//! sweeps the free phase had not settled on the lab's deeper presets (RESULTS.md, "Equilibrium propagation at
//! the lab's settings", gives the residuals and the angle to the gradient at both settings).

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::activation::Loss;
use crate::kernels::{self, used, used_mut};
use crate::net::{Grads, Network, Workspace};

/// The nudging strength β.
pub const EP_BETA: f64 = 0.1;
/// The most layer sweeps of the free phase: Scellier & Bengio's free-phase budget for their deepest network (500
/// iterations, three hidden layers). The phase stops as soon as it has settled, which on the lab's presets takes
/// 10–60 sweeps early in training; near a bifurcation of the dynamics it takes hundreds (the digits network with
/// two hidden layers of 32: 180–400 sweeps during its first 300 mini-batches).
pub const EP_FREE_SWEEPS: usize = 500;
/// The most layer sweeps of the nudged phase (from the free equilibrium, so usually far fewer).
pub const EP_NUDGED_SWEEPS: usize = 500;
/// A phase has settled when no unit's activity moves by more than this in a sweep.
pub const EP_TOLERANCE: f64 = 1e-6;
/// The per-layer learning-rate gain: hidden layer `l`'s update is multiplied by `gain^(top − l)`, counting layers
/// from the readout down (Scellier & Bengio's recipe for three hidden layers shrinks the rate fourfold per layer
/// toward the output: 0.128, 0.032, 0.008, 0.002). 1 leaves every layer at the run's learning rate, the page's
/// default; `reproduce digits` chooses the gain per data set on its validation split (RESULTS.md, "Digits").
pub const EP_LAYER_GAIN: f64 = 1.0;

/// How a phase settled: the sweeps it ran and the largest change of any unit in its last sweep (0 when nothing
/// needed to settle: with one hidden layer the free phase is the forward pass).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Settling {
    /// Layer sweeps run.
    pub sweeps: usize,
    /// The largest change of a unit's activity in the last sweep.
    pub change: f64,
}

impl Settling {
    /// True when the phase stopped because it settled, not because it ran out of sweeps.
    pub fn settled(&self, tolerance: f64) -> bool {
        self.change <= tolerance
    }
}

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "ep",
    title: "Equilibrium propagation",
    citation: "Scellier & Bengio (2017), Front. Comput. Neurosci. 11:24",
    about: "The hidden layers form a symmetric network that settles twice: free, and with its output gently nudged \
            towards the target. Each synapse compares the correlation of the activity at its two ends between the \
            two settled states; as the nudge shrinks this becomes the gradient of the loss at the free equilibrium. \
            The same signal — activity — carries inference and learning. With tanh units and three hidden layers of 64 \
            the free equilibrium loses much of the input and EP fails to learn; logistic units keep it (RESULTS.md).",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::ActivityDifference,
    feedback_route: FeedbackRoute::ForwardWeights,
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
    tolerance: f64,
    symmetric: bool,
    layer_gain: f64,
    /// The nudged phase's state (and scratch), and a second one: scratch for the reference gradient.
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
            tolerance: EP_TOLERANCE,
            symmetric: true,
            layer_gain: EP_LAYER_GAIN,
            nudged: Workspace::new(sizes, 0),
            opposite: Workspace::new(sizes, 0),
            corr_w: sizes.windows(2).map(|p| DMatrix::zeros(p[1], p[0])).collect(),
            corr_b: sizes[1..].iter().map(|&n| DVector::zeros(n)).collect(),
        }
    }

    /// The same rule with another β and most sweeps per phase (the tests settle to convergence).
    pub fn with(self, beta: f64, free_sweeps: usize, nudged_sweeps: usize) -> Self {
        EquilibriumPropagation { beta, free_sweeps, nudged_sweeps, ..self }
    }

    /// The same rule with another settling tolerance (0: always run every sweep, as the lab once did).
    pub fn with_tolerance(self, tolerance: f64) -> Self {
        EquilibriumPropagation { tolerance, ..self }
    }

    /// The same rule with another per-layer learning-rate gain (see [`EP_LAYER_GAIN`]).
    pub fn with_layer_gain(self, layer_gain: f64) -> Self {
        EquilibriumPropagation { layer_gain, ..self }
    }

    /// The same rule with one-sided nudging (`symmetric = false`: the free state against `+β`, Scellier &
    /// Bengio's original estimate, whose bias is first order in β) or symmetric nudging (`±β`, the default).
    pub fn symmetric(self, symmetric: bool) -> Self {
        EquilibriumPropagation { symmetric, ..self }
    }

    /// The free phase on the batch in `ws` — the forward pass, then settling — and how it settled.
    pub fn free_phase(&self, net: &Network, ws: &mut Workspace, cols: usize) -> Settling {
        net.forward(ws, cols);
        relax(net, ws, cols, (0.0, self.loss), (self.free_sweeps, self.tolerance))
    }

    /// The nudged phase from the free equilibrium held in `ws` (as [`LearningRule::direction`] runs it), and how
    /// it settled.
    pub fn nudged_phase(&mut self, net: &Network, ws: &Workspace) -> Settling {
        self.reserve(ws.cols);
        nudge(net, ws, &mut self.nudged, (self.beta, self.loss), (self.nudged_sweeps, self.tolerance))
    }
}

/// How EP settles at the lab's settings on one batch, and how close its update then is to the gradient: the
/// measurement behind RESULTS.md's "Equilibrium propagation at the lab's settings" (`reproduce ep`) and its test.
#[derive(Clone, Debug, PartialEq)]
pub struct SettlingReport {
    /// The free phase at the lab's old fixed 20 sweeps, with no stop.
    pub fixed: Settling,
    /// The free phase with the convergence stop ([`EP_TOLERANCE`], at most [`EP_FREE_SWEEPS`]).
    pub free: Settling,
    /// The nudged phase (+β) from the free equilibrium.
    pub nudged: Settling,
    /// Per hidden layer, the angle in degrees of EP's update (symmetric nudge) to the gradient of the loss at the
    /// free equilibrium (recurrent backprop); NaN where either is zero or not finite.
    pub angle_deg: Vec<f64>,
    /// The same for Scellier & Bengio's one-sided nudge (+β only).
    pub one_sided_deg: Vec<f64>,
}

impl SettlingReport {
    /// Measures EP with loss `loss` on `net` for the batch held in `ws` (its first `ws.cols` inputs and targets;
    /// the phases' states are left in `ws`).
    pub fn measure(net: &Network, ws: &mut Workspace, loss: Loss) -> Self {
        let (sizes, cols) = (net.sizes(), ws.cols);
        let old = EquilibriumPropagation::new(&sizes, loss).with(EP_BETA, 20, 10).with_tolerance(0.0);
        let fixed = old.free_phase(net, ws, cols);
        let mut ep = EquilibriumPropagation::new(&sizes, loss);
        let free = ep.free_phase(net, ws, cols);
        ws.output_error(loss, net.layers[net.depth() - 1].f);
        let nudged = ep.nudged_phase(net, ws);
        let mut gradient = Grads::zeros(net);
        ep.reference(&mut Step { net, ws, grads: &mut gradient, lr: 1.0 });
        let mut angles = |rule: &mut EquilibriumPropagation| {
            let mut g = Grads::zeros(net);
            rule.direction(&mut Step { net, ws, grads: &mut g, lr: 1.0 });
            (0..net.depth() - 1)
                .map(|l| crate::metrics::angle_deg(g.w[l].as_slice(), gradient.w[l].as_slice()).unwrap_or(f64::NAN))
                .collect::<Vec<f64>>()
        };
        let angle_deg = angles(&mut ep.clone());
        let one_sided_deg = angles(&mut ep.symmetric(false));
        SettlingReport { fixed, free, nudged, angle_deg, one_sided_deg }
    }
}

/// Runs the nudged phase with strength `beta` (at most `sweeps`, to `tolerance`) from the free equilibrium held in
/// `free` into `into`.
fn nudge(
    net: &Network,
    free: &Workspace,
    into: &mut Workspace,
    nudge: (f64, Loss),
    (sweeps, tolerance): (usize, f64),
) -> Settling {
    let cols = free.cols;
    for (a, b) in into.h.iter_mut().zip(&free.h).chain(into.z.iter_mut().zip(&free.z)) {
        a.columns_mut(0, cols).copy_from(&b.columns(0, cols));
    }
    into.target.columns_mut(0, cols).copy_from(&free.target.columns(0, cols));
    into.cols = cols;
    relax(net, into, cols, nudge, (sweeps, tolerance))
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
/// the input's drive) by sweeps of layer updates, odd layers first, with the loss nudged by `beta`, until no unit
/// moves by more than `tolerance` in a sweep or `sweeps` have run; then reads the output out. Uses `ws.delta` as
/// scratch.
fn relax(net: &Network, ws: &mut Workspace, cols: usize, (beta, loss): (f64, Loss), (sweeps, tolerance): (usize, f64)) -> Settling {
    let top = net.depth() - 1;
    if beta == 0.0 && top <= 1 {
        // With at most one hidden layer nothing feeds back in the free phase: the forward pass that `ws` already
        // holds is the equilibrium, bit for bit.
        return Settling::default();
    }
    let mut settling = Settling::default();
    while settling.sweeps < sweeps {
        let mut change = 0.0_f64;
        for parity in [1, 0] {
            for k in (1..=top).filter(|k| k % 2 == parity) {
                change = change.max(update_layer(net, ws, cols, k, beta, loss));
            }
        }
        settling = Settling { sweeps: settling.sweeps + 1, change };
        if change <= tolerance {
            break;
        }
    }
    read_out(net, ws, cols, loss, false);
    settling
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
/// Returns the largest change of a unit's activity.
fn update_layer(net: &Network, ws: &mut Workspace, cols: usize, k: usize, beta: f64, loss: Loss) -> f64 {
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
    let (f, mut change) = (layer.f, 0.0_f64);
    for (h, a) in used_mut(&mut ws.h[k], cols).iter_mut().zip(used(total, cols)) {
        let new = f.at(*a);
        change = change.max((new - *h).abs());
        *h = new;
    }
    change
}

/// Recurrent backpropagation at the free equilibrium held in `free` (its output error `δ_L` set): the exact
/// gradient `dJ/dW` of the loss at that fixed point into `grads`. `adj` holds each hidden layer's `f'(a_k)` (in
/// `h[k]`) and adjoint `e_k` (in `delta[k−1]`); `sum` and `corr` are scratch.
fn equilibrium_gradient(
    net: &Network,
    free: &Workspace,
    (adj, sum): (&mut Workspace, &mut Workspace),
    grads: &mut Grads,
    (corr_w, corr_b): (&mut [DMatrix<f64>], &mut [DVector<f64>]),
) {
    let (cols, top) = (free.cols, net.depth() - 1);
    grads.set_from_delta(top, free);
    // f'(a_k), with a_k the total input at the equilibrium, recomputed from the settled state.
    for k in 1..=top {
        let l = k - 1;
        kernels::affine(&net.layers[l].w, &net.layers[l].b, &free.h[l], cols, &mut adj.z[l]);
        if k < top {
            kernels::transpose_product(&net.layers[k].w, &free.h[k + 1], cols, &mut sum.delta[l]);
            let (a, down) = (used_mut(&mut adj.z[l], cols), used(&sum.delta[l], cols));
            a.iter_mut().zip(down).for_each(|(a, d)| *a += d);
        }
        let f = net.layers[l].f;
        let (u, a, s) = (used_mut(&mut adj.h[k], cols), used(&adj.z[l], cols), used(&free.h[k], cols));
        u.iter_mut().zip(a.iter().zip(s)).for_each(|(u, (a, s))| *u = f.derivative(*a, *s));
        used_mut(&mut adj.delta[l], cols).fill(0.0);
    }
    // The adjoint's fixed point, by sweeps from the top down (it converges where the settling does).
    for _ in 0..10_000 {
        let (mut change, mut size) = (0.0_f64, 0.0_f64);
        for k in (1..=top).rev() {
            let l = k - 1;
            let above = if k == top { &free.delta[top] } else { &adj.delta[k] };
            kernels::transpose_product(&net.layers[k].w, above, cols, &mut sum.delta[l]);
            if k >= 2 {
                kernels::product(&net.layers[l].w, &adj.delta[l - 1], cols, &mut sum.z[l]);
                let (v, w) = (used_mut(&mut sum.delta[l], cols), used(&sum.z[l], cols));
                v.iter_mut().zip(w).for_each(|(v, w)| *v += w);
            }
            let (e, u, v) = (used_mut(&mut adj.delta[l], cols), used(&adj.h[k], cols), used(&sum.delta[l], cols));
            for (e, (u, v)) in e.iter_mut().zip(u.iter().zip(v)) {
                let new = u * v;
                change = change.max((new - *e).abs());
                size = size.max(new.abs());
                *e = new;
            }
        }
        if change <= 1e-13 * size.max(1e-300) || !change.is_finite() {
            break;
        }
    }
    // dJ/dW_l = ⟨e_{l+1} s_lᵀ⟩ + ⟨s_{l+1} e_lᵀ⟩ (the second term where W_l also carries feedback down to layer l).
    let alpha = 1.0 / cols as f64;
    for l in 0..top {
        kernels::outer(alpha, &adj.delta[l], &free.h[l], cols, &mut grads.w[l], &mut grads.b[l]);
        if l >= 1 {
            kernels::outer(alpha, &free.h[l + 1], &adj.delta[l - 1], cols, &mut corr_w[l], &mut corr_b[l]);
            grads.w[l].iter_mut().zip(corr_w[l].iter()).for_each(|(g, c)| *g += c);
        }
    }
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
        self.free_phase(net, ws, cols);
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let cols = s.ws.cols;
        let settle = (self.nudged_sweeps, self.tolerance);
        nudge(s.net, s.ws, &mut self.nudged, (self.beta, self.loss), settle);
        // Symmetric nudging contrasts the states at +β and −β; one-sided, the nudged state and the free one.
        let span = if self.symmetric { 2.0 * self.beta } else { self.beta };
        let corr = (&mut self.corr_w[..], &mut self.corr_b[..]);
        if self.symmetric {
            nudge(s.net, s.ws, &mut self.opposite, (-self.beta, self.loss), settle);
            contrast(s.net, (&self.opposite, &self.nudged), span, s.grads, corr);
        } else {
            contrast(s.net, (s.ws, &self.nudged), span, s.grads, corr);
        }
        let low = if self.symmetric { &self.opposite.h } else { &s.ws.h };
        // The error signal each hidden layer sees, in the units of backprop's δ: (s^{−β} − s^β) / 2β (one-sided:
        // (s⁰ − s^β) / β).
        for l in 0..s.net.depth() - 1 {
            let (free, nudged) = (used(&low[l + 1], cols), used(&self.nudged.h[l + 1], cols));
            let d = used_mut(&mut s.ws.delta[l], cols);
            for ((d, f), p) in d.iter_mut().zip(free).zip(nudged) {
                *d = (f - p) / span;
            }
        }
        // The readout learns from the output error at the free equilibrium (set by the trainer): the delta rule.
        s.grads.set_from_delta(s.net.depth() - 1, s.ws);
        // Per-layer rates: the layer k steps below the readout moves gain^k as fast (a rescaling of each layer's
        // step, not of its direction: the update angles are unchanged).
        let top = s.net.depth() - 1;
        if self.layer_gain != 1.0 {
            for l in 0..top {
                let g = (l..top).fold(1.0, |g, _| g * self.layer_gain);
                s.grads.w[l].iter_mut().for_each(|x| *x *= g);
                s.grads.b[l].iter_mut().for_each(|x| *x *= g);
            }
        }
    }

    /// The gradient of the loss at the free equilibrium, `dJ/dW`, by recurrent backpropagation: what EP's update
    /// approaches as β → 0, computed without EP's own machinery.
    fn reference(&mut self, s: &mut Step<'_>) -> bool {
        self.reserve(s.ws.cols);
        let scratch = (&mut self.nudged, &mut self.opposite);
        equilibrium_gradient(s.net, s.ws, scratch, s.grads, (&mut self.corr_w, &mut self.corr_b));
        true
    }

    fn internals(&self) -> Internals<'_> {
        Internals { influenced: self.nudged.h.get(1..).unwrap_or_default(), ..Internals::default() }
    }
}
