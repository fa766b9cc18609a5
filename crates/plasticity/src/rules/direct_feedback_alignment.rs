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

use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{LearningRule, RuleKind};
use crate::config::Init;
use crate::net::{Grads, Network, Workspace, draw_matrix};
use crate::random::{Rng, Stream};

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
        let n_out = *sizes.last().expect("at least an input and an output layer");
        let hidden = sizes.len().saturating_sub(2);
        let d = (0..hidden).map(|l| draw_matrix(sizes[l + 1], n_out, init, &mut rng)).collect();
        DirectFeedbackAlignment { d }
    }
}

impl LearningRule for DirectFeedbackAlignment {
    fn kind(&self) -> RuleKind {
        RuleKind::DirectFeedbackAlignment
    }

    fn direct_feedback(&self) -> Option<&[DMatrix<f64>]> {
        Some(&self.d)
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let out = net.depth() - 1;
        for l in 0..out {
            ws.send_direct(l, &self.d[l], net.layers[l].f);
            grads.set_from_delta(l, ws);
        }
        grads.set_from_delta(out, ws);
    }
}
