//! Sign symmetry with scaled feedback: the control for sign symmetry's gain (Liao, Leibo & Poggio 2016, *AAAI*,
//! removed the same effect with batch normalisation).
//!
//! ```text
//! s_l     = ‖W_{l+1}‖ / ‖sign(W_{l+1})‖              the forward weights' root-mean-square
//! B_l     = s_l · sign(W_{l+1})ᵀ                      (signs shared; one magnitude per layer)
//! δ_l     = (B_l δ_{l+1}) ⊙ f_l'(z_l)
//! G_l     = ⟨δ_l h_lᵀ⟩_batch                         ΔW_l = −η G_l
//! ```
//!
//! Unscaled signs (`sign-symmetry`) are ±1 where the forward weights are of order 1/√n: the error reaching a hidden
//! layer is multiplied by roughly √n per layer above it, a per-layer learning-rate boost rather than better credit
//! assignment. Scaling each layer's signs to its weights' norm keeps the signs' direction and removes that boost,
//! so a rule ahead of backprop only through the boost is no longer ahead. One extra number per layer (the norm) is
//! transported.

use alloc::boxed::Box;

use super::sign_symmetry::SignSymmetry;
use super::{FeedbackRoute, HiddenSignal, LearnsFrom, RuleInfo, RuleKind};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "sign-symmetry-scaled",
    title: "Sign symmetry, scaled",
    citation: "the control for Liao, Leibo & Poggio (2016), AAAI: signs scaled to each layer's weight norm",
    about: "The feedback pathway carries the sign of each forward weight, sign(W)ᵀ, scaled per layer to the forward \
            weights' norm: the same directions as sign symmetry without its larger error signal in the hidden \
            layers. Each synapse needs its presynaptic activity and the error its unit receives through those \
            signs, and each layer one number, its weights' norm.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::SignsOfForwardWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/weight_transport.rs: scaled_sign_symmetry_feedback_has_the_signs_and_the_norm_of_the_weights",
    build: |s| Box::new(SignSymmetry::scaled(&s.net.sizes())),
};

impl RuleKind {
    /// Sign symmetry with each layer's feedback scaled to its forward weights' norm.
    pub const SIGN_SYMMETRY_SCALED: RuleKind = RuleKind(&RULE);
}
