//! Weight mirrors (Akrout, Wilson, Humphreys, Lillicrap & Tweed 2019, *NeurIPS* 32, "Deep learning without
//! weight transport").
//!
//! The error travels down through feedback matrices `B_l` as in feedback alignment, but `B_l` learns, in a
//! *mirror phase* that follows every training step: each hidden layer `l + 1` fires noise `x ~ N(0, σ² I)`, the
//! layer above responds through the forward weights, `y = W_{l+1} x`, and every feedback synapse correlates the
//! activity at its two ends:
//!
//! ```text
//! engaged:  δ_l = (B_l δ_{l+1}) ⊙ f_l'(z_l)          G_l = ⟨δ_l h_lᵀ⟩_batch,  ΔW_l = −η G_l
//! mirror:   ΔB_l = η_B ⟨x yᵀ⟩_K − λ B_l               x ~ N(0, σ² I), y = W_{l+1} x, K noise draws
//! ```
//!
//! Since `E[x yᵀ] = E[x xᵀ] W_{l+1}ᵀ = σ² W_{l+1}ᵀ`, the feedback settles at `(η_B σ² / λ) W_{l+1}ᵀ`: the
//! transpose, up to a positive scale, learned from purely local correlations. Here σ = 1 and `η_B = λ` =
//! 0.005 per step, so `B_l` tracks `W_{l+1}ᵀ` itself with a lag of about 1/λ = 200 steps and a sampling error
//! that K = 8 draws a phase keep near 5°.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::net::{Feedback, Network};
use crate::random::{Init, Rng, Stream};

/// The mirror learning rate `η_B`, equal to the decay λ (both per step).
pub const WM_RATE: f64 = 0.005;
/// Noise draws K per mirror phase.
pub const WM_SAMPLES: usize = 8;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "weight-mirror",
    title: "Weight mirror",
    citation: "Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019), NeurIPS 32",
    about: "Errors travel down through feedback weights B as in feedback alignment, but B learns in a mirror phase \
            after every step: the units fire noise, the layer above responds through the forward weights, and each \
            feedback synapse correlates the activity at its two ends, so B comes to match Wᵀ from local signals \
            alone.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: None,
    checked_by: "tests/weight_transport.rs: weight_mirror_aligns_feedback_below_ten_degrees",
    build: |s| Box::new(WeightMirror::new(&s.net.sizes(), s.feedback_init, s.seed)),
};

impl RuleKind {
    /// Weight mirrors.
    pub const WEIGHT_MIRROR: RuleKind = RuleKind(&RULE);
}

/// Weight mirrors: feedback weights learned from injected noise.
#[derive(Clone, Debug)]
pub struct WeightMirror {
    /// `B_l` for each hidden layer `l`, `n_{l+1} × n_{l+2}`.
    b: Vec<DMatrix<f64>>,
    rng: Rng,
    /// Scratch: one noise vector and the response to it.
    x: Vec<f64>,
    y: Vec<f64>,
}

impl WeightMirror {
    /// Starts from the same random `B_l` as feedback alignment; the mirror noise comes from the rule's stream.
    pub fn new(sizes: &[usize], init: Init, seed: u32) -> Self {
        let widest = sizes.iter().copied().max().unwrap_or(0);
        WeightMirror {
            b: super::random_feedback(sizes, init, seed),
            rng: Rng::new(seed, Stream::Rule),
            x: vec![0.0; widest],
            y: vec![0.0; widest],
        }
    }
}

impl LearningRule for WeightMirror {
    fn kind(&self) -> RuleKind {
        RuleKind::WEIGHT_MIRROR
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let b = &self.b;
        super::chain(s.net, s.ws, s.grads, |l| Feedback::Matrix(&b[l]));
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Layered(&self.b), ..Internals::default() }
    }

    /// The mirror phase: `B_l ← (1 − λ) B_l + η_B ⟨x yᵀ⟩` for every hidden layer.
    fn after_update(&mut self, net: &Network, _lr: f64) {
        let share = WM_RATE / WM_SAMPLES as f64;
        for (l, b) in self.b.iter_mut().enumerate() {
            let w = &net.layers[l + 1].w;
            let (n_in, n_out) = (w.ncols(), w.nrows());
            b.iter_mut().for_each(|v| *v *= 1.0 - WM_RATE);
            for _ in 0..WM_SAMPLES {
                let (x, y) = (&mut self.x[..n_in], &mut self.y[..n_out]);
                x.iter_mut().for_each(|v| *v = self.rng.normal());
                for (j, yj) in y.iter_mut().enumerate() {
                    *yj = (0..n_in).map(|i| w[(j, i)] * x[i]).sum();
                }
                for (j, &yj) in y.iter().enumerate() {
                    let column = &mut b.column_mut(j);
                    column.iter_mut().zip(x.iter()).for_each(|(v, &xi)| *v += share * xi * yj);
                }
            }
        }
    }
}
