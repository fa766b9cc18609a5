//! The lab's WebAssembly layer: a [`Lab`] wraps the core [`Trainer`] for JavaScript, keeps the history the
//! plots draw, and draws them onto canvases handed in from the page. It holds no learning maths: every number
//! it shows comes from `plasticity`.
//!
//! Exported to JavaScript: [`Lab`] and its `#[wasm_bindgen]` methods, [`Comparison`] (runs side by side), and
//! [`options`]. Rust-side helpers that
//! tests use live in a plain `impl` block.

#![deny(unsafe_code)]

use plasticity::diagnostics::StuckWatch;
use plasticity::{Config, ConfigError, Diagnostics, Status, Trainer};
use plasticity_charts::history::{ErrorTrace, History};
use wasm_bindgen::prelude::*;

mod charts;
mod compare;
mod panic;

pub use compare::Comparison;

/// Diagnostics kept for the line plots (thinned evenly over the run when full).
const HISTORY_POINTS: usize = 1200;
/// Recent measurements shown in the error-signal heatmap.
const TRACE_COLUMNS: usize = 120;

/// One run of the lab, as the page sees it.
#[wasm_bindgen]
pub struct Lab {
    trainer: Trainer,
    history: History,
    trace: ErrorTrace,
    latest: Diagnostics,
    /// Whether the run looks stuck with saturated units (see [`StuckWatch`]).
    watch: StuckWatch,
    messages: Vec<ConfigError>,
    boundary: Vec<f64>,
    /// The next row of the decision boundary to refresh while playing.
    boundary_row: usize,
}

/// Rust-side helpers (used by the exported methods and by the tests).
impl Lab {
    /// A lab for `config` (already valid), with `messages` about what the URL reader replaced.
    pub fn with_config(config: Config, messages: Vec<ConfigError>) -> Result<Lab, ConfigError> {
        let trainer = Trainer::new(config)?;
        let units: Vec<usize> = trainer.network().layers.iter().map(|l| l.w.nrows()).collect();
        let watch = StuckWatch::new(trainer.config().task.classes());
        let mut lab = Lab {
            trainer,
            history: History::new(HISTORY_POINTS),
            trace: ErrorTrace::new(&units, TRACE_COLUMNS),
            latest: Diagnostics::default(),
            watch,
            messages,
            boundary: Vec::new(),
            boundary_row: 0,
        };
        lab.measure_now();
        Ok(lab)
    }

    /// The trainer, for tests.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The latest diagnostics.
    pub fn latest(&self) -> &Diagnostics {
        &self.latest
    }

    /// What the charts draw from.
    fn scene(&self) -> plasticity_charts::scene::Scene<'_> {
        plasticity_charts::scene::Scene {
            trainer: &self.trainer,
            history: &self.history,
            trace: &self.trace,
            latest: &self.latest,
            boundary: &self.boundary,
        }
    }

    fn measure_now(&mut self) {
        self.latest = self.trainer.diagnostics();
        self.history.record(&self.latest);
        self.trace.record(&self.latest);
        self.watch.record(&self.latest);
    }
}

