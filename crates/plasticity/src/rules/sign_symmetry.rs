//! Sign symmetry (Liao, Leibo & Poggio 2016, *AAAI*, "How important is weight symmetry in backpropagation?").
//!
//! ```text
//! B_l     = sign(W_{l+1})ᵀ                        (signs shared, magnitudes not)
//! δ_l     = (B_l δ_{l+1}) ⊙ f_l'(z_l)
//! G_l     = ⟨δ_l h_lᵀ⟩_batch                      ΔW_l = −η G_l
//! ```
//!
//! The feedback pathway carries only the sign of each forward weight — one bit of weight transport instead of a
//! real number. `B_l` is refreshed after every update, so it equals `sign(W_{l+1}ᵀ)` at every step.

use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{LearningRule, RuleKind};
use crate::net::{Feedback, Grads, Network, Workspace};

/// Backprop with the feedback weights replaced by the signs of the forward weights.
#[derive(Clone, Debug)]
pub struct SignSymmetry {
    /// `B_l = sign(W_{l+1})ᵀ` for each hidden layer `l`.
    b: Vec<DMatrix<f64>>,
}

impl SignSymmetry {
    /// Buffers for a network of widths `sizes`; filled from the network before first use.
    pub fn new(sizes: &[usize]) -> Self {
        let hidden = sizes.len().saturating_sub(2);
        SignSymmetry { b: (0..hidden).map(|l| DMatrix::zeros(sizes[l + 1], sizes[l + 2])).collect() }
    }

    fn refresh(&mut self, net: &Network) {
        for (l, b) in self.b.iter_mut().enumerate() {
            let w = &net.layers[l + 1].w;
            for i in 0..b.nrows() {
                for j in 0..b.ncols() {
                    // sign(0) = 0: a weight that is exactly zero sends nothing back.
                    let v = w[(j, i)];
                    b[(i, j)] = if v > 0.0 {
                        1.0
                    } else if v < 0.0 {
                        -1.0
                    } else {
                        0.0
                    };
                }
            }
        }
    }
}

impl LearningRule for SignSymmetry {
    fn kind(&self) -> RuleKind {
        RuleKind::SignSymmetry
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        self.refresh(net);
        let b = &self.b;
        super::chain(net, ws, grads, |l| Feedback::Matrix(&b[l]));
    }

    fn feedback(&self) -> Option<&[DMatrix<f64>]> {
        Some(&self.b)
    }

    fn after_update(&mut self, net: &Network, _lr: f64) {
        self.refresh(net);
    }
}
