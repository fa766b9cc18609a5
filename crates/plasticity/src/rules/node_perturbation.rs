//! Node perturbation, a form of REINFORCE (Williams 1992; Werfel, Xie & Seung 2005, *Neural Comput.* 17:2699).
//!
//! ```text
//! ξ_l ~ N(0, σ² I)                                noise added to every pre-activation, z̃_l = W_l h̃_l + b_l + ξ_l
//! r   = (ℓ(z̃) − ℓ(z)) / σ²                        the change in loss, against the noiseless baseline ℓ(z)
//! δ_l = r ξ_l                                     the error signal: the noise, scaled by how much it hurt
//! G_l = ⟨δ_l h̃_lᵀ⟩_batch                          ΔW_l = −η G_l
//! ```
//!
//! No error vector travels anywhere: each unit correlates its own noise with one global scalar — a reward
//! signal, as a neuromodulator might broadcast. To first order `E[r ξ] = ∂ℓ/∂z`, so the update is backprop's on
//! average, but its variance grows with the number of units, so it learns far more slowly.

use alloc::vec;
use alloc::vec::Vec;

use super::{LearningRule, RuleKind};
use crate::activation::Loss;
use crate::net::{Grads, Network, Workspace};
use crate::random::{Rng, Stream};

/// The noise amplitude σ.
pub const NP_SIGMA: f64 = 1e-3;

/// Node perturbation with a noiseless baseline.
#[derive(Clone, Debug)]
pub struct NodePerturbation {
    loss: Loss,
    rng: Rng,
    sizes: Vec<usize>,
    noisy: Option<Workspace>,
    noise: Vec<Vec<f64>>,
    clean: Vec<f64>,
    perturbed: Vec<f64>,
}

impl NodePerturbation {
    /// Node perturbation for a network of widths `sizes` trained on `loss`.
    pub fn new(sizes: &[usize], loss: Loss, seed: u32) -> Self {
        NodePerturbation {
            loss,
            rng: Rng::new(seed, Stream::Rule),
            sizes: sizes.to_vec(),
            noisy: None,
            noise: Vec::new(),
            clean: Vec::new(),
            perturbed: Vec::new(),
        }
    }

    /// Sizes the buffers for batches of `cols` (only when the batch grows).
    fn reserve(&mut self, cols: usize) {
        if self.noisy.as_ref().is_none_or(|w| w.capacity() < cols) {
            self.noisy = Some(Workspace::new(&self.sizes, cols));
            self.noise = self.sizes[1..].iter().map(|&n| vec![0.0; n * cols]).collect();
            self.clean = vec![0.0; cols];
            self.perturbed = vec![0.0; cols];
        }
    }
}

impl LearningRule for NodePerturbation {
    fn kind(&self) -> RuleKind {
        RuleKind::NodePerturbation
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let cols = ws.cols;
        self.reserve(cols);
        let noisy = self.noisy.as_mut().expect("reserved");
        noisy.cols = cols;
        noisy.h[0].columns_mut(0, cols).copy_from(&ws.h[0].columns(0, cols));
        noisy.target.columns_mut(0, cols).copy_from(&ws.target.columns(0, cols));
        for xi in &mut self.noise {
            xi.iter_mut().for_each(|x| *x = NP_SIGMA * self.rng.normal());
        }
        let noise = &self.noise;
        net.forward_perturbed(noisy, cols, |l, z| {
            let z = &mut z.as_mut_slice()[..noise[l].len()];
            z.iter_mut().zip(&noise[l]).for_each(|(z, x)| *z += x);
        });
        ws.losses(self.loss, &mut self.clean);
        noisy.losses(self.loss, &mut self.perturbed);
        for l in 0..net.depth() {
            let n = self.sizes[l + 1];
            let delta = noisy.delta[l].as_mut_slice();
            for j in 0..cols {
                let r = (self.perturbed[j] - self.clean[j]) / (NP_SIGMA * NP_SIGMA);
                for i in 0..n {
                    delta[j * n + i] = r * self.noise[l][j * n + i];
                }
            }
            grads.set_from_delta(l, noisy);
            ws.delta[l].columns_mut(0, cols).copy_from(&noisy.delta[l].columns(0, cols));
        }
    }
}
