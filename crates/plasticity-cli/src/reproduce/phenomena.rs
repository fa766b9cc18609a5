//! The lecture's phenomena (issue 9), each a task of the core run as its paper ran it:
//!
//! - `prism` — Martin et al. (1996): prism adaptation, its after-effect, and their absence after a lesion;
//! - `random-walk` — Sutton & Barto (2018), Example 6.2: values learned from TD errors, by rule.

use std::path::Path;

use plasticity::tasks::{Block, Chart, ChartLine, LineStyle, PRISM_BLOCKS, PRISM_SHIFT, WALK_TRUE_VALUES};
use plasticity::{Config, Init, RuleKind, TaskKind, Trainer};
use serde::{Deserialize, Serialize};

use super::{ByRule, IoResult, write_json};
use crate::figures;

/// Every phenomenon's results.
#[derive(Clone, Debug, PartialEq)]
pub struct Phenomena {
    /// `prism`.
    pub prism: Prism,
    /// `random-walk`.
    pub random_walk: RandomWalk,
    /// `spikes`.
    pub spikes: Spikes,
    /// `delay`.
    pub delay: Delay,
    /// `ltp`.
    pub ltp: Ltp,
    /// `gain-field`.
    pub gain_field: GainField,
}

impl Phenomena {
    /// Runs them all into `out`.
    pub fn run(out: &Path) -> IoResult<Self> {
        Ok(Phenomena {
            prism: prism(out)?,
            random_walk: random_walk(out)?,
            spikes: spikes(out)?,
            delay: delay(out)?,
            ltp: ltp(out)?,
            gain_field: gain_field(out)?,
        })
    }

    /// Reads them from `out`.
    pub fn read(out: &Path) -> IoResult<Self> {
        Ok(Phenomena {
            prism: super::read_json(out, "prism")?,
            random_walk: super::read_json(out, "random-walk")?,
            spikes: super::read_json(out, "spikes")?,
            delay: super::read_json(out, "delay")?,
            ltp: super::read_json(out, "ltp")?,
            gain_field: super::read_json(out, "gain-field")?,
        })
    }
}

/// One rule with one surrogate derivative on one task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpikeRun {
    /// The task.
    pub task: String,
    /// The rule.
    pub rule: String,
    /// The surrogate derivative (`none`: the true one, zero).
    pub surrogate: String,
    /// The network.
    pub network: String,
    /// η and mini-batches trained.
    pub learning_rate: f64,
    /// See `learning_rate`.
    pub steps: u32,
    /// Test accuracy per seed, and their mean.
    pub accuracies: Vec<f64>,
    /// See `accuracies`.
    pub mean: f64,
    /// Whether the first hidden layer's weights changed at all (seed 1).
    pub hidden_weights_changed: bool,
}

/// `reproduce spikes`: spiking hidden units and the derivative problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spikes {
    /// The seeds.
    pub seeds: Vec<u32>,
    /// Every run, by task, then rule, then surrogate.
    pub runs: Vec<SpikeRun>,
}

/// Spiking hidden layers on XOR and the digits: backprop and feedback alignment with each surrogate (and the
/// true, zero derivative), node perturbation with none; tanh backprop for reference.
pub fn spikes(out: &Path) -> IoResult<Spikes> {
    use plasticity::{Activation, Surrogate};
    let seeds = vec![1, 2, 3];
    let mut runs = Vec::new();
    for (task, steps) in [(TaskKind::XOR, 3000), (TaskKind::DIGITS, 3000)] {
        let mut cases: Vec<(RuleKind, Activation)> = Vec::new();
        for rule in [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT] {
            cases.extend(Surrogate::ALL.map(|s| (rule, Activation::Spike(s))));
        }
        cases.push((RuleKind::NODE_PERTURBATION, Activation::Spike(Surrogate::None)));
        cases.push((RuleKind::BACKPROP, Activation::Tanh));
        for (rule, activation) in cases {
            let config = Config { activation, ..Config::preset_for(task, rule) };
            let mut accuracies = Vec::new();
            let mut changed = false;
            for &seed in &seeds {
                let mut t = Trainer::new(Config { seed, ..config.clone() }).expect("valid");
                let before = t.network().layers[0].w.clone();
                t.step(steps);
                accuracies.push(t.diagnostics().test_accuracy.unwrap_or(f64::NAN));
                if seed == 1 {
                    changed = t.network().layers[0].w != before;
                }
            }
            let mean = accuracies.iter().sum::<f64>() / accuracies.len() as f64;
            runs.push(SpikeRun {
                task: task.name().into(),
                rule: rule.name().into(),
                surrogate: activation.surrogate().map_or("(tanh units)", |s| s.name()).into(),
                network: config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–"),
                learning_rate: config.learning_rate,
                steps,
                accuracies,
                mean,
                hidden_weights_changed: changed,
            });
        }
    }
    let value = Spikes { seeds, runs };
    figures::spikes(&out.join("spikes.svg"), &value.runs)?;
    write_json(out, "spikes", &value)?;
    Ok(value)
}

