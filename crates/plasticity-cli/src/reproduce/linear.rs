//! `linear`: Lillicrap et al. (2016)'s 30–20–10 linear task — normalized error and the hidden layer's angles over
//! examples, for backprop, feedback alignment, shallow learning and node perturbation. One job per rule.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::{Config, Diagnostics, RuleKind, TaskKind};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ByRule, Experiment, IoResult, Parts, Results, Series, output, part, trace, typed};
use crate::figures::{colour, io};

pub static EXPERIMENT: Experiment = Experiment {
    name: "linear",
    jobs: || RULES.iter().map(|r| r.name().to_string()).collect(),
    run: |job| output(&run(RuleKind::from_name(job).expect("a rule"))),
    assemble,
    section,
};

const RULES: [RuleKind; 4] =
    [RuleKind::BACKPROP, RuleKind::FEEDBACK_ALIGNMENT, RuleKind::SHALLOW, RuleKind::NODE_PERTURBATION];
/// Steps trained, and how often they are measured (so that 500, 2,000 and 4,000 are measured exactly).
const STEPS: u32 = 4000;
const EVERY: u32 = 50;

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

fn run(rule: RuleKind) -> LinearRun {
    let config = Config::preset_for(TaskKind::LINEAR, rule);
    let learning_rate = config.learning_rate;
    let points = trace(config, STEPS, EVERY);
    let series = |f: &dyn Fn(&Diagnostics) -> Option<f64>| -> Series {
        points.iter().filter_map(|d| f(d).map(|v| (d.step as f64, v))).collect()
    };
    LinearRun {
        learning_rate,
        nse: series(&|d| d.nse),
        feedback_angle_deg: series(&|d| d.layers[0].feedback_angle_deg),
        update_angle_deg: series(&|d| d.layers[0].update_angle_deg),
    }
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let runs =
        ByRule(RULES.iter().map(|r| Ok((r.name().to_string(), part(parts, r.name())?))).collect::<IoResult<_>>()?);
    figure(&out.join("linear.svg"), &runs)?;
    Ok(output(&runs))
}

/// Normalized error (log scale) and hidden-layer angles over examples.
fn figure(path: &Path, runs: &ByRule<LinearRun>) -> IoResult<()> {
    let root = SVGBackend::new(path, (1000, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let (left, right) = root.split_horizontally(500);
    let end = runs.0.iter().flat_map(|(_, r)| r.nse.last()).map(|p| p.0).fold(1.0, f64::max);
    let lo = runs.0.iter().flat_map(|(_, r)| r.nse.iter().map(|p| p.1)).fold(1.0, f64::min).max(1e-8);
    let mut chart = ChartBuilder::on(&left)
        .caption("normalized error, linear task", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..end, (lo * 0.5..2.0).log_scale())
        .map_err(io)?;
    chart.configure_mesh().x_desc("examples").y_desc("NSE").draw().map_err(io)?;
    let rules = || runs.0.iter().filter_map(|(name, run)| RuleKind::from_name(name).map(|r| (r, run)));
    for (rule, run) in rules() {
        let c = colour(rule);
        chart
            .draw_series(LineSeries::new(run.nse.iter().copied(), c.stroke_width(2)))
            .map_err(io)?
            .label(rule.title())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
    }
    chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw().map_err(io)?;
    let mut chart = ChartBuilder::on(&right)
        .caption("hidden layer: angles (°)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(46)
        .build_cartesian_2d(0.0..end, 0.0..120.0)
        .map_err(io)?;
    chart.configure_mesh().x_desc("examples").y_desc("degrees").draw().map_err(io)?;
    chart.draw_series(LineSeries::new([(0.0, 90.0), (end, 90.0)], BLACK.mix(0.5))).map_err(io)?;
    for (rule, run) in rules() {
        let (c, feedback, update) = (colour(rule), &run.feedback_angle_deg, &run.update_angle_deg);
        if !feedback.is_empty() {
            chart
                .draw_series(LineSeries::new(feedback.iter().copied(), c.stroke_width(2)))
                .map_err(io)?
                .label(format!("{}: W–Bᵀ", rule.name()))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        }
        if rule != RuleKind::BACKPROP && !update.is_empty() {
            chart
                .draw_series(LineSeries::new(update.iter().copied(), c.mix(0.5)))
                .map_err(io)?
                .label(format!("{}: update vs backprop", rule.name()))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.mix(0.5)));
        }
    }
    chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw().map_err(io)?;
    root.present().map_err(io)
}

/// The value of `series` at exactly `x`.
fn at(series: &[(f64, f64)], x: f64) -> Option<f64> {
    series.iter().find(|p| p.0 == x).map(|p| p.1)
}

fn sci(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2e}"))
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let linear: ByRule<LinearRun> = typed(result)?;
    let mut md = format!(
        "## Linear task (Lillicrap et al. 2016)\n\n![linear]({figures}/linear.svg)\n\n\
         The paper's 30–20–10 linear network learning `y = T x`, one example a step. Normalized error (test set) and, for\n\
         the hidden layer, the angle between `W₂ᵀ` and the feedback `B` and between the rule's update and backprop's.\n\n\
         | rule | η | NSE at 500 | NSE at 2,000 | NSE at 4,000 | W–Bᵀ angle at 0 → 4,000 |\n|---|---|---|---|---|---|\n"
    );
    for (name, run) in &linear.0 {
        let angle = match (run.feedback_angle_deg.first(), run.feedback_angle_deg.last()) {
            (Some(a), Some(b)) => format!("{:.1}° → {:.1}°", a.1, b.1),
            _ => "–".into(),
        };
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {} | {} | {angle} |",
            run.learning_rate,
            sci(at(&run.nse, 500.0)),
            sci(at(&run.nse, 2000.0)),
            sci(at(&run.nse, 4000.0))
        );
    }
    let nse_at = |rule: &str, step: f64| linear.get(rule).and_then(|r| at(&r.nse, step));
    let fa_ahead = nse_at("fa", 500.0) < nse_at("backprop", 500.0);
    let _ = writeln!(
        md,
        "\nLillicrap et al. report that the angle between feedback alignment's and backprop's hidden updates soon falls\n\
         well below 90° and that it learns the task about as fast as backprop, while shallow learning stalls; node\n\
         perturbation learns far more slowly (Werfel et al. 2005).{}\n",
        if fa_ahead {
            " Here feedback alignment is even ahead of backprop early on: backprop's hidden layer starts with almost no \
             gradient (its error comes through `W₂ ≈ 0`), while `B` is large from the start."
        } else {
            ""
        }
    );
    Ok(md)
}