fn js_error(e: ConfigError) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Exported to JavaScript.
#[wasm_bindgen]
impl Lab {
    /// Starts a run from a URL hash. Never fails: unreadable or out-of-range values are replaced and listed by
    /// [`Lab::messages`].
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str) -> Result<Lab, JsValue> {
        panic::install();
        let (config, messages) = Config::from_query(hash);
        Lab::with_config(config, messages).map_err(js_error)
    }

    /// What the URL reader changed (or, after `set_points`, what the points' reader did), one sentence each, as a
    /// JSON array of strings.
    pub fn messages(&self) -> String {
        let text: Vec<String> = self.messages.iter().map(|m| m.to_string()).collect();
        serde_json::to_string(&text).unwrap_or_default()
    }

    /// The network's outputs, as it answers now, for a digit drawn on the page's pad: its 8 × 8 values (0–16,
    /// blocks row by row). `undefined` unless the run's inputs are 64 values.
    pub fn digit_outputs(&mut self, values: &[u8]) -> Option<Vec<f64>> {
        self.trainer.outputs_for(&plasticity::tasks::digit_input(values))
    }

    /// The run's configuration as a URL hash (without the `#`), including any learning-rate or batch change.
    pub fn query(&self) -> String {
        self.trainer.config().to_query()
    }

    /// Runs up to `n` mini-batches (fewer if the run diverges); returns how many ran.
    pub fn step(&mut self, n: u32) -> u32 {
        self.trainer.step(n)
    }

    /// The 64-bit hash of every weight's bits (`Trainer::fingerprint`), as `0x…` hex: a browser test compares it
    /// with the native golden values.
    pub fn fingerprint(&self) -> String {
        format!("{:#018x}", self.trainer.fingerprint())
    }

    /// Measures the run and records the measurement for the plots.
    pub fn measure(&mut self) {
        self.measure_now();
    }

    /// The latest measurement, as JSON (for the curious and the tests; the page reads `stats` and `summaries`).
    pub fn diagnostics(&self) -> String {
        serde_json::to_string(&self.latest).unwrap_or_default()
    }

    /// The numbers of the stats line, formatted as the plots write them, as JSON: `step`, `samples`, and `items`,
    /// a list of `{id, label, value}` — the losses (`train`, `test`) and test accuracy or normalized error
    /// (`extra`), or for an unsupervised rule what it learns instead (the task's measures).
    pub fn stats(&self) -> String {
        self.stats_value().to_string()
    }

    /// [`Lab::stats`] as a JSON value (a comparison nests it without printing and parsing it again).
    fn stats_value(&self) -> serde_json::Value {
        use plasticity_charts::format;
        let d = &self.latest;
        let item = |id: &str, label: &str, value: String| serde_json::json!({"id": id, "label": label, "value": value});
        let items: Vec<serde_json::Value> = if !self.trainer.config().rule.is_supervised() && !d.measures.is_empty() {
            d.measures
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let value = if m.group.contains('°') { format::degrees(m.value) } else { format::number(m.value) };
                    item(&format!("m{k}"), &m.label, value)
                })
                .collect()
        } else {
            let mut items = vec![
                item("train", "train loss", format::number(d.train_loss)),
                item("test", "test loss", format::number(d.test_loss)),
            ];
            match (d.test_accuracy, d.nse) {
                (Some(a), _) => items.push(item("extra", "test accuracy", format::percent(a))),
                (None, Some(nse)) => items.push(item("extra", "normalized error", format::number(nse))),
                (None, None) => {}
            }
            items
        };
        serde_json::json!({ "step": format::count(d.step), "samples": format::count(d.samples), "items": items })
    }

    /// Why the run stopped, or `undefined` while it runs.
    pub fn diverged(&self) -> Option<String> {
        match self.trainer.status() {
            Status::Running => None,
            Status::Diverged { step, reason } => {
                Some(format!("The run diverged at step {step}: {reason}. Lower the learning rate and press Reset."))
            }
        }
    }

    /// A note for a run that looks stuck (see [`StuckWatch`]), or `undefined`: it trains on.
    pub fn stuck(&self) -> Option<String> {
        // Without targets there is no loss to be stuck at (the Hebbian rules' tasks).
        use plasticity_charts::format;
        let why = self.watch.stuck().filter(|_| self.trainer.config().task.info().targets)?;
        let standing = match why.accuracy {
            Some(a) => format!("its test accuracy is near chance ({})", format::percent(a)),
            None => "it has learned little".to_string(),
        };
        Some(format!(
            "The run looks stuck: its loss has not moved for {} mini-batches, {standing}, and its {}error signals \
             have all but vanished — its units have likely saturated, so the gradients are near zero. Try a lower \
             learning rate and press Reset.",
            format::count(why.flat_for),
            if self.trainer.config().hidden.is_empty() { "" } else { "hidden " }
        ))
    }

    /// The note shown when the rule computes exactly what another rule does on this network (feedback alignment and
    /// direct feedback alignment with one hidden layer, …), or `undefined`.
    pub fn coincidence(&self) -> Option<String> {
        let config = self.trainer.config();
        config.rule.coincidence(config.hidden.len()).map(|c| c.why.to_string())
    }

    /// Changes the learning rate without a reset.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), JsValue> {
        self.trainer.set_learning_rate(lr).map_err(js_error)
    }

    /// Changes the batch size without a reset.
    pub fn set_batch_size(&mut self, batch: usize) -> Result<(), JsValue> {
        self.trainer.set_batch_size(batch).map_err(js_error)
    }

    /// Replaces the placed points with `text`, read as a link's `pts=` is (`x,y,class;…`; the run's `query` then
    /// lists them as the core writes them): the run trains on the new set from the next step
    /// (`Trainer::set_points`). What the reader changed is then [`Lab::messages`]; refused, with the reason, past
    /// the limit or on a task that is not 2-D.
    pub fn set_points(&mut self, text: &str) -> Result<(), JsValue> {
        self.messages.clear();
        let points = plasticity::config::settings::read_points(text, self.trainer.config().task, &mut self.messages);
        self.trainer.set_points(points).map_err(js_error)
    }

    /// Draws the panels named in `names` (comma-separated, as `options().panels` names them) on `canvases`, one
    /// each, in that order. Each canvas's backing store is its CSS size times `dpr`; `min_font` is the smallest
    /// label size in CSS pixels (11, or 22 in presenter mode); `live` while the lab plays (the decision boundary is
    /// then refreshed a quarter at a time). Returns where a 2-D task's plane was drawn on the task canvas,
    /// `[left, top, side]` in device pixels (the square from x₁ = −6 on the left to 6, x₂ = 6 at the top to −6: the
    /// page maps a click to the plane with it), or nothing.
    pub fn draw(
        &mut self,
        names: &str,
        canvases: Vec<web_sys::HtmlCanvasElement>,
        dpr: f64,
        min_font: f64,
        live: bool,
    ) -> Result<Vec<i32>, JsValue> {
        use plasticity_charts::scene::BOUNDARY_GRID;
        let names: Vec<&str> = names.split(',').collect();
        if names.contains(&"task") && self.trainer.config().task.is_planar() {
            // While the lab plays, a quarter of the decision boundary's rows is refreshed a frame (a settling
            // network predicts a grid slowly); a still picture gets the whole grid.
            let (grid, range) = (BOUNDARY_GRID, plasticity::tasks::PLANAR_RANGE);
            if self.boundary.len() != grid * grid || !live {
                self.boundary.resize(grid * grid, 0.0);
                self.trainer.boundary(grid, range, &mut self.boundary);
            } else {
                let rows = self.boundary_row..(self.boundary_row + grid / 4).min(grid);
                self.boundary_row = if rows.end == grid { 0 } else { rows.end };
                self.trainer.boundary_rows(grid, range, rows, &mut self.boundary);
            }
        } else if names.contains(&"task") {
            self.boundary.clear();
        }
        let scene = self.scene();
        let mut plane = Vec::new();
        for (name, canvas) in names.into_iter().zip(canvases) {
            charts::draw_with(canvas, dpr, min_font, |p, area| {
                if name == "task" && scene.task().is_planar() {
                    let r = plasticity_charts::panels::task::plane(area, &p.theme);
                    plane = vec![r.left, r.top, r.width()];
                }
                plasticity_charts::panels::draw(name, p, area, &scene)
            })?;
        }
        Ok(plane)
    }

    /// The run's measurements as CSV (see `plasticity_charts::export`; a long run's are thinned evenly to the
    /// plots' 1,200 points).
    pub fn history_csv(&self) -> String {
        plasticity_charts::export::history_csv(&self.history, self.trainer.network().depth())
    }

    /// The run's measurements as JSON: `{settings, history: [...]}`.
    pub fn history_json(&self) -> String {
        let history = plasticity_charts::export::history_json(&self.history, self.trainer.network().depth());
        serde_json::json!({ "settings": self.query(), "history": history }).to_string()
    }

    /// The network's weights and the rule's feedback matrices now, as JSON (see `plasticity_charts::export`).
    pub fn weights_json(&self) -> String {
        plasticity_charts::export::weights_json(&self.trainer).to_string()
    }

    /// Each panel's title, caption (what its marks mean for this rule and task) and text alternative (what it
    /// shows now, for screen readers), as JSON `{NAME: {title, caption, text}}` for every panel.
    pub fn summaries(&self) -> String {
        let s = self.scene();
        let panels: serde_json::Map<String, serde_json::Value> = plasticity_charts::panels::PANELS
            .iter()
            .map(|p| {
                let c = (p.caption)(&s);
                (
                    p.name.to_string(),
                    serde_json::json!({ "title": c.title, "caption": c.caption, "text": (p.summary)(&s) }),
                )
            })
            .collect();
        serde_json::Value::Object(panels).to_string()
    }
}

