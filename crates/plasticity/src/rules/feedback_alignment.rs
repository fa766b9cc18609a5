//! Feedback alignment (Lillicrap, Cownden, Tweed & Akerman 2016, *Nat. Commun.* 7:13276).
//!
//! ```text
//! δ_{L−1} = ∂ℓ/∂z_{L−1}
//! δ_l     = (B_l δ_{l+1}) ⊙ f_l'(z_l)     with B_l fixed and random, shaped like W_{l+1}ᵀ
//! G_l     = ⟨δ_l h_lᵀ⟩_batch              ΔW_l = −η G_l
//! ```
//!
//! No weight is transported: the error reaches hidden layers through random matrices that never change.
//! Learning still works because the forward weights come to *align* with the feedback — `W_{l+1}` drifts
//! towards `B_lᵀ`, so that `B_l δ` points within 90° of `W_{l+1}ᵀ δ` — which the alignment plot shows.

use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{LearningRule, RuleKind};
use crate::config::Init;
use crate::net::{Feedback, Grads, Network, Workspace};

/// Feedback alignment with fixed random feedback matrices.
#[derive(Clone, Debug)]
pub struct FeedbackAlignment {
    /// `B_l` for each hidden layer `l`, `n_{l+1} × n_{l+2}`.
    b: Vec<DMatrix<f64>>,
}

impl FeedbackAlignment {
    /// Draws `B_l` for a network of widths `sizes` from `init` (fan-in and fan-out as for `W_{l+1}`).
    pub fn new(sizes: &[usize], init: Init, seed: u32) -> Self {
        FeedbackAlignment { b: super::random_feedback(sizes, init, seed) }
    }
}

impl LearningRule for FeedbackAlignment {
    fn kind(&self) -> RuleKind {
        RuleKind::FeedbackAlignment
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let b = &self.b;
        super::chain(net, ws, grads, |l| Feedback::Matrix(&b[l]));
    }

    fn feedback(&self) -> Option<&[DMatrix<f64>]> {
        Some(&self.b)
    }
}
