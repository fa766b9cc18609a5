//! Predictive coding (Whittington & Bogacz 2017, *Neural Comput.* 29:1229, "An approximation of the error
//! backpropagation algorithm in a predictive coding network with local Hebbian synaptic plasticity").
//!
//! Every layer holds value nodes `x_l` (here in pre-activation units) and error nodes `ε_l = x_l − μ_l`, where
//! `μ_l = W_l f(x_{l−1}) + b_l` is what the layer below predicts (`f(x_{−1})` is the input). Starting from the
//! feedforward pass, the output node is clamped to where the loss wants it (`x_{L−1} = z_{L−1} − δ_{L−1}`: the
//! target itself for squared error with a linear output), and the hidden nodes relax on the energy
//! `F = ½ Σ_{hidden} ‖ε_l‖² + ½ π ‖ε_{L−1}‖²`, where π is the precision (inverse variance) of the output errors:
//!
//! ```text
//! x_l  ← x_l + γ (−ε_l + f'(x_l) ⊙ W_{l+1}ᵀ π_{l+1} ε_{l+1})     T steps of inference (π = 1 below the output)
//! G_l  = −⟨(π_l ε_l / π) f(x_{l−1})ᵀ⟩_batch                      ΔW_l = −η G_l: local and Hebbian
//! ```
//!
//! At equilibrium `ε_l = f'(x_l) ⊙ W_{l+1}ᵀ π_{l+1} ε_{l+1}`: backprop's recursion, carried in activity. Whittington
//! & Bogacz show the updates converge to backprop's when the output errors are small and weakly weighted (small
//! π): then settling barely moves the hidden activity, `f'(x) ≈ f'(z)`, and the output error stays `−δ`. The
//! update is divided by π so that its size matches backprop's at the same learning rate. The error signal
//! reported is `−π_l ε_l / π`, and the feedback-influenced activity is the settled `f(x_l)` beside the
//! feedforward `f(z_l)`.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::kernels::{self, used, used_mut};
use crate::net::Network;

/// Inference steps per example.
pub const PC_STEPS: usize = 40;
/// Inference rate γ.
pub const PC_RATE: f64 = 0.2;
/// The precision π of the output error nodes, relative to the hidden ones.
pub const PC_OUTPUT_PRECISION: f64 = 0.05;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "predictive-coding",
    title: "Predictive coding",
    citation: "Whittington & Bogacz (2017), Neural Comput. 29:1229",
    about: "Every layer holds error units that compare its activity with what the layer below predicts. With the \
            output held where the target wants it, the hidden activity settles until the errors balance, and at \
            equilibrium they carry backprop's error in activity. Each synapse needs only its presynaptic activity \
            and the error unit it projects to — local and Hebbian.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::ActivityDifference,
    feedback_route: FeedbackRoute::ForwardWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/ngrad.rs: predictive_coding_updates_point_within_five_degrees_of_backprop_for_small_errors",
    build: |s| Box::new(PredictiveCoding::new(&s.net.sizes())),
};

impl RuleKind {
    /// Predictive coding.
    pub const PREDICTIVE_CODING: RuleKind = RuleKind(&RULE);
}

/// Predictive coding with the output clamped.
#[derive(Clone, Debug)]
pub struct PredictiveCoding {
    sizes: Vec<usize>,
    /// Value nodes `x_l` per layer (pre-activation units), one column per example.
    x: Vec<DMatrix<f64>>,
    /// Error nodes `ε_l`.
    eps: Vec<DMatrix<f64>>,
    /// Activities `f(x_l)`; `a[0]` is the input, `a[l + 1] = f_l(x_l)`.
    a: Vec<DMatrix<f64>>,
    /// Scratch: `W_{l+1}ᵀ ε_{l+1}`.
    back: Vec<DMatrix<f64>>,
}

impl PredictiveCoding {
    /// Buffers for a network of widths `sizes` (sized by [`LearningRule::reserve`]).
    pub fn new(sizes: &[usize]) -> Self {
        PredictiveCoding { sizes: sizes.to_vec(), x: Vec::new(), eps: Vec::new(), a: Vec::new(), back: Vec::new() }
    }

    /// Recomputes `a_{l+1} = f(x_l)` and `ε_l = x_l − (W_l a_l + b_l)` for every layer.
    fn errors(&mut self, net: &Network, cols: usize) {
        for (l, layer) in net.layers.iter().enumerate() {
            let (below, above) = self.a.split_at_mut(l + 1);
            kernels::affine(&layer.w, &layer.b, &below[l], cols, &mut self.eps[l]);
            for (e, x) in used_mut(&mut self.eps[l], cols).iter_mut().zip(used(&self.x[l], cols)) {
                *e = x - *e;
            }
            layer.f.apply_columns(&self.x[l], &mut above[0], cols);
        }
    }

    /// `T` steps of inference on the hidden value nodes, the output held fixed.
    fn relax(&mut self, net: &Network, cols: usize) {
        let out = net.depth() - 1;
        for _ in 0..PC_STEPS {
            self.errors(net, cols);
            for l in 0..out {
                kernels::transpose_product(&net.layers[l + 1].w, &self.eps[l + 1], cols, &mut self.back[l]);
                if l + 1 == out {
                    self.back[l].iter_mut().for_each(|b| *b *= PC_OUTPUT_PRECISION);
                }
                let f = net.layers[l].f;
                let (x, e, b, a) =
                    (used_mut(&mut self.x[l], cols), used(&self.eps[l], cols), used(&self.back[l], cols), &self.a[l + 1]);
                for (i, x) in x.iter_mut().enumerate() {
                    *x += PC_RATE * (-e[i] + f.derivative(*x, a.as_slice()[i]) * b[i]);
                }
            }
        }
        self.errors(net, cols);
    }
}

impl LearningRule for PredictiveCoding {
    fn kind(&self) -> RuleKind {
        RuleKind::PREDICTIVE_CODING
    }

    fn reserve(&mut self, batch: usize) {
        if self.x.first().is_some_and(|x| x.ncols() >= batch) {
            return;
        }
        let layer = |n: usize| DMatrix::zeros(n, batch);
        self.x = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.eps = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.back = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.a = self.sizes.iter().map(|&n| layer(n)).collect();
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let (cols, depth) = (s.ws.cols, s.net.depth());
        self.a[0].columns_mut(0, cols).copy_from(&s.ws.h[0].columns(0, cols));
        for l in 0..depth {
            self.x[l].columns_mut(0, cols).copy_from(&s.ws.z[l].columns(0, cols));
        }
        // Clamp the output where the loss wants it.
        let out = depth - 1;
        let clamp = used_mut(&mut self.x[out], cols).iter_mut().zip(used(&s.ws.delta[out], cols));
        clamp.for_each(|(x, d)| *x -= d);
        self.relax(s.net, cols);
        for l in 0..depth {
            // The error signal in backprop's units is −π_l ε_l / π; the update is its product with the activity below.
            let scale = if l == out { -1.0 } else { -1.0 / PC_OUTPUT_PRECISION };
            let signal = used_mut(&mut s.ws.delta[l], cols).iter_mut().zip(used(&self.eps[l], cols));
            signal.for_each(|(d, e)| *d = scale * e);
            kernels::outer(1.0 / cols as f64, &s.ws.delta[l], &self.a[l], cols, &mut s.grads.w[l], &mut s.grads.b[l]);
        }
    }

    fn internals(&self) -> Internals<'_> {
        Internals { influenced: self.a.get(1..).unwrap_or_default(), ..Internals::default() }
    }
}
