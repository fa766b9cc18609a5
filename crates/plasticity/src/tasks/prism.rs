//! Prism adaptation, the cerebellum's error-driven learning (Marr 1969; Albus 1971; Martin, Keating, Goodkin,
//! Bastian & Thach 1996, *Brain* 119:1183–1198, throwing while wearing prisms).
//!
//! Each trial a target appears at one of five positions. The motor cortex aims at it; the cerebellum (the
//! learner: one layer of parallel-fibre synapses onto a Purkinje cell, reading the target's position from twelve
//! Gaussian-tuned mossy-fibre inputs) adds a correction `c`. Prisms shift what the hand reaches by `s`:
//!
//! ```text
//! outcome = target + c + s          s = 0 (baseline), PRISM_SHIFT (prisms on), 0 (prisms off)
//! error   = outcome − target = c + s      the climbing fibre's report: the actual outcome minus the predicted one
//! ```
//!
//! The learner is handed the target `−s` for its correction, so that its own error `c − (−s)` *is* the climbing
//! fibre's error, and the delta rule learns from it. The blocks repeat: baseline, prisms on, prisms off. The
//! findings (Martin et al. 1996, part II, abstract): the first throw with prisms misses by about `s`; the miss shrinks over tens
//! of throws; taking the prisms off gives an after-effect of the opposite sign, which decays too; a cerebellum
//! that cannot learn (the rule `none`, a lesion) neither adapts nor shows an after-effect.
//!
//! The training and test sets are the five targets with no prism (target correction 0): their loss is how far
//! the learned correction would throw the hand off without prisms — it rises while the prisms are on.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{
    Band, Chart, ChartLine, Dataset, Inputs, LineStyle, Outputs, Preset, Setup, Task, TaskData, TaskInfo, TaskKind,
    View,
};
use crate::activation::Activation;
use crate::diagnostics::Measure;
use crate::net::{Network, Workspace};
use crate::random::{Init, Rng, Stream};

/// The group of the last throw's error in [`Measure`]s.
pub const THROW: &str = "throw error";

/// The prism's displacement of the outcome, in the units of the target positions.
pub const PRISM_SHIFT: f64 = 0.4;
/// Trials in each block: baseline, prisms on, prisms off. The cycle then repeats.
pub const PRISM_BLOCKS: [(Block, u64); 3] = [(Block::Baseline, 40), (Block::Prism, 120), (Block::After, 120)];
/// The target positions.
const TARGETS: [f64; 5] = [-0.6, -0.3, 0.0, 0.3, 0.6];
/// Mossy-fibre inputs, Gaussian-tuned to positions evenly spread over [−1, 1].
const INPUTS: usize = 12;
const TUNING_WIDTH: f64 = 0.25;

/// Cerebellar adaptation to prisms.
pub(super) static PRISM: TaskInfo = TaskInfo {
    name: "prism",
    title: "Prism adaptation: the cerebellum learns from its errors",
    caption: "Each dot is one throw's miss, where it landed minus where it was aimed (the actual outcome minus the \
              predicted one), as the climbing fibre reports it: near 0 at baseline, about the prism's shift when the \
              prisms go on (shaded), then the after-effect when they come off.",
    loss_caption: Some(
        "The loss is taken on the five targets without prisms (one set, so training and test coincide): how far the \
         learned correction would throw the hand off with the prisms removed. It rises while the cerebellum adapts \
         to the prisms and falls as the after-effect washes out; the misses themselves are in the task panel.",
    ),
    view: View::Charts,
    inputs: Inputs::Fixed(INPUTS),
    outputs: Outputs::Fixed(1),
    targets: true,
    available: true,
    data: None,
    preset: Preset {
        rule: "delta",
        hidden: &[],
        output: Activation::Linear,
        init: Init::Small,
        learning_rate: 0.05,
        batch_size: 1,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// Prism adaptation.
    pub const PRISM: TaskKind = TaskKind(&PRISM);
}

/// A block of trials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Block {
    /// No prisms.
    Baseline,
    /// Prisms on: the outcome is shifted by [`PRISM_SHIFT`].
    Prism,
    /// Prisms off again.
    After,
}

