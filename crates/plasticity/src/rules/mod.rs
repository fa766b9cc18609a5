//! Learning rules: how each layer's update is computed once the forward pass and the output error are known.
//!
//! Every rule implements [`LearningRule`]. The trainer runs the forward pass, sets the output error signal
//! `δ_{L−1} = ∂ℓ/∂z_{L−1}` and then asks the rule for its update direction `G_l` for every layer; it applies
//! `W_l ← W_l − η G_l` itself. What differs between rules is how (and whether) the error reaches the hidden
//! layers — which is the whole of the credit assignment problem.
//!
//! A rule's facts — name, title, citation, what it learns from, its learning-rate scale, the test that checks
//! its defining property — are declared in its own file as a [`RuleInfo`] next to its update; [`RuleKind::ALL`]
//! lists them in the order the page shows them. Adding a rule is one new file and one line in the registry
//! below (see ARCHITECTURE.md).

use alloc::boxed::Box;
use nalgebra::DMatrix;

use crate::activation::Loss;
use crate::net::{Grads, Network, Workspace};
use crate::random::Init;

#[cfg(feature = "language")]
pub mod language;
mod shared;

pub(crate) use shared::{chain, contrast, random_feedback, subtractive_hebbian};

/// Declares the rule modules and lists their [`RuleInfo`]s in [`RuleKind::ALL`], in the order the page shows
/// them: one line per rule. Each module declares `RULE` (its facts) and the rule type they build.
macro_rules! registry {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        impl RuleKind {
            /// Every rule, in the order the page lists them.
            pub const ALL: &'static [RuleKind] = &[$(RuleKind(&$module::RULE)),*];
        }
    };
}

registry! {
    backprop,
    feedback_alignment,
    direct_feedback_alignment,
    sign_symmetry,
    sign_symmetry_scaled,
    kolen_pollack,
    weight_mirror,
    node_perturbation,
    weight_perturbation,
    predictive_coding,
    target_propagation,
    equilibrium_propagation,
    contrastive_hebbian,
    shallow,
    delta,
    pairing,
    hebb,
    voltage_hebb,
    oja,
    sanger,
    none,
}

pub use backprop::Backprop;
pub use contrastive_hebbian::{CHL_GAMMA, CHL_STEPS, ContrastiveHebbian};
pub use delta::Delta;
pub use direct_feedback_alignment::DirectFeedbackAlignment;
pub use equilibrium_propagation::{
    EP_BETA, EP_FREE_SWEEPS, EP_LAYER_GAIN, EP_NUDGED_SWEEPS, EP_TOLERANCE, EquilibriumPropagation, Settling,
    SettlingReport,
};
pub use feedback_alignment::FeedbackAlignment;
pub use hebb::Hebb;
pub use kolen_pollack::{KP_DECAY, KolenPollack};
pub use node_perturbation::{BASELINE_RATE, NP_SIGMA, NP_SPIKE_SIGMA, NodePerturbation, Perturbed, REINFORCE_SIGMA};
pub use none::NoLearning;
pub use oja::Oja;
pub use predictive_coding::{PC_OUTPUT_PRECISION, PC_RATE, PC_STEPS, PredictiveCoding};
pub use sanger::Sanger;
pub use shallow::Shallow;
pub use sign_symmetry::SignSymmetry;
pub use target_propagation::{DTP_ALPHA, DTP_INVERSE_RATE, DTP_NOISE, DifferenceTargetPropagation};
pub use voltage_hebb::VoltageHebb;
pub use weight_mirror::{WM_RATE, WM_SAMPLES, WeightMirror};
pub use weight_perturbation::{WP_SIGMA, WeightPerturbation};

/// Everything the lab knows about a rule, declared in the rule's own file next to its update.
#[derive(Debug)]
pub struct RuleInfo {
    /// The short name used in URLs and on the command line.
    pub name: &'static str,
    /// A title for people.
    pub title: &'static str,
    /// The paper the rule is taken from.
    pub citation: &'static str,
    /// One paragraph for the page: what carries the error to the hidden layers and what each synapse must know.
    pub about: &'static str,
    /// The factor on a task's default learning rate at which the rule runs by default: 1 for most; perturbation
    /// rules estimate the gradient with a variance that grows with what they perturb and take smaller steps.
    pub learning_rate_scale: f64,
    /// What the rule learns from, which decides the tasks it can learn.
    pub learns_from: LearnsFrom,
    /// What drives the learning of a hidden unit's synapses, beyond their own input and the unit's activity.
    pub hidden_signal: HiddenSignal,
    /// How that signal reaches the hidden units.
    pub feedback_route: FeedbackRoute,
    /// `Some(why)` for a rule that trains a single layer of weights: the sentence that refuses hidden layers.
    pub single_layer: Option<&'static str>,
    /// `Some(why)` for a rule whose units carry no error signal at all: the sentence the panels of error signals
    /// and feedback-influenced activity show instead.
    pub silent: Option<&'static str>,
    /// Where the rule is exactly another rule on some networks (the page shows the note while it holds; RESULTS.md
    /// says so beside the numbers).
    pub coincides: Option<Coincidence>,
    /// The test that checks the rule's defining property, `file: function`.
    pub checked_by: &'static str,
    /// Builds the rule for a run.
    pub build: fn(&Setup<'_>) -> Box<dyn LearningRule>,
}

/// A network on which a rule computes the same updates as another.
#[derive(Clone, Copy, Debug)]
pub struct Coincidence {
    /// The other rule's name.
    pub with: &'static str,
    /// The number of hidden layers at which they coincide.
    pub hidden_layers: usize,
    /// Why, in a sentence for the page.
    pub why: &'static str,
    /// True when the two compute the same numbers (to rounding) on any task; false when they are the same
    /// algorithm but draw their random matrices differently (then the same numbers only where the draws agree).
    pub exact: bool,
}

impl RuleKind {
    /// The sentence saying which rule this one is exactly, on a network with `hidden_layers` hidden layers, if any.
    pub fn coincidence(self, hidden_layers: usize) -> Option<&'static Coincidence> {
        self.info().coincides.as_ref().filter(|c| c.hidden_layers == hidden_layers)
    }
}

