//! Learning rules: how each layer's update is computed once the forward pass and the output error are known.
//!
//! Every rule implements [`LearningRule`]. The trainer runs the forward pass, sets the output error signal
//! `δ_{L−1} = ∂ℓ/∂z_{L−1}` and then asks the rule for its update direction `G_l` for every layer; it applies
//! `W_l ← W_l − η G_l` itself. What differs between rules is how (and whether) the error reaches the hidden
//! layers — which is the whole of the credit assignment problem.

use alloc::boxed::Box;
use alloc::format;
use core::fmt;
use nalgebra::DMatrix;

use crate::config::{Config, ConfigError};
use crate::net::{Grads, Network, Workspace};

mod backprop;
mod contrastive_hebbian;
mod delta;
mod direct_feedback_alignment;
mod equilibrium_propagation;
mod feedback_alignment;
mod hebb;
mod kolen_pollack;
mod node_perturbation;
mod oja;
mod predictive_coding;
mod sanger;
mod shallow;
mod sign_symmetry;
mod target_propagation;
mod weight_mirror;
mod weight_perturbation;

pub use backprop::Backprop;
pub use contrastive_hebbian::{CHL_GAMMA, ContrastiveHebbian};
pub use delta::Delta;
pub use direct_feedback_alignment::DirectFeedbackAlignment;
pub use equilibrium_propagation::{EP_BETA, EP_FREE_SWEEPS, EP_NUDGED_SWEEPS, EquilibriumPropagation};
pub use feedback_alignment::FeedbackAlignment;
pub use hebb::Hebb;
pub use kolen_pollack::KolenPollack;
pub use node_perturbation::NodePerturbation;
pub use oja::Oja;
pub use predictive_coding::PredictiveCoding;
pub use sanger::Sanger;
pub use shallow::Shallow;
pub use sign_symmetry::SignSymmetry;
pub use target_propagation::DifferenceTargetPropagation;
pub use weight_mirror::{WM_RATE, WM_SAMPLES, WeightMirror};
pub use weight_perturbation::WeightPerturbation;

/// The rules, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum RuleKind {
    /// Backpropagation of error (Rumelhart, Hinton & Williams 1986).
    Backprop,
    /// Feedback alignment (Lillicrap et al. 2016).
    FeedbackAlignment,
    /// Only the output layer learns (the baseline of Lillicrap et al. 2016).
    Shallow,
    /// The delta rule on a single layer (Widrow & Hoff 1960): the cerebellum's error-driven learning.
    Delta,
    /// Direct feedback alignment (Nøkland 2016).
    DirectFeedbackAlignment,
    /// Sign symmetry (Liao, Leibo & Poggio 2016).
    SignSymmetry,
    /// Kolen–Pollack learning of the feedback weights (Kolen & Pollack 1994; Akrout et al. 2019).
    KolenPollack,
    /// Weight mirrors: feedback learned from injected noise (Akrout et al. 2019).
    WeightMirror,
    /// Node perturbation / REINFORCE (Williams 1992; Werfel, Xie & Seung 2005).
    NodePerturbation,
    /// Weight perturbation (Jabri & Flower 1992).
    WeightPerturbation,
    /// Predictive coding (Whittington & Bogacz 2017).
    PredictiveCoding,
    /// Difference target propagation (Lee et al. 2015).
    DifferenceTargetPropagation,
    /// Equilibrium propagation (Scellier & Bengio 2017).
    EquilibriumPropagation,
    /// Contrastive Hebbian learning / GeneRec (O'Reilly 1996; Xie & Seung 2003).
    ContrastiveHebbian,
    /// Hebb's rule (Hebb 1949).
    Hebb,
    /// Oja's rule (Oja 1982).
    Oja,
    /// Sanger's generalized Hebbian algorithm (Sanger 1989).
    Sanger,
}

