//! Sanger's rule, the generalized Hebbian algorithm (Sanger 1989, *Neural Netw.* 2:459).
//!
//! ```text
//! Δw_i = η y_i (x − Σ_{k ≤ i} y_k w_k)       i.e.  G = −⟨y xᵀ − LT(y yᵀ) W⟩_batch        with y = W x
//! ```
//!
//! Like Oja's rule, but unit `i` also subtracts what the units before it already explain: unit 1 finds the first
//! principal component, unit 2 the second, and so on — the network performs PCA, in order, with local rules
//! (each unit needs the outputs of the units before it, a lateral signal).

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// The generalized Hebbian algorithm on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sanger;

impl LearningRule for Sanger {
    fn kind(&self) -> RuleKind {
        RuleKind::Sanger
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        super::subtractive_hebbian(net, ws, grads, |_| 0);
    }

    fn supervised(&self) -> bool {
        false
    }
}
