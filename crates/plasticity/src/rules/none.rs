//! No learning: the control of every experiment, and the lesion of the cerebellar one. The network predicts as
//! it was drawn and no synapse ever changes — a cerebellum whose climbing-fibre plasticity is gone (Martin et
//! al. 1996's patients), or the untrained network a trained one is compared with (Zipser & Andersen 1988).

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "none",
    title: "No learning (a lesion; the control)",
    citation: "The control condition; as a cerebellar lesion, Martin, Keating, Goodkin, Bastian & Thach (1996)",
    about: "No synapse changes: the network keeps the weights it was drawn with. It is what a lesion removes — in \
            the prism task, a cerebellum that cannot learn from its climbing fibres — and the baseline that every \
            learning rule must beat.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Nothing,
    single_layer: None,
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("nothing learns: no error signal is sent and no synapse changes"),
    coincides: None,
    checked_by: "tests/rules.rs: no_learning_changes_no_weight",
    build: |_| Box::new(NoLearning),
};

impl RuleKind {
    /// No learning.
    pub const NONE: RuleKind = RuleKind(&RULE);
}

/// The rule that changes nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLearning;

impl LearningRule for NoLearning {
    fn kind(&self) -> RuleKind {
        RuleKind::NONE
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        for l in 0..s.net.depth() {
            s.ws.delta[l].fill(0.0);
            s.grads.clear(l);
        }
    }
}
