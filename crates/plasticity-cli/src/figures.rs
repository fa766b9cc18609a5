//! SVG figures for the reproductions (plotters' SVG backend).

use std::path::Path;

use plasticity::RuleKind;
use plasticity_charts::palette;
use plotters::prelude::*;

use crate::reproduce::{AlignmentRun, ByRule, HebbianRun, LinearRun, Row};

fn io<E: std::fmt::Debug>(e: E) -> std::io::Error {
    std::io::Error::other(format!("{e:?}"))
}

/// A rule's colour: its place in the registry, in the lab's series palette.
fn colour(rule: RuleKind) -> RGBColor {
    palette::series(RuleKind::ALL.iter().position(|r| *r == rule).unwrap_or(0))
}

/// The rules of a set of results, with their runs (names that are no longer rules are skipped).
fn rules<T>(runs: &ByRule<T>) -> impl Iterator<Item = (RuleKind, &T)> {
    runs.0.iter().filter_map(|(name, run)| RuleKind::from_name(name).map(|r| (r, run)))
}

/// A task's charts, stacked, drawn by the lab's own chart code (as on the page), `size` pixels.
pub fn task_charts(path: &Path, charts: &[plasticity::tasks::Chart], size: (u32, u32)) -> std::io::Result<()> {
    use plasticity_charts::paint::Painter;
    use plasticity_charts::theme::Theme;
    let mut svg = SVGBackend::new(path, size);
    {
        use plotters::prelude::DrawingBackend;
        svg.draw_rect((0, 0), (size.0 as i32, size.1 as i32), &WHITE, true).map_err(io)?;
    }
    {
        let mut p = Painter::new(&mut svg, Theme::new(f64::from(size.0), 1.0, 13.0));
        let area = p.area();
        plasticity_charts::task::charts(&mut p, area, charts).map_err(io)?;
    }
    svg.present().map_err(io)
}

/// Test accuracy of each spiking run, mean over seeds: one bar per rule and surrogate, per task.
pub fn spikes(path: &Path, runs: &[crate::reproduce::phenomena::SpikeRun]) -> std::io::Result<()> {
    let tasks: Vec<&str> = runs.iter().fold(Vec::new(), |mut v, r| {
        if !v.contains(&r.task.as_str()) {
            v.push(&r.task);
        }
        v
    });
    let root = SVGBackend::new(path, (900, 330 * tasks.len().max(1) as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let panels = root.split_evenly((tasks.len().max(1), 1));
    for (panel, task) in panels.iter().zip(&tasks) {
        let rows: Vec<_> = runs.iter().filter(|r| r.task == *task).collect();
        let n = rows.len() as f64;
        let mut chart = ChartBuilder::on(panel)
            .caption(format!("{task}: test accuracy with spiking hidden units (mean of seeds)"), ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..1.0, 0.0..n)
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
                let c = RuleKind::from_name(&r.rule).map_or(BLACK, colour);
                let y = i as f64;
                Rectangle::new(
                    [(0.0, y + 0.15), (r.mean, y + 0.85)],
                    c.mix(if r.surrogate == "none" && r.rule != "node-perturbation" { 0.35 } else { 0.9 }).filled(),
                )
            }))
            .map_err(io)?;
    }
    root.present().map_err(io)
}

