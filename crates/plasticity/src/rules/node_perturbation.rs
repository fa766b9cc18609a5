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
//!
//! On the reward-only variant of a classification task ([`Config::reward`](crate::Config::reward)) there is no
//! loss to compare, only a reward, and the rule is Williams' REINFORCE with a reinforcement baseline:
//!
//! ```text
//! ξ_l ~ N(0, σ_R² I)                       on every hidden pre-activation
//! a   ~ softmax(z̃_{L−1})                   the answer is sampled: the output's own exploration
//! r   = 1 if a is the right class, else 0   the only thing the learner is told
//! b  ← b + ρ (⟨r⟩ − b)                     the baseline: a running mean of the reward, ρ = 0.05
//! δ_{L−1} = −(r − b) (e_a − p)             ∂ ln π(a)/∂z for the softmax policy
//! δ_l     = −(r − b) ξ_l / σ_R²            ∂ ln N(z̃; z, σ_R²)/∂z for each Gaussian unit
//! G_l = ⟨δ_l h̃_lᵀ⟩_batch                  ascends the expected reward
//! ```
//!
//! The reward is read off the target at the sampled class only (`t_a`, which is 1 for the right class); nothing
//! else of the target reaches the rule.

use alloc::vec;
use alloc::vec::Vec;

use super::{LearningRule, RuleKind};
use crate::activation::Loss;
use crate::net::{Grads, Network, Workspace};
use crate::random::{Rng, Stream};

/// The noise amplitude σ.
pub const NP_SIGMA: f64 = 1e-3;
/// The hidden units' noise amplitude σ_R under REINFORCE: large enough to explore, since the reward does not
/// resolve small changes.
pub const REINFORCE_SIGMA: f64 = 1.0;
/// The rate ρ at which the reward baseline follows the reward.
pub const BASELINE_RATE: f64 = 0.05;

/// Node perturbation with a noiseless baseline.
#[derive(Clone, Debug)]
pub struct NodePerturbation {
    loss: Loss,
    /// REINFORCE on a reward instead of the loss change.
    reward: bool,
    /// The reward baseline b.
    baseline: f64,
    rng: Rng,
    sizes: Vec<usize>,
    noisy: Option<Workspace>,
    noise: Vec<Vec<f64>>,
    clean: Vec<f64>,
    perturbed: Vec<f64>,
}

impl NodePerturbation {
    /// Node perturbation for a network of widths `sizes` trained on `loss`, or with `reward` as REINFORCE.
    pub fn new(sizes: &[usize], loss: Loss, reward: bool, seed: u32) -> Self {
        NodePerturbation {
            loss,
            reward,
            baseline: 0.0,
            rng: Rng::new(seed, Stream::Rule),
            sizes: sizes.to_vec(),
            noisy: None,
            noise: Vec::new(),
            clean: Vec::new(),
            perturbed: Vec::new(),
        }
    }

    /// Runs the batch in `ws` through the network with noise `ξ ~ N(0, σ²)` added to the pre-activations of the
    /// first `layers` layers, into the rule's own workspace.
    fn perturbed_forward(&mut self, net: &Network, ws: &Workspace, sigma: f64, layers: usize) {
        let cols = ws.cols;
        self.reserve(cols);
        let noisy = self.noisy.as_mut().expect("reserved");
        noisy.cols = cols;
        noisy.h[0].columns_mut(0, cols).copy_from(&ws.h[0].columns(0, cols));
        noisy.target.columns_mut(0, cols).copy_from(&ws.target.columns(0, cols));
        for xi in &mut self.noise[..layers] {
            xi.iter_mut().for_each(|x| *x = sigma * self.rng.normal());
        }
        let noise = &self.noise;
        net.forward_perturbed(noisy, cols, |l, z| {
            if l < layers {
                let z = &mut z.as_mut_slice()[..noise[l].len()];
                z.iter_mut().zip(&noise[l]).for_each(|(z, x)| *z += x);
            }
        });
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
        if self.reward {
            return self.reinforce(net, ws, grads);
        }
        let cols = ws.cols;
        self.perturbed_forward(net, ws, NP_SIGMA, net.depth());
        let noisy = self.noisy.as_mut().expect("reserved");
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

impl NodePerturbation {
    /// REINFORCE from a 0/1 reward (see the module's documentation).
    fn reinforce(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let (cols, depth) = (ws.cols, net.depth());
        // The output layer explores by sampling its answer, not by noise.
        self.perturbed_forward(net, ws, REINFORCE_SIGMA, depth - 1);
        let noisy = self.noisy.as_mut().expect("reserved");
        // Sample each example's answer, read its reward, and form the output's eligibility e_a − p.
        let n = self.sizes[depth];
        let rewards = &mut self.clean[..cols];
        let out = noisy.delta[depth - 1].as_mut_slice();
        for j in 0..cols {
            let p = &noisy.h[depth].as_slice()[j * n..(j + 1) * n];
            let u = self.rng.uniform(0.0, 1.0);
            let mut cumulative = 0.0;
            let a = p.iter().position(|&pi| {
                cumulative += pi;
                u < cumulative
            });
            let a = a.unwrap_or(n - 1);
            rewards[j] = ws.target[(a, j)];
            for (i, d) in out[j * n..(j + 1) * n].iter_mut().enumerate() {
                *d = f64::from(u8::from(i == a)) - p[i];
            }
        }
        let baseline = self.baseline;
        for l in 0..depth {
            let m = self.sizes[l + 1];
            let delta = noisy.delta[l].as_mut_slice();
            for j in 0..cols {
                let advantage = rewards[j] - baseline;
                for i in 0..m {
                    let eligibility = if l + 1 == depth {
                        delta[j * m + i]
                    } else {
                        self.noise[l][j * m + i] / (REINFORCE_SIGMA * REINFORCE_SIGMA)
                    };
                    delta[j * m + i] = -advantage * eligibility;
                }
            }
            grads.set_from_delta(l, noisy);
            ws.delta[l].columns_mut(0, cols).copy_from(&noisy.delta[l].columns(0, cols));
        }
        let mean = rewards.iter().sum::<f64>() / cols as f64;
        self.baseline += BASELINE_RATE * (mean - self.baseline);
    }
}
