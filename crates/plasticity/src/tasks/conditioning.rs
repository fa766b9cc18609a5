//! Fear conditioning and blocking: the amygdala learns that a tone predicts a shock (LeDoux 2000, *Annu. Rev.
//! Neurosci.* 23:155), and Kamin's blocking (1969) shows that it learns from surprise, as the Rescorla–Wagner rule
//! (1972) — the delta rule — says.
//!
//! One cell predicts the unconditioned stimulus (US, a shock: the target, 1 when it comes) from two conditioned
//! stimuli, a tone (A) and a light (B): `y = w · x`. The protocol, block by block:
//!
//! ```text
//! "A+": the tone alone, paired with the shock      → "AB+": tone and light together, with the shock   → (then rest)
//! ```
//!
//! The associative strengths of the tone and of the light — their synapses' weights `w_A` and `w_B`, Rescorla and
//! Wagner's `V_A` and `V_B` — are the task's measures. The cell's bias is the context, a stimulus present on every
//! trial, which the delta rule also learns (as Rescorla and Wagner treat the context). A Hebbian pairing rule (`pairing`: every conditioned stimulus active with
//! the shock strengthens) acquires the tone and then the light just as well: no blocking. The delta rule changes a
//! synapse by the shock's surprise, `t − y`: once the tone predicts the shock, the compound adds nothing to learn, so
//! the light stays near zero — blocked.

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
use crate::random::Init;

/// The conditioned stimuli: the tone (A) and the light (B).
const STIMULI: usize = 2;
/// A block of the protocol: its name, the stimuli presented (tone, light) and its trials; every trial of a block
/// brings the shock.
#[derive(Clone, Copy, Debug)]
pub struct Phase {
    /// What it is called.
    pub name: &'static str,
    /// Whether the tone and the light are on.
    pub stimuli: [bool; STIMULI],
    /// Its trials.
    pub trials: u64,
}

/// The protocol; after it the cell rests (no stimulus, no shock, nothing changes).
pub const CONDITIONING: [Phase; 2] =
    [Phase { name: "A+", stimuli: [true, false], trials: 40 }, Phase { name: "AB+", stimuli: [true, true], trials: 40 }];

/// The group of the associative strengths in [`Measure`]s.
pub const CONDITIONED: &str = "associative strength (the synapse's weight)";

/// Fear conditioning and blocking.
pub(super) static CONDITIONING_TASK: TaskInfo = TaskInfo {
    name: "conditioning",
    title: "Fear conditioning and blocking (one cell, a tone and a light)",
    caption: "The associative strength of the tone (A) and of the light (B) — each synapse's weight — over the \
              protocol: the tone paired with the shock, then tone and light together with the shock. A rule that \
              learns from surprise leaves the light blocked.",
    loss_caption: Some(
        "The loss is taken on the tone alone and the light alone, each against a shock of 1 (one set, so training \
         and test coincide): how far each stimulus is from predicting the shock on its own.",
    ),
    view: View::Charts,
    inputs: Inputs::Fixed(STIMULI),
    outputs: Outputs::Fixed(1),
    targets: true,
    available: true,
    data: None,
    preset: Preset {
        rule: "delta",
        hidden: &[],
        output: Activation::Linear,
        init: Init::Small,
        learning_rate: 0.1,
        batch_size: 1,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// Fear conditioning and blocking.
    pub const CONDITIONING: TaskKind = TaskKind(&CONDITIONING_TASK);
}

/// The phase of trial `k` (from 0), or `None` once the protocol is over.
pub fn phase_of_trial(k: u64) -> Option<&'static Phase> {
    let mut k = k;
    for p in &CONDITIONING {
        if k < p.trials {
            return Some(p);
        }
        k -= p.trials;
    }
    None
}

fn trials() -> usize {
    CONDITIONING.iter().map(|p| p.trials).sum::<u64>() as usize
}

fn build(_setup: &Setup) -> Box<dyn Task> {
    let set = Dataset {
        x: DMatrix::identity(STIMULI, STIMULI),
        t: DMatrix::from_element(1, STIMULI, 1.0),
        labels: None,
        points: None,
    };
    Box::new(Conditioning { data: TaskData { train: set.clone(), test: set }, trial: 0, strengths: vec![[f64::NAN; STIMULI]; trials()] })
}

/// The cell while the protocol runs: per trial, each stimulus's associative strength before that trial.
struct Conditioning {
    data: TaskData,
    trial: u64,
    strengths: Vec<[f64; STIMULI]>,
}

/// The associative strength of stimulus `i`: its synapse's weight.
fn strength(net: &Network, i: usize) -> f64 {
    net.layers[0].w[(0, i)]
}

impl Task for Conditioning {
    fn data(&self) -> &TaskData {
        &self.data
    }

    /// One trial per column: the phase's stimuli, and the shock as the target (none once the protocol is over).
    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        for c in 0..cols {
            let phase = phase_of_trial(self.trial + c as u64);
            let input = &mut ws.h[0].as_mut_slice()[c * STIMULI..(c + 1) * STIMULI];
            for (i, x) in input.iter_mut().enumerate() {
                *x = f64::from(u8::from(phase.is_some_and(|p| p.stimuli[i])));
            }
            ws.target[(0, c)] = f64::from(u8::from(phase.is_some()));
        }
        ws.cols = cols;
        for _ in 0..cols {
            if let Some(slot) = self.strengths.get_mut(self.trial as usize) {
                *slot = [strength(net, 0), strength(net, 1)];
            }
            self.trial += 1;
        }
    }

    /// The associative strengths of the tone and of the light, now.
    fn measures(&self, net: &Network, out: &mut Vec<Measure>) {
        out.push(Measure { group: CONDITIONED, label: "strength of A".into(), value: strength(net, 0) });
        out.push(Measure { group: CONDITIONED, label: "strength of B".into(), value: strength(net, 1) });
    }

    /// The responses over the protocol, its phases shaded.
    fn charts(&self, _net: &Network) -> Vec<Chart> {
        let shown = (self.trial as usize).min(self.strengths.len());
        let mut bands = Vec::new();
        let mut from = 0;
        for p in &CONDITIONING {
            bands.push(Band { from: from as f64 + 0.5, to: (from + p.trials) as f64 + 0.5, label: p.name });
            from += p.trials;
        }
        let line = |i: usize, label: &str| ChartLine {
            label: label.into(),
            points: (0..shown).map(|k| ((k + 1) as f64, self.strengths[k][i])).collect(),
            style: LineStyle::Solid,
        };
        vec![Chart {
            y_title: "associative strength w".into(),
            x_title: "trial",
            lines: vec![line(0, "tone (A)"), line(1, "light (B)")],
            bands,
            marks: vec![(1.0, "the shock")],
            y_range: (0.0, 1.2),
            x_range: Some((0.5, trials() as f64 + 0.5)),
        }]
    }
}
