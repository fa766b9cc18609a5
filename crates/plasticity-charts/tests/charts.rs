//! The charts laid out natively on a recording backend: what a reader would see on every panel, for every rule
//! on its task, at several sizes — labels present, none overlapping or cut off, angles to 180° drawn, numbers
//! written one way.

use plasticity::{Config, RuleKind, TaskKind, Trainer};
use plasticity_charts::axis::{Labels, labels, log_ticks};
use plasticity_charts::history::{ErrorTrace, History};
use plasticity_charts::paint::{Painter, Rect};
use plasticity_charts::panels::{activity, alignment, errors, loss, network, task};
use plasticity_charts::recorder::Recorder;
use plasticity_charts::scene::{BOUNDARY_GRID, Scene};
use plasticity_charts::theme::Theme;

/// A run of `config` measured `measurements` times, `steps` apart.
struct Run {
    trainer: Trainer,
    history: History,
    trace: ErrorTrace,
    latest: plasticity::Diagnostics,
    grid: Vec<f64>,
}

fn run(config: Config, measurements: usize, steps: u32) -> Run {
    let mut trainer = Trainer::new(config).unwrap();
    let units: Vec<usize> = trainer.network().layers.iter().map(|l| l.w.nrows()).collect();
    let (mut history, mut trace) = (History::new(600), ErrorTrace::new(&units, 60));
    let mut latest = trainer.diagnostics();
    for _ in 0..measurements {
        trainer.step(steps);
        latest = trainer.diagnostics();
        history.record(&latest);
        trace.record(&latest);
    }
    let mut grid = vec![0.0; BOUNDARY_GRID * BOUNDARY_GRID];
    if trainer.config().task.is_planar() {
        trainer.boundary(BOUNDARY_GRID, plasticity::tasks::PLANAR_RANGE, &mut grid);
    } else {
        grid.clear();
    }
    Run { trainer, history, trace, latest, grid }
}

impl Run {
    fn scene(&self) -> Scene<'_> {
        Scene {
            trainer: &self.trainer,
            history: &self.history,
            trace: &self.trace,
            latest: &self.latest,
            boundary: &self.grid,
        }
    }
}

type Chart = fn(
    &mut Painter<'_, Recorder>,
    Rect,
    &Scene<'_>,
) -> Result<(), plotters_backend::DrawingErrorKind<plasticity_charts::recorder::Never>>;

const PANELS: [(&str, Chart); 6] = [
    ("loss", loss::draw),
    ("alignment", alignment::draw),
    ("errors", errors::draw),
    ("activity", activity::draw),
    ("task", task::draw),
    ("network", network::draw),
];

/// Runs side by side as the comparison charts take them, each with its label, coloured in order.
fn side_by_side<'a>(runs: impl Iterator<Item = (&'a Run, &'a str)>) -> Vec<plasticity_charts::compare::Run<'a>> {
    runs.enumerate()
        .map(|(k, (r, label))| plasticity_charts::compare::Run { label, colour: k, scene: r.scene() })
        .collect()
}

/// Draws `chart` for `scene` on a `width × height` CSS-pixel surface at `dpr`.
fn draw(chart: Chart, scene: &Scene<'_>, (width, height): (u32, u32), dpr: f64) -> Recorder {
    let (w, h) = ((f64::from(width) * dpr) as u32, (f64::from(height) * dpr) as u32);
    let mut rec = Recorder::new(w, h);
    let theme = Theme::new(f64::from(width), dpr, 11.0);
    let mut p = Painter::new(&mut rec, theme);
    let area = p.area();
    chart(&mut p, area, scene).unwrap();
    rec
}

/// Labels written in engineering notation have exponents that are multiples of three.
fn engineering(text: &str) -> bool {
    let number = |c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e');
    text.split_whitespace().map(|w| w.trim_matches(number)).all(|word| match word.split_once('e') {
        Some((m, e)) if m.parse::<f64>().is_ok() => e.parse::<i32>().is_ok_and(|e| e % 3 == 0),
        _ => true,
    })
}

