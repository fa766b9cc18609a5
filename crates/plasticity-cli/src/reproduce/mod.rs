//! `plasticity reproduce NAME`: the experiments behind RESULTS.md. Each runs the engine, returns a typed,
//! serialisable result, and writes it as JSON with an SVG figure (`figures.rs`); `all` then renders RESULTS.md
//! from the results (`markdown.rs`), and `markdown` re-renders it from the JSON already written.
//!
//! - `linear` — Lillicrap et al. (2016), Fig. 2: normalized error and angles over examples on the linear task;
//! - `digits` — test accuracy of every rule on the 8×8 digits and MNIST-5k, three seeds, one network and budget;
//! - `alignment` — each rule's update angle to backprop per hidden layer over training;
//! - `hebbian` — Oja's and Sanger's rules against the true principal axes.

use std::path::Path;
use std::time::Instant;

use plasticity::{Config, Diagnostics, RuleKind, TaskKind, Trainer};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::figures;

pub mod markdown;
pub mod phenomena;

/// A curve: `(x, y)` points.
pub type Series = Vec<(f64, f64)>;

/// Results per rule, in the order they ran; written to JSON as an object keyed by the rule's name.
#[derive(Clone, Debug, PartialEq)]
pub struct ByRule<T>(pub Vec<(String, T)>);

impl<T> ByRule<T> {
    /// The result for `rule`.
    pub fn get(&self, rule: &str) -> Option<&T> {
        self.0.iter().find(|(name, _)| name == rule).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for ByRule<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ByRule<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = ByRule<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by rule name")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ByRule<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(ByRule(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// One rule on the linear task: its learning rate and, over examples, the normalized error and the hidden
/// layer's feedback and update angles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearRun {
    /// η.
    pub learning_rate: f64,
    /// Normalized error on the test set.
    pub nse: Series,
    /// W₂ᵀ against B, in degrees (rules with feedback matrices).
    pub feedback_angle_deg: Series,
    /// The hidden layer's update against backprop's, in degrees.
    pub update_angle_deg: Series,
}

/// One rule's row of an accuracy table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The rule's name.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// The network it trained, `64–32–10`.
    pub network: String,
    /// Test accuracy per seed.
    pub accuracies: Vec<f64>,
    /// Their mean and sample standard deviation.
    pub mean: f64,
    /// See `mean`.
    pub sd: f64,
    /// Training examples per second over the runs (wall clock, this machine).
    pub examples_per_second: f64,
}

/// Every supervised rule on one digit task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The task's name.
    pub task: String,
    /// The network and loss, in words.
    pub network: String,
    /// Mini-batches trained.
    pub steps: u32,
    /// Examples per mini-batch.
    pub batch: usize,
    /// The seeds.
    pub seeds: Vec<u32>,
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

/// One rule's update angle to backprop over training, per hidden layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlignmentRun {
    /// Per hidden layer, `(step, degrees)`.
    pub update_angle_deg: Vec<Series>,
}

/// Per unit: `(step, |cos(w, target axis)|, ‖w‖)` over training.
pub type UnitTrace = Vec<(f64, f64, f64)>;

/// One Hebbian rule on the Gaussian cloud.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HebbianRun {
    /// One trace per output unit.
    pub units: Vec<UnitTrace>,
}

/// Everything RESULTS.md is written from.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// `linear`.
    pub linear: ByRule<LinearRun>,
    /// `digits`.
    pub digits: Digits,
    /// `alignment`.
    pub alignment: ByRule<AlignmentRun>,
    /// `hebbian`.
    pub hebbian: ByRule<HebbianRun>,
    /// The lecture's phenomena.
    pub phenomena: phenomena::Phenomena,
    /// Training throughput on the digits network from criterion, examples per second, when it has run.
    pub costs: Option<ByRule<f64>>,
}

type IoResult<T> = std::io::Result<T>;

/// Writes `value` as pretty JSON to `out/name.json`.
fn write_json<T: Serialize>(out: &Path, name: &str, value: &T) -> IoResult<()> {
    std::fs::write(out.join(format!("{name}.json")), serde_json::to_string_pretty(value)?)
}

/// Reads `out/name.json`.
pub fn read_json<T: DeserializeOwned>(out: &Path, name: &str) -> IoResult<T> {
    let path = out.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))
}

