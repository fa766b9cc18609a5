//! Long-term potentiation: input specificity and associativity (Bliss & Lømo 1973; Levy & Steward 1979; the NMDA
//! receptor as a coincidence detector).
//!
//! One postsynaptic cell receives three pathways of excitatory synapses (drawn alike, `Init::Excitatory`): a
//! *strong* one of eight fibres, a *weak* one of two, and four *untouched* fibres never stimulated. A trial
//! stimulates some pathways (each active fibre at rate 1); the cell's depolarisation is `y = w · x`. The
//! protocol, block by block:
//!
//! ```text
//! rest → "weak": tetanise the weak pathway alone → rest → "strong": the strong alone → rest → "paired": weak and
//! strong together → rest (for ever)
//! ```
//!
//! With the voltage-dependent rule (`voltage-hebb`, θ = 1): eight fibres depolarise the cell past θ, two do
//! not. So the weak pathway alone gives no LTP; the strong alone potentiates only itself (specificity: the weak
//! and untouched fibres were silent); paired, the weak pathway potentiates too (associativity). Test pulses —
//! each pathway's response `Σ w` of its fibres, read without plasticity — are the task's measures before and
//! after every block. There are no targets: this is learning without a teacher.

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

/// A pathway onto the cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pathway {
    /// Eight fibres: enough to depolarise the cell past threshold.
    Strong,
    /// Two fibres: not enough alone.
    Weak,
    /// Four fibres never stimulated.
    Untouched,
}

impl Pathway {
    /// All three, in input order.
    pub const ALL: [Pathway; 3] = [Pathway::Strong, Pathway::Weak, Pathway::Untouched];

    /// Its fibres: a range of input indices.
    pub fn fibres(self) -> core::ops::Range<usize> {
        match self {
            Pathway::Strong => 0..8,
            Pathway::Weak => 8..10,
            Pathway::Untouched => 10..14,
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Pathway::Strong => "strong",
            Pathway::Weak => "weak",
            Pathway::Untouched => "untouched",
        }
    }
}

const FIBRES: usize = 14;

/// θ: the depolarisation above which active synapses potentiate under the voltage-dependent rule — a property
/// of the cell (where the NMDA receptor's magnesium block lifts), so it lives with the cell.
pub const LTP_THRESHOLD: f64 = 1.0;

/// A protocol block: its name, the pathways it stimulates, and its trials.
#[derive(Clone, Copy, Debug)]
pub struct Protocol {
    /// What it is called.
    pub name: &'static str,
    /// The pathways stimulated on each of its trials.
    pub stimulated: &'static [Pathway],
    /// Its trials.
    pub trials: u64,
}

/// The protocol, in order; after the last block the cell rests.
pub const LTP_PROTOCOL: [Protocol; 7] = [
    Protocol { name: "rest", stimulated: &[], trials: 10 },
    Protocol { name: "weak", stimulated: &[Pathway::Weak], trials: 30 },
    Protocol { name: "rest", stimulated: &[], trials: 10 },
    Protocol { name: "strong", stimulated: &[Pathway::Strong], trials: 30 },
    Protocol { name: "rest", stimulated: &[], trials: 10 },
    Protocol { name: "paired", stimulated: &[Pathway::Weak, Pathway::Strong], trials: 30 },
    Protocol { name: "rest", stimulated: &[], trials: 10 },
];

/// The block of trial `k` (from 0): the last block, rest, goes on for ever.
pub fn protocol_of_trial(k: u64) -> &'static Protocol {
    let mut k = k;
    for p in &LTP_PROTOCOL {
        if k < p.trials {
            return p;
        }
        k -= p.trials;
    }
    &LTP_PROTOCOL[LTP_PROTOCOL.len() - 1]
}

