//! A run is fully described by one [`Config`] value: the task, the rule, the network, the optimiser settings and
//! the seed. The page keeps it in the URL hash ([`Config::to_query`] / [`Config::from_query`]) and the CLI builds
//! it from flags, so a link or a command line reproduces a run bit for bit.
//!
//! The presets come from the tasks ([`TaskInfo::preset`](crate::tasks::TaskInfo::preset)) and which rule can
//! learn which task from the two sides' facts ([`RuleInfo`](crate::rules::RuleInfo), `TaskInfo`): validation names
//! no rule or task. The names that do appear here are choices, not facts: the page's default task, the fallback
//! for a preset whose rule is unknown, and the networks the benchmarks measure.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::activation::{Activation, Loss};
use crate::error::ConfigError;
use crate::limits;
use crate::random::Init;
#[cfg(feature = "language")]
use crate::rules::language;
use crate::rules::{LearnsFrom, RuleKind};
use crate::tasks::{Feature, TaskKind};

pub mod compare;
mod query;
pub mod settings;

pub use query::changed;

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
    /// How forward weights are drawn — and each hidden layer's biases, from the same distribution, so that no hidden
    /// unit starts as an odd function of the input (with zero biases shallow learning sat at chance on XOR and the
    /// circle however wide its random layer, an artefact of the start: `Network::new` gives the measurements).
    /// Output biases start at zero.
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
    /// and is told only whether it was right (reward 1) or not (0) — the reinforcement paradigm. Only rules that
    /// learn from a reward ([`LearnsFrom::TargetsOrReward`]: node perturbation, as REINFORCE) learn it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reward: bool,
    /// Mini-batches by which the hidden layers' error signals arrive late (0 to [`limits::MAX_DELAY`]): each
    /// hidden layer applies the update computed `delay` steps ago — that step's error paired with that step's
    /// presynaptic activity — while the output layer learns at once.
    #[cfg_attr(feature = "serde", serde(default))]
    pub delay: u32,
    /// Holds out a validation split: a task with a fixed training set keeps every fifth training example apart
    /// and evaluates on those instead of its test set, which the run then never sees — for choosing settings
    /// (the CLI's reproductions choose each rule's learning rate so). Tasks that generate their data ignore it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub validation: bool,
    /// A written rule's text, in the rule language ([`crate::rules::language`]), when `rule` is `custom` (empty:
    /// backprop's, the editor's first text); empty for the built-in rules.
    #[cfg_attr(feature = "serde", serde(default))]
    pub expr: String,
    /// Points placed by hand on a 2-D task (at most [`MAX_PLACED`](crate::tasks::MAX_PLACED)), which join its
    /// training set after the task's own; none on other tasks.
    #[cfg_attr(feature = "serde", serde(default))]
    pub points: Vec<crate::tasks::Placed>,
}

impl Default for Config {
    fn default() -> Self {
        Config::preset(TaskKind::XOR)
    }
}

impl Config {
    /// The settings `task` starts from on the page and in the CLI: its preset (see each task's file), with no
    /// noise, half the points for training, and seed 1.
    pub fn preset(task: TaskKind) -> Self {
        let p = &task.info().preset;
        Config {
            task,
            rule: RuleKind::from_name(p.rule).unwrap_or(RuleKind::FEEDBACK_ALIGNMENT),
            hidden: p.hidden.to_vec(),
            activation: p.activation,
            output: p.output,
            loss: p.loss,
            init: p.init,
            feedback_init: p.feedback_init,
            learning_rate: p.learning_rate,
            batch_size: p.batch_size,
            noise: 0,
            train_percent: 50,
            features: p.features.to_vec(),
            seed: 1,
            reward: false,
            delay: 0,
            validation: false,
            expr: String::new(),
            points: Vec::new(),
        }
    }

