//! Hebb's rule (Hebb 1949): cells that fire together wire together.
//!
//! ```text
//! Δw_ij = η y_i x_j          i.e.  G = −⟨y xᵀ⟩_batch        with y = W x (a single linear layer)
//! ```
//!
//! Purely local and unsupervised — and unstable: the weights grow along the direction of largest input variance
//! without bound (‖w‖ grows like `(1 + ηλ₁)ᵗ`), until the run diverges. That is the point of showing it.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::kernels::used;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "hebb",
    title: "Hebb (unsupervised)",
    citation: "Hebb (1949), The Organization of Behavior",
    about: "Cells that fire together wire together: each synapse grows with the product of its presynaptic and \
            postsynaptic activity, Δw = η y x. Purely local and unsupervised — and unstable: the weights grow along \
            the direction of largest input variance without bound.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Inputs,
    single_layer: Some("Hebbian rules here train a single layer; remove the hidden layers"),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("Hebb's rule is unsupervised: no error signal and no feedback reach any unit"),
    coincides: None,
    checked_by: "tests/hebbian.rs: hebb_grows_without_bound",
    build: |_| Box::new(Hebb),
};

impl RuleKind {
    /// Hebb's rule.
    pub const HEBB: RuleKind = RuleKind(&RULE);
}

/// Plain Hebbian learning on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hebb;

impl LearningRule for Hebb {
    fn kind(&self) -> RuleKind {
        RuleKind::HEBB
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let cols = s.ws.cols;
        let ws = &mut *s.ws;
        // δ = −y: the outer product with x gives G = −⟨y xᵀ⟩.
        let (h, delta) = (&ws.h[1], &mut ws.delta[0]);
        crate::kernels::used_mut(delta, cols).iter_mut().zip(used(h, cols)).for_each(|(d, y)| *d = -y);
        s.grads.set_from_delta(0, ws);
        s.grads.b[0].fill(0.0);
        // No error signal is reported: the rule is unsupervised.
        ws.delta[0].fill(0.0);
    }
}
