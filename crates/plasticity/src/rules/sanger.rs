//! Sanger's rule, the generalized Hebbian algorithm (Sanger 1989, *Neural Netw.* 2:459).
//!
//! ```text
//! Δw_i = η y_i (x − Σ_{k ≤ i} y_k w_k)       i.e.  G = −⟨y xᵀ − LT(y yᵀ) W⟩_batch        with y = W x
//! ```
//!
//! Like Oja's rule, but unit `i` also subtracts what the units before it already explain: unit 1 finds the first
//! principal component, unit 2 the second, and so on — the network performs PCA, in order, with local rules
//! (each unit needs the outputs of the units before it, a lateral signal).

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "sanger",
    title: "Sanger (unsupervised)",
    citation: "Sanger (1989), Neural Netw. 2:459",
    about: "Oja's rule with each unit also subtracting what the units before it already explain, through a lateral \
            signal: unit 1 finds the first principal component, unit 2 the second, and so on — principal component \
            analysis, in order, with local rules.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Inputs,
    single_layer: Some("Hebbian rules here train a single layer; remove the hidden layers"),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("Sanger's rule is unsupervised: no error signal and no feedback reach any unit"),
    coincides: None,
    checked_by: "tests/hebbian.rs: sanger_finds_the_components_in_order",
    build: |_| Box::new(Sanger),
};

impl RuleKind {
    /// Sanger's rule.
    pub const SANGER: RuleKind = RuleKind(&RULE);
}

/// The generalized Hebbian algorithm on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sanger;

impl LearningRule for Sanger {
    fn kind(&self) -> RuleKind {
        RuleKind::SANGER
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        super::subtractive_hebbian(s.net, s.ws, s.grads, |_| 0);
    }
}