#[test]
fn every_panel_of_every_rule_is_legible_at_every_size() {
    let sizes = [(330, 240), (520, 370), (390, 280)];
    let mut checked = 0;
    for task in TaskKind::available() {
        for &rule in RuleKind::ALL {
            let config = Config::preset_for(task, rule);
            if config.validate().is_err() {
                continue;
            }
            let r = run(config, 6, 20);
            let scene = r.scene();
            for (name, chart) in PANELS {
                for (size, dpr) in sizes.iter().zip([1.0, 2.0, 1.5]) {
                    let rec = draw(chart, &scene, *size, dpr);
                    let what = format!("{task}/{rule} {name} at {size:?}×{dpr}");
                    assert!(!rec.texts.is_empty() || name == "task", "{what}: no words at all");
                    assert_eq!(rec.overlaps(), Vec::<(String, String)>::new(), "{what}: labels overlap");
                    assert_eq!(rec.clipped(), Vec::<String>::new(), "{what}: labels cut off");
                    assert!(rec.texts.iter().all(|t| engineering(&t.text)), "{what}: {:?}", rec.texts);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// A run whose losses are rescaled to span `span` (from 0.5 down to 0.5 / span) over its history.
fn spanning(span: f64) -> Run {
    let mut r = run(Config::preset(TaskKind::XOR), 0, 0);
    let n = 40;
    for k in 0..n {
        r.trainer.step(5);
        let mut d = r.trainer.diagnostics();
        let v = 0.5 / span.powf(k as f64 / (n - 1) as f64);
        (d.train_loss, d.test_loss) = (v, v * 1.01);
        r.history.record(&d);
        r.trace.record(&d);
        r.latest = d;
    }
    r
}

#[test]
fn the_log_loss_axis_is_labelled_at_spans_of_1_5_10_and_a_million() {
    for span in [1.5, 10.0, 1e6] {
        let r = spanning(span);
        let rec = draw(loss::draw, &r.scene(), (420, 300), 1.0);
        let (lo, hi) = (0.5 / span / 1.1, 0.5 * 1.01 * 1.1);
        // The loss axis's tick labels: numbers within the losses' range, on the left of the chart.
        let value = |t: &str| t.parse::<f64>().ok();
        let ticks: Vec<f64> = rec
            .texts
            .iter()
            .filter(|t| t.rect.right < 100)
            .filter_map(|t| value(&t.text))
            .filter(|v| (lo..=hi).contains(v))
            .collect();
        assert!(
            ticks.len() >= 2,
            "span {span}: tick labels {ticks:?} among {:?}",
            rec.texts.iter().map(|t| (&t.text, t.rect)).collect::<Vec<_>>()
        );
        let expected = labels(&log_ticks(lo, hi, ticks.len()), Labels::Number);
        assert!(expected.iter().all(|l| rec.find(l).is_some()), "span {span}: {expected:?}");
        assert!(
            rec.overlaps().is_empty() && rec.clipped().is_empty(),
            "span {span}: {:?} {:?}",
            rec.overlaps(),
            rec.clipped()
        );
    }
}

#[test]
fn angles_above_135_degrees_are_drawn_inside_the_plot() {
    let mut r = run(Config::preset(TaskKind::XOR), 0, 0);
    for k in 0..30 {
        r.trainer.step(5);
        let mut d = r.trainer.diagnostics();
        d.layers[0].feedback_angle_deg = Some(100.0 + 2.5 * k as f64); // up to 172.5°
        r.history.record(&d);
        r.latest = d;
    }
    let rec = draw(alignment::draw, &r.scene(), (420, 300), 1.0);
    let at = |label: &str| rec.find(label).map(|t| (t.rect.top + t.rect.bottom) / 2).unwrap();
    let (y135, y180) = (at("135°"), at("180°"));
    // The data line: the polyline of many points (legend swatches and grid lines have two).
    let highest =
        rec.paths.iter().filter(|(pts, _)| pts.len() > 2).flat_map(|(pts, _)| pts.iter().map(|p| p.1)).min().unwrap();
    assert!(highest < y135 && highest >= y180 - 2, "the line reaches {highest}; 135° is at {y135}, 180° at {y180}");
    assert!(rec.find("unrelated").is_some(), "90° is marked");
}

#[test]
fn panels_without_their_quantity_say_why_in_words() {
    let says = |config: Config, chart: Chart, words: &str| {
        let r = run(config, 3, 10);
        let rec = draw(chart, &r.scene(), (420, 300), 1.0);
        let all: String = rec.texts.iter().map(|t| t.text.clone()).collect::<Vec<_>>().join(" ");
        assert!(all.contains(words), "expected «{words}» in «{all}»");
    };
    let wp = Config::preset_for(TaskKind::XOR, RuleKind::WEIGHT_PERTURBATION);
    says(wp.clone(), errors::draw, "no per-unit error signal");
    says(wp, activity::draw, "perturbs every weight");
    says(Config::preset_for(TaskKind::CLOUD, RuleKind::OJA), alignment::draw, "follows no loss");
    says(Config::preset_for(TaskKind::CLOUD, RuleKind::OJA), loss::draw, "angle to the principal axes");
    says(Config::preset_for(TaskKind::XOR, RuleKind::SHALLOW), alignment::draw, "leaves the hidden layers");
    says(Config::preset_for(TaskKind::XOR, RuleKind::SHALLOW), errors::draw, "no error signal reaches this layer");
    says(Config::preset_for(TaskKind::XOR, RuleKind::BACKPROP), alignment::draw, "the gradient itself");
    says(Config::preset_for(TaskKind::XOR, RuleKind::FEEDBACK_ALIGNMENT), activity::draw, "implied target f(z − δ)");
    says(Config::preset_for(TaskKind::XOR, RuleKind::PREDICTIVE_CODING), activity::draw, "with the feedback");
}

/// A caption describes only what its panel draws: no test loss for a rule that has no loss, no feedback matrix
/// for a rule without one, no target for a rule that sends no error.
#[test]
fn captions_describe_what_the_panel_draws_for_this_rule() {
    use plasticity::rules::Pathway;
    let mut checked = 0;
    for task in TaskKind::available() {
        for &rule in RuleKind::ALL {
            let config = Config::preset_for(task, rule);
            if config.validate().is_err() {
                continue;
            }
            let r = run(config, 1, 5);
            let s = r.scene();
            let what = format!("{task}/{rule}");
            let loss = (loss::PANEL.caption)(&s);
            let measures_shown = !rule.is_supervised() && !s.latest.measures.is_empty();
            assert_eq!(loss.caption.contains("test"), !measures_shown, "{what}: {loss:?}");
            // "Held-out" only where the test set is held out: the prism's and the walk's one set is both.
            let one_set = task.info().loss_caption.is_some();
            assert_eq!(loss.caption.contains("held-out"), !measures_shown && !one_set, "{what}: {loss:?}");
            let network = (network::PANEL.caption)(&s);
            let layered = matches!(r.trainer.rule().internals().feedback, Pathway::Layered(_));
            assert_eq!(network.caption.contains("feedback weights B"), layered, "{what}: {network:?}");
            let silent = rule.info().silent.is_some();
            let activity = (activity::PANEL.caption)(&s);
            assert_eq!(activity.caption.contains("Grey"), !silent, "{what}: {activity:?}");
            let alignment = (alignment::PANEL.caption)(&s);
            let feedback_drawn = s.latest.layers[..s.hidden()].iter().any(|l| l.feedback_angle_deg.is_some());
            assert_eq!(alignment.caption.contains("Thick"), feedback_drawn, "{what}: {alignment:?}");
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
}

/// On a plot too small for every tick label — side by side on a phone, each run's task view is about 170 × 130
/// CSS pixels — a label that would run into its neighbour is left out ("1,500" over "1,600" was drawn before).
#[test]
fn tick_labels_never_run_into_each_other_on_a_small_plot() {
    let number = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ",.-e%°".contains(c));
    for (task, rule) in
        [(TaskKind::PRISM, RuleKind::DELTA), (TaskKind::LTP, RuleKind::HEBB), (TaskKind::XOR, RuleKind::BACKPROP)]
    {
        let r = run(Config::preset_for(task, rule), 10, 150);
        for size in [(170, 130), (150, 110)] {
            for (name, chart) in [("task", task::draw as Chart), ("loss", loss::draw as Chart)] {
                let rec = draw(chart, &r.scene(), size, 3.0);
                let ticks: Vec<_> = rec.texts.iter().filter(|t| number(&t.text)).collect();
                for (i, a) in ticks.iter().enumerate() {
                    for b in &ticks[i + 1..] {
                        assert!(
                            !a.rect.overlaps(&b.rect),
                            "{task}/{rule} {name} at {size:?}: '{}' runs into '{}'",
                            a.text,
                            b.text
                        );
                    }
                }
            }
        }
    }
}

/// Side by side on a 1280×720 projector (the alignment chart is 489×390 CSS pixels there, labels 22 px), four runs'
/// legend leaves the data most of the chart: its rows take at most a quarter of the height of the data area. Two
/// legend entries per run, as before, took about as much height as the data.
#[test]
fn a_comparisons_legend_leaves_the_data_area_on_a_projector() {
    use plasticity_charts::compare::alignment;
    let rules =
        [RuleKind::FEEDBACK_ALIGNMENT, RuleKind::SIGN_SYMMETRY, RuleKind::KOLEN_POLLACK, RuleKind::WEIGHT_MIRROR];
    let runs: Vec<Run> = rules.iter().map(|&rule| run(Config::preset_for(TaskKind::XOR, rule), 10, 50)).collect();
    let labels: Vec<String> = rules.iter().map(|r| r.title().to_string()).collect();
    let compared = side_by_side(runs.iter().zip(labels.iter().map(String::as_str)));
    let mut rec = Recorder::new(489, 390);
    let mut p = Painter::new(&mut rec, Theme::new(489.0, 1.0, 22.0));
    let area = p.area();
    alignment(&mut p, area, &compared).unwrap();
    let find = |t: &str| rec.texts.iter().find(|x| x.text == t).unwrap_or_else(|| panic!("no '{t}' drawn"));
    let entries = ["ΔW₁ vs backprop", "B₁ vs W₂ᵀ"].map(|t| find(t).rect);
    let legend = entries.iter().map(|r| r.bottom).max().unwrap() - entries.iter().map(|r| r.top).min().unwrap();
    let data = find("0°").rect.bottom - find("180°").rect.top;
    assert!(f64::from(legend) <= 0.25 * f64::from(data), "the legend is {legend} px tall; the data area {data} px");
    assert!(rec.texts.iter().all(|t| !labels.contains(&t.text)), "the runs are named beside the chart, not in it");
    // The loss chart beside it names the runs where there is room (a laptop), and leaves them to the runs' rows on
    // the projector's short chart, where three rows of names left the losses a strip.
    for (size, font, named) in [((489, 270), 22.0, false), ((489, 390), 11.0, true)] {
        let mut rec = Recorder::new(size.0, size.1);
        let mut p = Painter::new(&mut rec, Theme::new(f64::from(size.0), 1.0, font));
        let area = p.area();
        plasticity_charts::compare::loss(&mut p, area, &compared).unwrap();
        let names = rec.texts.iter().filter(|t| labels.contains(&t.text)).count();
        assert_eq!(names, if named { labels.len() } else { 0 }, "{size:?} at {font} px");
    }
}

/// The NGRAD steps' point made visible: where equilibrium propagation's nudged activity differs from its free one by
/// a few hundredths (the two bars look the same), the activity panel draws the difference itself on its own scale,
/// its tallest bar a good part of the band; a rule whose feedback moves no activity (backprop) draws no such bars.
#[test]
fn the_activity_panel_draws_the_difference_feedback_makes() {
    use plasticity_charts::palette::INK;
    let ink = (INK.0, INK.1, INK.2);
    for (rule, expected) in [(RuleKind::EQUILIBRIUM_PROPAGATION, true), (RuleKind::BACKPROP, false)] {
        let r = run(Config::preset_for(TaskKind::XOR, rule), 10, 200);
        let gap: f64 = r.latest.layers[0]
            .forward
            .iter()
            .zip(&r.latest.layers[0].feedback)
            .map(|(a, b)| (b - a).abs())
            .fold(0.0, f64::max);
        let rec = draw(activity::draw, &r.scene(), (330, 260), 1.0);
        let tallest = rec.rects.iter().filter(|(_, c)| *c == ink).map(|(r, _)| r.bottom - r.top).max().unwrap_or(0);
        if expected {
            assert!(gap > 0.0 && gap < 0.2, "{rule}: the free and nudged activity differ by {gap}");
            assert!(tallest >= 10, "{rule}: the tallest difference bar is {tallest} px");
        } else {
            assert_eq!(tallest, 0, "{rule}: no difference bars");
        }
    }
}

/// Backprop's note ("… the gradient itself: 0° at every step") is written on a plot wide enough for it, and left out
/// of one too narrow (a projector's third of a 1280 px screen with 22 px labels), where its box covered the data and
/// the 90° mark's label.
#[test]
fn a_note_is_left_out_of_a_plot_too_narrow_for_it() {
    let r = run(Config::preset_for(TaskKind::XOR, RuleKind::BACKPROP), 5, 50);
    let at = |size: (u32, u32), font: f64| {
        let mut rec = Recorder::new(size.0, size.1);
        let mut p = Painter::new(&mut rec, Theme::new(f64::from(size.0), 1.0, font));
        let area = p.area();
        alignment::draw(&mut p, area, &r.scene()).unwrap();
        rec
    };
    let gradient = |rec: &Recorder| rec.texts.iter().any(|t| t.text.contains("gradient"));
    assert!(gradient(&at((420, 300), 11.0)), "the note on a laptop's plot");
    let narrow = at((290, 330), 22.0);
    assert!(!gradient(&narrow), "no note on the narrow plot");
    assert!(narrow.find("unrelated").is_some(), "the 90° mark keeps its label");
}

/// A note written over a plot ("No hidden update, so no line: …") sits on a white box that covers all its lines, so
/// the 90° mark drawn before it does not strike through it; on a projector's short chart, where it would wrap over
/// the data, it is a line of the legend above the plot instead, or left out when too long for one.
#[test]
fn notes_on_a_plot_sit_on_their_own_box() {
    use plasticity_charts::compare::alignment;
    let rules = [RuleKind::FEEDBACK_ALIGNMENT, RuleKind::SHALLOW, RuleKind::NONE];
    let runs: Vec<Run> = rules.iter().map(|&rule| run(Config::preset_for(TaskKind::XOR, rule), 5, 50)).collect();
    let labels: Vec<String> = rules.iter().map(|r| r.title().to_string()).collect();
    let compared = side_by_side(runs.iter().zip(labels.iter().map(String::as_str)));
    let draw_at = |size: (u32, u32), font: f64| {
        let mut rec = Recorder::new(size.0, size.1);
        let mut p = Painter::new(&mut rec, Theme::new(f64::from(size.0), 1.0, font));
        let area = p.area();
        alignment(&mut p, area, &compared).unwrap();
        rec
    };
    let short = draw_at((489, 270), 22.0);
    let find = |rec: &Recorder, t: &str| rec.texts.iter().find(|x| x.text.starts_with(t)).map(|x| x.rect);
    // On the short chart a note too long for a legend line (two runs named) is left out, never put on the data...
    assert!(find(&short, "No hidden").is_none(), "the long note is left out on the short chart");
    // ...and a short one (one run with a short name, on a wider chart) is a legend line above the plot.
    let short_labels = ["FA", "none"];
    let one = side_by_side([&runs[0], &runs[2]].into_iter().zip(short_labels));
    let mut rec = Recorder::new(700, 270);
    let mut p = Painter::new(&mut rec, Theme::new(700.0, 1.0, 22.0));
    let area = p.area();
    alignment(&mut p, area, &one).unwrap();
    let (note, top) = (find(&rec, "No hidden").expect("a short note is a legend line"), find(&rec, "180°").unwrap());
    assert!(note.bottom <= top.top, "on the short chart the note is above the plot: {note:?} vs {top:?}");
    let rec = draw_at((489, 390), 11.0);
    let start = rec.texts.iter().position(|t| t.text.starts_with("No hidden")).expect("the note is drawn");
    let lines: Vec<_> = rec.texts[start..].iter().take_while(|t| !t.text.is_empty()).collect();
    let white = (255, 255, 255);
    let inside = |b: &plasticity_charts::paint::Rect, r: &plasticity_charts::paint::Rect| {
        b.left <= r.left && b.top <= r.top && b.right >= r.right && b.bottom >= r.bottom
    };
    for line in &lines {
        assert!(
            rec.rects.iter().any(|(b, c)| *c == white && inside(b, &line.rect)),
            "'{}' is not on a white box",
            line.text
        );
    }
}

/// On a projector the activity panel is narrow and its labels large: they move above the bars, which keep most of
/// the width, and no label overlaps another or is cut off (beside the bars they left a strip a few units wide).
#[test]
fn the_activity_panel_keeps_its_bars_wide_on_a_projector() {
    let r = run(Config::preset_for(TaskKind::XOR, RuleKind::CONTRASTIVE_HEBBIAN), 5, 100);
    let (width, height) = (290, 550);
    let mut rec = Recorder::new(width, height);
    let mut p = Painter::new(&mut rec, Theme::new(f64::from(width), 1.0, 22.0));
    let area = p.area();
    activity::draw(&mut p, area, &r.scene()).unwrap();
    assert!(rec.overlaps().is_empty(), "{:?}", rec.overlaps());
    assert!(rec.clipped().is_empty(), "{:?}", rec.clipped());
    let bars: Vec<_> = rec.rects.iter().filter(|(r, _)| r.bottom - r.top > 1).map(|(r, _)| r).collect();
    let span = bars.iter().map(|r| r.right).max().unwrap() - bars.iter().map(|r| r.left).min().unwrap();
    assert!(span * 10 >= width as i32 * 6, "the bars span {span} of {width} px");
}
