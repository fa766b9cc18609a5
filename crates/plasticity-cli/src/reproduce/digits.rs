//! `digits`: every supervised rule on the 8×8 digits and on MNIST-5k, with a protocol that cannot favour a rule by its
//! learning rate. One job per rule and data set: the rule's whole protocol.
//!
//! 1. **The rate, on a validation split.** Every fifth training example of each class is held out
//!    (`Config::validation`; the test set is never seen). Each candidate rate trains on three validation seeds; the
//!    rate with the lowest mean validation *loss* is chosen (a seed that diverges scores +∞). The grid starts at the
//!    rule's default times [`FACTORS`] and widens by factors of two past whichever end holds the best rate, until the
//!    best is interior, or the next rate diverges, or the lab's rate range ends, or [`MAX_WIDENINGS`] widenings have
//!    run — the last three recorded as the row's `edge_reason`. Equilibrium propagation also chooses its per-layer
//!    gain ([`EP_GAINS`]) so; every configuration tried is kept.
//! 2. **The test.** Five seeds train on the whole training set at the chosen rate and are scored on the test set.
//! 3. **The controls.** Backprop trains at the rule's chosen rate on the same seeds: a rule ahead of backprop at its
//!    own rate must also be ahead of backprop at that rate. Sign symmetry's unscaled feedback boosts the hidden
//!    layers' errors, so its control is also `sign-symmetry-scaled` (a row of the table).
//! 4. **The comparisons.** Differences are paired by seed (the seeds fix the shared data order and initial weights);
//!    each table's comparisons with backprop and shallow learning are one family, corrected by Holm's step-down; a
//!    rule ahead of backprop after that is tested against its controls, a second family corrected likewise.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use plasticity::rules::{EquilibriumPropagation, LearningRule};
use plasticity::{Config, RuleKind, TaskKind, Trainer};
use plasticity_charts::palette;
use plotters::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::stats::{self, Difference};
use super::{Experiment, IoResult, Parts, Results, Series, output, part, typed, widths};
use crate::figures::{colour_of, io, legend};

pub static EXPERIMENT: Experiment = Experiment { name: "digits", jobs, run, assemble, section };

/// The two data sets: name, task, hidden layers, mini-batches.
const TABLES: [(&str, TaskKind, &[usize], u32); 2] =
    [("digits", TaskKind::DIGITS, &[64, 64, 64], 4000), ("mnist", TaskKind::MNIST, &[64, 64], 2500)];
/// The test seeds.
pub const SEEDS: [u32; 5] = [1, 2, 3, 4, 5];
/// The seeds of the validation runs that choose the rates.
pub const VALIDATION_SEEDS: [u32; 3] = [100, 101, 102];
/// The first grid: each rule's default rate times these.
pub const FACTORS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// The most times the grid widens past an edge.
pub const MAX_WIDENINGS: usize = 4;
/// Equilibrium propagation's per-layer gains tried (see `rules::EP_LAYER_GAIN`).
pub const EP_GAINS: [f64; 3] = [1.0, 2.0, 4.0];

/// The rules that learn from an error, each with its own row (Hebbian pairing, driven by a teaching input with no
/// error in it, is for conditioning). Weight perturbation is one of them: its error is a scalar, not per unit.
pub fn rules() -> impl Iterator<Item = RuleKind> {
    RuleKind::ALL.iter().copied().filter(|&r| r.is_supervised() && r != RuleKind::PAIRING)
}

fn jobs() -> Vec<String> {
    TABLES
        .iter()
        .flat_map(|(t, ..)| rules().map(move |r| format!("{t}/{}", r.name())).chain([format!("{t}/nearest-neighbour")]))
        .collect()
}

fn run(job: &str) -> serde_json::Value {
    let (table, name) = job.split_once('/').expect("table/rule");
    let (_, task, hidden, steps) = *TABLES.iter().find(|t| t.0 == table).expect("a table");
    match name {
        "nearest-neighbour" => output(&nearest_neighbour(task)),
        _ => output(&protocol(task, hidden, steps, RuleKind::from_name(name).expect("a rule"))),
    }
}

/// One configuration tried on the validation split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// η.
    pub learning_rate: f64,
    /// Equilibrium propagation's per-layer gain (other rules: none).
    pub layer_gain: Option<f64>,
    /// The validation loss per validation seed (+∞ where it diverged).
    pub validation_losses: Vec<f64>,
    /// Their mean: the score (lower is better).
    pub validation_loss: f64,
    /// The mean validation accuracy (for the record; not the score).
    pub validation_accuracy: f64,
}