impl Block {
    /// The block of trial `k` (counted from 0) and the prism shift in it.
    pub fn of_trial(k: u64) -> (Block, f64) {
        let cycle: u64 = PRISM_BLOCKS.iter().map(|b| b.1).sum();
        let mut k = k % cycle;
        for (block, n) in PRISM_BLOCKS {
            if k < n {
                return (block, if block == Block::Prism { PRISM_SHIFT } else { 0.0 });
            }
            k -= n;
        }
        (Block::After, 0.0)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Block::Baseline => "baseline",
            Block::Prism => "prisms on",
            Block::After => "prisms off",
        }
    }
}

/// The mossy-fibre code of a target position.
fn encode(position: f64, out: &mut [f64]) {
    for (i, v) in out.iter_mut().enumerate() {
        let centre = -1.0 + 2.0 * i as f64 / (INPUTS - 1) as f64;
        let d = (position - centre) / TUNING_WIDTH;
        *v = libm::exp(-0.5 * d * d);
    }
}

fn build(setup: &Setup) -> Box<dyn Task> {
    let mut x = DMatrix::zeros(INPUTS, TARGETS.len());
    for (j, &p) in TARGETS.iter().enumerate() {
        encode(p, x.column_mut(j).as_mut_slice());
    }
    let set = Dataset { x, t: DMatrix::zeros(1, TARGETS.len()), labels: None, points: None };
    let cycle: u64 = PRISM_BLOCKS.iter().map(|b| b.1).sum();
    Box::new(Prism {
        data: TaskData { train: set.clone(), test: set },
        rng: Rng::new(setup.seed, Stream::Batches),
        trial: 0,
        errors: vec![f64::NAN; cycle as usize],
    })
}

/// The task while it runs: the trial count and each trial's error in the current cycle.
struct Prism {
    data: TaskData,
    rng: Rng,
    trial: u64,
    /// The climbing fibre's error of each trial of the current cycle (NaN: not yet thrown).
    errors: Vec<f64>,
}

impl Prism {
    fn cycle(&self) -> u64 {
        self.errors.len() as u64
    }
}

impl Task for Prism {
    fn data(&self) -> &TaskData {
        &self.data
    }

    /// One trial per column: a target at random, its code as input; the throw is evaluated with the learner as
    /// it is now (before it learns from this trial), and the learner's target is `−s`.
    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        for c in 0..cols {
            let position = *self.rng.pick(&TARGETS);
            encode(position, &mut ws.h[0].as_mut_slice()[c * INPUTS..(c + 1) * INPUTS]);
        }
        ws.cols = cols;
        net.forward(ws, cols);
        let out = net.depth();
        for c in 0..cols {
            let (_, shift) = Block::of_trial(self.trial);
            let correction = ws.h[out][(0, c)];
            if self.trial.is_multiple_of(self.cycle()) {
                self.errors.iter_mut().for_each(|e| *e = f64::NAN);
            }
            let slot = (self.trial % self.cycle()) as usize;
            self.errors[slot] = correction + shift;
            ws.target[(0, c)] = -shift;
            self.trial += 1;
        }
    }

    /// The climbing fibre's error on the last trial (where the throw landed minus where it was aimed): what a
    /// lesson checks against the shift.
    fn measures(&self, _net: &Network, out: &mut Vec<Measure>) {
        let last = self.trial.checked_sub(1).map_or(f64::NAN, |t| self.errors[(t % self.cycle()) as usize]);
        out.push(Measure { group: THROW, label: "throw error, last trial".into(), value: last });
    }

    /// The errors of the current cycle, one dot per trial, over the blocks.
    fn charts(&self, _net: &Network) -> Vec<Chart> {
        let start = self.trial.saturating_sub(1) / self.cycle() * self.cycle();
        let points = self.errors.iter().enumerate().map(|(k, &e)| ((start + k as u64 + 1) as f64, e)).collect();
        let mut bands = Vec::new();
        let mut from = start;
        for (block, n) in PRISM_BLOCKS {
            bands.push(Band { from: from as f64 + 0.5, to: (from + n) as f64 + 0.5, label: block.name() });
            from += n;
        }
        vec![Chart {
            y_title: "miss: actual − predicted landing".into(),
            x_title: "throw",
            lines: vec![ChartLine { label: "each throw".into(), points, style: LineStyle::Dots }],
            bands,
            marks: vec![(0.0, "on target"), (PRISM_SHIFT, "prism shift")],
            y_range: (-1.2 * PRISM_SHIFT, 1.2 * PRISM_SHIFT),
            x_range: Some((start as f64 + 0.5, (start + self.cycle()) as f64 + 0.5)),
        }]
    }
}