impl RuleKind {
    /// Every rule, in the order the page lists them.
    pub const ALL: [RuleKind; 17] = [
        RuleKind::Backprop,
        RuleKind::FeedbackAlignment,
        RuleKind::DirectFeedbackAlignment,
        RuleKind::SignSymmetry,
        RuleKind::KolenPollack,
        RuleKind::WeightMirror,
        RuleKind::NodePerturbation,
        RuleKind::WeightPerturbation,
        RuleKind::PredictiveCoding,
        RuleKind::DifferenceTargetPropagation,
        RuleKind::EquilibriumPropagation,
        RuleKind::ContrastiveHebbian,
        RuleKind::Shallow,
        RuleKind::Delta,
        RuleKind::Hebb,
        RuleKind::Oja,
        RuleKind::Sanger,
    ];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Backprop => "backprop",
            RuleKind::FeedbackAlignment => "fa",
            RuleKind::Shallow => "shallow",
            RuleKind::Delta => "delta",
            RuleKind::DirectFeedbackAlignment => "dfa",
            RuleKind::SignSymmetry => "sign-symmetry",
            RuleKind::KolenPollack => "kolen-pollack",
            RuleKind::WeightMirror => "weight-mirror",
            RuleKind::NodePerturbation => "node-perturbation",
            RuleKind::WeightPerturbation => "weight-perturbation",
            RuleKind::PredictiveCoding => "predictive-coding",
            RuleKind::DifferenceTargetPropagation => "dtp",
            RuleKind::EquilibriumPropagation => "ep",
            RuleKind::ContrastiveHebbian => "chl",
            RuleKind::Hebb => "hebb",
            RuleKind::Oja => "oja",
            RuleKind::Sanger => "sanger",
        }
    }

    /// A title for people.
    pub fn title(self) -> &'static str {
        match self {
            RuleKind::Backprop => "Backpropagation",
            RuleKind::FeedbackAlignment => "Feedback alignment",
            RuleKind::Shallow => "Shallow learning (output layer only)",
            RuleKind::Delta => "Delta rule (one layer, no hidden units)",
            RuleKind::DirectFeedbackAlignment => "Direct feedback alignment",
            RuleKind::SignSymmetry => "Sign symmetry",
            RuleKind::KolenPollack => "Kolen–Pollack",
            RuleKind::WeightMirror => "Weight mirror",
            RuleKind::NodePerturbation => "Node perturbation (REINFORCE)",
            RuleKind::WeightPerturbation => "Weight perturbation",
            RuleKind::PredictiveCoding => "Predictive coding",
            RuleKind::DifferenceTargetPropagation => "Difference target propagation",
            RuleKind::EquilibriumPropagation => "Equilibrium propagation",
            RuleKind::ContrastiveHebbian => "Contrastive Hebbian (GeneRec)",
            RuleKind::Hebb => "Hebb (unsupervised)",
            RuleKind::Oja => "Oja (unsupervised)",
            RuleKind::Sanger => "Sanger (unsupervised)",
        }
    }

    /// The factor on a task's default learning rate at which this rule is run by default. Perturbation rules
    /// estimate the gradient with a variance that grows with the number of perturbed units (node) or weights
    /// (weight), so they need smaller steps; every other rule takes the task's rate as it is.
    pub fn learning_rate_scale(self) -> f64 {
        match self {
            RuleKind::NodePerturbation => 0.5,
            RuleKind::WeightPerturbation => 0.1,
            _ => 1.0,
        }
    }

    /// True for the unsupervised rules (Hebb, Oja, Sanger), which learn only the Gaussian cloud.
    pub fn is_hebbian(self) -> bool {
        matches!(self, RuleKind::Hebb | RuleKind::Oja | RuleKind::Sanger)
    }

    /// Parses [`RuleKind::name`] (also accepts `feedback-alignment`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "feedback-alignment" => Some(RuleKind::FeedbackAlignment),
            _ => Self::ALL.into_iter().find(|r| r.name() == name),
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A learning rule. `direction` may change the rule's own state (feedback weights that learn, inverses that
/// learn, the stream of noise a perturbation rule draws), so measurements run on a copy ([`LearningRule::boxed`])
/// and never change the run.
pub trait LearningRule: RuleClone {
    /// Which rule this is.
    fn kind(&self) -> RuleKind;