/// One rule at one learning rate on the linear task, over feedback delays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayRun {
    /// The rule.
    pub rule: String,
    /// η.
    pub learning_rate: f64,
    /// Per delay: `(delay, mini-batches until the test NSE first fell below 0.01)`, `None` if it did not within
    /// the budget, and whether the run diverged.
    pub points: Vec<DelayPoint>,
}

/// See [`DelayRun`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayPoint {
    /// The delay, in mini-batches.
    pub delay: u32,
    /// Mini-batches until the test NSE first fell below [`DELAY_NSE`], measured every 20.
    pub steps_to_target: Option<u32>,
    /// True if the weights or the loss became non-finite.
    pub diverged: bool,
}

/// `reproduce delay`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delay {
    /// The NSE the runs must reach, and the budget in mini-batches.
    pub target_nse: f64,
    /// See `target_nse`.
    pub budget: u32,
    /// One run per rule and learning rate.
    pub runs: Vec<DelayRun>,
}

/// The NSE [`delay`] counts mini-batches to, and its budget.
pub const DELAY_NSE: f64 = 0.01;
const DELAY_BUDGET: u32 = 6000;
/// The delays tried.
pub const DELAYS: [u32; 7] = [0, 1, 2, 5, 10, 20, 50];

/// Delayed feedback on the linear task: mini-batches to NSE 0.01 for backprop and feedback alignment at three
/// learning rates, as the hidden layer's error arrives 0 to 50 mini-batches late.
pub fn delay(out: &Path) -> IoResult<Delay> {
    let mut runs = Vec::new();
    for rule in [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT] {
        for learning_rate in [0.001, 0.003, 0.01] {
            let mut points = Vec::new();
            for delay in DELAYS {
                let config = Config { delay, learning_rate, ..Config::preset_for(TaskKind::LINEAR, rule) };
                let mut t = Trainer::new(config).expect("valid");
                let mut reached = None;
                while t.steps() < u64::from(DELAY_BUDGET) && *t.status() == plasticity::Status::Running {
                    t.step(20);
                    if t.diagnostics().nse.is_some_and(|n| n < DELAY_NSE) {
                        reached = Some(t.steps() as u32);
                        break;
                    }
                }
                let diverged = *t.status() != plasticity::Status::Running;
                points.push(DelayPoint { delay, steps_to_target: reached, diverged });
            }
            runs.push(DelayRun { rule: rule.name().into(), learning_rate, points });
        }
    }
    let value = Delay { target_nse: DELAY_NSE, budget: DELAY_BUDGET, runs };
    let lines = value
        .runs
        .iter()
        .map(|r| ChartLine {
            label: format!("{} η={}", r.rule, r.learning_rate),
            points: r
                .points
                .iter()
                .map(|p| (f64::from(p.delay), p.steps_to_target.map_or(f64::NAN, f64::from)))
                .collect(),
            style: if r.rule == "backprop" { LineStyle::Solid } else { LineStyle::Dashed },
        })
        .collect();
    let chart = Chart {
        y_title: format!("mini-batches to NSE {DELAY_NSE} (gap: not reached or diverged)"),
        x_title: "feedback delay, mini-batches",
        lines,
        y_range: (0.0, f64::from(DELAY_BUDGET)),
        ..Chart::default()
    };
    figures::task_charts(&out.join("delay.svg"), &[chart], (900, 460))?;
    write_json(out, "delay", &value)?;
    Ok(value)
}

