//! A run is fully described by one [`Config`] value: the task, the rule, the network, the optimiser settings and
//! the seed. The page keeps it in the URL hash ([`Config::to_query`] / [`Config::from_query`]) and the CLI builds
//! it from flags, so a link or a command line reproduces a run bit for bit.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::activation::{Activation, Loss};
use crate::rules::RuleKind;
use crate::tasks::TaskKind;

/// The most hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// The most units a hidden layer may have.
pub const MAX_UNITS: usize = 64;
/// The largest mini-batch.
pub const MAX_BATCH: usize = 512;
/// The range of learning rates accepted, inclusive.
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-6, 10.0);

/// How a weight matrix `n_out × n_in` is drawn at the start of a run. Biases start at zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Init {
    /// Glorot & Bengio (2010): uniform on `±√(6 / (n_in + n_out))`.
    Glorot,
    /// He et al. (2015): uniform on `±√(6 / n_in)`, for rectifiers.
    He,
    /// Uniform on `±0.01`: the forward weights of Lillicrap et al. (2016)'s linear task.
    Small,
    /// Uniform on `±0.5`: TensorFlow Playground's weights and Lillicrap et al.'s feedback matrices.
    Half,
}

impl Init {
    /// Every scheme.
    pub const ALL: [Init; 4] = [Init::Glorot, Init::He, Init::Small, Init::Half];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Init::Glorot => "glorot",
            Init::He => "he",
            Init::Small => "small",
            Init::Half => "half",
        }
    }

    /// Parses [`Init::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    /// The half-width `a` of the uniform distribution `U[−a, a]` for a matrix with these fan-in and fan-out.
    pub fn half_width(self, n_in: usize, n_out: usize) -> f64 {
        match self {
            Init::Glorot => libm::sqrt(6.0 / (n_in + n_out) as f64),
            Init::He => libm::sqrt(6.0 / n_in as f64),
            Init::Small => 0.01,
            Init::Half => 0.5,
        }
    }
}

/// An input feature of the 2-D tasks, as in TensorFlow Playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Feature {
    /// `x₁`.
    X1,
    /// `x₂`.
    X2,
    /// `x₁²`.
    X1Sq,
    /// `x₂²`.
    X2Sq,
    /// `x₁ x₂`.
    X1X2,
    /// `sin x₁`.
    SinX1,
    /// `sin x₂`.
    SinX2,
}

impl Feature {
    /// Every feature, in Playground's order.
    pub const ALL: [Feature; 7] =
        [Feature::X1, Feature::X2, Feature::X1Sq, Feature::X2Sq, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Sq => "x1sq",
            Feature::X2Sq => "x2sq",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinx1",
            Feature::SinX2 => "sinx2",
        }
    }

    /// Parses [`Feature::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at the point `(x₁, x₂)`.
    pub fn eval(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => libm::sin(x1),
            Feature::SinX2 => libm::sin(x2),
        }
    }
}

/// Everything that defines a run. Build one with [`Config::preset`] and change fields, then check it with
/// [`Config::validate`] (the [`Trainer`](crate::Trainer) does so too).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Config {
    /// The task: data set and what counts as the right answer.
    pub task: TaskKind,
    /// The learning rule.
    pub rule: RuleKind,
    /// Units in each hidden layer, input side first: 0 to 6 layers of 1 to 64 units.
    pub hidden: Vec<usize>,
    /// The hidden layers' activation.
    pub activation: Activation,
    /// The output layer's activation.
    pub output: Activation,
    /// The loss of one example.
    pub loss: Loss,
    /// How forward weights are drawn.
    pub init: Init,
    /// How fixed feedback weights `B_l` are drawn (rules that have them).
    pub feedback_init: Init,
    /// The learning rate `η`.
    pub learning_rate: f64,
    /// Examples per mini-batch.
    pub batch_size: usize,
    /// Label noise of the 2-D tasks, in per cent of the data's scale (0 to 50, as in Playground).
    pub noise: u32,
    /// The share of a 2-D task's points used for training, in per cent (10 to 90).
    pub train_percent: u32,
    /// Input features of the 2-D tasks (ignored by the others).
    pub features: Vec<Feature>,
    /// The seed from which every random draw of the run follows.
    pub seed: u32,
    /// The reward-only variant of a classification task: the learner samples a class from its softmax output
    /// and is told only whether it was right (reward 1) or not (0) — the reinforcement paradigm. Only node
    /// perturbation (as REINFORCE) learns from a reward.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reward: bool,
}