/// Normalized error (log scale) and hidden-layer angles over examples.
pub fn linear(path: &Path, runs: &ByRule<LinearRun>) -> std::io::Result<()> {
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
    for (rule, run) in rules(runs) {
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
    for (rule, run) in rules(runs) {
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

/// Test accuracy per rule, mean ± sd over seeds.
pub fn digits(path: &Path, caption: &str, rows: &[Row]) -> std::io::Result<()> {
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
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
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
        let (mean, (low, high)) = (r.mean, r.interval);
        let y = k as f64;
        chart
            .draw_series([Rectangle::new([(lo, y + 0.2), (mean, y + 0.8)], palette::series(k).mix(0.8).filled())])
            .map_err(io)?;
        chart
            .draw_series([PathElement::new([(low.max(lo), y + 0.5), (high.min(1.0), y + 0.5)], BLACK.stroke_width(2))])
            .map_err(io)?;
    }
    root.present().map_err(io)
}

/// Node perturbation's slowdown against the number of perturbed units, one panel per sweep, each with its
/// fitted prediction `c × units`.
pub fn slowdown(path: &Path, s: &crate::reproduce::Slowdown) -> std::io::Result<()> {
    let root = SVGBackend::new(path, (1000, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let panels = root.split_evenly((1, 2));
    let sweeps = [
        (&s.outputs, "one layer, 30 → M outputs", "perturbed units (the outputs, M)"),
        (&s.hidden, "the lab's 30–H–10 network", "perturbed units (H hidden + 10 outputs)"),
    ];
    for (panel, (sweep, title, x_desc)) in panels.iter().zip(sweeps) {
        let points: Vec<(f64, f64)> =
            sweep.points.iter().filter(|p| p.ratio.is_finite()).map(|p| (p.perturbed as f64, p.ratio)).collect();
        let xmax = points.iter().map(|p| p.0).fold(10.0, f64::max) * 1.1;
        let ymax = points.iter().map(|p| p.1).fold(sweep.per_unit * xmax, f64::max) * 1.3;
        let mut chart = ChartBuilder::on(panel)
            .caption(format!("NP slowdown vs backprop: {title}"), ("sans-serif", 17))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0.0..xmax, 0.0..ymax)
            .map_err(io)?;
        chart.configure_mesh().x_desc(x_desc).y_desc("learning time ÷ backprop's").draw().map_err(io)?;
        let line = palette::series(1);
        chart
            .draw_series(LineSeries::new([(0.0, 0.0), (xmax, sweep.per_unit * xmax)], line.stroke_width(2)))
            .map_err(io)?
            .label(format!("Werfel et al.: ∝ units (c = {:.2})", sweep.per_unit))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], line.stroke_width(2)));
        let dot = palette::series(0);
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 6, dot.filled())))
            .map_err(io)?
            .label(format!("measured (log-log slope {:.2})", sweep.exponent))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, dot.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(io)?;
    }
    root.present().map_err(io)
}

/// Test loss over training, one line per rule (log scale).
pub fn curves(path: &Path, caption: &str, rows: &[Row]) -> std::io::Result<()> {
    let root = SVGBackend::new(path, (1000, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(io)?;
    let points = || rows.iter().flat_map(|r| r.test_loss.iter().copied()).filter(|p| p.1.is_finite() && p.1 > 0.0);
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
        let Some(rule) = RuleKind::from_name(&r.rule) else { continue };
        let c = colour(rule);
        let line = r.test_loss.iter().copied().filter(|p| p.1.is_finite() && p.1 > 0.0);
        chart
            .draw_series(LineSeries::new(line, c.stroke_width(if rule == RuleKind::BACKPROP { 4 } else { 2 })))
            .map_err(io)?
            .label(r.title.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(io)?;
    root.present().map_err(io)
}

/// Update angle to backprop per hidden layer over steps, one line per rule.
pub fn alignment(path: &Path, runs: &ByRule<AlignmentRun>) -> std::io::Result<()> {
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
        for (rule, run) in rules(runs) {
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

/// |cos| with the target axis over steps, one line per unit and rule.
pub fn hebbian(path: &Path, runs: &ByRule<HebbianRun>) -> std::io::Result<()> {
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
    for (k, (rule, run)) in rules(runs).enumerate() {
        for (i, unit) in run.units.iter().enumerate() {
            let c = palette::series(2 * k + i);
            let target = if rule == RuleKind::SANGER { i + 1 } else { 1 };
            chart
                .draw_series(LineSeries::new(unit.iter().map(|p| (p.0, p.1)), c.stroke_width(2)))
                .map_err(io)?
                .label(format!("{} unit {} vs u{target}", rule.name(), i + 1))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(io)?;
    root.present().map_err(io)
}
