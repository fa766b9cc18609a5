//! Backpropagation of error (Rumelhart, Hinton & Williams 1986, *Nature* 323:533–536).
//!
//! ```text
//! δ_{L−1} = ∂ℓ/∂z_{L−1}                          (the output error)
//! δ_l     = (W_{l+1}ᵀ δ_{l+1}) ⊙ f_l'(z_l)        (the chain rule, through the forward weights)
//! G_l     = ⟨δ_l h_lᵀ⟩_batch = ∂L/∂W_l             ΔW_l = −η G_l
//! ```
//!
//! The error travels down through the transpose of the very weights used on the way up: the "weight
//! transport" that a brain has no obvious way to do.

use alloc::boxed::Box;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::net::Feedback;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "backprop",
    title: "Backpropagation",
    citation: "Rumelhart, Hinton & Williams (1986), Nature 323:533",
    about: "The output error travels back down through the transposes Wᵀ of the very weights used on the way up, so \
            every synapse learns from its exact share of the error: the gradient. Each synapse needs its presynaptic \
            activity and an error that depends on the weights of every layer above it — weight transport, which a \
            brain has no obvious way to do.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::ForwardWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/gradients.rs: backprop_equals_finite_differences_for_every_activation_and_loss",
    build: |_| Box::new(Backprop),
};

impl RuleKind {
    /// Backpropagation.
    pub const BACKPROP: RuleKind = RuleKind(&RULE);
}

/// Exact gradient descent on the mini-batch loss.
#[derive(Clone, Copy, Debug, Default)]
pub struct Backprop;

impl LearningRule for Backprop {
    fn kind(&self) -> RuleKind {
        RuleKind::BACKPROP
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let net = s.net;
        super::chain(net, s.ws, s.grads, |l| Feedback::Transposed(&net.layers[l + 1].w));
    }
}