/// Everything the page builds its controls and texts from, as JSON: the tasks and rules with their facts (so the
/// page's JavaScript names none of them), the other choices, and the limits.
#[wasm_bindgen]
pub fn options() -> String {
    use plasticity::rules::LearnsFrom;
    use plasticity::{Activation, RuleKind, TaskKind, limits};
    let tasks: Vec<_> = TaskKind::available()
        .map(|t| {
            let info = t.info();
            serde_json::json!({
                "name": t.name(),
                "title": t.title(),
                "caption": info.caption,
                "view": info.view.name(),
                "planar": t.is_planar(),
                "classification": t.classes().is_some(),
                "targets": info.targets,
                // The data file the page fetches (from `www/pkg/`) and hands to `load_data` before a run of this
                // task: the build leaves the digits out of the wasm, which opens without them.
                "data": t.data_file(),
            })
        })
        .collect();
    let rules: Vec<_> = RuleKind::ALL
        .iter()
        .map(|r| {
            let info = r.info();
            serde_json::json!({
                "name": r.name(),
                "title": r.title(),
                "rewardTitle": r.title_for(true),
                "citation": info.citation,
                "about": info.about,
                "singleLayer": info.single_layer.is_some(),
                // What drives its hidden units' learning and how it reaches them: the lessons' table of signed
                // errors and locality.
                "hiddenSignal": info.hidden_signal.title(),
                "feedbackRoute": info.feedback_route.title(),
                "learnsFrom": match info.learns_from {
                    LearnsFrom::Targets => "targets",
                    LearnsFrom::TargetsOrReward { .. } => "targets-or-reward",
                    LearnsFrom::Inputs => "inputs",
                    LearnsFrom::Nothing => "nothing",
                },
            })
        })
        .collect();
    // The panels, in the page's order: the page builds its figures from them.
    let panels: Vec<_> = plasticity_charts::panels::PANELS
        .iter()
        .map(|p| {
            serde_json::json!({
                "name": p.name,
                "heading": p.heading,
                "inComparison": p.in_comparison,
                "everyFourthFrame": p.every_fourth_frame,
            })
        })
        .collect();
    // The settings of a run, from the core's table: the controls take their ranges from it.
    let settings: serde_json::Map<String, serde_json::Value> = plasticity::config::settings::SETTINGS
        .iter()
        .map(|s| {
            use plasticity::config::settings::Values;
            let values = match s.values {
                Values::Name(names) => serde_json::json!({"kind": "name", "names": names()}),
                Values::Names(names) => serde_json::json!({"kind": "names", "names": names()}),
                Values::Integer { lo, hi } => serde_json::json!({"kind": "integer", "lo": lo, "hi": hi}),
                Values::Number { lo, hi } => serde_json::json!({"kind": "number", "lo": lo, "hi": hi}),
                Values::Layers => serde_json::json!({"kind": "layers", "maxLayers": limits::MAX_HIDDEN_LAYERS, "hi": limits::MAX_UNITS}),
                Values::Switch => serde_json::json!({"kind": "switch", "lo": 0, "hi": 1}),
                Values::Text => serde_json::json!({"kind": "text"}),
                Values::Points { max } => serde_json::json!({"kind": "points", "max": max, "range": plasticity::tasks::PLANAR_RANGE}),
            };
            (s.key.to_string(), serde_json::json!({"alias": s.alias, "values": values}))
        })
        .collect();
    serde_json::json!({
        "settings": settings,
        "panels": panels,
        "tasks": tasks,
        "rules": rules,
        "language": written_rules(),
        "activations": Activation::ALL.iter().map(|a| serde_json::json!({"name": a.name(), "hidden": a.is_elementwise()})).collect::<Vec<_>>(),
        "surrogates": plasticity::Surrogate::ALL.iter().map(|s| serde_json::json!({"name": s.name(), "title": s.title()})).collect::<Vec<_>>(),
    })
    .to_string()
}

