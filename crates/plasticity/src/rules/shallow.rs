//! Shallow learning: only the output layer learns (the baseline of Lillicrap et al. 2016).
//!
//! ```text
//! δ_{L−1} = ∂ℓ/∂z_{L−1}         G_{L−1} = ⟨δ_{L−1} h_{L−1}ᵀ⟩_batch
//! δ_l     = 0,  G_l = 0         for every hidden layer l
//! ```
//!
//! The output layer follows the delta rule on a fixed random expansion of the input; the hidden layers get no
//! error signal at all. Whatever the other rules gain over this baseline is credit assigned to hidden layers.

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// Learns the output layer only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shallow;

impl LearningRule for Shallow {
    fn kind(&self) -> RuleKind {
        RuleKind::Shallow
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let out = net.depth() - 1;
        grads.set_from_delta(out, ws);
        for l in 0..out {
            ws.delta[l].fill(0.0);
            grads.clear(l);
        }
    }
}
