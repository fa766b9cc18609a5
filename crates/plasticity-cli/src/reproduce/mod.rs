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

/// A difference between two rules' test accuracies, paired by seed: its mean and 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The mean of the per-seed differences.
    pub mean: f64,
    /// The 95 % confidence interval of that mean (Student's t with n − 1 degrees of freedom).
    pub low: f64,
    /// See `low`.
    pub high: f64,
}

impl Difference {
    /// "ahead", "behind" or "tied": whether the interval excludes zero.
    pub fn verdict(&self) -> &'static str {
        if self.low > 0.0 {
            "ahead"
        } else if self.high < 0.0 {
            "behind"
        } else {
            "tied"
        }
    }
}

/// One rule's row of an accuracy table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The rule's name.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// The network it trained, `64–64–64–10`.
    pub network: String,
    /// The learning rates tried on the validation split, each with the validation accuracy it reached.
    pub candidates: Vec<(f64, f64)>,
    /// The one chosen (the best validation accuracy).
    pub learning_rate: f64,
    /// Test accuracy per seed, at the chosen learning rate.
    pub accuracies: Vec<f64>,
    /// Their mean.
    pub mean: f64,
    /// Their sample standard deviation.
    pub sd: f64,
    /// The 95 % confidence interval of the mean.
    pub interval: (f64, f64),
    /// The difference from backprop, paired by seed.
    pub vs_backprop: Option<Difference>,
    /// The difference from shallow learning, paired by seed.
    pub vs_shallow: Option<Difference>,
    /// The test loss over training, mean over the seeds: `(mini-batches, loss)`.
    pub test_loss: Series,
    /// Training examples per second over the runs (wall clock, this machine, with other runs in parallel).
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
    /// The seeds of the test runs.
    pub seeds: Vec<u32>,
    /// The seed of the validation runs that chose the learning rates.
    pub validation_seed: u32,
    /// The factors by which each rule's default learning rate was scaled for the candidates.
    pub factors: Vec<f64>,
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

/// Node perturbation's slowdown against backprop on one network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlowdownPoint {
    /// The network's widths, `30–20–10`.
    pub network: String,
    /// The units node perturbation perturbs: hidden and output.
    pub perturbed: usize,
    /// Backprop's learning time (steps to NSE < 0.01, mean over the seeds) at its best learning rate.
    pub backprop_steps: f64,
    /// Its best learning rate.
    pub backprop_rate: f64,
    /// Node perturbation's, likewise.
    pub node_perturbation_steps: f64,
    /// Its best learning rate.
    pub node_perturbation_rate: f64,
    /// `node_perturbation_steps / backprop_steps`.
    pub ratio: f64,
}

/// The slowdown over a family of networks, with the fit of Werfel et al.'s prediction `ratio = c × units`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// One point per network.
    pub points: Vec<SlowdownPoint>,
    /// The least-squares `c` of `ratio = c × perturbed units`.
    pub per_unit: f64,
    /// The slope of `log ratio` against `log perturbed units` (the prediction: 1).
    pub exponent: f64,
}

/// Node perturbation's slowdown against the number of perturbed units (Werfel, Xie & Seung 2005).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slowdown {
    /// A single linear layer, 30 inputs to 1–40 outputs: the case Werfel et al. analyse.
    pub outputs: Sweep,
    /// The lab's linear task, 30–H–10, for several hidden widths H.
    pub hidden: Sweep,
    /// The seeds.
    pub seeds: Vec<u32>,
    /// The learning rates tried, each rule.
    pub rates: Vec<f64>,
}

