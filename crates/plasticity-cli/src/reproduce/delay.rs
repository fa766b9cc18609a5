//! `delay`: feedback that arrives late. On the linear task, mini-batches until the test error falls below
//! [`DELAY_NSE`] for backprop and feedback alignment at three rates, as each hidden layer applies the update computed
//! 0 to 50 mini-batches earlier (that step's error with that step's presynaptic activity: a perfect memory of it).
//! One job per rule and rate.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::tasks::{Chart, ChartLine, LineStyle};
use plasticity::{Config, RuleKind, TaskKind, Trainer};
use serde::{Deserialize, Serialize};

use super::{Experiment, IoResult, Parts, Results, output, part, typed};

pub static EXPERIMENT: Experiment = Experiment {
    name: "delay",
    jobs: || cases().iter().map(|(r, lr)| format!("{}/{lr}", r.name())).collect(),
    run: |job| {
        let (rule, lr) = job.split_once('/').expect("rule/rate");
        output(&delay_run(RuleKind::from_name(rule).expect("a rule"), lr.parse().expect("a rate")))
    },
    assemble,
    section,
};

/// The NSE the runs must reach, and the budget.
pub const DELAY_NSE: f64 = 0.01;
const BUDGET: u32 = 6000;
/// The delays tried.
pub const DELAYS: [u32; 7] = [0, 1, 2, 5, 10, 20, 50];

fn cases() -> Vec<(RuleKind, f64)> {
    [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT]
        .into_iter()
        .flat_map(|r| [0.001, 0.003, 0.01].map(|lr| (r, lr)))
        .collect()
}

/// One rule at one rate over the delays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayRun {
    /// The rule and η.
    pub rule: String,
    /// See `rule`.
    pub learning_rate: f64,
    /// Per delay.
    pub points: Vec<DelayPoint>,
}

/// See [`DelayRun`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayPoint {
    /// The delay, in mini-batches.
    pub delay: u32,
    /// Mini-batches until the test NSE first fell below [`DELAY_NSE`], measured every 20; `None` within the budget.
    pub steps_to_target: Option<u32>,
    /// True if the weights or the loss became non-finite.
    pub diverged: bool,
}

fn delay_run(rule: RuleKind, learning_rate: f64) -> DelayRun {
    let points = DELAYS
        .iter()
        .map(|&delay| {
            let mut t = Trainer::new(Config { delay, learning_rate, ..Config::preset_for(TaskKind::LINEAR, rule) })
                .expect("valid");
            let mut reached = None;
            while t.steps() < u64::from(BUDGET) && *t.status() == plasticity::Status::Running {
                t.step(20);
                if t.diagnostics().nse.is_some_and(|n| n < DELAY_NSE) {
                    reached = Some(t.steps() as u32);
                    break;
                }
            }
            DelayPoint { delay, steps_to_target: reached, diverged: *t.status() != plasticity::Status::Running }
        })
        .collect();
    DelayRun { rule: rule.name().into(), learning_rate, points }
}

/// The experiment's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delay {
    /// The NSE the runs must reach, and the budget in mini-batches.
    pub target_nse: f64,
    /// See `target_nse`.
    pub budget: u32,
    /// One run per rule and rate.
    pub runs: Vec<DelayRun>,
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let runs: Vec<DelayRun> =
        cases().iter().map(|(r, lr)| part(parts, &format!("{}/{lr}", r.name()))).collect::<IoResult<_>>()?;
    let value = Delay { target_nse: DELAY_NSE, budget: BUDGET, runs };
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
        y_range: (0.0, f64::from(BUDGET)),
        ..Chart::default()
    };
    crate::figures::task_charts(&out.join("delay.svg"), &[chart], (900, 460))?;
    Ok(output(&value))
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let d: Delay = typed(result)?;
    let mut md = format!(
        "### Delayed feedback\n\n![delay]({figures}/delay.svg)\n\n\
         *The question:* feedback in the brain may arrive late. With `--delay k` each hidden layer applies the update\n\
         computed k mini-batches ago — that step's error with that step's presynaptic activity, as if each synapse kept\n\
         a perfect record of its input — while the output layer learns at once (the harder case, a late error meeting a\n\
         newer input, is not simulated). Mini-batches until the linear task's test NSE first falls below {} (budget {};\n\
         – not reached, ✗ diverged):\n\n",
        d.target_nse, d.budget
    );
    let delays: Vec<String> =
        d.runs.first().map_or(Vec::new(), |r| r.points.iter().map(|p| p.delay.to_string()).collect());
    let _ =
        writeln!(md, "| rule | η | {} |", delays.iter().map(|k| format!("delay {k}")).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(md, "|---|---|{}", "---|".repeat(delays.len()));
    for r in &d.runs {
        let cells: Vec<String> = r
            .points
            .iter()
            .map(|p| match (p.steps_to_target, p.diverged) {
                (Some(s), _) => s.to_string(),
                (None, true) => "✗".into(),
                (None, false) => "–".into(),
            })
            .collect();
        let _ = writeln!(md, "| {} | {} | {} |", r.rule, r.learning_rate, cells.join(" | "));
    }
    let run = |rule: &str, lr: f64| d.runs.iter().find(|r| r.rule == rule && r.learning_rate == lr);
    let at = |rule: &str, lr: f64, delay: u32| {
        run(rule, lr).and_then(|r| r.points.iter().find(|p| p.delay == delay)).and_then(|p| p.steps_to_target)
    };
    let ratio =
        at("backprop", 0.01, 50).zip(at("backprop", 0.01, 0)).map_or(f64::NAN, |(a, b)| f64::from(a) / f64::from(b));
    let fa_diverges = run("fa", 0.01).and_then(|r| r.points.iter().find(|p| p.diverged)).map(|p| p.delay);
    let _ = writeln!(
        md,
        "\nThe cost grows with η × delay, as for any gradient method with stale gradients: at η = 0.01 a delay of 50 makes\n\
         backprop take {ratio:.1} times as long as with none{}. The lab's measured angles (alignment plot) are those of the\n\
         fresh update, not the delayed one applied. Checked by `tests/phenomena.rs`.\n",
        fa_diverges
            .map_or(String::new(), |k| format!(", and feedback alignment at that rate diverges from a delay of {k}"))
    );
    Ok(md)
}
