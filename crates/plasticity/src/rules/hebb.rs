//! Hebb's rule (Hebb 1949): cells that fire together wire together.
//!
//! ```text
//! Δw_ij = η y_i x_j          i.e.  G = −⟨y xᵀ⟩_batch        with y = W x (a single linear layer)
//! ```
//!
//! Purely local and unsupervised — and unstable: the weights grow along the direction of largest input variance
//! without bound (‖w‖ grows like `(1 + ηλ₁)ᵗ`), until the run diverges. That is the point of showing it.

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// Plain Hebbian learning on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hebb;

impl LearningRule for Hebb {
    fn kind(&self) -> RuleKind {
        RuleKind::Hebb
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let _ = net;
        // δ = −y: the outer product with x gives G = −⟨y xᵀ⟩.
        let n = ws.delta[0].nrows();
        let y = &ws.h[1].as_slice()[..n * ws.cols];
        ws.delta[0].as_mut_slice()[..n * ws.cols].iter_mut().zip(y).for_each(|(d, y)| *d = -y);
        grads.set_from_delta(0, ws);
        grads.b[0].fill(0.0);
        // No error signal is reported: the rule is unsupervised.
        ws.delta[0].fill(0.0);
    }

    fn supervised(&self) -> bool {
        false
    }
}
