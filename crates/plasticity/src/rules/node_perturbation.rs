//! Node perturbation, a form of REINFORCE (Williams 1992; Werfel, Xie & Seung 2005, *Neural Comput.* 17:2699).
//!
//! ```text
//! ξ_l ~ N(0, σ² I)                                noise added to every pre-activation, z̃_l = W_l h̃_l + b_l + ξ_l
//! r   = (ℓ(z̃) − ℓ(z)) / σ²                        the change in loss, against the noiseless baseline ℓ(z)
//! δ_l = r ξ_l                                     the error signal: the noise, scaled by how much it hurt
//! G_l = ⟨δ_l h̃_lᵀ⟩_batch                          ΔW_l = −η G_l
//! ```
//!
//! Written in the rule language (docs/rules.md), from the same noise, within 10⁻¹² of this rule after a step:
//!
//! ```text
//! delta[l] = dloss / (sigma * sigma) .* xi[l]
//! dW[l] = outer(dloss / (sigma * sigma) .* xi[l], noisy_h[l])
//! db[l] = mean(dloss / (sigma * sigma) .* xi[l])
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

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{FeedbackRoute, HiddenSignal, LearningRule, LearnsFrom, RuleInfo, RuleKind, Step};
use crate::activation::Loss;
use crate::kernels::used_mut;
use crate::net::{Feedback, Network, Workspace};
use crate::random::{Rng, Stream};

/// The noise amplitude σ.
pub const NP_SIGMA: f64 = 1e-3;
/// σ when the hidden units spike: noise of 10⁻³ almost never carries a pre-activation across the threshold, so
/// the loss would not change and nothing would be learned. Noise this large flips spikes near threshold, and the
/// rule estimates the gradient of the noise-smoothed loss — the stochastic units' own gradient (Williams 1992).
pub const NP_SPIKE_SIGMA: f64 = 0.5;
/// The hidden units' noise amplitude σ_R under REINFORCE: large enough to explore, since the reward does not
/// resolve small changes.
pub const REINFORCE_SIGMA: f64 = 1.0;
/// The rate ρ at which the reward baseline follows the reward.
pub const BASELINE_RATE: f64 = 0.05;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "node-perturbation",
    title: "Node perturbation (loss difference)",
    citation: "Williams (1992), Mach. Learn. 8:229; Werfel, Xie & Seung (2005), Neural Comput. 17:2699",
    about: "No error vector travels anywhere: every unit adds a little noise to its input, and one global scalar — \
            how much the loss changed, or on the reward-only variant whether the answer was right — tells every \
            synapse whether its noise helped, as a neuromodulator might broadcast. Each synapse needs its \
            presynaptic activity, its unit's own noise and that scalar. On average this is the gradient, but its \
            variance grows with the number of units, so it learns slowly.",
    learning_rate_scale: 0.5,
    learns_from: LearnsFrom::TargetsOrReward { reward_title: "REINFORCE (node perturbation on a 0/1 reward)" },
    single_layer: None,
    hidden_signal: HiddenSignal::Scalar,
    feedback_route: FeedbackRoute::NotNeeded,
    silent: None,
    coincides: None,
    checked_by: "tests/perturbation.rs: node_perturbation_is_the_gradient_on_average",
    build: |s| {
        let rule = NodePerturbation::new(&s.net.sizes(), s.loss, s.reward, s.seed);
        Box::new(NodePerturbation { sigma: noise_sigma(s.net), ..rule })
    },
};

/// σ of the loss-difference mode on `net`: [`NP_SIGMA`], or [`NP_SPIKE_SIGMA`] when a layer spikes.
pub(crate) fn noise_sigma(net: &Network) -> f64 {
    if net.layers.iter().any(|l| l.f.surrogate().is_some()) { NP_SPIKE_SIGMA } else { NP_SIGMA }
}

impl RuleKind {
    /// Node perturbation (REINFORCE on the reward-only variant).
    pub const NODE_PERTURBATION: RuleKind = RuleKind(&RULE);
}

/// Which units node perturbation perturbs. The rule perturbs them all; an experiment may perturb the hidden units
/// only (the output layer then learns from its exact error, the delta rule) or the output units only (their
/// estimated error then travels down by backprop): Werfel et al.'s slowdown is tied to the dimension of the noise,
/// and these variants tell apart the number of perturbed units from the number of outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Perturbed {
    /// The hidden layers' units.
    pub hidden: bool,
    /// The output units.
    pub output: bool,
}