    /// The preset of `task` (see [`Config::preset`]) with `rule`, and the learning rate scaled for the rule
    /// ([`RuleInfo::learning_rate_scale`](crate::rules::RuleInfo::learning_rate_scale)): the settings at which
    /// every rule is tested. A rule that trains a single layer gets the task's network without its hidden layers.
    pub fn preset_for(task: TaskKind, rule: RuleKind) -> Self {
        let base = Config::preset(task);
        let hidden = if rule.info().single_layer.is_some() { Vec::new() } else { base.hidden.clone() };
        Config { rule, hidden, learning_rate: base.learning_rate * rule.info().learning_rate_scale, ..base }
    }

    /// The reward-only variant of classification task `task`: the first rule that learns from a reward (node
    /// perturbation, as REINFORCE), with a softmax output to sample the answer from (cross-entropy is still what
    /// the plots report), at the task's learning rate.
    pub fn reward_preset(task: TaskKind) -> Self {
        let rule = RuleKind::ALL.iter().copied().find(|r| r.learns_from_reward());
        let base = Config::preset(task);
        Config {
            rule: rule.unwrap_or(base.rule),
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
        if !self.task.is_ready() {
            return Err(ConfigError::new(
                "task",
                format!("{}'s data set ({}) is not loaded", self.task.name(), self.task.data_file().unwrap_or("")),
            ));
        }
        limits::check_hidden(&self.hidden)?;
        if !self.activation.is_elementwise() {
            return Err(ConfigError::new("activation", "softmax is for the output layer only"));
        }
        if self.output.is_hidden_only() {
            return Err(ConfigError::new("output", "spiking units are for hidden layers only; the output is a rate"));
        }
        limits::check_delay(self.delay)?;
        if self.loss == Loss::CrossEntropy && self.output != Activation::Softmax {
            return Err(ConfigError::new(
                "loss",
                "cross-entropy needs a softmax output; use --output softmax or the squared error",
            ));
        }
        limits::check_learning_rate(self.learning_rate)?;
        limits::check_batch_size(self.batch_size)?;
        if self.noise > 50 {
            return Err(ConfigError::new("noise", format!("noise must be 0 to 50 (got {})", self.noise)));
        }
        if !(10..=90).contains(&self.train_percent) {
            return Err(ConfigError::new(
                "train",
                format!("the training share must be 10 to 90 per cent (got {})", self.train_percent),
            ));
        }
        self.check_reward()?;
        self.check_expr()?;
        crate::tasks::check_placed(self.task, &self.points)?;
        if self.task.is_planar() && self.features.is_empty() {
            return Err(ConfigError::new("features", "choose at least one input feature"));
        }
        self.check_rule_fits_task()
    }

    /// A written rule's text: parsed and checked against this run's network (names, layer indices, shapes), so
    /// that a rule with an error never starts.
    #[cfg(feature = "language")]
    pub(crate) fn check_expr(&self) -> Result<(), ConfigError> {
        if !self.rule.is_custom() {
            return Ok(());
        }
        let checked = language::parse(self.rule_text()).and_then(|s| language::compile(&s, &self.layer_sizes()));
        checked.map(|_| ()).map_err(|e| ConfigError::new("expr", e.to_string()))
    }

    /// Without the rule language no rule is written (`custom` is not a rule of this build).
    #[cfg(not(feature = "language"))]
    pub(crate) fn check_expr(&self) -> Result<(), ConfigError> {
        Ok(())
    }

    /// The text of the rule written in the rule language: `expr`, or backprop's when it is empty.
    #[cfg(feature = "language")]
    pub fn rule_text(&self) -> &str {
        if self.expr.trim().is_empty() { language::EXPRESSIONS[0].1 } else { &self.expr }
    }

    /// The reward-only variant needs classes, a softmax output to sample from, and a rule that learns from a
    /// reward.
    fn check_reward(&self) -> Result<(), ConfigError> {
        if !self.reward {
            return Ok(());
        }
        let why = if self.task.classes().is_none() {
            "only classification tasks have a reward-only variant".to_string()
        } else if self.output != Activation::Softmax {
            "the reward-only variant samples its answer from a softmax output; use out=softmax".to_string()
        } else if !self.rule.learns_from_reward() {
            format!(
                "with a reward only, there is no error vector to send: choose {}",
                names(|r| r.learns_from_reward())
            )
        } else {
            return Ok(());
        };
        Err(ConfigError::new("reward", why))
    }

    /// Refuses a rule that cannot learn the task: an unsupervised rule on a task with targets, a rule that needs
    /// targets on one without, or a single-layer rule with hidden layers.
    pub fn check_rule_fits_task(&self) -> Result<(), ConfigError> {
        let (rule, task) = (self.rule.info(), self.task.info());
        let unsupervised = rule.learns_from == LearnsFrom::Inputs;
        let why = if unsupervised && task.targets {
            let tasks: Vec<&str> = TaskKind::available().filter(|t| !t.info().targets).map(|t| t.name()).collect();
            Some(format!("the rule is unsupervised and learns only tasks without targets ({})", tasks.join(", ")))
        } else if rule.learns_from != LearnsFrom::Nothing && !unsupervised && !task.targets {
            Some(format!(
                "the {} has no targets; choose an unsupervised rule ({})",
                task.name,
                names(|r| r.info().learns_from == LearnsFrom::Inputs)
            ))
        } else if let (Some(why), false) = (rule.single_layer, self.hidden.is_empty()) {
            Some(why.to_string())
        } else {
            None
        };
        match why {
            Some(why) => Err(ConfigError::new("rule", format!("{} cannot learn {}: {why}", rule.name, task.name))),
            None => Ok(()),
        }
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
        settings::SETTINGS.iter().filter_map(|s| s.write(self)).collect::<Vec<_>>().join("&")
    }

    /// Reads a URL query (with or without a leading `#` or `?`). Never fails: a value that cannot be read or is out
    /// of range is replaced (by the task's preset, or clamped into range) and reported in the returned list, so the
    /// page can show what it changed. The returned config always passes [`Config::validate`].
    pub fn from_query(query: &str) -> (Config, Vec<ConfigError>) {
        query::parse(query)
    }
}

/// The networks the benchmarks measure (natively with criterion and in the browser), by name: TensorFlow
/// Playground's default network (2 inputs, hidden layers of 4 and 2, tanh, batch 10) and its largest (all 7
/// input features, six hidden layers of 8), both trained with backprop on the circle as Playground's anchor;
/// and the digits network (64–32–10, batch 16).
pub fn benchmarks() -> Vec<(&'static str, Config)> {
    let default = Config { rule: RuleKind::BACKPROP, hidden: alloc::vec![4, 2], ..Config::preset(TaskKind::CIRCLE) };
    let largest = Config { hidden: alloc::vec![8; 6], features: Feature::ALL.to_vec(), ..default.clone() };
    let digits = Config { rule: RuleKind::BACKPROP, ..Config::preset(TaskKind::DIGITS) };
    alloc::vec![("playground-default", default), ("playground-largest", largest), ("digits", digits)]
}

/// The runs whose frame rate the benchmark page measures: the page's default preset (what an empty link opens)
/// switched to each rule that settles or infers before it learns — predictive coding, CHL and equilibrium
/// propagation, the slowest — by the rule's name.
pub fn slow_benchmarks() -> Vec<(&'static str, Config)> {
    let task = Config::default().task;
    [RuleKind::PREDICTIVE_CODING, RuleKind::CONTRASTIVE_HEBBIAN, RuleKind::EQUILIBRIUM_PROPAGATION]
        .into_iter()
        .map(|rule| (rule.name(), Config::preset_for(task, rule)))
        .collect()
}

/// The names of the rules for which `which` holds, as a list for a sentence ("hebb, oja or sanger").
fn names(which: impl Fn(RuleKind) -> bool) -> String {
    let names: Vec<&str> = RuleKind::ALL.iter().copied().filter(|r| which(*r)).map(|r| r.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}
