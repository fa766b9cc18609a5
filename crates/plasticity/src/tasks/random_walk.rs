//! Reinforcement learning by temporal-difference error: the random walk of Sutton (1988) and Sutton & Barto
//! (2018), Example 6.2; the TD error as the dopamine signal of Schultz, Dayan & Montague (1997).
//!
//! Five states A–E in a row; every episode starts in C and steps left or right with probability ½. Leaving on
//! the right pays 1, on the left 0; there is no discount (γ = 1), so the true value of each state is the
//! probability of leaving on the right: 1/6, 2/6, …, 5/6.
//!
//! The learner maps a state's one-hot code to its value `V(s)`. There is no teacher: each transition
//! `s → s′` with reward `r` gives the bootstrapped target `r + γ V(s′)` (with `V = 0` after the walk ends),
//! computed by the task from the learner as it is now, so that the learner's output error is
//!
//! ```text
//! V(s) − (r + γ V(s′)) = −δ,      δ = r + γ V(s′) − V(s), the TD error
//! ```
//!
//! and every supervised rule carries `δ` to the hidden layers as it carries any error (backprop through `Wᵀ`,
//! feedback alignment through `B`, …). With no hidden layer and η = 0.1 this is tabular TD(0) with α = 0.1.
//! The training and test sets are the five states with their true values: their loss is the value error.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{
    Chart, ChartLine, Dataset, Inputs, LineStyle, Outputs, Preset, Setup, Task, TaskData, TaskInfo, TaskKind, View,
};
use crate::activation::Activation;
use crate::diagnostics::Measure;
use crate::net::{Network, Workspace};
use crate::random::{Rng, Stream};

/// The walk's non-terminal states, A to E.
pub const WALK_STATES: usize = 5;
/// Their true values: the probability of leaving on the right, `k / 6`.
pub const WALK_TRUE_VALUES: [f64; WALK_STATES] = [1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 4.0 / 6.0, 5.0 / 6.0];
const START: usize = 2;
/// The values `net` gives the five states, A to E.
pub fn walk_values(net: &Network) -> [f64; WALK_STATES] {
    let mut ws = Workspace::new(&net.sizes(), WALK_STATES);
    for s in 0..WALK_STATES {
        ws.h[0][(s, s)] = 1.0;
    }
    net.forward(&mut ws, WALK_STATES);
    core::array::from_fn(|s| ws.h[net.depth()][(0, s)])
}

/// The group of the episode count, and of the value error, in [`Measure`]s.
pub const EPISODES: &str = "episodes";
/// See [`EPISODES`].
pub const VALUE_ERROR: &str = "RMS value error";
/// Transitions whose TD error is kept for the chart.
const DELTAS_KEPT: usize = 60;
/// Episodes over which the smoothed value error is averaged: with a constant step size one run's values jitter
/// around the truth from episode to episode (its RMS error after a single episode ranges from about 0.01 to 0.27 late
/// in a run), where Sutton & Barto average over 100 runs.
pub const WALK_RECENT: usize = 20;