impl Perturbed {
    /// Every unit: the rule as the lab runs it.
    pub const ALL: Perturbed = Perturbed { hidden: true, output: true };
}

/// Node perturbation with a noiseless baseline.
#[derive(Clone, Debug)]
pub struct NodePerturbation {
    loss: Loss,
    /// The units it perturbs (every one, unless an experiment says otherwise).
    perturbed: Perturbed,
    /// REINFORCE on a reward instead of the loss change.
    reward: bool,
    /// The reward baseline b.
    baseline: f64,
    /// σ of the loss-difference mode: [`NP_SIGMA`], or [`NP_SPIKE_SIGMA`] for spiking hidden layers.
    sigma: f64,
    /// The noise, the perturbed pass and the losses of both passes.
    pass: Perturbation,
}

/// The perturbed pass: noise `ξ_l ~ N(0, σ²)` drawn from the rule's stream and added to the pre-activations, the
/// pass's activities, and each example's loss with and without the noise. Node perturbation runs it, and so does
/// a rule written in the language that names `xi`, `noisy_h` or `dloss` (the same draws in the same order).
#[derive(Clone, Debug)]
pub(crate) struct Perturbation {
    pub(crate) rng: Rng,
    sizes: Vec<usize>,
    /// The perturbed pass: its activities and, as scratch, its error signals.
    pub(crate) noisy: Workspace,
    /// `ξ_l` per layer, one column per example.
    pub(crate) noise: Vec<DMatrix<f64>>,
    /// Per example: the noiseless loss (or the reward), and the perturbed loss.
    pub(crate) clean: Vec<f64>,
    pub(crate) perturbed_loss: Vec<f64>,
}

impl Perturbation {
    /// The pass for a network of widths `sizes`, its noise from `seed`'s rule stream.
    pub(crate) fn new(sizes: &[usize], seed: u32) -> Self {
        Perturbation {
            rng: Rng::new(seed, Stream::Rule),
            sizes: sizes.to_vec(),
            noisy: Workspace::new(sizes, 0),
            noise: sizes[1..].iter().map(|&n| DMatrix::zeros(n, 0)).collect(),
            clean: Vec::new(),
            perturbed_loss: Vec::new(),
        }
    }

    /// Room for `batch` examples.
    pub(crate) fn reserve(&mut self, batch: usize) {
        if self.noisy.capacity() < batch {
            self.noisy = Workspace::new(&self.sizes, batch);
            self.noise = self.sizes[1..].iter().map(|&n| DMatrix::zeros(n, batch)).collect();
            self.clean = vec![0.0; batch];
            self.perturbed_loss = vec![0.0; batch];
        }
    }

    /// Runs the batch in `ws` through the network with noise `ξ ~ N(0, σ²)` added to the pre-activations of the
    /// layers `perturbed` names (the hidden ones, the output), into its own workspace.
    pub(crate) fn forward(&mut self, net: &Network, ws: &Workspace, sigma: f64, perturbed: Perturbed) {
        let (cols, depth) = (ws.cols, net.depth());
        let noisy = |l: usize| if l + 1 == depth { perturbed.output } else { perturbed.hidden };
        self.noisy.load_batch(ws);
        for (l, (xi, &n)) in self.noise.iter_mut().zip(&self.sizes[1..]).enumerate() {
            if noisy(l) {
                xi.as_mut_slice()[..n * cols].iter_mut().for_each(|x| *x = sigma * self.rng.normal());
            }
        }
        let noise = &self.noise;
        net.forward_perturbed(&mut self.noisy, cols, |l, z| {
            if noisy(l) {
                let z = used_mut(z, cols);
                z.iter_mut().zip(noise[l].as_slice()).for_each(|(z, x)| *z += x);
            }
        });
    }

    /// Each example's loss without the noise (`ws`) and with it.
    pub(crate) fn losses(&mut self, ws: &Workspace, loss: Loss) {
        ws.losses(loss, &mut self.clean);
        self.noisy.losses(loss, &mut self.perturbed_loss);
    }
}

impl NodePerturbation {
    /// Node perturbation for a network of widths `sizes` trained on `loss`, or with `reward` as REINFORCE.
    pub fn new(sizes: &[usize], loss: Loss, reward: bool, seed: u32) -> Self {
        NodePerturbation {
            loss,
            perturbed: Perturbed::ALL,
            reward,
            baseline: 0.0,
            sigma: NP_SIGMA,
            pass: Perturbation::new(sizes, seed),
        }
    }

