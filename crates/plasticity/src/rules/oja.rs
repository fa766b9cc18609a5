//! Oja's rule (Oja 1982, *J. Math. Biol.* 15:267), applied to each output unit on its own.
//!
//! ```text
//! Δw_i = η y_i (x − y_i w_i)        i.e.  G_i = −⟨y_i x − y_i² w_i⟩_batch        with y = W x
//! ```
//!
//! Hebb's rule plus a local decay proportional to the unit's squared output: the weight vector's norm converges to
//! 1 and its direction to the first principal component of the inputs (±u₁). Every unit, learning alone, finds
//! the same component.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "oja",
    title: "Oja (unsupervised)",
    citation: "Oja (1982), J. Math. Biol. 15:267",
    about: "Hebb's rule plus a local decay proportional to the unit's squared output: each synapse needs its input, its \
            unit's output and its own weight. The weight vector's length goes to 1 and its direction to the first \
            principal component of the inputs, so every unit on its own finds the same component.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Inputs,
    single_layer: Some("Hebbian rules here train a single layer; remove the hidden layers"),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("Oja's rule is unsupervised: no error signal and no feedback reach any unit"),
    coincides: None,
    checked_by: "tests/hebbian.rs: oja_converges_to_the_first_principal_component_with_unit_norm",
    build: |_| Box::new(Oja),
};

impl RuleKind {
    /// Oja's rule.
    pub const OJA: RuleKind = RuleKind(&RULE);
}

/// Oja's normalised Hebbian rule on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Oja;

impl LearningRule for Oja {
    fn kind(&self) -> RuleKind {
        RuleKind::OJA
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        super::subtractive_hebbian(s.net, s.ws, s.grads, |i| i);
    }
}