/// The random walk.
pub(super) static RANDOM_WALK: TaskInfo = TaskInfo {
    name: "random-walk",
    title: "Random walk: values from temporal-difference errors (Sutton & Barto 6.2)",
    caption: "Top: the learned value of each state against the truth (dashed). Below: the TD error δ of the latest \
              steps — the dopamine-like signal, large and signed early, small once the values are right. The loss \
              panel shows the value error over training.",
    loss_caption: Some(
        "The loss is the squared error of the learned values against the true ones over the five states (one set, \
         so training and test coincide); log scale.",
    ),
    view: View::Charts,
    inputs: Inputs::Fixed(WALK_STATES),
    outputs: Outputs::Fixed(1),
    targets: true,
    available: true,
    data: None,
    preset: Preset {
        rule: "backprop",
        hidden: &[8],
        output: Activation::Linear,
        learning_rate: 0.05,
        batch_size: 1,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// The random walk.
    pub const RANDOM_WALK: TaskKind = TaskKind(&RANDOM_WALK);
}

fn build(setup: &Setup) -> Box<dyn Task> {
    let x = DMatrix::identity(WALK_STATES, WALK_STATES);
    let t = DMatrix::from_row_slice(1, WALK_STATES, &WALK_TRUE_VALUES);
    let set = Dataset { x, t, labels: None, points: None };
    Box::new(RandomWalk {
        data: TaskData { train: set.clone(), test: set },
        rng: Rng::new(setup.seed, Stream::Batches),
        state: START,
        values: Workspace::new(&setup.sizes, WALK_STATES),
        episodes: 0,
        last_error: f64::NAN,
        recent: [f64::NAN; WALK_RECENT],
        transitions: 0,
        deltas: vec![f64::NAN; DELTAS_KEPT],
    })
}

/// The walk while it runs.
struct RandomWalk {
    data: TaskData,
    rng: Rng,
    /// Where the walker is.
    state: usize,
    /// Buffers for evaluating `V` on every state.
    values: Workspace,
    /// Episodes finished, and the RMS value error after the last one.
    episodes: u64,
    last_error: f64,
    /// The RMS value error after each of the latest [`WALK_RECENT`] episodes (a ring, filled from the start).
    recent: [f64; WALK_RECENT],
    /// Transitions made, and the TD error of each of the latest [`DELTAS_KEPT`].
    transitions: u64,
    deltas: Vec<f64>,
}

impl RandomWalk {
    /// Writes `V(s)` of every state into the first row of `values.h[L]`.
    fn evaluate(&mut self, net: &Network) {
        self.values.h[0].fill(0.0);
        for s in 0..WALK_STATES {
            self.values.h[0][(s, s)] = 1.0;
        }
        net.forward(&mut self.values, WALK_STATES);
    }

    fn value(&self, net: &Network, s: usize) -> f64 {
        self.values.h[net.depth()][(0, s)]
    }
}

impl Task for RandomWalk {
    fn data(&self) -> &TaskData {
        &self.data
    }

    /// One transition per column, continuing the walk: input the state's code, target `r + V(s′)` with `V` as
    /// the learner has it now. An episode's end starts the next one in C and records the RMS value error.
    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        self.evaluate(net);
        let n = WALK_STATES;
        for c in 0..cols {
            let s = self.state;
            let input = &mut ws.h[0].as_mut_slice()[c * n..(c + 1) * n];
            input.fill(0.0);
            input[s] = 1.0;
            let right = self.rng.index(2) == 1;
            let (reward, next) = match (s, right) {
                (0, false) => (0.0, None),
                (s, true) if s + 1 == n => (1.0, None),
                (s, true) => (0.0, Some(s + 1)),
                (s, false) => (0.0, Some(s - 1)),
            };
            let target = reward + next.map_or(0.0, |s2| self.value(net, s2));
            ws.target[(0, c)] = target;
            self.deltas[(self.transitions % DELTAS_KEPT as u64) as usize] = target - self.value(net, s);
            self.transitions += 1;
            match next {
                Some(s2) => self.state = s2,
                None => {
                    self.state = START;
                    // The error of the values as they are at the end of the episode (this transition's update
                    // is about to be applied; it counts towards the next episode).
                    let rms = (0..n).map(|s| self.value(net, s) - WALK_TRUE_VALUES[s]).map(|e| e * e).sum::<f64>() / n as f64;
                    self.last_error = libm::sqrt(rms);
                    self.recent[(self.episodes % WALK_RECENT as u64) as usize] = self.last_error;
                    self.episodes += 1;
                }
            }
        }
        ws.cols = cols;
    }

    /// Episodes finished, the RMS value error after the last one (the loss panel shows the value error over
    /// training; this is the per-episode measure of Sutton & Barto's figure), and its mean over the latest
    /// [`WALK_RECENT`] episodes.
    fn measures(&self, _net: &Network, out: &mut Vec<Measure>) {
        out.push(Measure { group: EPISODES, label: "episodes".into(), value: self.episodes as f64 });
        out.push(Measure { group: VALUE_ERROR, label: "RMS value error, last episode".into(), value: self.last_error });
        // The mean over the latest episodes (over those so far before there are that many; no value before the
        // first).
        let kept = self.episodes.min(WALK_RECENT as u64) as usize;
        let mean = self.recent[..kept].iter().sum::<f64>() / kept as f64;
        out.push(Measure { group: VALUE_ERROR, label: "RMS value error, mean of the last 20 episodes".into(), value: mean });
    }

    /// The values against the truth, and the latest TD errors.
    fn charts(&self, net: &Network) -> Vec<Chart> {
        let learned = walk_values(net).iter().enumerate().map(|(s, v)| ((s + 1) as f64, *v)).collect();
        let truth = WALK_TRUE_VALUES.iter().enumerate().map(|(s, v)| ((s + 1) as f64, *v)).collect();
        let ring = |values: &[f64], count: u64| -> Vec<(f64, f64)> {
            let kept = values.len() as u64;
            let first = count.saturating_sub(kept);
            (first..count).map(|k| ((k + 1) as f64, values[(k % kept) as usize])).collect()
        };
        vec![
            Chart {
                y_title: "value V(s)".into(),
                x_title: "state (1 = A … 5 = E)",
                lines: vec![
                    ChartLine { label: "learned".into(), points: learned, style: LineStyle::Solid },
                    ChartLine { label: "true".into(), points: truth, style: LineStyle::Dashed },
                ],
                y_range: (0.0, 1.0),
                x_range: Some((0.8, 5.2)),
                ..Chart::default()
            },
            Chart {
                y_title: "TD error δ".into(),
                x_title: "step of the walk",
                lines: vec![ChartLine {
                    label: "δ = r + V(s′) − V(s)".into(),
                    points: ring(&self.deltas, self.transitions),
                    style: LineStyle::Dots,
                }],
                marks: vec![(0.0, "no surprise")],
                y_range: (-0.5, 0.5),
                ..Chart::default()
            },
        ]
    }
}
