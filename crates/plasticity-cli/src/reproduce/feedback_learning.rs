//! `feedback-learning`: feedback that learns — Kolen–Pollack and weight mirrors (Akrout et al. 2019) — over a run
//! long enough for Kolen–Pollack's decay (its half-life is ln 2 / λ mini-batches), beside fixed random feedback and
//! sign symmetry: the angle between each hidden layer's feedback `B` and `Wᵀ`, and between its update and backprop's,
//! on the digits with two hidden layers of 32. One job per rule.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::{Config, RuleKind, TaskKind};
use serde::{Deserialize, Serialize};

use super::{ByRule, Experiment, IoResult, Parts, Results, Series, output, part, trace, typed};

pub static EXPERIMENT: Experiment = Experiment {
    name: "feedback-learning",
    jobs: || RULES.iter().map(|r| r.name().to_string()).collect(),
    run: |job| output(&run(RuleKind::from_name(job).expect("a rule"))),
    assemble,
    section,
};

const RULES: [RuleKind; 5] = [
    RuleKind::FEEDBACK_ALIGNMENT,
    RuleKind::SIGN_SYMMETRY,
    RuleKind::SIGN_SYMMETRY_SCALED,
    RuleKind::KOLEN_POLLACK,
    RuleKind::WEIGHT_MIRROR,
];
/// Mini-batches: several of Kolen–Pollack's half-lives.
pub const STEPS: u32 = 30_000;
const EVERY: u32 = 500;

/// One rule over the long run: per hidden layer, `B` against `Wᵀ` and the update against backprop's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackRun {
    /// Per hidden layer, `(step, degrees)`.
    pub feedback_angle_deg: Vec<Series>,
    /// Per hidden layer, `(step, degrees)`.
    pub update_angle_deg: Vec<Series>,
    /// Test accuracy at the end.
    pub test_accuracy: f64,
}

fn run(rule: RuleKind) -> FeedbackRun {
    let config = Config { hidden: vec![32, 32], ..Config::preset_for(TaskKind::DIGITS, rule) };
    let points = trace(config, STEPS, EVERY);
    let series = |l: usize, f: fn(&plasticity::LayerDiagnostics) -> Option<f64>| -> Series {
        points.iter().filter_map(|d| f(&d.layers[l]).map(|a| (d.step as f64, a))).collect()
    };
    FeedbackRun {
        feedback_angle_deg: (0..2).map(|l| series(l, |x| x.feedback_angle_deg)).collect(),
        update_angle_deg: (0..2).map(|l| series(l, |x| x.update_angle_deg)).collect(),
        test_accuracy: points.last().and_then(|d| d.test_accuracy).unwrap_or(f64::NAN),
    }
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    use plasticity::tasks::{Chart, ChartLine, LineStyle};
    let runs: ByRule<FeedbackRun> =
        ByRule(RULES.iter().map(|r| Ok((r.name().to_string(), part(parts, r.name())?))).collect::<IoResult<_>>()?);
    let chart = |title: &str, of: fn(&FeedbackRun) -> &Vec<Series>| Chart {
        y_title: title.into(),
        x_title: "mini-batches",
        lines: runs
            .0
            .iter()
            .flat_map(|(name, r)| {
                of(r).iter().enumerate().map(move |(l, s)| ChartLine {
                    label: format!("{name} layer {}", l + 1),
                    points: s.clone(),
                    style: if l == 0 { LineStyle::Solid } else { LineStyle::Dashed },
                })
            })
            .collect(),
        marks: vec![(90.0, "unrelated")],
        y_range: (0.0, 100.0),
        ..Chart::default()
    };
    let charts = [
        chart("B against Wᵀ (°)", |r| &r.feedback_angle_deg),
        chart("update against backprop's (°)", |r| &r.update_angle_deg),
    ];
    crate::figures::task_charts(&out.join("feedback-learning.svg"), &charts, (900, 760))?;
    Ok(output(&runs))
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let runs: ByRule<FeedbackRun> = typed(result)?;
    let half_life = std::f64::consts::LN_2 / plasticity::rules::KP_DECAY;
    let mut md = format!(
        "## Feedback that learns, over a long run (Akrout et al. 2019)\n\n![feedback learning]({figures}/feedback-learning.svg)\n\n\
         Digits, 64–32–32–10, {STEPS} mini-batches: Kolen–Pollack's decay (λ = {}) halves the difference between B and Wᵀ\n\
         every {half_life:.0} mini-batches, so short runs show it far from done. The angle between each hidden layer's\n\
         feedback and the forward weights' transpose, and between its update and backprop's (layer 1 | layer 2):\n\n\
         | rule | B vs Wᵀ at 2,000 | at {STEPS} | update vs backprop at 2,000 | at {STEPS} | test accuracy at the end |\n|---|---|---|---|---|---|\n",
        plasticity::rules::KP_DECAY
    );
    let at = |s: &Series, step: f64| s.iter().find(|p| p.0 == step).map(|p| p.1);
    for (name, r) in &runs.0 {
        let cell = |of: &Vec<Series>, step: f64| {
            let v: Vec<String> = of.iter().map(|s| at(s, step).map_or("–".into(), |a| format!("{a:.1}°"))).collect();
            v.join(" \\| ")
        };
        let end = f64::from(STEPS);
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} | {} | {:.1} % |",
            cell(&r.feedback_angle_deg, 2000.0),
            cell(&r.feedback_angle_deg, end),
            cell(&r.update_angle_deg, 2000.0),
            cell(&r.update_angle_deg, end),
            100.0 * r.test_accuracy
        );
    }
    md.push_str(
        "\nAkrout et al. (2019, abstract) report that on ImageNet both methods outperform feedback alignment and sign\n\
         symmetry and nearly match backprop; this is the lab's network, far smaller, and the angles are its own.\n\n",
    );
    Ok(md)
}