/// What the page needs to write a rule, in the build that has the rule language: the written rule's facts and the
/// lab's rules written in it; `null` in the first visit's build, which leaves the language out.
#[cfg(feature = "language")]
fn written_rules() -> serde_json::Value {
    let info = plasticity::RuleKind::CUSTOM.info();
    let texts: Vec<_> = plasticity::rules::language::EXPRESSIONS
        .iter()
        .map(|(name, text)| serde_json::json!({"name": name, "text": text}))
        .collect();
    serde_json::json!({
        "title": info.title, "about": info.about, "citation": info.citation, "expressions": texts,
        "maxLength": plasticity::rules::language::MAX_LEN,
    })
}

#[cfg(not(feature = "language"))]
fn written_rules() -> serde_json::Value {
    serde_json::Value::Null
}

/// The first error in the rule `text` for the network of the run `query` describes, as JSON `{line, col,
/// message}`, or `null` when it has none: the editor shows it at its place before the rule runs.
#[cfg(feature = "language")]
#[wasm_bindgen]
pub fn rule_error(query: &str, text: &str) -> String {
    use plasticity::rules::language::{compile, parse};
    let (config, _) = Config::from_query(query);
    match parse(text).and_then(|s| compile(&s, &config.layer_sizes())) {
        Ok(_) => "null".into(),
        Err(e) => serde_json::json!({"line": e.at.line, "col": e.at.col, "message": e.message}).to_string(),
    }
}

