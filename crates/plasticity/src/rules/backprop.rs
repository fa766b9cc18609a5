//! Backpropagation of error (Rumelhart, Hinton & Williams 1986, *Nature* 323:533–536).
//!
//! ```text
//! δ_{L−1} = ∂ℓ/∂z_{L−1}                          (the output error)
//! δ_l     = (W_{l+1}ᵀ δ_{l+1}) ⊙ f_l'(z_l)        (the chain rule, through the forward weights)
//! G_l     = ⟨δ_l h_lᵀ⟩_batch = ∂L/∂W_l             ΔW_l = −η G_l
//! ```
//!
//! The error travels down through the transpose of the very weights used on the way up: the "weight
//! transport" that a brain has no obvious way to do.

use super::{LearningRule, RuleKind};
use crate::net::{Feedback, Grads, Network, Workspace};

/// Exact gradient descent on the mini-batch loss.
#[derive(Clone, Copy, Debug, Default)]
pub struct Backprop;

impl LearningRule for Backprop {
    fn kind(&self) -> RuleKind {
        RuleKind::Backprop
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        super::chain(net, ws, grads, |l| Feedback::Transposed(&net.layers[l + 1].w));
    }
}
