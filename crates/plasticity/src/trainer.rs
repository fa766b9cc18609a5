//! The [`Trainer`]: the one place where training happens. It owns the network, the rule, the data and every
//! buffer; [`Trainer::step`] runs mini-batches without allocating, and [`Trainer::diagnostics`] measures.

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use crate::config::{Config, ConfigError, LEARNING_RATE_RANGE, MAX_BATCH};
use crate::diagnostics::{Diagnostics, LayerDiagnostics};
use crate::metrics::{self, Evaluation};
use crate::net::{Grads, Network, Workspace};
use crate::random::{Rng, Stream};
use crate::rules::{self, Backprop, LearningRule};
use crate::tasks::{self, Dataset, TaskData, class_score};

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
    data: TaskData,
    ws: Workspace,
    eval_ws: Workspace,
    probe_ws: Workspace,
    grads: Grads,
    reference_grads: Grads,
    order: Vec<u32>,
    cursor: usize,
    batch_rng: Rng,
    last_batch: Vec<u32>,
    step: u64,
    samples: u64,
    status: Status,
}

impl Trainer {
    /// Validates `config`, generates the data, draws the weights and prepares every buffer.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        config.validate()?;
        let sizes = config.layer_sizes();
        let net = Network::new(
            &sizes,
            config.activation,
            config.output,
            config.init,
            &mut Rng::new(config.seed, Stream::Weights),
        );
        let mut rule = rules::build(&config, &sizes);
        rule.learning_rate_changed(config.learning_rate);
        let data = tasks::build(&config);
        let mut order: Vec<u32> = (0..data.train.len() as u32).collect();
        let mut batch_rng = Rng::new(config.seed, Stream::Batches);
        batch_rng.shuffle(&mut order);
        let batch = config.batch_size.min(data.train.len());
        let last_batch = order[..batch].to_vec();
        Ok(Trainer {
            ws: Workspace::new(&sizes, batch),
            eval_ws: Workspace::new(&sizes, EVAL_CHUNK),
            probe_ws: Workspace::new(&sizes, 1),
            grads: Grads::zeros(&net),
            reference_grads: Grads::zeros(&net),
            reference: Backprop,
            config,
            net,
            rule,
            data,
            order,
            cursor: 0,
            batch_rng,
            last_batch,
            step: 0,
            samples: 0,
            status: Status::Running,
        })
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

    /// The data.
    pub fn data(&self) -> &TaskData {
        &self.data
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
        let (lo, hi) = LEARNING_RATE_RANGE;
        if !(lr >= lo && lr <= hi) {
            return Err(ConfigError::new("lr", format!("the learning rate must lie in [{lo:e}, {hi}] (got {lr})")));
        }
        self.config.learning_rate = lr;
        self.rule.learning_rate_changed(lr);
        Ok(())
    }

    /// Changes the mini-batch size from the next step on, keeping everything else.
    pub fn set_batch_size(&mut self, batch: usize) -> Result<(), ConfigError> {
        if batch == 0 || batch > MAX_BATCH {
            return Err(ConfigError::new("batch", format!("the batch size must lie in 1..={MAX_BATCH} (got {batch})")));
        }
        self.config.batch_size = batch;
        let cols = self.batch_cols();
        if cols > self.ws.capacity() {
            self.ws = Workspace::new(&self.net.sizes(), cols);
        }
        Ok(())
    }