/// One rule's protocol on one data set: the job's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleRun {
    /// The rule's name and title.
    pub rule: String,
    /// See `rule`.
    pub title: String,
    /// The network it trained, `64–64–64–64–10`.
    pub network: String,
    /// Every configuration tried, in the order tried.
    pub candidates: Vec<Candidate>,
    /// The validation seeds.
    pub validation_seeds: Vec<u32>,
    /// The chosen rate (lowest mean validation loss).
    pub learning_rate: f64,
    /// The chosen per-layer gain (equilibrium propagation).
    pub layer_gain: Option<f64>,
    /// Why the chosen rate is on the grid's edge, where it is.
    pub edge_reason: Option<String>,
    /// Test accuracy per test seed at the chosen configuration.
    pub accuracies: Vec<f64>,
    /// The test loss over training, mean over the seeds: `(mini-batches, loss)`.
    pub test_loss: Series,
    /// Backprop's test accuracy per seed at this rule's chosen rate, on the same network: the rate control.
    pub backprop_at_rate: Vec<f64>,
    /// Training examples per second over the test runs (wall clock, this machine, others running in parallel).
    pub examples_per_second: f64,
}

/// One training run's final validation or test loss and accuracy (+∞ and NaN if it diverged), its test loss every
/// `steps / 20` mini-batches, and its seconds.
struct Trained {
    loss: f64,
    accuracy: f64,
    curve: Series,
    seconds: f64,
}

