//! Sign symmetry (Liao, Leibo & Poggio 2016, *AAAI*, "How important is weight symmetry in backpropagation?").
//!
//! ```text
//! B_l     = sign(W_{l+1})ᵀ                        (signs shared, magnitudes not)
//! δ_l     = (B_l δ_{l+1}) ⊙ f_l'(z_l)
//! G_l     = ⟨δ_l h_lᵀ⟩_batch                      ΔW_l = −η G_l
//! ```
//!
//! The feedback pathway carries only the sign of each forward weight — one bit of weight transport instead of a
//! real number. `B_l` is refreshed after every update, so it equals `sign(W_{l+1}ᵀ)` at every step.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::net::{Feedback, Network};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "sign-symmetry",
    title: "Sign symmetry",
    citation: "Liao, Leibo & Poggio (2016), AAAI",
    about: "The feedback pathway carries only the sign of each forward weight, sign(W)ᵀ: one bit of weight \
            transport instead of a real number. Each synapse needs its presynaptic activity and the error its unit \
            receives through those signs.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::SignsOfForwardWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/weight_transport.rs: sign_symmetry_feedback_is_the_sign_of_the_forward_weights_every_step",
    build: |s| Box::new(SignSymmetry::new(&s.net.sizes())),
};

impl RuleKind {
    /// Sign symmetry.
    pub const SIGN_SYMMETRY: RuleKind = RuleKind(&RULE);
}

/// Backprop with the feedback weights replaced by the signs of the forward weights.
#[derive(Clone, Debug)]
pub struct SignSymmetry {
    /// `B_l = sign(W_{l+1})ᵀ` for each hidden layer `l` (times `s_l`, scaled).
    b: Vec<DMatrix<f64>>,
    /// Each layer's signs scaled to its forward weights' root-mean-square (`sign-symmetry-scaled`).
    scaled: bool,
}

impl SignSymmetry {
    /// Buffers for a network of widths `sizes`; filled from the network before first use.
    pub fn new(sizes: &[usize]) -> Self {
        let hidden = sizes.len().saturating_sub(2);
        SignSymmetry { b: (0..hidden).map(|l| DMatrix::zeros(sizes[l + 1], sizes[l + 2])).collect(), scaled: false }
    }

    /// The same, each layer's signs scaled so that `‖B_l‖ = ‖W_{l+1}‖` (see `sign_symmetry_scaled.rs`).
    pub fn scaled(sizes: &[usize]) -> Self {
        SignSymmetry { scaled: true, ..SignSymmetry::new(sizes) }
    }

    fn refresh(&mut self, net: &Network) {
        for (l, b) in self.b.iter_mut().enumerate() {
            let w = &net.layers[l + 1].w;
            // The scale that gives the signs the forward weights' norm: ‖W‖ / ‖sign W‖ (1 unscaled).
            let nonzero = w.iter().filter(|v| **v != 0.0).count();
            let scale = if self.scaled && nonzero > 0 { w.norm() / libm::sqrt(nonzero as f64) } else { 1.0 };
            for i in 0..b.nrows() {
                for j in 0..b.ncols() {
                    // sign(0) = 0: a weight that is exactly zero sends nothing back.
                    let v = w[(j, i)];
                    b[(i, j)] = if v > 0.0 {
                        scale
                    } else if v < 0.0 {
                        -scale
                    } else {
                        0.0
                    };
                }
            }
        }
    }
}

impl LearningRule for SignSymmetry {
    fn kind(&self) -> RuleKind {
        if self.scaled { RuleKind::SIGN_SYMMETRY_SCALED } else { RuleKind::SIGN_SYMMETRY }
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        self.refresh(s.net);
        let b = &self.b;
        super::chain(s.net, s.ws, s.grads, |l| Feedback::Matrix(&b[l]));
    }

    fn after_update(&mut self, net: &Network, _lr: f64) {
        self.refresh(net);
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Layered(&self.b), ..Internals::default() }
    }
}
