//! Direct feedback alignment (Nøkland 2016, *NeurIPS* 29, "Direct feedback alignment provides learning in deep
//! neural networks").
//!
//! ```text
//! e       = δ_{L−1} = ∂ℓ/∂z_{L−1}                 (the output error)
//! δ_l     = (D_l e) ⊙ f_l'(z_l)                   D_l fixed and random, n_{l+1} × n_L
//! G_l     = ⟨δ_l h_lᵀ⟩_batch                      ΔW_l = −η G_l
//! ```
//!
//! Every hidden layer hears the output error directly, through its own random matrix: no error travels through
//! the layers above, so there is neither weight transport nor a chain of error signals. The forward weights still
//! come to align so that `D_l e` points downhill (the update angle shows it). `D_l` is not shaped like
//! `W_{l+1}ᵀ`, so this rule reports no W–Bᵀ angle.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{Coincidence, FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::net::draw_matrix;
use crate::random::{Init, Rng, Stream};

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "dfa",
    title: "Direct feedback alignment",
    citation: "Nøkland (2016), NeurIPS 29",
    about: "Every hidden layer hears the output error directly, through its own fixed random matrix D: no error \
            passes through the layers in between, so there is neither weight transport nor a chain of error \
            signals. Each synapse needs its presynaptic activity and the output error as D sends it to its unit.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::SignedErrorPerUnit,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: Some(Coincidence {
        with: "fa",
        hidden_layers: 1,
        why: "With one hidden layer, direct feedback alignment is feedback alignment: the error reaches the only hidden layer \
              straight from the output through one fixed random matrix either way. Only the matrix drawn differs \
              (with one output unit, not even that: the same numbers). Add a hidden layer to tell them apart.",
        exact: false,
    }),
    checked_by: "tests/weight_transport.rs: direct_feedback_alignment_learns_through_random_direct_paths",
    build: |s| Box::new(DirectFeedbackAlignment::new(&s.net.sizes(), s.feedback_init, s.seed)),
};

impl RuleKind {
    /// Direct feedback alignment.
    pub const DIRECT_FEEDBACK_ALIGNMENT: RuleKind = RuleKind(&RULE);
}

/// Direct feedback alignment with fixed random matrices from the output to each hidden layer.
#[derive(Clone, Debug)]
pub struct DirectFeedbackAlignment {
    /// `D_l` for each hidden layer `l`, `n_{l+1} × n_L`.
    d: Vec<DMatrix<f64>>,
}

impl DirectFeedbackAlignment {
    /// Draws `D_l` for a network of widths `sizes` (fan-in `n_L`, fan-out `n_{l+1}`).
    pub fn new(sizes: &[usize], init: Init, seed: u32) -> Self {
        let mut rng = Rng::new(seed, Stream::Feedback);
        let n_out = sizes[sizes.len() - 1];
        let hidden = sizes.len().saturating_sub(2);
        let d = (0..hidden).map(|l| draw_matrix(sizes[l + 1], n_out, init, &mut rng)).collect();
        DirectFeedbackAlignment { d }
    }
}

impl LearningRule for DirectFeedbackAlignment {
    fn kind(&self) -> RuleKind {
        RuleKind::DIRECT_FEEDBACK_ALIGNMENT
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let out = s.net.depth() - 1;
        for l in 0..out {
            s.ws.send_direct(l, &self.d[l], s.net.layers[l].f);
            s.grads.set_from_delta(l, s.ws);
        }
        s.grads.set_from_delta(out, s.ws);
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Direct(&self.d), ..Internals::default() }
    }
}
