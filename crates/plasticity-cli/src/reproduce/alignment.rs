//! `alignment`: each rule's update angle to backprop per hidden layer over training, on the digits with two hidden
//! layers of 32. One job per rule.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::{Config, RuleKind, TaskKind};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ByRule, Experiment, IoResult, Parts, Results, Series, output, part, trace, typed};
use crate::figures::{colour, io};

pub static EXPERIMENT: Experiment = Experiment {
    name: "alignment",
    jobs: || rules().map(|r| r.name().to_string()).collect(),
    run: |job| output(&run(RuleKind::from_name(job).expect("a rule"))),
    assemble,
    section,
};

/// The rules compared: every supervised rule that trains hidden layers, but backprop itself and shallow learning.
fn rules() -> impl Iterator<Item = RuleKind> {
    RuleKind::ALL.iter().copied().filter(|r| {
        r.is_supervised() && r.info().single_layer.is_none() && ![RuleKind::BACKPROP, RuleKind::SHALLOW].contains(r)
    })
}

/// One rule's update angle to backprop over training, per hidden layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlignmentRun {
    /// Per hidden layer, `(step, degrees)`.
    pub update_angle_deg: Vec<Series>,
}

fn run(rule: RuleKind) -> AlignmentRun {
    let config = Config { hidden: vec![32, 32], ..Config::preset_for(TaskKind::DIGITS, rule) };
    let points = trace(config, 2000, 50);
    let layers = (0..2)
        .map(|l| points.iter().filter_map(|d| d.layers[l].update_angle_deg.map(|a| (d.step as f64, a))).collect())
        .collect();
    AlignmentRun { update_angle_deg: layers }
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let runs = ByRule(rules().map(|r| Ok((r.name().to_string(), part(parts, r.name())?))).collect::<IoResult<_>>()?);
    figure(&out.join("alignment.svg"), &runs)?;
    Ok(output(&runs))
}

/// Update angle to backprop per hidden layer over steps, one line per rule.
fn figure(path: &Path, runs: &ByRule<AlignmentRun>) -> IoResult<()> {
    let root = SVGBackend::new(path, (1000, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let panels = root.split_evenly((1, 2));
    let end = runs
        .0
        .iter()
        .flat_map(|(_, r)| r.update_angle_deg.iter().flat_map(|s| s.last()))
        .map(|p| p.0)
        .fold(1.0, f64::max);
    for (l, panel) in panels.iter().enumerate() {
        let mut chart = ChartBuilder::on(panel)
            .caption(format!("hidden layer {}: update vs backprop (°)", l + 1), ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(46)
            .build_cartesian_2d(0.0..end, 0.0..120.0)
            .map_err(io)?;
        chart.configure_mesh().x_desc("steps").y_desc("degrees").draw().map_err(io)?;
        chart.draw_series(LineSeries::new([(0.0, 90.0), (end, 90.0)], BLACK.mix(0.5))).map_err(io)?;
        for (name, run) in &runs.0 {
            let Some(rule) = RuleKind::from_name(name) else { continue };
            let (c, layer) = (colour(rule), run.update_angle_deg.get(l).map_or(&[][..], |s| s.as_slice()));
            chart
                .draw_series(LineSeries::new(layer.iter().copied(), c.stroke_width(2)))
                .map_err(io)?
                .label(rule.name())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        }
        if l == 1 {
            chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).draw().map_err(io)?;
        }
    }
    root.present().map_err(io)
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let alignment: ByRule<AlignmentRun> = typed(result)?;
    let mut md = format!(
        "## Alignment: each rule's update against backprop's\n\n![alignment]({figures}/alignment.svg)\n\n\
         Digits, 64–32–32–10. Angle between the rule's update of each hidden layer and backprop's on the same mini-batch,\n\
         at the start and after 2,000 steps (for equilibrium propagation, whose network settles, the reference is the\n\
         gradient of the loss at its equilibrium — backprop through its own recurrent network):\n\n\
         | rule | layer 1: start → end | layer 2: start → end |\n|---|---|---|\n"
    );
    for (name, run) in &alignment.0 {
        let cell = |l: usize| match run.update_angle_deg.get(l).map(|s| (s.first(), s.last())) {
            Some((Some(a), Some(b))) => format!("{:.0}° → {:.0}°", a.1, b.1),
            _ => "–".into(),
        };
        let _ = writeln!(md, "| {name} | {} | {} |", cell(0), cell(1));
    }
    md.push('\n');
    Ok(md)
}