/// What drives a hidden unit's synapses to change, beyond their own input and the unit's activity: the facts
/// behind the lessons' table of signed errors and locality (the lecture's §5; Lillicrap et al. 2020, Box 1 and
/// Fig. 3; Whittington & Bogacz 2019). Tested against what each rule does in `tests/rules.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HiddenSignal {
    /// Nothing: the rule trains no hidden layer (a single-layer rule, shallow learning, no learning).
    Nothing,
    /// A signed error for each hidden unit, of any size, computed from the units above and sent down.
    SignedErrorPerUnit,
    /// One number for the whole network (a change in loss or reward), with the unit's or synapse's own random
    /// perturbation.
    Scalar,
    /// The difference between two of the unit's own activities: before and after feedback reaches it, or its
    /// activity and a prediction or target of it (the NGRAD family).
    ActivityDifference,
}

/// How the signal that drives hidden learning reaches the hidden units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackRoute {
    /// There is none to carry (no hidden learning), or it is broadcast (one number).
    NotNeeded,
    /// Through the forward weights themselves, `Wᵀ`: the weight transport problem.
    ForwardWeights,
    /// Through the signs of the forward weights: their signs are transported, not their sizes.
    SignsOfForwardWeights,
    /// Through weights of its own, fixed at random or learned (feedback alignment and its kin, learned inverses).
    OwnWeights,
}

impl HiddenSignal {
    /// In words, for the page's table.
    pub fn title(self) -> &'static str {
        match self {
            HiddenSignal::Nothing => "nothing (no hidden layer learns)",
            HiddenSignal::SignedErrorPerUnit => "a signed error for each unit",
            HiddenSignal::Scalar => "one number for the whole network",
            HiddenSignal::ActivityDifference => "a difference in its own activity",
        }
    }
}

impl FeedbackRoute {
    /// In words, for the page's table.
    pub fn title(self) -> &'static str {
        match self {
            FeedbackRoute::NotNeeded => "none needed",
            FeedbackRoute::ForwardWeights => "the forward weights (weight transport)",
            FeedbackRoute::SignsOfForwardWeights => "the forward weights' signs",
            FeedbackRoute::OwnWeights => "weights of its own",
        }
    }
}

/// What a rule learns from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearnsFrom {
    /// An error vector at the output: a target's difference from the prediction (or a reconstruction or
    /// temporal-difference error, which reach the rule the same way).
    Targets,
    /// An error vector, or a scalar reward alone (the reward-only variant of a classification task), where the
    /// rule becomes another algorithm and is named `reward_title`.
    TargetsOrReward {
        /// The rule's name when it learns from the reward alone.
        reward_title: &'static str,
    },
    /// The inputs alone: an unsupervised rule, for tasks without targets.
    Inputs,
    /// Nothing: the rule that does not learn (the control, or a lesion), which runs on any task.
    Nothing,
}

/// What a rule may know when it is built: the network it will train and the run's settings that concern it.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    /// The network, freshly drawn (its widths and activations; rules that keep a copy take one).
    pub net: &'a Network,
    /// The loss of one example.
    pub loss: Loss,
    /// True on the reward-only variant of a classification task.
    pub reward: bool,
    /// How random feedback weights are drawn.
    pub feedback_init: Init,
    /// The run's seed (feedback weights and the rule's own noise come from its streams).
    pub seed: u32,
    /// A written rule's text (the rule language; empty for the built-in rules).
    pub expr: &'a str,
}

/// One training step as a rule sees it: the network, the mini-batch in `ws` after the forward pass with the
/// output error `ws.delta[L−1]` set, the directions to fill, and the learning rate `η` they will be applied with.
pub struct Step<'a> {
    /// The network being trained.
    pub net: &'a Network,
    /// The batch's activities and error signals.
    pub ws: &'a mut Workspace,
    /// The update directions `G_l`, to be written.
    pub grads: &'a mut Grads,
    /// The learning rate `η` of `W_l ← W_l − η G_l`.
    pub lr: f64,
}

