//! Weight perturbation (Jabri & Flower 1992; Werfel, Xie & Seung 2005).
//!
//! ```text
//! ξ_W ~ N(0, σ² I)                                noise on every weight and bias at once
//! r   = (L(W + ξ) − L(W)) / σ²                    the change in the mini-batch loss
//! G   = r ξ                                       ΔW = −η G
//! ```
//!
//! The most local rule of all and the least informed: one scalar per mini-batch, correlated with noise on each
//! synapse. Its expected update is the gradient, but its variance grows with the number of weights, not units.
//! There is no error signal per unit; the diagnostics show δ = 0.

use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{LearningRule, RuleKind};
use crate::activation::Loss;
use crate::net::{Grads, Network, Workspace};
use crate::random::{Rng, Stream};

/// The noise amplitude σ.
pub const WP_SIGMA: f64 = 1e-3;

/// Weight perturbation with a noiseless baseline.
#[derive(Clone, Debug)]
pub struct WeightPerturbation {
    loss: Loss,
    rng: Rng,
    sizes: Vec<usize>,
    perturbed: Option<(Network, Workspace)>,
    noise_w: Vec<DMatrix<f64>>,
    noise_b: Vec<DVector<f64>>,
    scratch: Vec<f64>,
}

impl WeightPerturbation {
    /// Weight perturbation for a network of widths `sizes` trained on `loss`.
    pub fn new(sizes: &[usize], loss: Loss, seed: u32) -> Self {
        WeightPerturbation {
            loss,
            rng: Rng::new(seed, Stream::Rule),
            sizes: sizes.to_vec(),
            perturbed: None,
            noise_w: sizes.windows(2).map(|p| DMatrix::zeros(p[1], p[0])).collect(),
            noise_b: sizes[1..].iter().map(|&n| DVector::zeros(n)).collect(),
            scratch: Vec::new(),
        }
    }

    fn mean_loss(loss: Loss, ws: &Workspace, scratch: &mut Vec<f64>) -> f64 {
        scratch.resize(ws.cols, 0.0);
        ws.losses(loss, scratch);
        scratch.iter().sum::<f64>() / ws.cols as f64
    }
}

impl LearningRule for WeightPerturbation {
    fn kind(&self) -> RuleKind {
        RuleKind::WeightPerturbation
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let cols = ws.cols;
        if self.perturbed.as_ref().is_none_or(|(_, w)| w.capacity() < cols) {
            self.perturbed = Some((net.clone(), Workspace::new(&self.sizes, cols)));
        }
        let (copy, pws) = self.perturbed.as_mut().expect("allocated");
        for (l, layer) in net.layers.iter().enumerate() {
            for (x, w) in self.noise_w[l].iter_mut().zip(copy.layers[l].w.iter_mut().zip(layer.w.iter())) {
                *x = WP_SIGMA * self.rng.normal();
                *w.0 = w.1 + *x;
            }
            for (x, b) in self.noise_b[l].iter_mut().zip(copy.layers[l].b.iter_mut().zip(layer.b.iter())) {
                *x = WP_SIGMA * self.rng.normal();
                *b.0 = b.1 + *x;
            }
        }
        pws.cols = cols;
        pws.h[0].columns_mut(0, cols).copy_from(&ws.h[0].columns(0, cols));
        pws.target.columns_mut(0, cols).copy_from(&ws.target.columns(0, cols));
        copy.forward(pws, cols);
        let base = Self::mean_loss(self.loss, ws, &mut self.scratch);
        let moved = Self::mean_loss(self.loss, pws, &mut self.scratch);
        let r = (moved - base) / (WP_SIGMA * WP_SIGMA);
        for l in 0..net.depth() {
            grads.w[l].iter_mut().zip(self.noise_w[l].iter()).for_each(|(g, x)| *g = r * x);
            grads.b[l].iter_mut().zip(self.noise_b[l].iter()).for_each(|(g, x)| *g = r * x);
            ws.delta[l].fill(0.0);
        }
    }
}