fn train(config: &Config, layer_gain: Option<f64>, steps: u32) -> Trained {
    let start = Instant::now();
    let trainer = match layer_gain {
        Some(g) => Trainer::with_rule(config.clone(), |s| -> Box<dyn LearningRule> {
            Box::new(EquilibriumPropagation::new(&s.net.sizes(), s.loss).with_layer_gain(g))
        }),
        None => Trainer::new(config.clone()),
    };
    let Ok(mut t) = trainer else {
        return Trained { loss: f64::INFINITY, accuracy: f64::NAN, curve: Vec::new(), seconds: 0.0 };
    };
    let every = (steps / 20).max(1);
    let mut curve = vec![(0.0, t.diagnostics().test_loss)];
    let mut done = 0;
    while done < steps {
        let n = t.step(every.min(steps - done));
        if n == 0 {
            break;
        }
        done += n;
        curve.push((f64::from(done), t.diagnostics().test_loss));
    }
    let d = t.diagnostics();
    let finished = done == steps && d.test_loss.is_finite();
    Trained {
        loss: if finished { d.test_loss } else { f64::INFINITY },
        accuracy: if finished { d.test_accuracy.unwrap_or(f64::NAN) } else { f64::NAN },
        curve,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// The rule's configuration on `task` with `hidden` (a single-layer rule gets the network without them).
fn base(task: TaskKind, hidden: &[usize], rule: RuleKind) -> Config {
    let preset = Config::preset_for(task, rule);
    let hidden = if preset.hidden.is_empty() { Vec::new() } else { hidden.to_vec() };
    Config { hidden, ..preset }
}

/// Scores one configuration on the validation seeds.
fn validate(config: &Config, layer_gain: Option<f64>, steps: u32) -> Candidate {
    let runs: Vec<Trained> = VALIDATION_SEEDS
        .par_iter()
        .map(|&seed| train(&Config { seed, validation: true, ..config.clone() }, layer_gain, steps))
        .collect();
    let losses: Vec<f64> = runs.iter().map(|r| r.loss).collect();
    Candidate {
        learning_rate: config.learning_rate,
        layer_gain,
        validation_loss: if losses.iter().all(|l| l.is_finite()) { stats::mean(&losses) } else { f64::INFINITY },
        validation_losses: losses,
        validation_accuracy: stats::mean(&runs.iter().map(|r| r.accuracy).collect::<Vec<_>>()),
    }
}

/// Chooses the rate for one gain (or none): the grid, widened past the edge that holds the best, as the module
/// says. Returns every candidate tried and why the best sits on an edge, if it does.
fn choose_rate(config: &Config, layer_gain: Option<f64>, steps: u32) -> (Vec<Candidate>, Option<String>) {
    let (lo, hi) = plasticity::limits::LEARNING_RATE_RANGE;
    let rates: Vec<f64> = FACTORS.iter().map(|f| (config.learning_rate * f).clamp(lo, hi)).collect();
    let mut tried: Vec<Candidate> = rates
        .par_iter()
        .map(|&lr| validate(&Config { learning_rate: lr, ..config.clone() }, layer_gain, steps))
        .collect();
    for widening in 0..=MAX_WIDENINGS {
        tried.sort_by(|a, b| a.learning_rate.total_cmp(&b.learning_rate));
        let best = (0..tried.len()).min_by(|&a, &b| tried[a].validation_loss.total_cmp(&tried[b].validation_loss));
        let Some(best) = best else { return (tried, Some("no rate tried".into())) };
        let (low_edge, high_edge) = (best == 0, best + 1 == tried.len());
        if !low_edge && !high_edge {
            return (tried, None);
        }
        if tried[best].validation_loss.is_infinite() {
            return (tried, Some("every rate tried diverged".into()));
        }
        let next = if high_edge { tried[best].learning_rate * 2.0 } else { tried[best].learning_rate / 2.0 };
        if !(lo..=hi).contains(&next) {
            return (tried, Some(format!("the lab's learning rates end at {}", if high_edge { hi } else { lo })));
        }
        if widening == MAX_WIDENINGS {
            return (tried, Some(format!("the grid widened {MAX_WIDENINGS} times past this edge")));
        }
        let c = validate(&Config { learning_rate: next, ..config.clone() }, layer_gain, steps);
        let diverged = c.validation_loss.is_infinite();
        tried.push(c);
        if diverged && high_edge {
            tried.sort_by(|a, b| a.learning_rate.total_cmp(&b.learning_rate));
            return (tried, Some(format!("the next rate up, η = {next}, diverged")));
        }
    }
    (tried, None)
}

/// One rule's whole protocol on one data set (see the module's documentation).
fn protocol(task: TaskKind, hidden: &[usize], steps: u32, rule: RuleKind) -> RuleRun {
    let config = base(task, hidden, rule);
    let gains: Vec<Option<f64>> = if rule == RuleKind::EQUILIBRIUM_PROPAGATION {
        EP_GAINS.iter().map(|&g| Some(g)).collect()
    } else {
        vec![None]
    };
    let per_gain: Vec<(Vec<Candidate>, Option<String>)> =
        gains.par_iter().map(|&g| choose_rate(&config, g, steps)).collect();
    // The best configuration over every gain; its edge reason is that of its gain's grid.
    let (mut candidates, mut best, mut edge_reason) = (Vec::new(), None::<Candidate>, None);
    for (tried, reason) in per_gain {
        for c in &tried {
            if best.as_ref().is_none_or(|b| c.validation_loss < b.validation_loss) {
                best = Some(c.clone());
                edge_reason = reason.clone();
            }
        }
        candidates.extend(tried);
    }
    let best = best.expect("a configuration was tried");
    let chosen = Config { learning_rate: best.learning_rate, ..config.clone() };
    let tests: Vec<Trained> =
        SEEDS.par_iter().map(|&seed| train(&Config { seed, ..chosen.clone() }, best.layer_gain, steps)).collect();
    let backprop = Config { rule: RuleKind::BACKPROP, learning_rate: best.learning_rate, ..config.clone() };
    let backprop_at_rate: Vec<f64> = if rule == RuleKind::BACKPROP {
        tests.iter().map(|t| t.accuracy).collect()
    } else {
        SEEDS.par_iter().map(|&seed| train(&Config { seed, ..backprop.clone() }, None, steps).accuracy).collect()
    };
    let points = tests.iter().map(|r| r.curve.len()).min().unwrap_or(0);
    let test_loss = (0..points)
        .map(|k| (tests[0].curve[k].0, stats::mean(&tests.iter().map(|r| r.curve[k].1).collect::<Vec<_>>())))
        .collect();
    let seconds: f64 = tests.iter().map(|r| r.seconds).sum();
    RuleRun {
        rule: rule.name().to_string(),
        title: rule.title().to_string(),
        network: widths(&config),
        candidates,
        validation_seeds: VALIDATION_SEEDS.to_vec(),
        learning_rate: best.learning_rate,
        layer_gain: best.layer_gain,
        edge_reason,
        accuracies: tests.iter().map(|t| t.accuracy).collect(),
        test_loss,
        backprop_at_rate,
        examples_per_second: tests.len() as f64 * f64::from(steps) * config.batch_size as f64 / seconds.max(1e-9),
    }
}

/// A nearest-neighbour classifier's accuracy (one neighbour, Euclidean, raw inputs): trained on the validation
/// split's training part and scored on its held-out part, and trained on the whole training set and scored on the
/// test set. Where the two differ, the test set is not drawn like the training set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearestNeighbour {
    /// On the validation split.
    pub validation: f64,
    /// On the test set.
    pub test: f64,
}

fn nearest_neighbour(task: TaskKind) -> NearestNeighbour {
    let score = |validation: bool| {
        let t = Trainer::new(Config { validation, ..Config::preset(task) }).expect("a preset");
        let (train, test) = (&t.data().train, &t.data().test);
        let (tl, sl) = (train.labels.as_ref().expect("labels"), test.labels.as_ref().expect("labels"));
        let right = (0..test.len())
            .into_par_iter()
            .filter(|&j| {
                let x = test.x.column(j);
                let nearest = (0..train.len())
                    .min_by(|&a, &b| {
                        (train.x.column(a) - x).norm_squared().total_cmp(&(train.x.column(b) - x).norm_squared())
                    })
                    .expect("a training set");
                tl[nearest] == sl[j]
            })
            .count();
        right as f64 / test.len() as f64
    };
    NearestNeighbour { validation: score(true), test: score(false) }
}

/// A rule's comparison with one of its controls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Control {
    /// What the control is ("backprop at η 0.1").
    pub name: String,
    /// The rule minus the control, paired by seed; corrected within the family of control comparisons.
    pub difference: Difference,
}

/// One rule's row of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The rule's protocol.
    #[serde(flatten)]
    pub run: RuleRun,
    /// The test accuracies' mean and sample standard deviation.
    pub mean: f64,
    /// See `mean`.
    pub sd: f64,
    /// The 95 % interval of the mean.
    pub interval: (f64, f64),
    /// The difference from backprop, from shallow learning: paired by seed, corrected over the table's family.
    pub vs_backprop: Option<Difference>,
    /// See `vs_backprop`.
    pub vs_shallow: Option<Difference>,
    /// For a rule ahead of backprop after correction: its comparisons with its controls.
    pub controls: Vec<Control>,
    /// "ahead", "behind" or "not distinguishable" from backprop: ahead only if ahead of every control too.
    pub verdict: String,
}

