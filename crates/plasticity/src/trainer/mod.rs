//! The [`Trainer`]: the one place where training happens. It owns the network, the rule, the task and every
//! buffer; [`Trainer::step`] runs mini-batches without allocating, and [`Trainer::diagnostics`] measures
//! (`measure.rs`).

use alloc::boxed::Box;

use crate::config::Config;
use crate::error::ConfigError;
use crate::limits;
use crate::net::{Grads, Network, Workspace};
use crate::random::{Rng, Stream};
use crate::rules::{self, Backprop, LearningRule, Step};
use crate::tasks::{self, Task, TaskData};

mod measure;

pub use measure::{Evaluation, evaluate};

/// A mini-batch loss above this counts as diverged: no task here has losses anywhere near it, and a run that
/// gets there only ends in overflow a few steps later.
pub const DIVERGED_LOSS: f64 = 1e50;
/// Examples evaluated at a time.
const EVAL_CHUNK: usize = 64;
/// The most training examples that the training loss is measured on (the first ones).
pub const TRAIN_EVAL_LIMIT: usize = 512;

/// Whether a run can go on.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Training normally.
    Running,
    /// The loss or a weight became NaN or infinite on `step`; the run stops until it is reset.
    Diverged {
        /// The step on which it happened (1-based: the step count after that step).
        step: u64,
        /// What became non-finite.
        reason: &'static str,
    },
}

/// Trains one network with one rule on one task, as described by a [`Config`].
pub struct Trainer {
    config: Config,
    net: Network,
    rule: Box<dyn LearningRule>,
    reference: Backprop,
    task: Box<dyn Task>,
    /// The training batch's buffers; between steps they hold the batch last trained on (its inputs and targets
    /// are kept in `last` too, since measuring reruns it).
    ws: Workspace,
    last: Workspace,
    /// True while `last` holds a batch drawn but not yet trained on (the first one, drawn when the run starts
    /// so that a measurement at step 0 has a batch to compare updates on).
    pending: bool,
    eval_ws: Workspace,
    probe_ws: Workspace,
    grads: Grads,
    reference_grads: Grads,
    /// Delayed feedback: the hidden layers' updates of the last `delay` steps, oldest at `delayed_head`.
    delayed: alloc::vec::Vec<Grads>,
    delayed_head: usize,
    step: u64,
    samples: u64,
    status: Status,
}