/// Diagnostics every `every` steps from step 0 to `steps`.
pub fn trace(config: Config, steps: u32, every: u32) -> Vec<Diagnostics> {
    let mut t = Trainer::new(config).expect("reproduction configs are valid");
    let mut out = vec![t.diagnostics()];
    let mut done = 0;
    while done < steps {
        done += t.step(every.min(steps - done)).max(1);
        out.push(t.diagnostics());
    }
    out
}

/// The linear task: NSE and angles for backprop, feedback alignment, shallow learning and node perturbation.
pub fn linear(out: &Path) -> IoResult<ByRule<LinearRun>> {
    let rules = [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT, RuleKind::SHALLOW, RuleKind::NODE_PERTURBATION];
    let mut runs = Vec::new();
    for rule in rules {
        let config = Config::preset_for(TaskKind::LINEAR, rule);
        let learning_rate = config.learning_rate;
        let points = trace(config, 4000, 40);
        let series = |f: &dyn Fn(&Diagnostics) -> Option<f64>| -> Series {
            points.iter().filter_map(|d| f(d).map(|v| (d.step as f64, v))).collect()
        };
        let run = LinearRun {
            learning_rate,
            nse: series(&|d| d.nse),
            feedback_angle_deg: series(&|d| d.layers[0].feedback_angle_deg),
            update_angle_deg: series(&|d| d.layers[0].update_angle_deg),
        };
        runs.push((rule.name().to_string(), run));
    }
    let runs = ByRule(runs);
    figures::linear(&out.join("linear.svg"), &runs)?;
    write_json(out, "linear", &runs)?;
    Ok(runs)
}

/// Mean and sample standard deviation.
fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// A network's widths, `64–32–10`.
fn widths(config: &Config) -> String {
    config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–")
}

/// Test accuracy of every supervised rule on a digit task, three seeds, one network and budget (the task's
/// preset: a rule that trains a single layer gets the same network without its hidden layers).
fn accuracy_table(task: TaskKind, steps: u32) -> Table {
    let seeds = vec![1, 2, 3];
    let mut rows = Vec::new();
    for rule in RuleKind::ALL.iter().copied().filter(|r| r.is_supervised()) {
        let (mut accuracies, mut seconds) = (Vec::new(), 0.0);
        let network = widths(&Config::preset_for(task, rule));
        for &seed in &seeds {
            let mut t = Trainer::new(Config { seed, ..Config::preset_for(task, rule) }).expect("presets are valid");
            let start = Instant::now();
            t.step(steps);
            seconds += start.elapsed().as_secs_f64();
            accuracies.push(t.diagnostics().test_accuracy.unwrap_or(f64::NAN));
        }
        let (mean, sd) = mean_sd(&accuracies);
        let examples_per_second = seeds.len() as f64 * f64::from(steps) * 16.0 / seconds;
        let (rule, title) = (rule.name().to_string(), rule.title().to_string());
        rows.push(Row { rule, title, network, accuracies, mean, sd, examples_per_second });
    }
    let preset = Config::preset(task);
    Table {
        task: task.name().to_string(),
        network: format!("{}, tanh, softmax cross-entropy", widths(&preset)),
        steps,
        batch: preset.batch_size,
        seeds,
        rules: rows,
    }
}

/// Every supervised rule on the 8×8 digits (3,000 mini-batches of 16) and on MNIST-5k (2,500 mini-batches of
/// 16: ten passes over its 4,000 training digits), three seeds each.
pub fn digits(out: &Path) -> IoResult<Digits> {
    let small = accuracy_table(TaskKind::DIGITS, 3000);
    figures::digits(&out.join("digits.svg"), "8×8 digits: test accuracy, 3 seeds (mean ± sd)", &small.rules)?;
    let mnist = accuracy_table(TaskKind::MNIST, 2500);
    figures::digits(&out.join("mnist.svg"), "MNIST-5k: test accuracy, 3 seeds (mean ± sd)", &mnist.rules)?;
    let value = Digits { digits: small, mnist };
    write_json(out, "digits", &value)?;
    Ok(value)
}