    /// Writes the update direction `G_l` of every layer into `grads`, for the batch held in `ws`. On entry the
    /// forward pass has run and `ws.delta[L−1]` holds the output error; the rule fills the other `ws.delta[l]`
    /// with its error signals (zero where it has none) — the diagnostics read them from there.
    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads);

    /// The feedback matrices `B_l` (`B_l` stands in for `W_{l+1}ᵀ`), for rules that have them.
    fn feedback(&self) -> Option<&[DMatrix<f64>]> {
        None
    }

    /// Direct feedback matrices `D_l` (`n_{l+1} × n_L`, output error straight to hidden layer `l`), for rules that
    /// have them (direct feedback alignment).
    fn direct_feedback(&self) -> Option<&[DMatrix<f64>]> {
        None
    }

    /// Called after the trainer has applied `W_l ← W_l − η G_l`: rules whose feedback weights change (sign
    /// symmetry, Kolen–Pollack) update them here.
    fn after_update(&mut self, _net: &Network, _lr: f64) {}

    /// The feedback-influenced activity of layer `l`'s units for the first example of the last batch, for rules
    /// that really have one (the NGRAD family: predictive coding, target propagation, …). Other rules leave it
    /// `None` and the diagnostics show the target their error signal implies, `h − δ`.
    fn influenced_activity(&self, _l: usize) -> Option<&[f64]> {
        None
    }

    /// False for the unsupervised (Hebbian) rules, which follow no loss: no update angle to backprop is reported.
    fn supervised(&self) -> bool {
        true
    }

    /// For a network that settles (equilibrium propagation): replaces the feedforward activities of the first
    /// `cols` examples in `ws` (the forward pass has just run) with the settled state, from which the rule predicts
    /// — the trainer calls it after every forward pass, in training and in measuring alike. Every other rule
    /// predicts with the forward pass and does nothing here. May use `ws.delta` as scratch.
    fn settle(&self, _net: &Network, _ws: &mut Workspace, _cols: usize) {}

    /// Writes the gradient this rule's updates are compared with, when it is not backprop's gradient through the
    /// forward pass (a settling network's own gradient is that of the loss at its equilibrium), and returns true;
    /// false (the default) means backprop's. `ws` is as for [`LearningRule::direction`].
    fn reference(&mut self, _net: &Network, _ws: &mut Workspace, _grads: &mut Grads) -> bool {
        false
    }

    /// Told the learning rate at the start and whenever it changes (Kolen–Pollack sets its decay per step).
    fn learning_rate_changed(&mut self, _lr: f64) {}
}

/// The chain every layered-feedback rule shares: from the output down, send the error signal through
/// `feedback(l)` (which stands in for `W_{l+1}ᵀ`) and set each layer's direction `⟨δ_l h_lᵀ⟩`. Rules differ only in
/// the matrix they hand it.
pub(crate) fn chain<'a>(
    net: &'a Network,
    ws: &mut Workspace,
    grads: &mut Grads,
    feedback: impl Fn(usize) -> crate::net::Feedback<'a>,
) {
    for l in (0..net.depth()).rev() {
        if l + 1 < net.depth() {
            ws.send_down(l, feedback(l), net.layers[l].f);
        }
        grads.set_from_delta(l, ws);
    }
}

/// The shared body of Oja's and Sanger's rules on a single linear layer `y = W x`: unit `i` learns
/// `Δw_i = η y_i (x − Σ_{m = first(i)..=i} y_m w_m)` — Hebbian growth minus what units `first(i)..=i` already
/// explain (Oja: only itself; Sanger: itself and every unit before it). No error signal is reported.
pub(crate) fn subtractive_hebbian(
    net: &Network,
    ws: &mut Workspace,
    grads: &mut Grads,
    first: impl Fn(usize) -> usize,
) {
    let w = &net.layers[0].w;
    let (n, d, cols) = (w.nrows(), w.ncols(), ws.cols);
    let (x, y) = (ws.h[0].as_slice(), ws.h[1].as_slice());
    let g = &mut grads.w[0];
    g.fill(0.0);
    for j in 0..cols {
        for i in 0..n {
            let yi = y[j * n + i];
            for k in 0..d {
                let explained: f64 = (first(i)..=i).map(|m| y[j * n + m] * w[(m, k)]).sum();
                g[(i, k)] -= yi * (x[j * d + k] - explained) / cols as f64;
            }
        }
    }
    grads.b[0].fill(0.0);
    ws.delta[0].fill(0.0);
}

/// Fixed random feedback matrices `B_l` (`n_{l+1} × n_{l+2}`, one per hidden layer), drawn from `init` with the
/// fan-in and fan-out of `W_{l+1}` on the run's feedback stream: where feedback alignment, Kolen–Pollack and
/// weight mirrors all start.
pub(crate) fn random_feedback(sizes: &[usize], init: crate::config::Init, seed: u32) -> alloc::vec::Vec<DMatrix<f64>> {
    let mut rng = crate::random::Rng::new(seed, crate::random::Stream::Feedback);
    let hidden = sizes.len().saturating_sub(2);
    (0..hidden).map(|l| crate::net::draw_matrix(sizes[l + 2], sizes[l + 1], init, &mut rng).transpose()).collect()
}