/// One hidden unit's gain field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GainUnit {
    /// The unit, from 1.
    pub unit: usize,
    /// R² of gain against eye position.
    pub gain_r2: f64,
    /// The retinal peak's move between the extreme eye positions.
    pub peak_shift: f64,
    /// (max − min) / max of the gain over eye positions.
    pub gain_range: f64,
}

/// One network of the gain-field experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GainRun {
    /// Mini-batches trained.
    pub steps: u32,
    /// The test loss (squared error per example) at the end.
    pub test_loss: f64,
    /// Every hidden unit.
    pub units: Vec<GainUnit>,
}

/// `reproduce gain-field`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GainField {
    /// The eye positions of the tuning curves.
    pub eye_positions: Vec<f64>,
    /// `backprop`, `fa` and the untrained network (`none`), seed 1.
    pub runs: ByRule<GainRun>,
}

/// Zipser & Andersen's task: backprop, feedback alignment and the untrained network; each hidden unit's gain
/// field, and tuning curves of backprop's most modulated unit as the figure.
pub fn gain_field(out: &Path) -> IoResult<GainField> {
    use plasticity::tasks::{GAIN_EYE_POSITIONS, gain_fields};
    let mut runs = Vec::new();
    let mut figure = Vec::new();
    for (rule, steps) in [(RuleKind::BACKPROP, 5000), (RuleKind::FEEDBACK_ALIGNMENT, 5000), (RuleKind::NONE, 0)] {
        let mut t = Trainer::new(Config::preset_for(TaskKind::GAIN_FIELD, rule)).expect("a preset");
        t.step(steps);
        let units = gain_fields(t.network())
            .iter()
            .map(|u| GainUnit {
                unit: u.unit + 1,
                gain_r2: u.gain_r2,
                peak_shift: u.peak_shift,
                gain_range: u.gain_range,
            })
            .collect();
        let mut charts = t.task_charts();
        if let Some(c) = charts.first_mut() {
            c.y_title = format!("{}: {}", rule.name(), c.y_title);
        }
        figure.extend(charts);
        runs.push((rule.name().to_string(), GainRun { steps, test_loss: t.diagnostics().test_loss, units }));
    }
    let value = GainField { eye_positions: GAIN_EYE_POSITIONS.to_vec(), runs: ByRule(runs) };
    figures::task_charts(&out.join("gain-field.svg"), &figure, (900, 820))?;
    write_json(out, "gain-field", &value)?;
    Ok(value)
}

/// One protocol block of the LTP experiment: the change in each pathway's test response (Σw).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LtpProtocol {
    /// The block.
    pub name: String,
    /// Δ of the weak pathway's response.
    pub dw_weak: f64,
    /// Δ of the strong pathway's response.
    pub dw_strong: f64,
    /// Δ of the untouched pathway's response.
    pub dw_untouched: f64,
}

/// `reproduce ltp`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ltp {
    /// θ and η of the voltage-dependent rule.
    pub threshold: f64,
    /// See `threshold`.
    pub learning_rate: f64,
    /// Each stimulation block (rests left out: nothing changes in them) with the voltage-dependent rule.
    pub protocols: Vec<LtpProtocol>,
    /// The same protocol with plain Hebb, which has no threshold.
    pub hebb: Vec<LtpProtocol>,
}

