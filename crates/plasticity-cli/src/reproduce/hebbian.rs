//! `hebbian`: Oja's and Sanger's rules against the true principal axes of the Gaussian cloud (Oja 1982; Sanger
//! 1989). One job per rule.

use std::fmt::Write as _;
use std::path::Path;

use plasticity::{Config, RuleKind, TaskKind, Trainer};
use plasticity_charts::palette;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ByRule, Experiment, IoResult, Parts, Results, output, part, typed};
use crate::figures::{io, legend};

pub static EXPERIMENT: Experiment = Experiment {
    name: "hebbian",
    jobs: || RULES.iter().map(|r| r.name().to_string()).collect(),
    run: |job| output(&run(RuleKind::from_name(job).expect("a rule"))),
    assemble,
    section,
};

const RULES: [RuleKind; 2] = [RuleKind::OJA, RuleKind::SANGER];

/// Per unit: `(step, |cos(w, target axis)|, ‖w‖)` over training.
pub type UnitTrace = Vec<(f64, f64, f64)>;

/// One Hebbian rule on the Gaussian cloud.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HebbianRun {
    /// One trace per output unit.
    pub units: Vec<UnitTrace>,
}

/// `rule` on the cloud (seed 1) for 3,000 steps: |cos| of each unit's weights with its target axis, and norms.
fn run(rule: RuleKind) -> HebbianRun {
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
    HebbianRun { units }
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let runs =
        ByRule(RULES.iter().map(|r| Ok((r.name().to_string(), part(parts, r.name())?))).collect::<IoResult<_>>()?);
    figure(&out.join("hebbian.svg"), &runs)?;
    Ok(output(&runs))
}

/// |cos| with the target axis over steps, one line per unit and rule.
fn figure(path: &Path, runs: &ByRule<HebbianRun>) -> IoResult<()> {
    let root = SVGBackend::new(path, (700, 380)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let end = runs.0.iter().flat_map(|(_, r)| r.units.iter().flat_map(|u| u.last())).map(|p| p.0).fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption("Hebbian rules: |cos(w_i, target axis)|", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(46)
        .build_cartesian_2d(0.0..end, 0.0..1.05)
        .map_err(io)?;
    chart.configure_mesh().x_desc("steps").draw().map_err(io)?;
    for (k, (name, run)) in runs.0.iter().enumerate() {
        for (i, unit) in run.units.iter().enumerate() {
            let c = palette::series(2 * k + i);
            let target = if name == "sanger" { i + 1 } else { 1 };
            chart
                .draw_series(LineSeries::new(unit.iter().map(|p| (p.0, p.1)), c.stroke_width(2)))
                .map_err(io)?
                .label(format!("{name} unit {} vs u{target}", i + 1))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        }
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    root.present().map_err(io)
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let hebbian: ByRule<HebbianRun> = typed(result)?;
    let mut md = format!("## Hebbian rules against the true principal axes\n\n![hebbian]({figures}/hebbian.svg)\n\n");
    md.push_str(
        "A 2-D Gaussian cloud with variances 3 and 0.5 along seeded axes; a 2 → 2 linear layer, η = 0.02, batch 10.\n\
         Oja's units each seek the first axis u₁ (norm → 1); Sanger's unit i seeks u_i. After 3,000 steps:\n\n\
         | rule | unit | target axis | abs(cos) | norm of w |\n|---|---|---|---|---|\n",
    );
    for (name, run) in &hebbian.0 {
        for (i, unit) in run.units.iter().enumerate() {
            let Some(&(_, cos, norm)) = unit.last() else { continue };
            let axis = if name == "sanger" { i + 1 } else { 1 };
            let _ = writeln!(md, "| {name} | {} | u{axis} | {cos:.5} | {norm:.4} |", i + 1);
        }
    }
    md.push_str(
        "\nHebb's rule has no such fixed point: its weights grow along u₁ without bound until the run is stopped\n\
         as diverged (`cargo test -p plasticity --test hebbian`).\n\n",
    );
    Ok(md)
}