    /// The same rule perturbing only the units `perturbed` names (an experiment's variant; see [`Perturbed`]). The
    /// reward-only variant ignores it.
    pub fn perturbing(self, perturbed: Perturbed) -> Self {
        NodePerturbation { perturbed, ..self }
    }

    /// `δ_l = r_j ξ_l` for every example `j` and perturbed layer: the loss change scaled by the unit's own noise.
    /// An unperturbed output layer learns from its exact error; with only the output perturbed, its estimated error
    /// travels down the hidden layers by backprop.
    fn loss_difference(&mut self, s: &mut Step<'_>) {
        let (cols, depth, p) = (s.ws.cols, s.net.depth(), self.perturbed);
        let noisy = |l: usize| if l + 1 == depth { p.output } else { p.hidden };
        self.pass.forward(s.net, s.ws, self.sigma, p);
        self.pass.losses(s.ws, self.loss);
        let pass = &mut self.pass;
        for l in (0..depth).filter(|&l| noisy(l)) {
            let n = pass.sizes[l + 1];
            let (noise, delta) = (pass.noise[l].as_slice(), pass.noisy.delta[l].as_mut_slice());
            for j in 0..cols {
                let r = (pass.perturbed_loss[j] - pass.clean[j]) / (self.sigma * self.sigma);
                for i in 0..n {
                    delta[j * n + i] = r * noise[j * n + i];
                }
            }
            s.ws.delta[l].columns_mut(0, cols).copy_from(&pass.noisy.delta[l].columns(0, cols));
        }
        if p.output && !p.hidden {
            // The output's estimated error, carried down through Wᵀ (the clean pass's activities: no hidden noise).
            let net = s.net;
            super::chain(net, s.ws, s.grads, |l| Feedback::Transposed(&net.layers[l + 1].w));
            return;
        }
        for l in 0..depth {
            // A perturbed layer pairs its error with the noisy pass's presynaptic activity; an unperturbed output
            // layer its exact error with the clean pass's.
            if noisy(l) { s.grads.set_from_delta(l, &self.pass.noisy) } else { s.grads.set_from_delta(l, s.ws) }
        }
    }
}

impl LearningRule for NodePerturbation {
    fn kind(&self) -> RuleKind {
        RuleKind::NODE_PERTURBATION
    }

    fn reserve(&mut self, batch: usize) {
        self.pass.reserve(batch);
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        if self.reward { self.reinforce(s) } else { self.loss_difference(s) }
    }
}

impl NodePerturbation {
    /// REINFORCE from a 0/1 reward (see the module's documentation).
    fn reinforce(&mut self, s: &mut Step<'_>) {
        let (cols, depth) = (s.ws.cols, s.net.depth());
        // The output layer explores by sampling its answer, not by noise.
        self.pass.forward(s.net, s.ws, REINFORCE_SIGMA, Perturbed { hidden: true, output: false });
        let Perturbation { rng, sizes, noisy, noise, clean, .. } = &mut self.pass;
        // Sample each example's answer, read its reward, and form the output's eligibility e_a − p.
        let n = sizes[depth];
        let rewards = &mut clean[..cols];
        let out = noisy.delta[depth - 1].as_mut_slice();
        for j in 0..cols {
            let p = &noisy.h[depth].as_slice()[j * n..(j + 1) * n];
            let u = rng.uniform(0.0, 1.0);
            let mut cumulative = 0.0;
            let a = p.iter().position(|&pi| {
                cumulative += pi;
                u < cumulative
            });
            let a = a.unwrap_or(n - 1);
            rewards[j] = s.ws.target[(a, j)];
            for (i, d) in out[j * n..(j + 1) * n].iter_mut().enumerate() {
                *d = f64::from(u8::from(i == a)) - p[i];
            }
        }
        let baseline = self.baseline;
        for l in 0..depth {
            let m = sizes[l + 1];
            let delta = noisy.delta[l].as_mut_slice();
            for j in 0..cols {
                let advantage = rewards[j] - baseline;
                for i in 0..m {
                    let eligibility = if l + 1 == depth {
                        delta[j * m + i]
                    } else {
                        noise[l][j * m + i] / (REINFORCE_SIGMA * REINFORCE_SIGMA)
                    };
                    delta[j * m + i] = -advantage * eligibility;
                }
            }
            s.grads.set_from_delta(l, noisy);
            s.ws.delta[l].columns_mut(0, cols).copy_from(&noisy.delta[l].columns(0, cols));
        }
        let mean = rewards.iter().sum::<f64>() / cols as f64;
        self.baseline += BASELINE_RATE * (mean - self.baseline);
    }
}