/// The LTP protocol with `rule`: each stimulation block's changes; and the task's charts at the end.
fn ltp_run(rule: RuleKind) -> (Vec<LtpProtocol>, Vec<Chart>) {
    use plasticity::tasks::{LTP_PROTOCOL, LtpPathway};
    let mut t = Trainer::new(Config::preset_for(TaskKind::LTP, rule)).expect("a preset");
    let responses = |t: &Trainer| -> Vec<f64> { t.task_measures().iter().map(|m| m.value).collect() };
    let mut protocols = Vec::new();
    for p in LTP_PROTOCOL {
        let before = responses(&t);
        t.step(p.trials as u32);
        let after = responses(&t);
        if p.stimulated.is_empty() {
            continue;
        }
        let d = |q: LtpPathway| {
            let i = LtpPathway::ALL.iter().position(|x| *x == q).expect("a pathway");
            after[i] - before[i]
        };
        protocols.push(LtpProtocol {
            name: p.name.into(),
            dw_weak: d(LtpPathway::Weak),
            dw_strong: d(LtpPathway::Strong),
            dw_untouched: d(LtpPathway::Untouched),
        });
    }
    (protocols, t.task_charts())
}

/// The LTP cell through its protocol, with the voltage-dependent rule and with plain Hebb.
pub fn ltp(out: &Path) -> IoResult<Ltp> {
    let (protocols, charts) = ltp_run(RuleKind::VOLTAGE_HEBB);
    let (hebb, _) = ltp_run(RuleKind::HEBB);
    let value = Ltp {
        threshold: plasticity::tasks::LTP_THRESHOLD,
        learning_rate: Config::preset(TaskKind::LTP).learning_rate,
        protocols,
        hebb,
    };
    figures::task_charts(&out.join("ltp.svg"), &charts, (900, 560))?;
    write_json(out, "ltp", &value)?;
    Ok(value)
}

/// One throw of the prism experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// Its number, from 1.
    pub trial: u64,
    /// Its block.
    pub block: Block,
    /// The climbing fibre's error, outcome − target.
    pub error: f64,
}

/// `reproduce prism`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prism {
    /// The prism's shift.
    pub shift: f64,
    /// The learning rate of the intact learner (the delta rule).
    pub learning_rate: f64,
    /// Every throw of one cycle, for the intact (`intact`: the delta rule) and the lesioned (`lesioned`: no
    /// learning) cerebellum.
    pub trials: ByRule<Vec<Trial>>,
}

/// One cycle of the prism task with `rule`: each throw's error.
fn prism_run(rule: RuleKind) -> Vec<Trial> {
    let mut t = Trainer::new(Config::preset_for(TaskKind::PRISM, rule)).expect("a preset");
    let cycle: u64 = PRISM_BLOCKS.iter().map(|b| b.1).sum();
    t.step(cycle as u32);
    let charts = t.task_charts();
    let dots = charts[0].lines.iter().find(|l| l.style == LineStyle::Dots).expect("the prism chart has its throws");
    dots.points
        .iter()
        .enumerate()
        .map(|(k, &(x, error))| Trial { trial: x as u64, block: Block::of_trial(k as u64).0, error })
        .collect()
}

/// The prism experiment, intact and lesioned.
pub fn prism(out: &Path) -> IoResult<Prism> {
    let trials = ByRule(vec![
        ("intact".to_string(), prism_run(RuleKind::DELTA)),
        ("lesioned".to_string(), prism_run(RuleKind::NONE)),
    ]);
    let value = Prism { shift: PRISM_SHIFT, learning_rate: Config::preset(TaskKind::PRISM).learning_rate, trials };
    let charts: Vec<Chart> = value
        .trials
        .0
        .iter()
        .map(|(name, trials)| {
            let mut bands = Vec::new();
            let mut from = 0;
            for (block, n) in PRISM_BLOCKS {
                bands.push(plasticity::tasks::Band {
                    from: from as f64 + 0.5,
                    to: (from + n) as f64 + 0.5,
                    label: block.name(),
                });
                from += n;
            }
            Chart {
                y_title: format!("{name}: miss, outcome − target"),
                x_title: "throw",
                lines: vec![ChartLine {
                    label: "each throw".into(),
                    points: trials.iter().map(|t| (t.trial as f64, t.error)).collect(),
                    style: LineStyle::Dots,
                }],
                bands,
                marks: vec![(0.0, "on target"), (PRISM_SHIFT, "prism shift")],
                y_range: (-1.2 * PRISM_SHIFT, 1.2 * PRISM_SHIFT),
                x_range: Some((0.5, from as f64 + 0.5)),
            }
        })
        .collect();
    figures::task_charts(&out.join("prism.svg"), &charts, (900, 560))?;
    write_json(out, "prism", &value)?;
    Ok(value)
}