impl Trainer {
    /// Validates `config`, generates the data, draws the weights and prepares every buffer.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        Trainer::build(config, |rule, setup| rule.build(setup))
    }

    /// A run of `config` whose rule is built by `build` from the run's [`rules::Setup`] instead of by the rule's
    /// own facts: an experiment's variant of a rule (equilibrium propagation with other per-layer rates, node
    /// perturbation that perturbs some layers only). The variant must be of the configured rule; it is refused
    /// otherwise. Everything else — data, weights, the step function — is the run's as `Trainer::new` makes it.
    pub fn with_rule(
        config: Config,
        build: impl FnOnce(&rules::Setup<'_>) -> Box<dyn LearningRule>,
    ) -> Result<Self, ConfigError> {
        let kind = config.rule;
        let trainer = Trainer::build(config, |_, setup| build(setup))?;
        match trainer.rule.kind() == kind {
            true => Ok(trainer),
            false => Err(ConfigError::new("rule", alloc::format!("a variant of {kind} must be a {kind}"))),
        }
    }

    fn build(
        config: Config,
        build: impl FnOnce(rules::RuleKind, &rules::Setup<'_>) -> Box<dyn LearningRule>,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let sizes = config.layer_sizes();
        let net = Network::new(
            &sizes,
            config.activation,
            config.output,
            config.init,
            &mut Rng::new(config.seed, Stream::Weights),
        );
        let rule = build(
            config.rule,
            &rules::Setup {
                net: &net,
                loss: config.loss,
                reward: config.reward,
                feedback_init: config.feedback_init,
                seed: config.seed,
                expr: written_rule(&config),
            },
        );
        let task = config.task.build(&task_setup(&config));
        let mut trainer = Trainer {
            ws: Workspace::new(&sizes, 0),
            last: Workspace::new(&sizes, 0),
            pending: true,
            eval_ws: Workspace::new(&sizes, EVAL_CHUNK),
            probe_ws: Workspace::new(&sizes, 1),
            grads: Grads::zeros(&net),
            reference_grads: Grads::zeros(&net),
            delayed: (0..config.delay).map(|_| Grads::zeros(&net)).collect(),
            delayed_head: 0,
            reference: Backprop,
            config,
            net,
            rule,
            task,
            step: 0,
            samples: 0,
            status: Status::Running,
        };
        trainer.reserve();
        let cols = trainer.batch_cols();
        trainer.task.next_batch(&trainer.net, &mut trainer.last, cols);
        Ok(trainer)
    }

    /// Sizes every per-batch buffer, the rule's scratch included, for the configured batch (never shrinking).
    fn reserve(&mut self) {
        let cols = self.batch_cols();
        if cols > self.ws.capacity() {
            let sizes = self.net.sizes();
            self.ws = Workspace::new(&sizes, cols);
            let mut last = Workspace::new(&sizes, cols);
            last.load_batch(&self.last);
            self.last = last;
        }
        self.rule.reserve(cols);
    }

    /// The configuration, including any learning-rate or batch-size change made during the run.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The rule.
    pub fn rule(&self) -> &dyn LearningRule {
        self.rule.as_ref()
    }

    /// The task's data.
    pub fn data(&self) -> &TaskData {
        self.task.data()
    }

    /// What the task measures of the network as it is now, beside the loss (see [`Task::measures`]).
    pub fn task_measures(&self) -> alloc::vec::Vec<crate::diagnostics::Measure> {
        let mut out = alloc::vec::Vec::new();
        self.task.measures(&self.net, &mut out);
        out
    }

    /// The charts the task draws of itself ([`View::Charts`](crate::tasks::View::Charts) tasks; empty otherwise).
    pub fn task_charts(&self) -> alloc::vec::Vec<tasks::Chart> {
        self.task.charts(&self.net)
    }

    /// Mini-batches trained so far.
    pub fn steps(&self) -> u64 {
        self.step
    }

    /// Whether the run can go on.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Changes the learning rate from the next step on, keeping everything else.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), ConfigError> {
        limits::check_learning_rate(lr)?;
        self.config.learning_rate = lr;
        Ok(())
    }

    /// Changes the mini-batch size from the next step on, keeping everything else.
    pub fn set_batch_size(&mut self, batch: usize) -> Result<(), ConfigError> {
        limits::check_batch_size(batch)?;
        self.config.batch_size = batch;
        self.reserve();
        Ok(())
    }

    /// Replaces the points placed by hand on a 2-D task: the task's data are made anew with them (the task's own
    /// points are the same: they come from the seed), and the run trains on them from the next step, in a
    /// mini-batch order drawn anew for this step ([`tasks::Setup::made_at`]); the network and the step count are
    /// kept. Edited before the first step, the run is the one a link with these points starts, bit for bit.
    /// Refused on a task that is not 2-D, even with no points.
    pub fn set_points(&mut self, points: alloc::vec::Vec<tasks::Placed>) -> Result<(), ConfigError> {
        if !self.config.task.is_planar() {
            return Err(tasks::placed_error());
        }
        tasks::check_placed(self.config.task, &points)?;
        self.config.points = points;
        self.task = self.config.task.build(&tasks::Setup { made_at: self.step, ..task_setup(&self.config) });
        self.reserve();
        if self.pending {
            let cols = self.batch_cols();
            self.task.next_batch(&self.net, &mut self.last, cols);
        }
        Ok(())
    }

    /// Examples per training batch: the batch size, or the whole training set when it is smaller.
    fn batch_cols(&self) -> usize {
        self.config.batch_size.min(self.task.data().train.len())
    }

    /// Runs up to `n` mini-batches and returns how many ran: fewer only if the run diverged (see
    /// [`Trainer::status`]). Allocates nothing.
    pub fn step(&mut self, n: u32) -> u32 {
        let out = self.net.layers[self.net.depth() - 1].f;
        for done in 0..n {
            if self.status != Status::Running {
                return done;
            }
            self.next_batch();
            let cols = self.ws.cols;
            self.rule.predict(&self.net, &mut self.ws, cols);
            let loss = self.ws.output_error(self.config.loss, out);
            let lr = self.config.learning_rate;
            self.rule.direction(&mut Step { net: &self.net, ws: &mut self.ws, grads: &mut self.grads, lr });
            self.delay_hidden_updates();
            let finite = apply(&mut self.net, &self.grads, lr);
            self.rule.after_update(&self.net, lr);
            self.step += 1;
            self.samples += cols as u64;
            if loss.is_nan() || loss.abs() >= DIVERGED_LOSS {
                // A task without targets has no loss: what a run reports in its place is the output's size.
                let reason = if self.config.task.info().targets {
                    "the loss became NaN or infinite or passed 1e50"
                } else {
                    "the output's size ½‖y‖² became NaN or infinite or passed 1e50"
                };
                self.status = Status::Diverged { step: self.step, reason };
            } else if !finite {
                self.status = Status::Diverged { step: self.step, reason: "a weight became NaN or infinite" };
            }
        }
        n
    }

    /// With delayed feedback, swaps each hidden layer's fresh update for the one computed `delay` steps ago (zero
    /// for the first `delay` steps), which is kept until then; the output layer's stays. Allocates nothing.
    fn delay_hidden_updates(&mut self) {
        let Some(old) = self.delayed.get_mut(self.delayed_head) else { return };
        let hidden = self.net.depth() - 1;
        for l in 0..hidden {
            core::mem::swap(&mut self.grads.w[l], &mut old.w[l]);
            core::mem::swap(&mut self.grads.b[l], &mut old.b[l]);
        }
        self.delayed_head = (self.delayed_head + 1) % self.delayed.len();
    }

    /// Fills the training workspace with the next mini-batch (the one drawn at the start, first), and keeps a
    /// copy of it for measuring.
    fn next_batch(&mut self) {
        if self.pending && self.last.cols == self.batch_cols() {
            self.pending = false;
        } else {
            self.pending = false;
            let cols = self.batch_cols();
            self.task.next_batch(&self.net, &mut self.last, cols);
        }
        self.ws.load_batch(&self.last);
    }
}