/// The contrast between two phases' Hebbian correlations, which contrastive Hebbian learning and equilibrium
/// propagation both learn from: `G = finish(⟨a_post a_preᵀ⟩ − ⟨b_post b_preᵀ⟩)` entry by entry (batch means over
/// `cols` examples), and the biases likewise. `scratch` holds the second phase's correlation.
pub(crate) fn contrast(
    (a_post, a_pre): (&DMatrix<f64>, &DMatrix<f64>),
    (b_post, b_pre): (&DMatrix<f64>, &DMatrix<f64>),
    cols: usize,
    (g, gb): (&mut DMatrix<f64>, &mut nalgebra::DVector<f64>),
    (scratch_w, scratch_b): (&mut DMatrix<f64>, &mut nalgebra::DVector<f64>),
    finish: impl Fn(f64) -> f64,
) {
    let alpha = 1.0 / cols as f64;
    crate::kernels::outer(alpha, a_post, a_pre, cols, g, gb);
    crate::kernels::outer(alpha, b_post, b_pre, cols, scratch_w, scratch_b);
    for (g, h) in g.iter_mut().zip(scratch_w.iter()).chain(gb.iter_mut().zip(scratch_b.iter())) {
        *g = finish(*g - h);
    }
}

/// Copies a boxed rule (implemented for every rule that is `Clone`).
pub trait RuleClone {
    /// A copy of this rule in its current state.
    fn boxed(&self) -> Box<dyn LearningRule>;
}

impl<T: LearningRule + Clone + 'static> RuleClone for T {
    fn boxed(&self) -> Box<dyn LearningRule> {
        Box::new(self.clone())
    }
}

/// Builds the rule that `config` names, for a network of widths `sizes`.
pub fn build(config: &Config, sizes: &[usize]) -> Box<dyn LearningRule> {
    match config.rule {
        RuleKind::Backprop => Box::new(Backprop),
        RuleKind::FeedbackAlignment => Box::new(FeedbackAlignment::new(sizes, config.feedback_init, config.seed)),
        RuleKind::Shallow => Box::new(Shallow),
        RuleKind::Delta => Box::new(Delta),
        RuleKind::DirectFeedbackAlignment => {
            Box::new(DirectFeedbackAlignment::new(sizes, config.feedback_init, config.seed))
        }
        RuleKind::SignSymmetry => Box::new(SignSymmetry::new(sizes)),
        RuleKind::KolenPollack => Box::new(KolenPollack::new(sizes, config.feedback_init, config.seed)),
        RuleKind::WeightMirror => Box::new(WeightMirror::new(sizes, config.feedback_init, config.seed)),
        RuleKind::NodePerturbation => Box::new(NodePerturbation::new(sizes, config.loss, config.reward, config.seed)),
        RuleKind::WeightPerturbation => Box::new(WeightPerturbation::new(sizes, config.loss, config.seed)),
        RuleKind::PredictiveCoding => Box::new(PredictiveCoding::new(sizes)),
        RuleKind::DifferenceTargetPropagation => {
            Box::new(DifferenceTargetPropagation::new(sizes, config.feedback_init, config.seed))
        }
        RuleKind::EquilibriumPropagation => Box::new(EquilibriumPropagation::new(sizes, config.loss)),
        RuleKind::ContrastiveHebbian => Box::new(ContrastiveHebbian::new(sizes, CHL_GAMMA)),
        RuleKind::Hebb => Box::new(Hebb),
        RuleKind::Oja => Box::new(Oja),
        RuleKind::Sanger => Box::new(Sanger),
    }
}

/// Refuses rules that cannot work on the configured task: the Hebbian rules learn only the cloud, with a single
/// layer; the supervised rules need targets, which the cloud does not have.
pub fn check_applicable(config: &Config) -> Result<(), ConfigError> {
    let hebbian = matches!(config.rule, RuleKind::Hebb | RuleKind::Oja | RuleKind::Sanger);
    let why = match (hebbian, config.task == crate::tasks::TaskKind::Cloud) {
        (true, false) => Some("Hebbian rules are unsupervised; they learn the Gaussian cloud (task=cloud)"),
        (true, true) if !config.hidden.is_empty() => {
            Some("Hebbian rules here train a single layer; remove the hidden layers")
        }
        (false, true) => Some("the cloud has no targets; choose hebb, oja or sanger"),
        _ if config.rule == RuleKind::Delta && !config.hidden.is_empty() => Some(
            "the delta rule trains a single layer of weights; remove the hidden layers (hidden=none), or choose \
             shallow, which applies it to the output layer of a deeper network",
        ),
        _ => None,
    };
    match why {
        Some(why) => {
            Err(ConfigError::new("rule", format!("{} cannot learn {}: {why}", config.rule, config.task.name())))
        }
        None => Ok(()),
    }
}
