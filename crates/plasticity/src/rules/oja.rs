//! Oja's rule (Oja 1982, *J. Math. Biol.* 15:267), applied to each output unit on its own.
//!
//! ```text
//! Δw_i = η y_i (x − y_i w_i)        i.e.  G_i = −⟨y_i x − y_i² w_i⟩_batch        with y = W x
//! ```
//!
//! Hebb's rule plus a local decay proportional to the unit's squared output: the weight vector's norm converges to
//! 1 and its direction to the first principal component of the inputs (±u₁). Every unit, learning alone, finds
//! the same component.

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// Oja's normalised Hebbian rule on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Oja;

impl LearningRule for Oja {
    fn kind(&self) -> RuleKind {
        RuleKind::Oja
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        super::subtractive_hebbian(net, ws, grads, |i| i);
    }

    fn supervised(&self) -> bool {
        false
    }
}