/// Takes a data set the page fetched, by its file name (a task's `data` in [`options`]) and its CSV text
/// (decompressed): after this, runs of the tasks that need it can start. An error names what is wrong with the text.
#[wasm_bindgen]
pub fn load_data(file: &str, csv: &str) -> Result<(), JsValue> {
    match file {
        plasticity::tasks::DIGITS_FILE => plasticity::tasks::load_digits(csv).map_err(|e| JsValue::from_str(&e)),
        _ => Err(JsValue::from_str(&format!("no task loads a data set called {file}"))),
    }
}

/// What the URL reader would change in `query` (a run, or a comparison with `compare=`), one sentence each, as a
/// JSON array of strings, without starting the run: how a lesson file's links are checked when it loads.
#[wasm_bindgen]
pub fn query_messages(query: &str) -> String {
    let (rest, list) = plasticity::config::compare::split_query(query);
    let (config, mut messages) = Config::from_query(&rest);
    if let Some(list) = list {
        messages.extend(plasticity::config::compare::parse(&config, &list).1);
    }
    let text: Vec<String> = messages.iter().map(|m| m.to_string()).collect();
    serde_json::to_string(&text).unwrap_or_default()
}

/// The label size, in CSS pixels, of a chart `css_width` CSS pixels wide with labels of at least `min_font` (the
/// charts' own setting, `plasticity_charts::theme::Theme`): what presenter mode's test reads.
#[wasm_bindgen]
pub fn chart_font(css_width: f64, min_font: f64) -> f64 {
    plasticity_charts::theme::Theme::new(css_width, 1.0, min_font).font
}

/// The URL query after the person changes setting `key` to `value` on the page (see
/// [`plasticity::config::changed`]: a new task starts from its preset, a single-layer rule drops the hidden
/// layers, …).
#[wasm_bindgen]
pub fn changed(query: &str, key: &str, value: &str) -> String {
    plasticity::config::changed(query, key, value)
}

/// The networks the benchmark page measures, as `{name: URL query}` (see [`plasticity::config::benchmarks`]). In
/// the second build only (the one with the rule language): the bench page takes its list from it and trains with
/// the first visit's build; the lab never needs the list (2 KB of the first visit's wasm).
#[cfg(feature = "language")]
#[wasm_bindgen]
pub fn benchmarks() -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        plasticity::config::benchmarks().into_iter().map(|(name, c)| (name.to_string(), c.to_query().into())).collect();
    serde_json::Value::Object(map).to_string()
}

/// The slow rules' runs the benchmark page animates, as `{rule: URL query}` (see
/// [`plasticity::config::slow_benchmarks`]). In the second build only, as [`benchmarks`].
#[cfg(feature = "language")]
#[wasm_bindgen]
pub fn slow_benchmarks() -> String {
    let map: serde_json::Map<String, serde_json::Value> = plasticity::config::slow_benchmarks()
        .into_iter()
        .map(|(name, c)| (name.to_string(), c.to_query().into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// A drawing on the page's pad (32 × 32, row by row, non-zero lit) put in the data set's form: scaled
/// to fill its box (`tasks::normalize_drawing`); `undefined` when nothing is drawn.
#[wasm_bindgen]
pub fn normalize_drawing(bitmap: &[u8]) -> Option<Vec<u8>> {
    plasticity::tasks::normalize_drawing(bitmap)
}

/// The 8 × 8 values (0–16) of a 32 × 32 bitmap: the lit pixels of each 4 × 4 block.
#[wasm_bindgen]
pub fn block_counts(bitmap: &[u8]) -> Vec<u8> {
    plasticity::tasks::block_counts(bitmap).to_vec()
}

/// A 32 × 32 bitmap that shows 8 × 8 values (0–16) block by block, and reads back as them.
#[wasm_bindgen]
pub fn blocks_to_bitmap(values: &[u8]) -> Vec<u8> {
    plasticity::tasks::blocks_to_bitmap(values)
}

/// Test digit `k` (0–359) of the loaded digits: its 8 × 8 values, then its class (65 numbers).
#[wasm_bindgen]
pub fn test_digit(k: usize) -> Option<Vec<u8>> {
    plasticity::tasks::test_digit(k).map(|(values, label)| [&values[..], &[label]].concat())
}