    fn batch_cols(&self) -> usize {
        self.config.batch_size.min(self.data.train.len())
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
            metrics::predict(&self.net, self.rule.as_ref(), &mut self.ws, cols);
            let loss = self.ws.output_error(self.config.loss, out);
            self.rule.direction(&self.net, &mut self.ws, &mut self.grads);
            let finite = apply(&mut self.net, &self.grads, self.config.learning_rate);
            self.rule.after_update(&self.net, self.config.learning_rate);
            self.step += 1;
            self.samples += cols as u64;
            if loss.is_nan() || loss.abs() >= DIVERGED_LOSS {
                self.status =
                    Status::Diverged { step: self.step, reason: "the loss became NaN or infinite (or above 1e50)" };
            } else if !finite {
                self.status = Status::Diverged { step: self.step, reason: "a weight became NaN or infinite" };
            }
        }
        n
    }

    /// Fills the training workspace with the next mini-batch, reshuffling at the end of each pass.
    fn next_batch(&mut self) {
        let cols = self.batch_cols();
        self.last_batch.clear();
        for c in 0..cols {
            if self.cursor == self.order.len() {
                self.batch_rng.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let i = self.order[self.cursor];
            self.cursor += 1;
            self.last_batch.push(i);
            copy_example(&self.data.train, i as usize, &mut self.ws, c);
        }
        self.ws.cols = cols;
    }

    /// Measures the run now: losses, accuracy, and per layer the angles (on the latest mini-batch) and the probe
    /// example's error signal and activities. Does not change the run.
    pub fn diagnostics(&mut self) -> Diagnostics {
        let loss = self.config.loss;
        let (net, rule, data) = (&self.net, self.rule.as_ref(), &self.data);
        let train = metrics::evaluate(net, rule, &data.train, loss, TRAIN_EVAL_LIMIT, &mut self.eval_ws);
        let test: Evaluation = metrics::evaluate(net, rule, &data.test, loss, usize::MAX, &mut self.eval_ws);
        let mut layers = self.angles();
        let probe_output = self.probe(&mut layers);
        Diagnostics {
            step: self.step,
            samples: self.samples,
            train_loss: train.loss,
            test_loss: test.loss,
            train_accuracy: train.accuracy,
            test_accuracy: test.accuracy,
            nse: test.nse,
            probe_output,
            layers,
        }
    }

    /// Per layer: the update angle to backprop on the latest mini-batch, and the feedback angle.
    fn angles(&mut self) -> Vec<LayerDiagnostics> {
        let out = self.net.layers[self.net.depth() - 1].f;
        for (c, &i) in self.last_batch.iter().enumerate() {
            copy_example(&self.data.train, i as usize, &mut self.ws, c);
        }
        self.ws.cols = self.last_batch.len();
        let cols = self.ws.cols;
        metrics::predict(&self.net, self.rule.as_ref(), &mut self.ws, cols);
        self.ws.output_error(self.config.loss, out);
        // A copy of the rule measures, so that measuring never changes the run (see `LearningRule`).
        let mut rule = self.rule.boxed();
        if !rule.reference(&self.net, &mut self.ws, &mut self.reference_grads) {
            self.reference.direction(&self.net, &mut self.ws, &mut self.reference_grads);
        }
        // A rule may rewrite any error signal, so it starts from a freshly set output error too.
        self.ws.output_error(self.config.loss, out);
        rule.direction(&self.net, &mut self.ws, &mut self.grads);
        let feedback = rule.feedback();
        let supervised = rule.supervised();
        let depth = self.net.depth();
        (0..depth)
            .map(|l| LayerDiagnostics {
                units: self.net.layers[l].w.nrows(),
                is_output: l + 1 == depth,
                update_angle_deg: supervised
                    .then(|| metrics::angle_deg(self.grads.w[l].as_slice(), self.reference_grads.w[l].as_slice()))
                    .flatten(),
                feedback_angle_deg: feedback
                    .and_then(|b| b.get(l))
                    .and_then(|b| metrics::angle_transposed_deg(&self.net.layers[l + 1].w, b)),
                ..LayerDiagnostics::default()
            })
            .collect()
    }

    /// Runs the probe example (the first test example) through the rule and records its signals.
    fn probe(&mut self, layers: &mut [LayerDiagnostics]) -> Vec<f64> {
        let out = self.net.layers[self.net.depth() - 1].f;
        copy_example(&self.data.test, 0, &mut self.probe_ws, 0);
        self.probe_ws.cols = 1;
        metrics::predict(&self.net, self.rule.as_ref(), &mut self.probe_ws, 1);
        self.probe_ws.output_error(self.config.loss, out);
        let mut rule = self.rule.boxed();
        rule.direction(&self.net, &mut self.probe_ws, &mut self.grads);
        for (l, layer) in layers.iter_mut().enumerate() {
            let delta = self.probe_ws.delta[l].column(0);
            let forward = self.probe_ws.h[l + 1].column(0);
            layer.error_norm = delta.norm();
            layer.feedback = match rule.influenced_activity(l) {
                Some(a) => a.to_vec(),
                None => (forward - delta).as_slice().to_vec(),
            };
            layer.delta = delta.as_slice().to_vec();
            layer.forward = forward.as_slice().to_vec();
        }
        self.probe_ws.h[self.net.depth()].column(0).as_slice().to_vec()
    }

    /// The class score in [−1, 1] (see [`tasks::class_score`]) on a `res × res` grid over the square
    /// `[−range, range]²`, row by row from the top (`x₂ = +range`) down, for drawing a 2-D task's decision
    /// boundary. `out` must hold `res²` values. Allocates nothing.
    pub fn boundary(&mut self, res: usize, range: f64, out: &mut [f64]) {
        assert_eq!(out.len(), res * res, "the grid buffer holds res² values");
        let depth = self.net.depth();
        let f = self.net.layers[depth - 1].f;
        let coord = |k: usize| -range + 2.0 * range * (k as f64 + 0.5) / res as f64;
        let mut k = 0;
        while k < out.len() {
            let cols = self.eval_ws.capacity().min(out.len() - k);
            for c in 0..cols {
                let (row, col) = ((k + c) / res, (k + c) % res);
                let (x1, x2) = (coord(col), -coord(row));
                for (i, feature) in self.config.features.iter().enumerate() {
                    self.eval_ws.h[0][(i, c)] = feature.eval(x1, x2);
                }
            }
            metrics::predict(&self.net, self.rule.as_ref(), &mut self.eval_ws, cols);
            for c in 0..cols {
                out[k + c] = class_score(self.eval_ws.h[depth].column(c).as_slice(), f);
            }
            k += cols;
        }
    }
}

/// Copies example `i` of `data` into column `c` of the workspace's input and target.
fn copy_example(data: &Dataset, i: usize, ws: &mut Workspace, c: usize) {
    let (n, m) = (data.x.nrows(), data.t.nrows());
    ws.h[0].as_mut_slice()[c * n..(c + 1) * n].copy_from_slice(&data.x.as_slice()[i * n..(i + 1) * n]);
    ws.target.as_mut_slice()[c * m..(c + 1) * m].copy_from_slice(&data.t.as_slice()[i * m..(i + 1) * m]);
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
