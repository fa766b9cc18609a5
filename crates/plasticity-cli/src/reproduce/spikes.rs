//! `spikes`: spiking hidden units and the derivative problem (Zenke & Ganguli 2018; Neftci, Mostafa & Zenke 2019).
//! A demonstration of a mechanism the model builds in: the true derivative of a step is zero, so no error passes it.
//! One job per task, rule and derivative.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::{Activation, Config, RuleKind, Surrogate, TaskKind, Trainer};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Experiment, IoResult, Parts, Results, output, part, typed, widths};
use crate::figures::{colour_of, io};

pub static EXPERIMENT: Experiment = Experiment {
    name: "spikes",
    jobs: || cases().iter().map(|(t, r, a)| job(*t, *r, *a)).collect(),
    run: |name| {
        let (task, rule, activation) = cases().into_iter().find(|(t, r, a)| job(*t, *r, *a) == name).expect("a case");
        output(&spike_run(task, rule, activation))
    },
    assemble,
    section,
};

/// The seeds and the budget.
pub const SEEDS: [u32; 3] = [1, 2, 3];
const STEPS: u32 = 3000;

/// Every case: backprop and feedback alignment with each derivative, node perturbation with none (it needs none),
/// and backprop with tanh units for reference; on XOR and the 8×8 digits.
fn cases() -> Vec<(TaskKind, RuleKind, Activation)> {
    let mut out = Vec::new();
    for task in [TaskKind::XOR, TaskKind::DIGITS] {
        for rule in [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT] {
            out.extend(Surrogate::ALL.map(|s| (task, rule, Activation::Spike(s))));
        }
        out.push((task, RuleKind::NODE_PERTURBATION, Activation::Spike(Surrogate::None)));
        out.push((task, RuleKind::BACKPROP, Activation::Tanh));
    }
    out
}

fn job(task: TaskKind, rule: RuleKind, activation: Activation) -> String {
    format!("{}/{}/{}", task.name(), rule.name(), activation.surrogate().map_or("tanh", |s| s.name()))
}

/// One rule with one derivative on one task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpikeRun {
    /// The task, rule and derivative (`none`: the true one, zero; `(tanh units)`: no spikes).
    pub task: String,
    /// See `task`.
    pub rule: String,
    /// See `task`.
    pub surrogate: String,
    /// The network, η and mini-batches.
    pub network: String,
    /// See `network`.
    pub learning_rate: f64,
    /// See `network`.
    pub steps: u32,
    /// Test accuracy per seed, and their mean.
    pub accuracies: Vec<f64>,
    /// See `accuracies`.
    pub mean: f64,
    /// Whether the first hidden layer's weights changed at all (seed 1).
    pub hidden_weights_changed: bool,
}

fn spike_run(task: TaskKind, rule: RuleKind, activation: Activation) -> SpikeRun {
    let config = Config { activation, ..Config::preset_for(task, rule) };
    let mut accuracies = Vec::new();
    let mut changed = false;
    for &seed in &SEEDS {
        let mut t = Trainer::new(Config { seed, ..config.clone() }).expect("valid");
        let before = t.network().layers[0].w.clone();
        t.step(STEPS);
        accuracies.push(t.diagnostics().test_accuracy.unwrap_or(f64::NAN));
        if seed == 1 {
            changed = t.network().layers[0].w != before;
        }
    }
    SpikeRun {
        task: task.name().into(),
        rule: rule.name().into(),
        surrogate: activation.surrogate().map_or("(tanh units)", |s| s.name()).into(),
        network: widths(&config),
        learning_rate: config.learning_rate,
        steps: STEPS,
        mean: super::stats::mean(&accuracies),
        accuracies,
        hidden_weights_changed: changed,
    }
}

/// The experiment's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spikes {
    /// The seeds.
    pub seeds: Vec<u32>,
    /// Every run, by task, then rule, then derivative.
    pub runs: Vec<SpikeRun>,
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let runs = cases().iter().map(|(t, r, a)| part(parts, &job(*t, *r, *a))).collect::<IoResult<Vec<SpikeRun>>>()?;
    figure(&out.join("spikes.svg"), &runs)?;
    Ok(output(&Spikes { seeds: SEEDS.to_vec(), runs }))
}

