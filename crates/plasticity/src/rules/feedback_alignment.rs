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

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{Coincidence, FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::net::Feedback;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "fa",
    title: "Feedback alignment",
    citation: "Lillicrap, Cownden, Tweed & Akerman (2016), Nat. Commun. 7:13276",
    about: "The error travels down through fixed random matrices B instead of the transposed forward weights, so no \
            weight is transported: each synapse needs its presynaptic activity and the error its unit receives \
            through B. Learning still works because the forward weights come to align with B, and then the error \
            B δ points downhill.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: Some(Coincidence {
        with: "dfa",
        hidden_layers: 1,
        why: "With one hidden layer, feedback alignment is direct feedback alignment: the error reaches the only hidden layer \
              straight from the output through one fixed random matrix either way. Only the matrix drawn differs \
              (with one output unit, not even that: the same numbers). Add a hidden layer to tell them apart.",
        exact: false,
    }),
    checked_by: "tests/feedback_alignment.rs: feedback_alignment_aligns_and_learns_the_linear_task",
    build: |s| Box::new(FeedbackAlignment::new(&s.net.sizes(), s.feedback_init, s.seed)),
};

impl RuleKind {
    /// Feedback alignment.
    pub const FEEDBACK_ALIGNMENT: RuleKind = RuleKind(&RULE);
}

/// Feedback alignment with fixed random feedback matrices.
#[derive(Clone, Debug)]
pub struct FeedbackAlignment {
    /// `B_l` for each hidden layer `l`, `n_{l+1} × n_{l+2}`.
    b: Vec<DMatrix<f64>>,
}

impl FeedbackAlignment {
    /// Draws `B_l` for a network of widths `sizes` from `init` (fan-in and fan-out as for `W_{l+1}`).
    pub fn new(sizes: &[usize], init: crate::random::Init, seed: u32) -> Self {
        FeedbackAlignment { b: super::random_feedback(sizes, init, seed) }
    }
}

impl LearningRule for FeedbackAlignment {
    fn kind(&self) -> RuleKind {
        RuleKind::FEEDBACK_ALIGNMENT
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let b = &self.b;
        super::chain(s.net, s.ws, s.grads, |l| Feedback::Matrix(&b[l]));
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Layered(&self.b), ..Internals::default() }
    }
}
