//! Hebbian pairing: the unconditioned stimulus drives the cell, and every synapse active at the same time
//! strengthens — LTP-like pairing in the lateral amygdala (LeDoux 2000) or a cerebellar synapse, with no
//! prediction in it.
//!
//! ```text
//! t                             the activity the teaching input (the shock, the US) imposes on the cell
//! Δw = η t x                    i.e.  G = −⟨t xᵀ⟩_batch
//! ```
//!
//! Unlike the delta rule, `Δw = η (t − y) x`, nothing is subtracted for what the cell already predicts: a stimulus
//! paired with the US gains strength whether or not another stimulus already predicts it, so the rule acquires a
//! conditioned response but shows no blocking (Kamin 1969), and its weights grow for as long as the pairing goes on.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::kernels::{used, used_mut};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "pairing",
    title: "Hebbian pairing (stimulus × teaching input)",
    citation: "Hebb (1949); LTP-like pairing in the amygdala (LeDoux 2000)",
    about: "The teaching input — a shock, a target — drives the cell, and every synapse active at the same time \
            strengthens: Δw = η t x. Nothing is subtracted for what the cell already predicts, so a stimulus gains \
            strength whenever it is paired, even when another stimulus already predicts the outcome. Each synapse \
            needs its input and the teaching input's drive.",
    learning_rate_scale: 0.25,
    learns_from: LearnsFrom::Targets,
    single_layer: Some("Hebbian pairing trains one cell's synapses; remove the hidden layers (hidden=none)"),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("Hebbian pairing uses no error signal: the teaching input drives the cell"),
    coincides: None,
    checked_by: "tests/phenomena.rs: the_delta_rule_blocks_and_hebbian_pairing_does_not",
    build: |_| Box::new(Pairing),
};

impl RuleKind {
    /// Hebbian pairing.
    pub const PAIRING: RuleKind = RuleKind(&RULE);
}

/// Hebbian pairing on a single layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pairing;

impl LearningRule for Pairing {
    fn kind(&self) -> RuleKind {
        RuleKind::PAIRING
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        debug_assert_eq!(s.net.depth(), 1, "Hebbian pairing trains a single layer");
        let cols = s.ws.cols;
        let ws = &mut *s.ws;
        // The "error" the update is built from: −t, so that −η G = η t x.
        let t = used(&ws.target, cols);
        used_mut(&mut ws.delta[0], cols).iter_mut().zip(t).for_each(|(d, t)| *d = -t);
        s.grads.set_from_delta(0, ws);
        // The cell's bias is not a synapse: it does not learn.
        s.grads.b[0].fill(0.0);
    }
}