/// Every supervised rule on one data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The data set's name and task.
    pub task: String,
    /// The network and loss, in words.
    pub network: String,
    /// Mini-batches trained, and examples per mini-batch.
    pub steps: u32,
    /// See `steps`.
    pub batch: usize,
    /// The test seeds and the validation seeds.
    pub seeds: Vec<u32>,
    /// See `seeds`.
    pub validation_seeds: Vec<u32>,
    /// The first grid's factors.
    pub factors: Vec<f64>,
    /// A nearest-neighbour classifier on the validation split and on the test set.
    pub nearest_neighbour: NearestNeighbour,
    /// The comparisons in the table's family, and those that survived Holm's correction.
    pub comparisons: usize,
    /// See `comparisons`.
    pub significant: usize,
    /// One row per rule.
    pub rules: Vec<Row>,
}

/// The 8×8 digits and MNIST-5k tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Digits {
    /// The 8×8 digits.
    pub digits: Table,
    /// MNIST-5k.
    pub mnist: Table,
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let mut tables = Vec::new();
    for (name, task, hidden, steps) in TABLES {
        let runs: Vec<RuleRun> =
            rules().map(|r| part(parts, &format!("{name}/{}", r.name()))).collect::<IoResult<_>>()?;
        let table = table(task, hidden, steps, runs, part(parts, &format!("{name}/nearest-neighbour"))?);
        let title = if name == "mnist" { "MNIST-5k" } else { "8×8 digits" };
        accuracy_figure(
            &out.join(format!("{name}.svg")),
            &format!(
                "{title}, {}: test accuracy, 5 seeds (mean, 95 % interval)",
                widths(&base(task, hidden, RuleKind::BACKPROP))
            ),
            &table.rules,
        )?;
        curves_figure(
            &out.join(format!("{name}-loss.svg")),
            &format!("{title}: test loss over training, mean of 5 seeds"),
            &table.rules,
        )?;
        validation_figure(
            &out.join(format!("{name}-validation.svg")),
            &format!("{title}: mean validation loss of each rate tried (3 seeds)"),
            &table.rules,
        )?;
        tables.push(table);
    }
    let mnist = tables.pop().expect("two tables");
    let digits = tables.pop().expect("two tables");
    Ok(output(&Digits { digits, mnist }))
}

/// The rows of one data set with their comparisons corrected (see the module's documentation).
fn table(task: TaskKind, hidden: &[usize], steps: u32, runs: Vec<RuleRun>, nn: NearestNeighbour) -> Table {
    let of = |name: &str| runs.iter().find(|r| r.rule == name).map(|r| r.accuracies.clone());
    let (bp, shallow, scaled) = (of("backprop"), of("shallow"), of("sign-symmetry-scaled"));
    let mut rows: Vec<Row> = runs
        .into_iter()
        .map(|run| {
            let (mean, sd) = stats::mean_sd(&run.accuracies);
            let (_, low, high) = stats::interval(&run.accuracies);
            let vs_backprop = bp.as_ref().filter(|_| run.rule != "backprop").map(|b| stats::paired(&run.accuracies, b));
            let vs_shallow =
                shallow.as_ref().filter(|_| run.rule != "shallow").map(|s| stats::paired(&run.accuracies, s));
            Row {
                run,
                mean,
                sd,
                interval: (low, high),
                vs_backprop,
                vs_shallow,
                controls: Vec::new(),
                verdict: String::new(),
            }
        })
        .collect();
    // The table's family: every comparison with backprop and with shallow learning.
    let mut family: Vec<&mut Difference> =
        rows.iter_mut().flat_map(|r| [r.vs_backprop.as_mut(), r.vs_shallow.as_mut()]).flatten().collect();
    let (comparisons, _) = (family.len(), stats::correct(&mut family));
    let significant =
        rows.iter().flat_map(|r| [r.vs_backprop, r.vs_shallow]).flatten().filter(|d| d.significant).count();
    // Rules ahead of backprop after correction face their controls, a second family.
    for row in rows.iter_mut().filter(|r| r.vs_backprop.is_some_and(|d| d.significant && d.mean > 0.0)) {
        let lr = row.run.learning_rate;
        row.controls.push(Control {
            name: format!("backprop at η {}", (lr * 1e6).round() / 1e6),
            difference: stats::paired(&row.run.accuracies, &row.run.backprop_at_rate),
        });
        if let (true, Some(s)) = (row.run.rule == "sign-symmetry", &scaled) {
            row.controls.push(Control {
                name: "sign symmetry, scaled".into(),
                difference: stats::paired(&row.run.accuracies, s),
            });
        }
    }
    let mut controls: Vec<&mut Difference> =
        rows.iter_mut().flat_map(|r| r.controls.iter_mut().map(|c| &mut c.difference)).collect();
    stats::correct(&mut controls);
    for row in &mut rows {
        row.verdict = match row.vs_backprop {
            None => "–".into(),
            Some(d) if d.verdict() == "ahead" && !row.controls.iter().all(|c| c.difference.verdict() == "ahead") => {
                "not distinguishable from its controls".into()
            }
            Some(d) => d.verdict().into(),
        };
    }
    rows.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    let network = Config { hidden: hidden.to_vec(), ..Config::preset(task) };
    Table {
        task: task.name().to_string(),
        network: format!("{}, tanh, softmax cross-entropy", widths(&network)),
        steps,
        batch: network.batch_size,
        seeds: SEEDS.to_vec(),
        validation_seeds: VALIDATION_SEEDS.to_vec(),
        factors: FACTORS.to_vec(),
        nearest_neighbour: nn,
        comparisons,
        significant,
        rules: rows,
    }
}

