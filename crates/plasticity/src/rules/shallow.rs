//! Shallow learning: only the output layer learns (the baseline of Lillicrap et al. 2016).
//!
//! ```text
//! δ_{L−1} = ∂ℓ/∂z_{L−1}         G_{L−1} = ⟨δ_{L−1} h_{L−1}ᵀ⟩_batch
//! δ_l     = 0,  G_l = 0         for every hidden layer l
//! ```
//!
//! The output layer follows the delta rule on a fixed random expansion of the input; the hidden layers get no
//! error signal at all. Whatever the other rules gain over this baseline is credit assigned to hidden layers.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "shallow",
    title: "Shallow learning (output layer only)",
    citation: "the baseline of Lillicrap, Cownden, Tweed & Akerman (2016)",
    about: "Only the output layer learns, by the delta rule on a fixed random hidden layer; the hidden layers get no \
            error signal at all. Whatever another rule gains over this baseline is credit it assigned to the hidden \
            layers.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::Nothing,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: None,
    coincides: None,
    checked_by: "tests/rules.rs: shallow_learning_leaves_hidden_layers_untouched",
    build: |_| Box::new(Shallow),
};

impl RuleKind {
    /// Shallow learning.
    pub const SHALLOW: RuleKind = RuleKind(&RULE);
}

/// Learns the output layer only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shallow;

impl LearningRule for Shallow {
    fn kind(&self) -> RuleKind {
        RuleKind::SHALLOW
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let out = s.net.depth() - 1;
        s.grads.set_from_delta(out, s.ws);
        for l in 0..out {
            s.ws.delta[l].fill(0.0);
            s.grads.clear(l);
        }
    }
}