/// Why a configuration was refused (or, when parsing a URL, which value was replaced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The setting at fault, as named in URLs and CLI flags.
    pub field: &'static str,
    /// What is wrong, in a sentence for the person who typed it.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        ConfigError { field, message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

impl Default for Config {
    fn default() -> Self {
        Config::preset(TaskKind::Xor)
    }
}

impl Config {
    /// The settings each task starts from on the page and in the CLI, with feedback alignment as the rule.
    ///
    /// - 2-D tasks: TensorFlow Playground's settings (inputs x₁, x₂; tanh; tanh output, squared error; η = 0.03;
    ///   batch 10; half the points for training) with two hidden layers of 8 rather than Playground's 4 and 2:
    ///   feedback alignment often stalls behind a 2-unit bottleneck, which is not the first thing to show;
    /// - linear: Lillicrap et al. (2016)'s 30–20–10 linear network, forward weights `U[−0.01, 0.01]`,
    ///   feedback `U[−0.5, 0.5]`, η = 10⁻³, one example a step;
    /// - digits: 64–32–10, tanh hidden, softmax output with cross-entropy, η = 0.05, batch 16;
    /// - MNIST-5k: 784–64–10, otherwise as the digits;
    /// - autoencoder: 64–32–16–32–64, tanh hidden, logistic output, squared error, η = 0.5, batch 16;
    /// - cloud: a single linear layer 2 → 2 with Oja's rule, weights `U[−0.5, 0.5]`, η = 0.02, batch 10.
    pub fn preset(task: TaskKind) -> Self {
        let base = Config {
            task,
            rule: RuleKind::FeedbackAlignment,
            hidden: alloc::vec![8, 8],
            activation: Activation::Tanh,
            output: Activation::Tanh,
            loss: Loss::Squared,
            init: Init::Glorot,
            feedback_init: Init::Glorot,
            learning_rate: 0.03,
            batch_size: 10,
            noise: 0,
            train_percent: 50,
            features: alloc::vec![Feature::X1, Feature::X2],
            seed: 1,
            reward: false,
        };
        match task {
            TaskKind::Linear => Config {
                hidden: alloc::vec![20],
                activation: Activation::Linear,
                output: Activation::Linear,
                init: Init::Small,
                feedback_init: Init::Half,
                learning_rate: 1e-3,
                batch_size: 1,
                ..base
            },
            TaskKind::Cloud => Config {
                rule: RuleKind::Oja,
                hidden: alloc::vec![],
                output: Activation::Linear,
                init: Init::Half,
                learning_rate: 0.02,
                ..base
            },
            TaskKind::Autoencoder => Config {
                hidden: alloc::vec![32, 16, 32],
                output: Activation::Logistic,
                learning_rate: 0.5,
                batch_size: 16,
                ..base
            },
            TaskKind::Mnist => Config { task, hidden: alloc::vec![64], ..Config::preset(TaskKind::Digits) },
            TaskKind::Digits => Config {
                hidden: alloc::vec![32],
                output: Activation::Softmax,
                loss: Loss::CrossEntropy,
                learning_rate: 0.05,
                batch_size: 16,
                ..base
            },
            _ => base,
        }
    }

    /// The preset of `task` (see [`Config::preset`]) with `rule`, and the learning rate scaled for the rule
    /// ([`RuleKind::learning_rate_scale`]): the settings at which every rule is tested.
    /// The delta rule, which trains a single layer, gets the task's network without its hidden layers.
    pub fn preset_for(task: TaskKind, rule: RuleKind) -> Self {
        let base = Config::preset(task);
        let hidden = if rule == RuleKind::Delta { alloc::vec![] } else { base.hidden.clone() };
        Config { rule, hidden, learning_rate: base.learning_rate * rule.learning_rate_scale(), ..base }
    }

    /// The reward-only variant of classification task `task`: node perturbation as REINFORCE, with a softmax
    /// output to sample the answer from (cross-entropy is still what the plots report), at the task's learning
    /// rate.
    pub fn reward_preset(task: TaskKind) -> Self {
        let base = Config::preset(task);
        Config {
            rule: RuleKind::NodePerturbation,
            output: Activation::Softmax,
            loss: Loss::CrossEntropy,
            reward: true,
            ..base
        }
    }

