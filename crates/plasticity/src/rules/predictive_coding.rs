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

use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{LearningRule, RuleKind};
use crate::kernels;
use crate::net::{Grads, Network, Workspace};

/// Inference steps per example.
pub const PC_STEPS: usize = 40;
/// Inference rate γ.
pub const PC_RATE: f64 = 0.2;
/// The precision π of the output error nodes, relative to the hidden ones.
pub const PC_OUTPUT_PRECISION: f64 = 0.05;

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
    /// Buffers for a network of widths `sizes` (sized on first use).
    pub fn new(sizes: &[usize]) -> Self {
        PredictiveCoding { sizes: sizes.to_vec(), x: Vec::new(), eps: Vec::new(), a: Vec::new(), back: Vec::new() }
    }

    fn reserve(&mut self, cols: usize) {
        if self.x.first().is_some_and(|x| x.ncols() >= cols) {
            return;
        }
        let layer = |n: usize| DMatrix::zeros(n, cols);
        self.x = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.eps = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.back = self.sizes[1..].iter().map(|&n| layer(n)).collect();
        self.a = self.sizes.iter().map(|&n| layer(n)).collect();
    }

    /// Recomputes `a_{l+1} = f(x_l)` and `ε_l = x_l − (W_l a_l + b_l)` for every layer.
    fn errors(&mut self, net: &Network, cols: usize) {
        for (l, layer) in net.layers.iter().enumerate() {
            let n = layer.w.nrows();
            let (below, above) = self.a.split_at_mut(l + 1);
            kernels::affine(&layer.w, &layer.b, &below[l], cols, &mut self.eps[l]);
            let x = &self.x[l].as_slice()[..n * cols];
            for (e, x) in self.eps[l].as_mut_slice().iter_mut().zip(x) {
                *e = x - *e;
            }
            for (xj, aj) in x.chunks_exact(n).zip(above[0].as_mut_slice().chunks_exact_mut(n)) {
                layer.f.apply(xj, aj);
            }
        }
    }
}

impl LearningRule for PredictiveCoding {
    fn kind(&self) -> RuleKind {
        RuleKind::PredictiveCoding
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let (cols, depth) = (ws.cols, net.depth());
        self.reserve(cols);
        self.a[0].columns_mut(0, cols).copy_from(&ws.h[0].columns(0, cols));
        for l in 0..depth {
            self.x[l].columns_mut(0, cols).copy_from(&ws.z[l].columns(0, cols));
        }
        // Clamp the output where the loss wants it.
        let out = depth - 1;
        let n_out = self.sizes[depth];
        let clamp =
            self.x[out].as_mut_slice()[..n_out * cols].iter_mut().zip(&ws.delta[out].as_slice()[..n_out * cols]);
        clamp.for_each(|(x, d)| *x -= d);
        for _ in 0..PC_STEPS {
            self.errors(net, cols);
            for l in 0..out {
                let n = net.layers[l].w.nrows();
                kernels::transpose_product(&net.layers[l + 1].w, &self.eps[l + 1], cols, &mut self.back[l]);
                if l + 1 == out {
                    self.back[l].iter_mut().for_each(|b| *b *= PC_OUTPUT_PRECISION);
                }
                let f = net.layers[l].f;
                let (x, e, b, a) = (
                    self.x[l].as_mut_slice(),
                    self.eps[l].as_slice(),
                    self.back[l].as_slice(),
                    self.a[l + 1].as_slice(),
                );
                for i in 0..n * cols {
                    x[i] += PC_RATE * (-e[i] + f.derivative(x[i], a[i]) * b[i]);
                }
            }
        }
        self.errors(net, cols);
        for l in 0..depth {
            // The error signal in backprop's units is −π_l ε_l / π; the update is its product with the activity below.
            let n = self.sizes[l + 1];
            let scale = if l == out { -1.0 } else { -1.0 / PC_OUTPUT_PRECISION };
            let signal = ws.delta[l].as_mut_slice()[..n * cols].iter_mut().zip(&self.eps[l].as_slice()[..n * cols]);
            signal.for_each(|(d, e)| *d = scale * e);
            kernels::outer(1.0 / cols as f64, &ws.delta[l], &self.a[l], cols, &mut grads.w[l], &mut grads.b[l]);
        }
    }

    fn influenced_activity(&self, l: usize) -> Option<&[f64]> {
        let n = self.sizes[l + 1];
        self.a.get(l + 1).map(|a| &a.as_slice()[..n])
    }
}