/// LTP in one cell.
pub(super) static LTP: TaskInfo = TaskInfo {
    name: "ltp",
    title: "LTP: specificity and associativity (one cell, three pathways)",
    caption: "Top: each pathway's test-pulse response (the sum of its synaptic weights) over the protocol's blocks. \
              Below: the cell's depolarisation on each trial against the threshold θ above which active synapses \
              potentiate.",
    loss_caption: None,
    view: View::Charts,
    inputs: Inputs::Fixed(FIBRES),
    outputs: Outputs::Fixed(1),
    targets: false,
    available: true,
    data: None,
    preset: Preset {
        rule: "voltage-hebb",
        hidden: &[],
        output: Activation::Linear,
        init: Init::Excitatory,
        learning_rate: 0.002,
        batch_size: 1,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// LTP in one cell.
    pub const LTP: TaskKind = TaskKind(&LTP);
}

/// The trials kept for the chart: the whole protocol (the cell rests after it).
fn kept() -> usize {
    LTP_PROTOCOL.iter().map(|p| p.trials).sum::<u64>() as usize
}

fn build(_setup: &Setup) -> Box<dyn Task> {
    // The "data": one test pulse per pathway (for the loss-free evaluation the trainer runs).
    let mut x = DMatrix::zeros(FIBRES, Pathway::ALL.len());
    for (j, p) in Pathway::ALL.iter().enumerate() {
        p.fibres().for_each(|i| x[(i, j)] = 1.0);
    }
    let set = Dataset { x, t: DMatrix::zeros(1, Pathway::ALL.len()), labels: None, points: None };
    let n = kept();
    Box::new(Ltp {
        data: TaskData { train: set.clone(), test: set },
        trial: 0,
        responses: vec![[f64::NAN; 3]; n],
        depolarisation: vec![f64::NAN; n],
    })
}

/// The cell while the protocol runs: per trial, each pathway's test response before it and the depolarisation.
struct Ltp {
    data: TaskData,
    trial: u64,
    responses: Vec<[f64; 3]>,
    depolarisation: Vec<f64>,
}

/// A pathway's test-pulse response: the sum of its fibres' weights.
fn response(net: &Network, p: Pathway) -> f64 {
    p.fibres().map(|i| net.layers[0].w[(0, i)]).sum()
}

impl Task for Ltp {
    fn data(&self) -> &TaskData {
        &self.data
    }

    /// One trial per column: the current block's pathways stimulated; the test responses (before this trial's
    /// plasticity) and the depolarisation are logged.
    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        for c in 0..cols {
            let input = &mut ws.h[0].as_mut_slice()[c * FIBRES..(c + 1) * FIBRES];
            input.fill(0.0);
            for p in protocol_of_trial(self.trial + c as u64).stimulated {
                p.fibres().for_each(|i| input[i] = 1.0);
            }
        }
        ws.cols = cols;
        net.forward(ws, cols);
        let n = self.responses.len() as u64;
        for c in 0..cols {
            if self.trial < n {
                let slot = self.trial as usize;
                self.responses[slot] = Pathway::ALL.map(|p| response(net, p));
                self.depolarisation[slot] = ws.h[1][(0, c)];
            }
            self.trial += 1;
        }
    }

    /// Each pathway's test-pulse response now.
    fn measures(&self, net: &Network, out: &mut Vec<Measure>) {
        for p in Pathway::ALL {
            out.push(Measure { group: RESPONSES, label: p.name().into(), value: response(net, p) });
        }
    }

    /// The responses over the protocol, and the depolarisation against θ.
    fn charts(&self, _net: &Network) -> Vec<Chart> {
        let shown = (self.trial as usize).min(self.responses.len());
        let x = |k: usize| (k + 1) as f64;
        let mut bands = Vec::new();
        let mut from = 0;
        for p in &LTP_PROTOCOL {
            if !p.stimulated.is_empty() {
                bands.push(Band { from: from as f64 + 0.5, to: (from + p.trials) as f64 + 0.5, label: p.name });
            }
            from += p.trials;
        }
        let range = Some((0.5, self.responses.len() as f64 + 0.5));
        let responses = Pathway::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| ChartLine {
                label: p.name().into(),
                points: (0..shown).map(|k| (x(k), self.responses[k][i])).collect(),
                style: LineStyle::Solid,
            })
            .collect();
        let depolarisation = (0..shown).map(|k| (x(k), self.depolarisation[k])).collect();
        vec![
            Chart {
                y_title: "test response Σw".into(),
                x_title: "trial",
                lines: responses,
                bands: bands.clone(),
                y_range: (0.0, 2.5),
                x_range: range,
                ..Chart::default()
            },
            Chart {
                y_title: "depolarisation y".into(),
                x_title: "trial",
                lines: vec![ChartLine { label: "each trial".into(), points: depolarisation, style: LineStyle::Dots }],
                bands,
                marks: vec![(LTP_THRESHOLD, "θ")],
                y_range: (0.0, 3.0),
                x_range: range,
            },
        ]
    }
}

/// The group of the pathways' responses in [`Measure`]s.
pub const RESPONSES: &str = "test response of each pathway, Σw";
