//! A voltage-dependent Hebbian rule: a synapse potentiates only when its input is active *and* the postsynaptic
//! cell is depolarised beyond a threshold — the NMDA receptor as a coincidence detector (Artola, Bröcher &
//! Singer 1990, *Nature* 347:69, the threshold θ₊ of their "ABS" rule; Bliss & Collingridge 1993).
//!
//! ```text
//! y  = W x + b                       the postsynaptic depolarisation (one linear cell)
//! Δw = η x [y − θ]₊                  i.e.  G = −⟨[y − θ]₊ xᵀ⟩_batch, θ = LTP_THRESHOLD
//! ```
//!
//! This is the LTP half of the ABS rule only (no depression between the two thresholds). It gives LTP its two
//! signatures: *input specificity* — a silent input (x = 0) never changes, however depolarised the cell — and
//! *associativity* — a weak input that cannot depolarise the cell past θ by itself potentiates when it is active
//! together with a strong one that can (Levy & Steward 1979). Plain Hebb (`hebb`) has no threshold, so the weak
//! input alone potentiates too.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::kernels::{used, used_mut};
use crate::tasks::LTP_THRESHOLD;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "voltage-hebb",
    title: "Voltage-dependent Hebb (NMDA threshold)",
    citation: "Artola, Bröcher & Singer (1990), Nature 347:69; Levy & Steward (1979), Brain Res. 175:233",
    about: "A synapse strengthens only when its input is active and the cell is depolarised past a threshold θ, as \
            when the NMDA receptor's magnesium block lifts: Δw = η x [y − θ]₊. So LTP is input-specific (a silent \
            synapse never changes) and associative (a weak input paired with a strong one potentiates, though \
            alone it cannot).",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Inputs,
    single_layer: Some("the voltage-dependent Hebb rule trains one cell's synapses; remove the hidden layers"),
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("the voltage-dependent Hebb rule is unsupervised: no error signal and no feedback reach any unit"),
    coincides: None,
    checked_by: "tests/phenomena.rs: ltp_is_input_specific_and_associative",
    build: |_| Box::new(VoltageHebb),
};

impl RuleKind {
    /// The voltage-dependent Hebbian rule.
    pub const VOLTAGE_HEBB: RuleKind = RuleKind(&RULE);
}

/// Hebbian potentiation gated by postsynaptic depolarisation.
#[derive(Clone, Copy, Debug, Default)]
pub struct VoltageHebb;

impl LearningRule for VoltageHebb {
    fn kind(&self) -> RuleKind {
        RuleKind::VOLTAGE_HEBB
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let cols = s.ws.cols;
        let ws = &mut *s.ws;
        // δ = −[y − θ]₊: the outer product with x gives G = −⟨[y − θ]₊ xᵀ⟩.
        let (h, delta) = (&ws.h[1], &mut ws.delta[0]);
        used_mut(delta, cols).iter_mut().zip(used(h, cols)).for_each(|(d, y)| *d = -(y - LTP_THRESHOLD).max(0.0));
        s.grads.set_from_delta(0, ws);
        s.grads.b[0].fill(0.0);
        // No error signal is reported: the rule is unsupervised.
        ws.delta[0].fill(0.0);
    }
}
