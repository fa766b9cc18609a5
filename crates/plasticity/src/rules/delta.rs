//! The delta rule (Widrow & Hoff 1960, "Adaptive switching circuits"; in conditioning, Rescorla & Wagner 1972):
//! one layer of weights learns from the difference between the target and its own prediction.
//!
//! ```text
//! y = f(W x + b)                the prediction
//! e = y − t                     the error: prediction minus target, as a climbing fibre might report it
//! G = ⟨e xᵀ⟩_batch              ΔW = −η G = η ⟨(t − y) xᵀ⟩
//! ```
//!
//! This is the cerebellum's learning in the Marr–Albus–Ito theory: a Purkinje cell's parallel-fibre synapses
//! change in proportion to their input and to the error that its climbing fibre signals. With one layer there is
//! no credit to assign — every synapse sees the error of the unit it drives — which is why the rule refuses
//! networks with hidden layers (shallow learning applies the same idea to the output layer of a deeper network,
//! leaving the hidden layers fixed).
//!
//! The error is the raw output difference, with no derivative of the output nonlinearity. For a linear output
//! and the squared error, and for a softmax output with cross-entropy, that *is* the gradient; for a tanh or
//! logistic output with the squared error it is not (it lacks `f'(z)`), yet it still moves every output towards
//! its target, and it does not stall where `f` saturates, as the gradient does.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::kernels::{used, used_mut};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "delta",
    title: "Delta rule (one layer, no hidden units)",
    citation: "Widrow & Hoff (1960); Rescorla & Wagner (1972); Marr (1969), Albus (1971)",
    about: "One layer of weights learns from the difference between its prediction and the target, as a climbing \
            fibre reports it to a Purkinje cell in the Marr–Albus theory of the cerebellum. Each synapse needs its \
            input and the error of the unit it drives: with one layer there is no credit to assign.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: Some(
        "the delta rule trains a single layer of weights; remove the hidden layers (hidden=none), or choose shallow, \
         which applies it to the output layer of a deeper network",
    ),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: None,
    coincides: None,
    checked_by: "tests/rules.rs: delta_rule_learns_one_layer_and_refuses_hidden_layers",
    build: |_| Box::new(Delta),
};

impl RuleKind {
    /// The delta rule.
    pub const DELTA: RuleKind = RuleKind(&RULE);
}

/// The delta rule on a single layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Delta;

impl LearningRule for Delta {
    fn kind(&self) -> RuleKind {
        RuleKind::DELTA
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        debug_assert_eq!(s.net.depth(), 1, "the delta rule trains a single layer");
        let cols = s.ws.cols;
        let ws = &mut *s.ws;
        let (y, t) = (used(&ws.h[1], cols), used(&ws.target, cols));
        let e = used_mut(&mut ws.delta[0], cols);
        e.iter_mut().zip(y.iter().zip(t)).for_each(|(e, (y, t))| *e = y - t);
        s.grads.set_from_delta(0, ws);
    }
}