/// Training throughput per rule on the digits network from criterion's last run of `cargo bench -p plasticity`
/// (`DIR/digits/RULE/new/estimates.json`: nanoseconds per 100 mini-batches of 16), in examples per second.
pub fn criterion_throughput(dir: &Path) -> Option<ByRule<f64>> {
    #[derive(Deserialize)]
    struct Estimate {
        point_estimate: f64,
    }
    #[derive(Deserialize)]
    struct Estimates {
        mean: Estimate,
    }
    let mut out = Vec::new();
    for rule in RuleKind::ALL {
        let path = dir.join("digits").join(rule.name()).join("new").join("estimates.json");
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let estimates: Estimates = serde_json::from_str(&text).ok()?;
        out.push((rule.name().to_string(), 100.0 * 16.0 / (estimates.mean.point_estimate * 1e-9)));
    }
    (!out.is_empty()).then_some(ByRule(out))
}

/// Each rule's update angle to backprop per hidden layer, on the digits with two hidden layers of 32.
pub fn alignment(out: &Path) -> IoResult<ByRule<AlignmentRun>> {
    let mut runs = Vec::new();
    let compared =
        |r: &RuleKind| r.is_supervised() && ![RuleKind::BACKPROP, RuleKind::SHALLOW, RuleKind::DELTA].contains(r);
    for rule in RuleKind::ALL.iter().copied().filter(compared) {
        let config = Config { hidden: vec![32, 32], ..Config::preset_for(TaskKind::DIGITS, rule) };
        let points = trace(config, 2000, 50);
        let layers: Vec<Series> = (0..2)
            .map(|l| points.iter().filter_map(|d| d.layers[l].update_angle_deg.map(|a| (d.step as f64, a))).collect())
            .collect();
        runs.push((rule.name().to_string(), AlignmentRun { update_angle_deg: layers }));
    }
    let runs = ByRule(runs);
    figures::alignment(&out.join("alignment.svg"), &runs)?;
    write_json(out, "alignment", &runs)?;
    Ok(runs)
}

/// Oja and Sanger on the Gaussian cloud: |cos| of each unit's weights with the true principal axes, and norms.
pub fn hebbian(out: &Path) -> IoResult<ByRule<HebbianRun>> {
    let mut runs = Vec::new();
    for rule in [RuleKind::OJA, RuleKind::SANGER] {
        let seed = 1;
        let axes = plasticity::tasks::cloud_axes(seed);
        let mut t = Trainer::new(Config { seed, ..Config::preset_for(TaskKind::CLOUD, rule) }).expect("a preset");
        let mut units: Vec<UnitTrace> = vec![Vec::new(); 2];
        for step in 0..=60 {
            if step > 0 {
                t.step(50);
            }
            let w = &t.network().layers[0].w;
            for (i, unit) in units.iter_mut().enumerate() {
                let row = w.row(i).transpose();
                // Oja's units all seek u₁; Sanger's unit i seeks u_i.
                let k = if rule == RuleKind::SANGER { i } else { 0 };
                let cos = (row.dot(&axes.column(k)) / row.norm()).abs();
                unit.push((t.steps() as f64, cos, row.norm()));
            }
        }
        runs.push((rule.name().to_string(), HebbianRun { units }));
    }
    let runs = ByRule(runs);
    figures::hebbian(&out.join("hebbian.svg"), &runs)?;
    write_json(out, "hebbian", &runs)?;
    Ok(runs)
}

/// Runs every experiment into `out`, reads criterion's throughput from `criterion` (and keeps it in
/// `out/costs.json`), and writes RESULTS.md at `results`.
pub fn all(out: &Path, results: &Path, criterion: &Path) -> IoResult<()> {
    let costs = criterion_throughput(criterion);
    if let Some(costs) = &costs {
        write_json(out, "costs", costs)?;
    }
    let runs = Results {
        linear: linear(out)?,
        digits: digits(out)?,
        alignment: alignment(out)?,
        hebbian: hebbian(out)?,
        phenomena: phenomena::Phenomena::run(out)?,
        costs,
    };
    markdown::write(results, out, &runs)
}

/// Re-renders RESULTS.md at `results` from the JSON already in `out`, first refreshing `out/costs.json` from
/// criterion's output in `criterion` when there is any.
pub fn rerender(out: &Path, results: &Path, criterion: &Path) -> IoResult<()> {
    if let Some(costs) = criterion_throughput(criterion) {
        write_json(out, "costs", &costs)?;
    }
    let runs = Results {
        linear: read_json(out, "linear")?,
        digits: read_json(out, "digits")?,
        alignment: read_json(out, "alignment")?,
        hebbian: read_json(out, "hebbian")?,
        phenomena: phenomena::Phenomena::read(out)?,
        costs: read_json(out, "costs").ok(),
    };
    markdown::write(results, out, &runs)
}