/// Test accuracy per rule, mean with its 95 % interval.
fn accuracy_figure(path: &Path, caption: &str, rows: &[Row]) -> IoResult<()> {
    let root = SVGBackend::new(path, (900, 40 + 34 * rows.len() as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let lo = rows.iter().map(|r| r.interval.0).filter(|v| v.is_finite()).fold(1.0, f64::min);
    let lo = (lo - 0.05).clamp(0.0, 0.9);
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(260)
        .build_cartesian_2d(lo..1.0, 0.0..rows.len() as f64)
        .map_err(io)?;
    let titles: Vec<&str> = rows.iter().map(|r| r.run.title.as_str()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len() * 2 + 1)
        .y_label_formatter(&|y| {
            let k = (y - 0.5).round() as usize;
            if (y - 0.5 - k as f64).abs() < 1e-6 {
                titles.get(k).map(|t| t.to_string()).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .draw()
        .map_err(io)?;
    for (k, r) in rows.iter().enumerate() {
        let (y, (low, high)) = (k as f64, r.interval);
        let mean = if r.mean.is_finite() { r.mean } else { lo };
        chart
            .draw_series([Rectangle::new([(lo, y + 0.2), (mean, y + 0.8)], palette::series(k).mix(0.8).filled())])
            .map_err(io)?;
        if low.is_finite() && high.is_finite() {
            chart
                .draw_series([PathElement::new(
                    [(low.max(lo), y + 0.5), (high.min(1.0), y + 0.5)],
                    BLACK.stroke_width(2),
                )])
                .map_err(io)?;
        }
    }
    root.present().map_err(io)
}

/// Test loss over training, one line per rule (log scale).
fn curves_figure(path: &Path, caption: &str, rows: &[Row]) -> IoResult<()> {
    let root = SVGBackend::new(path, (1000, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let points = || rows.iter().flat_map(|r| r.run.test_loss.iter().copied()).filter(|p| p.1.is_finite() && p.1 > 0.0);
    let end = points().map(|p| p.0).fold(1.0, f64::max);
    let (lo, hi) = points().fold((f64::INFINITY, 0.0_f64), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let (lo, hi) = if lo < hi { (lo * 0.8, hi * 1.25) } else { (0.01, 10.0) };
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .right_y_label_area_size(10)
        .build_cartesian_2d(0.0..end * 1.45, (lo..hi).log_scale())
        .map_err(io)?;
    chart.configure_mesh().x_desc("mini-batches").y_desc("test loss").draw().map_err(io)?;
    for r in rows {
        let c = colour_of(&r.run.rule);
        let line = r.run.test_loss.iter().copied().filter(|p| p.1.is_finite() && p.1 > 0.0);
        chart
            .draw_series(LineSeries::new(line, c.stroke_width(if r.run.rule == "backprop" { 4 } else { 2 })))
            .map_err(io)?
            .label(r.run.title.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    root.present().map_err(io)
}

/// The mean validation loss of every rate tried, per rule (equilibrium propagation: its chosen gain's), against the
/// rate relative to the rule's default (log₂): a chosen rate with worse neighbours on both sides is bracketed.
fn validation_figure(path: &Path, caption: &str, rows: &[Row]) -> IoResult<()> {
    let root = SVGBackend::new(path, (1000, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let lines: Vec<(&Row, Vec<(f64, f64)>)> = rows
        .iter()
        .map(|r| {
            let points = r
                .run
                .candidates
                .iter()
                .filter(|c| c.layer_gain == r.run.layer_gain && c.validation_loss.is_finite())
                .map(|c| (c.learning_rate.log2(), c.validation_loss))
                .collect::<Vec<_>>();
            (r, points)
        })
        .collect();
    let all = || lines.iter().flat_map(|(_, p)| p.iter().copied());
    let (x0, x1) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = all().fold((f64::INFINITY, 0.0_f64), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (x0, x1) = if x0 < x1 { (x0 - 0.5, x1 + 0.5) } else { (-10.0, 3.0) };
    let (y0, y1) = if y0 < y1 { (y0 * 0.8, y1.min(10.0 * y0).max(y0 * 1.5)) } else { (0.01, 10.0) };
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(x0..x1 + (x1 - x0) * 0.45, (y0..y1).log_scale())
        .map_err(io)?;
    chart
        .configure_mesh()
        .x_desc("learning rate η (log₂)")
        .y_desc("mean validation loss")
        .x_label_formatter(&|v| format!("{:.3}", 2f64.powf(*v)))
        .draw()
        .map_err(io)?;
    for (r, points) in &lines {
        let c = colour_of(&r.run.rule);
        let chosen = (
            r.run.learning_rate.log2(),
            r.run
                .candidates
                .iter()
                .filter(|c| c.layer_gain == r.run.layer_gain && c.learning_rate == r.run.learning_rate)
                .map(|c| c.validation_loss)
                .next()
                .unwrap_or(f64::NAN),
        );
        chart
            .draw_series(LineSeries::new(points.iter().copied().filter(|p| p.1 <= y1), c.stroke_width(2)))
            .map_err(io)?
            .label(r.run.title.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        if chosen.1.is_finite() && chosen.1 <= y1 {
            chart.draw_series([Circle::new(chosen, 5, c.filled())]).map_err(io)?;
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    root.present().map_err(io)
}

/// MNIST test error reported in the literature, per rule.
fn literature(rule: &str) -> &'static str {
    match rule {
        "backprop" => "2.4 % (784–1000–10, Lillicrap et al. 2016); 1.48 % (Bartunov et al. 2018)",
        "fa" => "2.1 % (Lillicrap et al. 2016); 1.85 % (Bartunov et al. 2018)",
        "dfa" => "2.75 % (Bartunov et al. 2018)",
        "dtp" => "1.83–2.86 % (Bartunov et al. 2018)",
        "ep" => "2–3 % (Scellier & Bengio 2017)",
        _ => "–",
    }
}

/// A paired difference in points with its interval, p-value and verdict.
fn difference(d: Option<Difference>) -> String {
    d.map_or("–".to_string(), |d| {
        format!(
            "{:+.1} [{:+.1}, {:+.1}], p = {} {}",
            100.0 * d.mean,
            100.0 * d.low,
            100.0 * d.high,
            p_value(d.p),
            short(d)
        )
    })
}

/// An uncorrected p-value to two significant figures ("0.0042"), so that a small one is not written 0.00 beside a
/// verdict that Holm's correction did not let through.
fn p_value(p: f64) -> String {
    if !p.is_finite() {
        return "–".to_string();
    }
    let places = if p >= 0.01 || p <= 0.0 { 2 } else { (1 - p.log10().floor() as i32) as usize };
    format!("{p:.places$}")
}

/// A verdict in the table's words.
fn short(d: Difference) -> &'static str {
    match d.verdict() {
        "ahead" => "ahead",
        "behind" => "behind",
        _ => "n.d.",
    }
}

/// The titles of the rows whose verdict (picked by `of`) starts with `verdict`, joined.
fn with(rows: &[Row], of: impl Fn(&Row) -> Option<String>, verdict: &str) -> String {
    let names: Vec<&str> =
        rows.iter().filter(|r| of(r).is_some_and(|v| v.starts_with(verdict))).map(|r| r.run.title.as_str()).collect();
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// A rate as written in the tables.
fn rate(lr: f64) -> String {
    format!("{}", (lr * 1e7).round() / 1e7)
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let digits: Digits = typed(result)?;
    let t = &digits.digits;
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Digits: every supervised rule, on networks where the rules differ\n\n\
         With one hidden layer several rules collapse into others (DTP's only target is the top one, so it is backprop;\n\
         FA and DFA send the error through one random matrix each, the same algorithm; EP's free phase is the forward\n\
         pass), so these tables use two and three hidden layers, where none of those coincidences holds (`tests/rules.rs`\n\
         checks that each stops holding). CHL at γ = {} stays close to backprop on any network: Xie & Seung's\n\
         equivalence is the point of its form.\n",
        plasticity::rules::CHL_GAMMA
    );
    let factors: Vec<String> = t.factors.iter().map(|f| format!("{f}")).collect();
    let seeds = |s: &[u32]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        md,
        "**Protocol.**\n\n\
         - *The rate.* Each rule's learning rate is chosen on a validation split (every fifth training digit of each\n  \
         class held out; the test set is never used to choose anything), by the lowest mean validation **loss** over\n  \
         validation seeds {} (a seed that diverges scores +∞). The grid starts at the rule's default times {{{}}} and\n  \
         widens by factors of two past whichever end holds the best rate until the best is interior; a rate left on an\n  \
         edge says why (`edge_reason` in `results/digits.json`: the next rate diverged, the lab's range ended, or the\n  \
         grid widened {} times). Equilibrium propagation also chooses its per-layer gain among {:?}. Every\n  \
         configuration tried is in the JSON and in the validation figures below.\n\
         - *The test.* Seeds {} train on the whole training set at the chosen rate and are scored on the test set. The\n  \
         seeds fix the data order and the initial forward weights, shared by every rule, so differences are paired by\n  \
         seed. Intervals are 95 % intervals of the mean (Student's t, {} degrees of freedom). **The test set is held\n  \
         fixed**: the intervals say how much the result moves with the seed, not how it would move on other digits.\n\
         - *The comparisons.* A table's comparisons — every rule against backprop and against shallow learning, {} on the\n  \
         8×8 digits and {} on MNIST — are one family, corrected by Holm's step-down (Holm 1979) at a family-wise 5 %.\n  \
         *Ahead* or *behind* means the difference survived the correction; **n.d. (not distinguishable here) means only\n  \
         that these seeds cannot tell the two apart**, not that they are equal. The p-values in the tables are the\n  \
         uncorrected ones: with five seeds and this many comparisons, Holm's first threshold is 0.05 divided by the\n  \
         family's size, so a p of 0.004 can still be n.d.\n\
         - *The controls.* A rule ahead of backprop after correction is then compared with backprop trained at its own\n  \
         chosen rate (a rule can be ahead only because its rate suits this budget), and sign symmetry also with scaled\n  \
         sign symmetry (unscaled signs multiply the errors reaching the hidden layers); these comparisons are a second\n  \
         family, corrected likewise. A rule is called ahead of backprop only if it is ahead of every control too.\n\
         - The delta rule, which trains a single layer, gets the same network without its hidden layers.\n",
        seeds(&t.validation_seeds),
        factors.join(", "),
        MAX_WIDENINGS,
        EP_GAINS,
        seeds(&t.seeds),
        t.seeds.len().saturating_sub(1),
        digits.digits.comparisons,
        digits.mnist.comparisons,
    );
    for (key, table, name) in [("digits", &digits.digits, "8×8 digits"), ("mnist", &digits.mnist, "MNIST-5k")] {
        let mnist = key == "mnist";
        let test = if mnist {
            "1,000 digits, 100 of each class (the last 100 of each class in the file)".to_string()
        } else {
            "the last 360 digits of the file".to_string()
        };
        let _ = writeln!(md, "### {name}\n\n![{key}]({figures}/{key}.svg)\n");
        let _ = writeln!(md, "{}, {} mini-batches of {}. Test set: {test}.", table.network, table.steps, table.batch);
        let nn = &table.nearest_neighbour;
        let _ = writeln!(
            md,
            "A nearest-neighbour classifier (one neighbour, raw pixels) scores {:.1} % on the validation split and {:.1} % on the\n\
             test set{}.\n",
            100.0 * nn.validation,
            100.0 * nn.test,
            if !mnist && nn.validation - nn.test > 0.01 {
                ": the test digits are harder. The file is UCI's test set, written by 13 people; the nearest-neighbour \
                 gap suggests it is ordered by writer, so that its last 360 digits come largely from writers absent \
                 from its first 1,437 (UCI does not document the order) — hence test below validation accuracy"
            } else {
                ""
            }
        );
        let lit = if mnist { " MNIST test error in the literature |" } else { "" };
        let _ = writeln!(
            md,
            "| rule | η chosen | test accuracy (mean ± sd) | 95 % interval | vs backprop (points, p) | vs shallow (points, p) |{lit}\n\
             |---|---|---|---|---|---|{}",
            if mnist { "---|" } else { "" }
        );
        for r in &table.rules {
            let net = if r.run.rule == "delta" { format!(" ({})", r.run.network) } else { String::new() };
            let gain = r.run.layer_gain.map_or(String::new(), |g| format!(", gain {g}"));
            let edge = if r.run.edge_reason.is_some() { " †" } else { "" };
            let gain_edge = |g: f64| g == EP_GAINS[0] || g == EP_GAINS[EP_GAINS.len() - 1];
            let edge = if r.run.layer_gain.is_some_and(gain_edge) { format!("{edge} ‡") } else { edge.to_string() };
            let lit = if mnist { format!(" {} |", literature(&r.run.rule)) } else { String::new() };
            let _ = writeln!(
                md,
                "| {}{net} | {}{gain}{edge} | {:.1} % ± {:.1} | {:.1}–{:.1} % | {} | {} |{lit}",
                r.run.title,
                rate(r.run.learning_rate),
                100.0 * r.mean,
                100.0 * r.sd,
                100.0 * r.interval.0,
                100.0 * r.interval.1,
                difference(r.vs_backprop),
                difference(r.vs_shallow),
            );
        }
        let edges: Vec<String> = table
            .rules
            .iter()
            .filter_map(|r| r.run.edge_reason.as_ref().map(|why| format!("{} ({why})", r.run.title)))
            .collect();
        if !edges.is_empty() {
            let _ = writeln!(md, "\n† Chosen on the grid's edge: {}.", edges.join("; "));
        }
        if table
            .rules
            .iter()
            .any(|r| r.run.layer_gain.is_some_and(|g| g == EP_GAINS[0] || g == EP_GAINS[EP_GAINS.len() - 1]))
        {
            let _ = writeln!(
                md,
                "\n‡ Equilibrium propagation's per-layer gain is at an end of its fixed grid {{{}}}; that grid does not\n\
                 widen (only the rate's does), so a gain beyond it was not tried.",
                EP_GAINS.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", ")
            );
        }
        let _ = writeln!(
            md,
            "\n{} of the {} comparisons survive the correction. Against backprop — ahead: {}; not distinguishable: {}; behind: {}.  ",
            table.significant,
            table.comparisons,
            with(&table.rules, |r| Some(r.verdict.clone()), "ahead"),
            with(&table.rules, |r| Some(r.verdict.clone()), "not distinguishable"),
            with(&table.rules, |r| Some(r.verdict.clone()), "behind"),
        );
        let _ = writeln!(
            md,
            "Against shallow learning (what a rule gains by assigning credit to hidden layers) — ahead: {}; not\n\
             distinguishable: {}; behind: {}.\n",
            with(&table.rules, |r| r.vs_shallow.map(|d| d.verdict().to_string()), "ahead"),
            with(&table.rules, |r| r.vs_shallow.map(|d| d.verdict().to_string()), "not distinguishable"),
            with(&table.rules, |r| r.vs_shallow.map(|d| d.verdict().to_string()), "behind"),
        );
        let controlled: Vec<&Row> = table.rules.iter().filter(|r| !r.controls.is_empty()).collect();
        if controlled.is_empty() {
            // The control is still shown: backprop trained at each rule's chosen rate, beside the rule.
            let mean = |v: &[f64]| if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
            let pairs: Vec<String> = table
                .rules
                .iter()
                .filter(|r| r.run.rule != "backprop" && !r.run.backprop_at_rate.is_empty())
                .map(|r| {
                    format!(
                        "{} {:.1} % (backprop at its η: {:.1} %)",
                        r.run.title,
                        100.0 * r.mean,
                        100.0 * mean(&r.run.backprop_at_rate)
                    )
                })
                .collect();
            let _ = writeln!(
                md,
                "No rule is ahead of backprop after the correction, so no control changes a verdict. The control, for the\n\
                 record — each rule beside backprop trained at that rule's chosen rate: {}.\n",
                pairs.join("; ")
            );
        } else {
            let _ = writeln!(
                md,
                "The rules ahead of backprop after correction, against their controls:\n\n| rule | control | difference (points) | p | verdict |\n|---|---|---|---|---|"
            );
            for r in controlled {
                for c in &r.controls {
                    let d = c.difference;
                    let _ = writeln!(
                        md,
                        "| {} | {} | {:+.1} [{:+.1}, {:+.1}] | {:.3} | {} |",
                        r.run.title,
                        c.name,
                        100.0 * d.mean,
                        100.0 * d.low,
                        100.0 * d.high,
                        d.p,
                        d.verdict()
                    );
                }
            }
            md.push('\n');
        }
        let _ = writeln!(
            md,
            "![{key} validation]({figures}/{key}-validation.svg)\n\n![{key} loss]({figures}/{key}-loss.svg)\n"
        );
        if let Some(bp) = table.rules.iter().find(|r| r.run.rule == "backprop") {
            let best = bp.run.test_loss.iter().copied().filter(|p| p.1.is_finite()).min_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some((step, best)), Some(last)) = (best, bp.run.test_loss.last()) {
                let _ = writeln!(
                    md,
                    "The budget: backprop's mean test loss is lowest at mini-batch {step:.0} of {} ({best:.3}; {:.3} at the end){}.\n\
                     Rules whose curves are still falling at the end would gain from a longer one.\n",
                    table.steps,
                    last.1,
                    if last.1 > best * 1.001 { ", so it has begun to overfit within the budget" } else { "" }
                );
            }
        }
    }
    against_the_literature(&mut md, &digits.mnist);
    Ok(md)
}

/// The MNIST gaps to backprop beside the papers'.
fn against_the_literature(md: &mut String, mnist: &Table) {
    let row = |rule: &str| mnist.rules.iter().find(|r| r.run.rule == rule);
    let error = |rule: &str| row(rule).map_or(f64::NAN, |r| 100.0 * (1.0 - r.mean));
    let gap = |rule: &str| {
        row(rule).and_then(|r| r.vs_backprop).map_or("–".to_string(), |d| {
            format!("{:+.1} [{:+.1}, {:+.1}]", -100.0 * d.mean, -100.0 * d.high, -100.0 * d.low)
        })
    };
    let gaps: Vec<String> = mnist
        .rules
        .iter()
        .filter(|r| r.run.rule != "backprop")
        .map(|r| format!("{} {}", r.run.title, gap(&r.run.rule)))
        .collect();
    let train = plasticity::tasks::MNIST_TRAIN;
    let _ = writeln!(
        md,
        "**Against the literature (MNIST).** Bartunov et al. (2018, Table 1) find, in test error, backprop 1.48 %, FA\n\
         1.85 %, DTP 1.83–2.86 % (by variant), DFA 2.75 %; Lillicrap et al. (2016) have FA 0.3 points *ahead* of backprop (2.1 %\n\
         against 2.4 %); Scellier & Bengio (2017) report 2–3 % for EP. Here backprop's error is {:.1} %, and the other\n\
         rules' gaps in error, points with 95 % intervals (uncorrected): {}.\n\n\
         Our errors are several times the papers' because everything is smaller (and our 1,000 test digits come from\n\
         MNIST's training file, not its official test set): {train} training digits instead of\n\
         60,000, 64 hidden units a layer instead of 500–1,000 (the lab's limit is 64), {:.0} passes over the data\n\
         instead of hundreds.\n",
        error("backprop"),
        gaps.join("; "),
        f64::from(mnist.steps) * mnist.batch as f64 / train as f64
    );
}
