//! Kolen–Pollack learning of the feedback weights (Kolen & Pollack 1994; Akrout, Wilson, Humphreys, Lillicrap &
//! Tweed 2019, *NeurIPS* 32, "Deep learning without weight transport").
//!
//! ```text
//! δ_l       = (B_l δ_{l+1}) ⊙ f_l'(z_l)
//! P_l       = ⟨δ_l h_lᵀ⟩_batch
//! ΔW_{l+1}  = −η P_{l+1}   − λ W_{l+1}            (weight decay on the forward weights)
//! ΔB_l      = −η P_{l+1}ᵀ  − λ B_l                (the same update, transposed, with the same decay)
//! ```
//!
//! Each feedback synapse `B_l[i, j]` changes by exactly what its forward partner `W_{l+1}[j, i]` changes by —
//! a local product of the activities at its two ends, so no weight is transported — and both decay. Hence
//! `W_{l+1} − B_lᵀ` shrinks by the factor `1 − λ` every step: the feedback becomes the transpose of the forward
//! weights and the rule turns into backprop. λ = 10⁻⁴ per step here, whatever the learning rate, so the decay
//! halves the difference in about 7,000 steps without shrinking the weights a task needs.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::net::{Feedback, Network};
use crate::random::Init;

/// The weight decay λ per step.
pub const KP_DECAY: f64 = 1e-4;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "kolen-pollack",
    title: "Kolen–Pollack",
    citation: "Kolen & Pollack (1994); Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019), NeurIPS 32",
    about: "Errors travel down through feedback weights B that start random and then change by exactly what their \
            forward partners change by, with both decaying: the difference between W and Bᵀ fades, and the feedback \
            becomes the transpose of the forward weights. Each feedback synapse needs only the activity at its two \
            ends, so nothing is transported.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/weight_transport.rs: kolen_pollack_aligns_feedback_below_ten_degrees",
    build: |s| Box::new(KolenPollack::new(&s.net.sizes(), s.feedback_init, s.seed)),
};

impl RuleKind {
    /// Kolen–Pollack.
    pub const KOLEN_POLLACK: RuleKind = RuleKind(&RULE);
}

/// Kolen–Pollack: feedback weights that learn with the transpose of the forward update.
#[derive(Clone, Debug)]
pub struct KolenPollack {
    /// `B_l` for each hidden layer `l`, `n_{l+1} × n_{l+2}`.
    b: Vec<DMatrix<f64>>,
    /// The decay-free part `P_l` of each layer's last update direction.
    local: Vec<DMatrix<f64>>,
}

impl KolenPollack {
    /// Draws the initial `B_l` as feedback alignment does (so the two start identical).
    pub fn new(sizes: &[usize], init: Init, seed: u32) -> Self {
        let b = super::random_feedback(sizes, init, seed);
        let local = sizes.windows(2).map(|p| DMatrix::zeros(p[1], p[0])).collect();
        KolenPollack { b, local }
    }
}

impl LearningRule for KolenPollack {
    fn kind(&self) -> RuleKind {
        RuleKind::KOLEN_POLLACK
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let b = &self.b;
        super::chain(s.net, s.ws, s.grads, |l| Feedback::Matrix(&b[l]));
        for l in 0..s.net.depth() {
            self.local[l].copy_from(&s.grads.w[l]);
            // Weight decay on the forward weights (not the biases), as part of the direction: G = P + (λ/η) W.
            let decay = s.grads.w[l].as_mut_slice().iter_mut().zip(s.net.layers[l].w.as_slice());
            let per_eta = KP_DECAY / s.lr;
            decay.for_each(|(g, w)| *g += per_eta * w);
        }
    }

    fn after_update(&mut self, _net: &Network, lr: f64) {
        for (l, b) in self.b.iter_mut().enumerate() {
            let p = &self.local[l + 1];
            let keep = 1.0 - KP_DECAY;
            for i in 0..b.nrows() {
                for j in 0..b.ncols() {
                    b[(i, j)] = keep * b[(i, j)] - lr * p[(j, i)];
                }
            }
        }
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Layered(&self.b), ..Internals::default() }
    }
}