/// Equilibrium propagation at the lab's settings on one preset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpSettling {
    /// The task.
    pub task: String,
    /// The network.
    pub network: String,
    /// The largest change of a unit in the 20th sweep of the free phase (the lab's old fixed setting).
    pub old_change: f64,
    /// Sweeps the free phase runs now, and the largest change in its last.
    pub free_sweeps: usize,
    /// See `free_sweeps`.
    pub free_change: f64,
    /// Likewise for the nudged phase (+β).
    pub nudged_sweeps: usize,
    /// See `nudged_sweeps`.
    pub nudged_change: f64,
    /// Per layer, the angle between EP's update (symmetric nudges, β = 0.1) and the gradient at the equilibrium.
    pub angle_deg: Vec<f64>,
    /// The same for the one-sided estimate (free state against +β).
    pub one_sided_deg: Vec<f64>,
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
    /// `np-slowdown`.
    pub slowdown: Slowdown,
    /// `ep`.
    pub ep: Vec<EpSettling>,
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

/// The 0.975 quantile of Student's t with `df` degrees of freedom (1 to 10; the normal's beyond).
fn t975(df: usize) -> f64 {
    const T: [f64; 10] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
    T.get(df.wrapping_sub(1)).copied().unwrap_or(1.96)
}

/// The mean of `xs` and its 95 % confidence interval.
fn interval(xs: &[f64]) -> (f64, f64, f64) {
    let (mean, sd) = mean_sd(xs);
    let half = t975(xs.len() - 1) * sd / (xs.len() as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// `a − b` per seed, with its 95 % interval.
fn paired(a: &[f64], b: &[f64]) -> Difference {
    let d: Vec<f64> = a.iter().zip(b).map(|(a, b)| a - b).collect();
    let (mean, low, high) = interval(&d);
    Difference { mean, low, high }
}

/// `f` over `items` on every core, results in the items' order. Each run is independent and deterministic, so
/// the results do not depend on the number of threads.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    out.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

/// One training run: its final (test or validation) accuracy, its loss curve every `steps / 20` mini-batches,
/// and its wall-clock seconds.
struct RunResult {
    accuracy: f64,
    curve: Series,
    seconds: f64,
}

fn train(config: &Config, steps: u32) -> RunResult {
    let start = Instant::now();
    let Ok(mut t) = Trainer::new(config.clone()) else {
        return RunResult { accuracy: f64::NAN, curve: Vec::new(), seconds: 0.0 };
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
    let accuracy = if done < steps { f64::NAN } else { t.diagnostics().test_accuracy.unwrap_or(f64::NAN) };
    RunResult { accuracy, curve, seconds: start.elapsed().as_secs_f64() }
}

/// A network's widths, `64–32–10`.
fn widths(config: &Config) -> String {
    config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–")
}

/// Test accuracy of every supervised rule on a digit task with `hidden` layers, trained `steps` mini-batches.
/// Each rule's learning rate is chosen among its default times [`FACTORS`] by the accuracy it reaches on a
/// validation split carved from the training set (seed [`VALIDATION_SEED`]; the test set unseen), then five
/// seeds run at that rate and are scored on the test set. A rule that trains a single layer gets the same
/// network without its hidden layers.
fn accuracy_table(task: TaskKind, hidden: &[usize], steps: u32) -> Table {
    let rules: Vec<RuleKind> = RuleKind::ALL.iter().copied().filter(|r| r.is_supervised()).collect();
    let base = |rule: RuleKind| {
        let preset = Config::preset_for(task, rule);
        let hidden = if preset.hidden.is_empty() { Vec::new() } else { hidden.to_vec() };
        Config { hidden, ..preset }
    };
    let candidates: Vec<(usize, f64)> = (0..rules.len()).flat_map(|i| FACTORS.iter().map(move |&f| (i, f))).collect();
    let validated = parallel_map(&candidates, |&(i, factor)| {
        let b = base(rules[i]);
        let config = Config { learning_rate: b.learning_rate * factor, seed: VALIDATION_SEED, validation: true, ..b };
        train(&config, steps).accuracy
    });
    let chosen: Vec<f64> = (0..rules.len())
        .map(|i| {
            let tried = candidates.iter().zip(&validated).filter(|((j, _), _)| *j == i);
            // The best validation accuracy (a run that diverged scores nothing); ties go to the smaller rate.
            let best = tried.fold((f64::NEG_INFINITY, 1.0), |(acc, f), ((_, factor), &a)| {
                let a = if a.is_finite() { a } else { f64::NEG_INFINITY };
                if a > acc { (a, *factor) } else { (acc, f) }
            });
            base(rules[i]).learning_rate * best.1
        })
        .collect();
    let jobs: Vec<(usize, u32)> = (0..rules.len()).flat_map(|i| SEEDS.iter().map(move |&s| (i, s))).collect();
    let runs =
        parallel_map(&jobs, |&(i, seed)| train(&Config { learning_rate: chosen[i], seed, ..base(rules[i]) }, steps));
    let mut rows: Vec<Row> = rules
        .iter()
        .enumerate()
        .map(|(i, &rule)| {
            let own: Vec<&RunResult> = jobs.iter().zip(&runs).filter(|((j, _), _)| *j == i).map(|(_, r)| r).collect();
            let accuracies: Vec<f64> = own.iter().map(|r| r.accuracy).collect();
            let (mean, sd) = mean_sd(&accuracies);
            let (_, low, high) = interval(&accuracies);
            let points = own.iter().map(|r| r.curve.len()).min().unwrap_or(0);
            let test_loss = (0..points)
                .map(|k| (own[0].curve[k].0, own.iter().map(|r| r.curve[k].1).sum::<f64>() / own.len() as f64))
                .collect();
            let seconds: f64 = own.iter().map(|r| r.seconds).sum();
            let tried = candidates.iter().zip(&validated).filter(|((j, _), _)| *j == i);
            Row {
                rule: rule.name().to_string(),
                title: rule.title().to_string(),
                network: widths(&base(rule)),
                candidates: tried.map(|((_, f), &a)| (base(rule).learning_rate * f, a)).collect(),
                learning_rate: chosen[i],
                accuracies,
                mean,
                sd,
                interval: (low, high),
                vs_backprop: None,
                vs_shallow: None,
                test_loss,
                examples_per_second: own.len() as f64 * f64::from(steps) * 16.0 / seconds,
            }
        })
        .collect();
    let of = |name: &str| rows.iter().find(|r| r.rule == name).map(|r| r.accuracies.clone());
    let (bp, shallow) = (of("backprop"), of("shallow"));
    for row in &mut rows {
        row.vs_backprop = bp.as_ref().filter(|_| row.rule != "backprop").map(|b| paired(&row.accuracies, b));
        row.vs_shallow = shallow.as_ref().filter(|_| row.rule != "shallow").map(|s| paired(&row.accuracies, s));
    }
    let network = Config { hidden: hidden.to_vec(), ..Config::preset(task) };
    Table {
        task: task.name().to_string(),
        network: format!("{}, tanh, softmax cross-entropy", widths(&network)),
        steps,
        batch: network.batch_size,
        seeds: SEEDS.to_vec(),
        validation_seed: VALIDATION_SEED,
        factors: FACTORS.to_vec(),
        rules: rows,
    }
}

/// The test seeds of the accuracy tables.
pub const SEEDS: [u32; 5] = [1, 2, 3, 4, 5];
/// The seed of the runs that choose the learning rates (on the validation split).
pub const VALIDATION_SEED: u32 = 100;
/// The learning rates tried: each rule's default times these.
pub const FACTORS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// Every supervised rule on the 8×8 digits (64–64–64–64–10, 4,000 mini-batches of 16: 45 passes over the 1,437
/// training digits) and on MNIST-5k (784–64–64–10, 2,500 mini-batches: 10 passes over its 4,000), learning
/// rates chosen on a validation split, five seeds each.
pub fn digits(out: &Path) -> IoResult<Digits> {
    let small = accuracy_table(TaskKind::DIGITS, &[64, 64, 64], 4000);
    figures::digits(
        &out.join("digits.svg"),
        "8×8 digits, 64–64–64–64–10: test accuracy, 5 seeds (mean, 95 % interval)",
        &small.rules,
    )?;
    figures::curves(
        &out.join("digits-loss.svg"),
        "8×8 digits: test loss over training, mean of 5 seeds",
        &small.rules,
    )?;
    let mnist = accuracy_table(TaskKind::MNIST, &[64, 64], 2500);
    figures::digits(
        &out.join("mnist.svg"),
        "MNIST-5k, 784–64–64–10: test accuracy, 5 seeds (mean, 95 % interval)",
        &mnist.rules,
    )?;
    figures::curves(&out.join("mnist-loss.svg"), "MNIST-5k: test loss over training, mean of 5 seeds", &mnist.rules)?;
    let value = Digits { digits: small, mnist };
    write_json(out, "digits", &value)?;
    Ok(value)
}

/// Training throughput per rule on the digits network from criterion's last run of `cargo bench -p plasticity-cli`
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

/// Steps of one example until the normalized error on held-out examples falls below 0.01 (checked every 10
/// steps), or `None` within `limit`: a linear network of widths `sizes` (30 inputs) trained by `rule` at rate `lr`
/// from `seed` on a linear teacher with uniform [−1, 1] entries and inputs N(0, I), one example a step.
fn learning_time(sizes: &[usize], rule: RuleKind, lr: f64, seed: u32, limit: u32) -> Option<u32> {
    if sizes.len() > 2 {
        // The lab's own task and trainer, with its hidden layer.
        let hidden = sizes[1..sizes.len() - 1].to_vec();
        let config = Config { rule, hidden, learning_rate: lr, seed, ..Config::preset(TaskKind::LINEAR) };
        let mut t = Trainer::new(config).ok()?;
        return (1..=limit / 10)
            .map(|k| k * 10)
            .find(|_| t.step(10) == 10 && t.diagnostics().nse.is_some_and(|e| e < 0.01));
    }
    // One linear layer with any number of outputs: the rule's update, applied here as the trainer applies it.
    use plasticity::net::{Grads, Workspace};
    use plasticity::random::{Rng, Stream};
    use plasticity::rules::{Backprop, NodePerturbation, Step};
    let (n, m) = (sizes[0], sizes[1]);
    let mut rng = Rng::new(seed, Stream::Data);
    let teacher = nalgebra::DMatrix::from_fn(m, n, |_, _| rng.uniform(-1.0, 1.0));
    let test_x = nalgebra::DMatrix::from_fn(n, 500, |_, _| rng.normal());
    let test_t = &teacher * &test_x;
    let scale = test_t.norm_squared();
    let mut net = plasticity::Network::new(
        sizes,
        plasticity::Activation::Linear,
        plasticity::Activation::Linear,
        plasticity::Init::Small,
        &mut Rng::new(seed, Stream::Weights),
    );
    let mut rule: Box<dyn plasticity::LearningRule> = if rule == RuleKind::NODE_PERTURBATION {
        Box::new(NodePerturbation::new(sizes, plasticity::Loss::Squared, false, seed))
    } else {
        Box::new(Backprop)
    };
    rule.reserve(1);
    let (mut ws, mut test, mut grads) = (Workspace::new(sizes, 1), Workspace::new(sizes, 500), Grads::zeros(&net));
    test.h[0].copy_from(&test_x);
    test.cols = 500;
    for step in 1..=limit {
        ws.h[0].iter_mut().for_each(|x| *x = rng.normal());
        ws.target = &teacher * &ws.h[0];
        ws.cols = 1;
        rule.predict(&net, &mut ws, 1);
        ws.output_error(plasticity::Loss::Squared, plasticity::Activation::Linear);
        rule.direction(&mut Step { net: &net, ws: &mut ws, grads: &mut grads, lr });
        for (layer, (g, gb)) in net.layers.iter_mut().zip(grads.w.iter().zip(&grads.b)) {
            layer.w.iter_mut().zip(g.iter()).for_each(|(w, g)| *w -= lr * g);
            layer.b.iter_mut().zip(gb.iter()).for_each(|(b, g)| *b -= lr * g);
        }
        if !net.is_finite() {
            return None;
        }
        if step % 10 == 0 {
            net.forward(&mut test, 500);
            if (&test.h[1] - &test_t).norm_squared() / scale < 0.01 {
                return Some(step);
            }
        }
    }
    None
}

/// Node perturbation against backprop on linear teachers: each rule's learning time (steps of one example to
/// NSE < 0.01, mean of three seeds) at its best learning rate, and their ratio against the number of units node
/// perturbation perturbs — for a single layer with 1 to 40 outputs (the case Werfel, Xie & Seung 2005 analyse,
/// predicting the ratio to grow in proportion to the outputs: the variance of the gradient estimate grows with the
/// noise's dimension, so the best rate shrinks with it) and for the lab's 30–H–10 task with several hidden widths.
pub fn np_slowdown(out: &Path) -> IoResult<Slowdown> {
    const RATES: [f64; 9] = [0.1, 3e-2, 1e-2, 3e-3, 1e-3, 5e-4, 3e-4, 1e-4, 3e-5];
    const LIMIT: u32 = 200_000;
    let seeds = vec![1, 2, 3];
    let outputs: Vec<Vec<usize>> = [1, 2, 5, 10, 20, 40].iter().map(|&m| vec![30, m]).collect();
    let hidden: Vec<Vec<usize>> = [10, 20, 40, 64].iter().map(|&h| vec![30, h, 10]).collect();
    let rules = [RuleKind::BACKPROP, RuleKind::NODE_PERTURBATION];
    let sweep = |networks: &[Vec<usize>]| -> Sweep {
        let jobs: Vec<(usize, usize, f64, u32)> = (0..rules.len())
            .flat_map(|r| {
                (0..networks.len())
                    .flat_map(move |k| RATES.iter().flat_map(move |&lr| [1, 2, 3].map(move |s| (r, k, lr, s))))
            })
            .collect();
        let steps = parallel_map(&jobs, |&(r, k, lr, seed)| learning_time(&networks[k], rules[r], lr, seed, LIMIT));
        // Per rule and network, the rate whose seeds all learn in the fewest steps on average.
        let best = |r: usize, k: usize| -> (f64, f64) {
            RATES
                .iter()
                .filter_map(|&lr| {
                    let mine = jobs.iter().zip(&steps).filter(|((jr, jk, jl, _), _)| *jr == r && *jk == k && *jl == lr);
                    let all: Option<Vec<u32>> = mine.map(|(_, s)| *s).collect();
                    all.map(|s| (s.iter().map(|&v| f64::from(v)).sum::<f64>() / s.len() as f64, lr))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap_or((f64::NAN, f64::NAN))
        };
        let points: Vec<SlowdownPoint> = networks
            .iter()
            .enumerate()
            .map(|(k, sizes)| {
                let ((bp, bp_lr), (np, np_lr)) = (best(0, k), best(1, k));
                SlowdownPoint {
                    network: sizes.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–"),
                    perturbed: sizes[1..].iter().sum(),
                    backprop_steps: bp,
                    backprop_rate: bp_lr,
                    node_perturbation_steps: np,
                    node_perturbation_rate: np_lr,
                    ratio: np / bp,
                }
            })
            .collect();
        let fit: Vec<&SlowdownPoint> = points.iter().filter(|p| p.ratio.is_finite()).collect();
        let per_unit = fit.iter().map(|p| p.ratio * p.perturbed as f64).sum::<f64>()
            / fit.iter().map(|p| (p.perturbed * p.perturbed) as f64).sum::<f64>();
        let (lx, ly): (Vec<f64>, Vec<f64>) = fit.iter().map(|p| ((p.perturbed as f64).ln(), p.ratio.ln())).unzip();
        let (mx, my) = (lx.iter().sum::<f64>() / lx.len() as f64, ly.iter().sum::<f64>() / ly.len() as f64);
        let exponent = lx.iter().zip(&ly).map(|(x, y)| (x - mx) * (y - my)).sum::<f64>()
            / lx.iter().map(|x| (x - mx) * (x - mx)).sum::<f64>();
        Sweep { points, per_unit, exponent }
    };
    let value = Slowdown { outputs: sweep(&outputs), hidden: sweep(&hidden), seeds, rates: RATES.to_vec() };
    figures::slowdown(&out.join("np-slowdown.svg"), &value)?;
    write_json(out, "np-slowdown", &value)?;
    Ok(value)
}

/// Equilibrium propagation at the lab's settings, on its presets with two or more hidden layers after 300
/// mini-batches of training: how far the free phase was from its fixed point after the old fixed 20 sweeps, how
/// the phases settle now, and the angle of EP's update to the gradient at the equilibrium (recurrent backprop),
/// symmetric and one-sided, on the first 16 training examples.
pub fn ep_settling(out: &Path) -> IoResult<Vec<EpSettling>> {
    use plasticity::net::Workspace;
    use plasticity::rules::SettlingReport;
    let cases = [
        (TaskKind::XOR, vec![8, 8]),
        (TaskKind::SPIRAL, vec![8, 8]),
        (TaskKind::AUTOENCODER, vec![32, 16, 32]),
        (TaskKind::DIGITS, vec![32, 32]),
    ];
    let rows = parallel_map(&cases, |(task, hidden)| {
        let config = Config { hidden: hidden.clone(), ..Config::preset_for(*task, RuleKind::EQUILIBRIUM_PROPAGATION) };
        let (sizes, loss, network) = (config.layer_sizes(), config.loss, widths(&config));
        let mut t = Trainer::new(config).expect("presets are valid");
        t.step(300);
        let mut ws = Workspace::new(&sizes, 16);
        t.data().train.load_batch(0, &mut ws, 16);
        let r = SettlingReport::measure(t.network(), &mut ws, loss);
        EpSettling {
            task: task.name().to_string(),
            network,
            old_change: r.fixed.change,
            free_sweeps: r.free.sweeps,
            free_change: r.free.change,
            nudged_sweeps: r.nudged.sweeps,
            nudged_change: r.nudged.change,
            angle_deg: r.angle_deg,
            one_sided_deg: r.one_sided_deg,
        }
    });
    write_json(out, "ep", &rows)?;
    Ok(rows)
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
        slowdown: np_slowdown(out)?,
        ep: ep_settling(out)?,
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
        slowdown: read_json(out, "np-slowdown")?,
        ep: read_json(out, "ep")?,
        costs: read_json(out, "costs").ok(),
    };
    markdown::write(results, out, &runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Werfel, Xie & Seung (2005): on one linear layer, node perturbation's slowdown against gradient descent
    /// grows with the number of outputs it perturbs. At each rule's best rate from the reproduction (backprop
    /// 0.03 throughout; node perturbation 0.01 with 2 outputs, 0.001 with 20), ten times the outputs must cost at
    /// least three times the slowdown (measured: 3.8× → 22.9×, six times; a rule that ignored its noise's
    /// dimension would not slow down at all). Mean of three seeds.
    #[test]
    fn node_perturbation_slows_down_with_the_outputs_it_perturbs() {
        let time = |sizes: &[usize], rule, lr| {
            let t: Vec<f64> = (1..=3)
                .map(|seed| f64::from(learning_time(sizes, rule, lr, seed, 100_000).expect("it learns")))
                .collect();
            t.iter().sum::<f64>() / 3.0
        };
        let ratio = |m: usize, np_lr: f64| {
            time(&[30, m], RuleKind::NODE_PERTURBATION, np_lr) / time(&[30, m], RuleKind::BACKPROP, 0.03)
        };
        let (two, twenty) = (ratio(2, 0.01), ratio(20, 0.001));
        eprintln!("node perturbation's slowdown: 2 outputs {two:.1}×, 20 outputs {twenty:.1}×");
        assert!(two > 1.5 && twenty > 3.0 * two, "{two} → {twenty}");
    }
}