/// Test accuracy of each run, mean over seeds: one bar per rule and derivative, per task.
fn figure(path: &Path, runs: &[SpikeRun]) -> IoResult<()> {
    let tasks: Vec<&str> = runs.iter().fold(Vec::new(), |mut v, r| {
        if !v.contains(&r.task.as_str()) {
            v.push(&r.task);
        }
        v
    });
    let root = SVGBackend::new(path, (900, 330 * tasks.len().max(1) as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    for (panel, task) in root.split_evenly((tasks.len().max(1), 1)).iter().zip(&tasks) {
        let rows: Vec<_> = runs.iter().filter(|r| r.task == *task).collect();
        let mut chart = ChartBuilder::on(panel)
            .caption(format!("{task}: test accuracy with spiking hidden units (mean of seeds)"), ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..1.0, 0.0..rows.len() as f64)
            .map_err(io)?;
        let labels: Vec<String> = rows.iter().map(|r| format!("{} · {}", r.rule, r.surrogate)).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_label_formatter(&|v| {
                let i = (v - 0.5).round();
                if (v - 0.5 - i).abs() < 1e-6 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_labels(2 * rows.len() + 1)
            .x_desc("test accuracy")
            .draw()
            .map_err(io)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, r)| {
                let y = i as f64;
                let faint = r.surrogate == "none" && r.rule != "node-perturbation";
                Rectangle::new(
                    [(0.0, y + 0.15), (r.mean, y + 0.85)],
                    colour_of(&r.rule).mix(if faint { 0.35 } else { 0.9 }).filled(),
                )
            }))
            .map_err(io)?;
    }
    root.present().map_err(io)
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let s: Spikes = typed(result)?;
    let mut md = format!(
        "### Spiking units and the derivative problem (a demonstration; Zenke & Ganguli 2018; Neftci et al. 2019)\n\n\
         ![spikes]({figures}/spikes.svg)\n\n\
         *The papers:* a spiking neuron's output is a step of its membrane potential, whose derivative is zero wherever it\n\
         exists, so gradient descent through it moves nothing; replacing the derivative by a smooth surrogate (SuperSpike's\n\
         fast sigmoid; the straight-through estimator) lets backprop train spiking networks.\n\n\
         *Here, a demonstration of a mechanism the model builds in:* static threshold units (h = 1 when z > 0, else 0;\n\
         hidden layers only; no membrane, time or reset), `--surrogate none | fast-sigmoid | straight-through`; test\n\
         accuracy after the budget, seeds {:?}:\n\n\
         | task | rule | derivative | network | η | steps | accuracy per seed | mean | hidden weights moved |\n|---|---|---|---|---|---|---|---|---|\n",
        s.seeds
    );
    for r in &s.runs {
        let acc: Vec<String> = r.accuracies.iter().map(|a| format!("{:.1} %", 100.0 * a)).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} % | {} |",
            r.task,
            r.rule,
            r.surrogate,
            r.network,
            r.learning_rate,
            r.steps,
            acc.join(", "),
            100.0 * r.mean,
            if r.hidden_weights_changed { "yes" } else { "no" }
        );
    }
    let mean = |task: &str, rule: &str, surrogate: &str| {
        s.runs
            .iter()
            .find(|r| r.task == task && r.rule == rule && r.surrogate == surrogate)
            .map_or(f64::NAN, |r| 100.0 * r.mean)
    };
    let _ = writeln!(
        md,
        "\nWith the true derivative no hidden weight moves (exactly: f′ = 0), so backprop and feedback alignment coincide —\n\
         both are the output layer learning on fixed random spike features (XOR {:.1} %) — and a surrogate lets both learn\n\
         (backprop with the fast sigmoid: XOR {:.1} %, digits {:.1} %). Node perturbation learns with no derivative (XOR\n\
         {:.1} %), with noise large enough to carry a unit across its threshold (σ = {} for spiking layers), so it estimates\n\
         the gradient of the noise-smoothed loss. Checked by `tests/phenomena.rs`.\n",
        mean("xor", "backprop", "none"),
        mean("xor", "backprop", "fast-sigmoid"),
        mean("digits", "backprop", "fast-sigmoid"),
        mean("xor", "node-perturbation", "none"),
        plasticity::rules::NP_SPIKE_SIGMA
    );
    Ok(md)
}