    /// Checks every limit and combination; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !self.task.is_available() {
            return Err(ConfigError::new(
                "task",
                format!(
                    "{} is not in this build: it is for native experiments (the plasticity CLI); the page ships \
                     the 8×8 digits",
                    self.task.name()
                ),
            ));
        }
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(ConfigError::new(
                "hidden",
                format!("at most {MAX_HIDDEN_LAYERS} hidden layers (got {})", self.hidden.len()),
            ));
        }
        if let Some(&n) = self.hidden.iter().find(|&&n| n == 0 || n > MAX_UNITS) {
            return Err(ConfigError::new("hidden", format!("a hidden layer has 1 to {MAX_UNITS} units (got {n})")));
        }
        if self.activation == Activation::Softmax {
            return Err(ConfigError::new("activation", "softmax is for the output layer only"));
        }
        if self.loss == Loss::CrossEntropy && self.output != Activation::Softmax {
            return Err(ConfigError::new(
                "loss",
                "cross-entropy needs a softmax output; use --output softmax or the squared error",
            ));
        }
        let (lo, hi) = LEARNING_RATE_RANGE;
        if !(self.learning_rate >= lo && self.learning_rate <= hi) {
            return Err(ConfigError::new(
                "lr",
                format!("the learning rate must lie in [{lo:e}, {hi}] (got {})", self.learning_rate),
            ));
        }
        if self.batch_size == 0 || self.batch_size > MAX_BATCH {
            return Err(ConfigError::new(
                "batch",
                format!("the batch size must lie in 1..={MAX_BATCH} (got {})", self.batch_size),
            ));
        }
        if self.noise > 50 {
            return Err(ConfigError::new("noise", format!("noise lies in 0..=50 (got {})", self.noise)));
        }
        if !(10..=90).contains(&self.train_percent) {
            return Err(ConfigError::new(
                "train",
                format!("the training share lies in 10..=90 per cent (got {})", self.train_percent),
            ));
        }
        if self.reward {
            let why = if self.task.classes().is_none() {
                Some("only classification tasks have a reward-only variant")
            } else if self.output != Activation::Softmax {
                Some("the reward-only variant samples its answer from a softmax output; use out=softmax")
            } else if self.rule != RuleKind::NodePerturbation {
                Some("with a reward only, there is no error vector to send: choose node-perturbation (REINFORCE)")
            } else {
                None
            };
            if let Some(why) = why {
                return Err(ConfigError::new("reward", why));
            }
        }
        if self.task.is_planar() && self.features.is_empty() {
            return Err(ConfigError::new("features", "choose at least one input feature"));
        }
        crate::rules::check_applicable(self)
    }

    /// Layer widths from input to output, `[n_0, …, n_L]`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        let n_in = self.task.input_size(&self.features);
        let n_out = self.task.output_size(self.output);
        let mut sizes = Vec::with_capacity(self.hidden.len() + 2);
        sizes.push(n_in);
        sizes.extend_from_slice(&self.hidden);
        sizes.push(n_out);
        sizes
    }

    /// The configuration as a URL query (`task=xor&rule=fa&…`): every field, in a fixed order. Numbers are
    /// written in their shortest exact form, so [`Config::from_query`] gives back the identical value.
    pub fn to_query(&self) -> String {
        let join = |v: Vec<String>| v.join(",");
        let hidden = join(self.hidden.iter().map(|n| n.to_string()).collect());
        let features = join(self.features.iter().map(|f| f.name().to_string()).collect());
        format!(
            "task={}&rule={}&hidden={}&act={}&out={}&loss={}&init={}&finit={}&lr={}&batch={}&noise={}&train={}&features={}&seed={}&reward={}",
            self.task.name(),
            self.rule.name(),
            hidden,
            self.activation.name(),
            self.output.name(),
            self.loss.name(),
            self.init.name(),
            self.feedback_init.name(),
            self.learning_rate,
            self.batch_size,
            self.noise,
            self.train_percent,
            features,
            self.seed,
            u8::from(self.reward)
        )
    }

    /// Reads a URL query (with or without a leading `#` or `?`). Never fails: a value that cannot be read or is out
    /// of range is replaced (by the task's preset, or clamped into range) and reported in the returned list, so the
    /// page can show what it changed. The returned config always passes [`Config::validate`].
    pub fn from_query(query: &str) -> (Config, Vec<ConfigError>) {
        crate::config::query::parse(query)
    }
}

mod query;