/// What the plots can read of a rule's own state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Internals<'a> {
    /// The pathway that carries errors to the hidden layers, where it is not `Wᵀ`.
    pub feedback: Pathway<'a>,
    /// Per layer from the first hidden one, the feedback-influenced activity of the last batch (column 0 is its
    /// first example), for rules that really have one (the NGRAD family); empty otherwise.
    pub influenced: &'a [DMatrix<f64>],
}

/// How errors reach the hidden layers, where the rule has matrices of its own for it.
#[derive(Clone, Copy, Debug, Default)]
pub enum Pathway<'a> {
    /// Through the forward weights, or not at all.
    #[default]
    None,
    /// Layer by layer through `B_l` (`n_{l+1} × n_{l+2}`), which stands in for `W_{l+1}ᵀ`.
    Layered(&'a [DMatrix<f64>]),
    /// Straight from the output error to hidden layer `l` through `D_l` (`n_{l+1} × n_L`).
    Direct(&'a [DMatrix<f64>]),
}

/// A learning rule. `direction` may change the rule's own state (feedback weights that learn, inverses that
/// learn, the stream of noise a perturbation rule draws), so measurements run on a copy ([`RuleClone::boxed`])
/// and never change the run.
pub trait LearningRule: RuleClone {
    /// Which rule this is.
    fn kind(&self) -> RuleKind;

    /// Sizes the rule's scratch for batches of up to `batch` examples. The trainer calls it before the first
    /// step and whenever the batch grows, so that steps allocate nothing.
    fn reserve(&mut self, _batch: usize) {}

    /// Writes the network's prediction for the first `cols` examples of `ws.h[0]` into `ws`: the forward pass,
    /// for every rule but those whose network settles (equilibrium propagation), which predict from their settled
    /// state. Every prediction of a run — in training, evaluation, the probe and the decision boundary — comes
    /// from here. May use `ws.delta` as scratch.
    fn predict(&self, net: &Network, ws: &mut Workspace, cols: usize) {
        net.forward(ws, cols);
    }

    /// Writes the update direction `G_l` of every layer into `step.grads`. On entry `predict` has run and
    /// `step.ws.delta[L−1]` holds the output error; the rule fills the other `ws.delta[l]` with its error
    /// signals (zero where it has none) — the diagnostics read them from there.
    fn direction(&mut self, step: &mut Step<'_>);

    /// Called after the trainer has applied `W_l ← W_l − η G_l`: rules whose feedback weights change (sign
    /// symmetry, Kolen–Pollack, weight mirrors) update them here.
    fn after_update(&mut self, _net: &Network, _lr: f64) {}

    /// What the plots can read of the rule's state: its feedback pathway and feedback-influenced activity.
    fn internals(&self) -> Internals<'_> {
        Internals::default()
    }

    /// Writes the gradient this rule's updates are compared with, when it is not backprop's gradient through the
    /// forward pass (a settling network's own gradient is that of the loss at its equilibrium), and returns true;
    /// false (the default) means backprop's. `step` is as for [`LearningRule::direction`].
    fn reference(&mut self, _step: &mut Step<'_>) -> bool {
        false
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

/// A rule by name: a handle on its [`RuleInfo`]. Compare, copy and print it like an enum.
#[derive(Clone, Copy)]
pub struct RuleKind(&'static RuleInfo);

impl RuleKind {
    /// Parses [`RuleKind::name`] (also accepts `feedback-alignment`).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = if name == "feedback-alignment" { "fa" } else { name };
        #[cfg(feature = "language")]
        if name == "custom" {
            return Some(RuleKind::CUSTOM);
        }
        Self::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// False for the unsupervised rules, which follow no loss (no update angle to backprop is reported), and for
    /// the rule that does not learn.
    pub fn is_supervised(self) -> bool {
        matches!(self.0.learns_from, LearnsFrom::Targets | LearnsFrom::TargetsOrReward { .. })
    }

    /// True for a rule that can learn from a reward alone.
    pub fn learns_from_reward(self) -> bool {
        matches!(self.0.learns_from, LearnsFrom::TargetsOrReward { .. })
    }

    /// The rule's title for a run with (`reward`) or without the reward-only variant: a rule that becomes another
    /// algorithm on a reward is named for the one that runs.
    pub fn title_for(self, reward: bool) -> &'static str {
        match self.0.learns_from {
            LearnsFrom::TargetsOrReward { reward_title } if reward => reward_title,
            _ => self.title(),
        }
    }

    /// True for a rule written in the rule language (`custom`).
    pub fn is_custom(self) -> bool {
        self.name() == "custom"
    }

    /// Builds the rule for a run.
    pub fn build(self, setup: &Setup<'_>) -> Box<dyn LearningRule> {
        (self.0.build)(setup)
    }
}

handle!(RuleKind, RuleInfo, "rule");