/// The value error after one episode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    /// Its number, from 1.
    pub episode: u64,
    /// The RMS error of V over the five states, mean over the seeds.
    pub value_rms: f64,
}

/// One learner of the random walk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalkRun {
    /// The network, `5–8–1`.
    pub network: String,
    /// η.
    pub learning_rate: f64,
    /// The RMS value error after each episode, mean over [`WALK_SEEDS`] seeds.
    pub episodes: Vec<Episode>,
    /// The values learned by the end, seed 1.
    pub values: Vec<f64>,
}

/// `reproduce random-walk`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RandomWalk {
    /// The true values of A–E.
    pub true_values: Vec<f64>,
    /// Seeds averaged.
    pub seeds: u32,
    /// Per learner: `tabular` (no hidden layer: TD(0)), then rules carrying δ to a hidden layer.
    pub runs: ByRule<WalkRun>,
}

/// Seeds averaged in `reproduce random-walk`.
pub const WALK_SEEDS: u32 = 10;
const WALK_EPISODES: usize = 200;

/// The RMS value error after each of the first `episodes` episodes, and the values at the end.
fn walk(config: Config, episodes: usize) -> (Vec<f64>, Vec<f64>) {
    let mut t = Trainer::new(config).expect("a preset");
    let mut errors = Vec::new();
    while errors.len() < episodes {
        t.step(1);
        // The task's measures: the episodes finished, and the RMS value error after the last one.
        let m = t.task_measures();
        if m[0].value as usize > errors.len() {
            errors.push(m[1].value);
        }
    }
    let values = t.task_charts()[0].lines[0].points.iter().map(|p| p.1).collect();
    (errors, values)
}

/// The random walk: tabular TD(0), and backprop, feedback alignment and no learning carrying δ to a hidden layer.
pub fn random_walk(out: &Path) -> IoResult<RandomWalk> {
    let base = Config::preset(TaskKind::RANDOM_WALK);
    let learners = [
        ("tabular", Config { rule: RuleKind::DELTA, hidden: vec![], init: Init::Small, ..base.clone() }),
        ("backprop", base.clone()),
        ("fa", Config { rule: RuleKind::FEEDBACK_ALIGNMENT, ..base.clone() }),
        ("none", Config { rule: RuleKind::NONE, ..base.clone() }),
    ];
    let mut runs = Vec::new();
    for (name, config) in learners {
        let mut sum = vec![0.0; WALK_EPISODES];
        let mut values = Vec::new();
        for seed in 1..=WALK_SEEDS {
            let (rms, v) = walk(Config { seed, ..config.clone() }, WALK_EPISODES);
            sum.iter_mut().zip(&rms).for_each(|(s, r)| *s += r);
            if seed == 1 {
                values = v;
            }
        }
        let episodes = sum
            .iter()
            .enumerate()
            .map(|(k, s)| Episode { episode: k as u64 + 1, value_rms: s / f64::from(WALK_SEEDS) })
            .collect();
        let network = config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–");
        runs.push((name.to_string(), WalkRun { network, learning_rate: config.learning_rate, episodes, values }));
    }
    let value = RandomWalk { true_values: WALK_TRUE_VALUES.to_vec(), seeds: WALK_SEEDS, runs: ByRule(runs) };
    let lines = value
        .runs
        .0
        .iter()
        .map(|(name, run)| ChartLine {
            label: format!("{name} ({})", run.network),
            points: run.episodes.iter().map(|e| (e.episode as f64, e.value_rms)).collect(),
            style: LineStyle::Solid,
        })
        .collect();
    let chart = Chart {
        y_title: format!("RMS value error, mean of {WALK_SEEDS} seeds"),
        x_title: "episode",
        lines,
        marks: vec![(0.1, "0.1")],
        y_range: (0.0, 0.3),
        ..Chart::default()
    };
    figures::task_charts(&out.join("random-walk.svg"), &[chart], (900, 420))?;
    write_json(out, "random-walk", &value)?;
    Ok(value)
}
