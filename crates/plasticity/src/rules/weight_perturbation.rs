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

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::activation::Loss;
use crate::net::{Network, Workspace};
use crate::random::{Rng, Stream};

/// The noise amplitude σ.
pub const WP_SIGMA: f64 = 1e-3;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "weight-perturbation",
    title: "Weight perturbation",
    citation: "Jabri & Flower (1992), IEEE Trans. Neural Netw. 3:154; Werfel, Xie & Seung (2005)",
    about: "Every synapse at once adds a little noise to its own weight, and one scalar a mini-batch — how much the \
            loss changed — tells each whether its noise helped. The most local rule and the least informed: there \
            is no error signal per unit at all, and the variance of its estimate grows with the number of weights.",
    learning_rate_scale: 0.1,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::Scalar,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: Some("weight perturbation has no per-unit error signal: it perturbs every weight at once and hears one scalar"),
    coincides: None,
    checked_by: "tests/perturbation.rs: weight_perturbation_is_the_gradient_on_average",
    build: |s| Box::new(WeightPerturbation::new(s.net, s.loss, s.seed)),
};

impl RuleKind {
    /// Weight perturbation.
    pub const WEIGHT_PERTURBATION: RuleKind = RuleKind(&RULE);
}

/// Weight perturbation with a noiseless baseline.
#[derive(Clone, Debug)]
pub struct WeightPerturbation {
    loss: Loss,
    rng: Rng,
    /// The perturbed network `W + ξ`, and the batch's pass through it.
    perturbed: Network,
    pws: Workspace,
    noise_w: Vec<DMatrix<f64>>,
    noise_b: Vec<DVector<f64>>,
    /// Scratch: one loss per example.
    losses: Vec<f64>,
}

impl WeightPerturbation {
    /// Weight perturbation for networks shaped like `net`, trained on `loss`.
    pub fn new(net: &Network, loss: Loss, seed: u32) -> Self {
        let sizes = net.sizes();
        WeightPerturbation {
            loss,
            rng: Rng::new(seed, Stream::Rule),
            perturbed: net.clone(),
            pws: Workspace::new(&sizes, 0),
            noise_w: sizes.windows(2).map(|p| DMatrix::zeros(p[1], p[0])).collect(),
            noise_b: sizes[1..].iter().map(|&n| DVector::zeros(n)).collect(),
            losses: Vec::new(),
        }
    }

    /// The batch's mean loss in `ws`.
    fn mean_loss(loss: Loss, ws: &Workspace, scratch: &mut [f64]) -> f64 {
        ws.losses(loss, scratch);
        scratch[..ws.cols].iter().sum::<f64>() / ws.cols as f64
    }
}

impl LearningRule for WeightPerturbation {
    fn kind(&self) -> RuleKind {
        RuleKind::WEIGHT_PERTURBATION
    }

    fn reserve(&mut self, batch: usize) {
        if self.pws.capacity() < batch {
            self.pws = Workspace::new(&self.perturbed.sizes(), batch);
            self.losses = vec![0.0; batch];
        }
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let (net, copy) = (s.net, &mut self.perturbed);
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
        self.pws.load_batch(s.ws);
        copy.forward(&mut self.pws, s.ws.cols);
        let base = Self::mean_loss(self.loss, s.ws, &mut self.losses);
        let moved = Self::mean_loss(self.loss, &self.pws, &mut self.losses);
        let r = (moved - base) / (WP_SIGMA * WP_SIGMA);
        for l in 0..net.depth() {
            s.grads.w[l].iter_mut().zip(self.noise_w[l].iter()).for_each(|(g, x)| *g = r * x);
            s.grads.b[l].iter_mut().zip(self.noise_b[l].iter()).for_each(|(g, x)| *g = r * x);
            s.ws.delta[l].fill(0.0);
        }
    }
}