/// What the task is made from: the run's seed, data settings and placed points, and the learner's sizes.
fn task_setup(config: &Config) -> tasks::Setup {
    tasks::Setup {
        seed: config.seed,
        output: config.output,
        noise: config.noise,
        train_percent: config.train_percent,
        validation: config.validation,
        features: config.features.clone(),
        sizes: config.layer_sizes(),
        points: config.points.clone(),
        made_at: 0,
    }
}

/// `W_l ← W_l − η G_l`, `b_l ← b_l − η g_l`; returns false if any parameter is no longer finite.
fn apply(net: &mut Network, grads: &Grads, lr: f64) -> bool {
    let mut finite = true;
    for ((layer, g), gb) in net.layers.iter_mut().zip(&grads.w).zip(&grads.b) {
        let pairs = [(layer.w.as_mut_slice(), g.as_slice()), (layer.b.as_mut_slice(), gb.as_slice())];
        for (w, g) in pairs {
            for (w, g) in w.iter_mut().zip(g) {
                *w -= lr * g;
            }
            // Checked once per matrix rather than per weight: a NaN or ∞ anywhere makes the sum non-finite
            // (so do weights near 1e308, which count as diverged too).
            finite &= w.iter().sum::<f64>().is_finite();
        }
    }
    finite
}

impl Trainer {
    /// A 64-bit FNV-1a hash of every weight's and bias's bits: two runs with the same fingerprint have identical
    /// networks. The tests compare it across runs and across targets (native and WebAssembly).
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for layer in &self.net.layers {
            for x in layer.w.iter().chain(layer.b.iter()) {
                for byte in x.to_bits().to_le_bytes() {
                    hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        hash
    }
}

/// The text a written rule runs: its `expr`, or backprop's for an empty one.
#[cfg(feature = "language")]
fn written_rule(config: &Config) -> &str {
    if config.rule.is_custom() { config.rule_text() } else { "" }
}

#[cfg(not(feature = "language"))]
fn written_rule(config: &Config) -> &str {
    &config.expr
}
