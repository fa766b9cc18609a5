//! The lab's WebAssembly layer: a [`Lab`] wraps the core [`Trainer`] for JavaScript, keeps the history the
//! plots draw, and draws them onto canvases handed in from the page. It holds no learning maths: every number
//! it shows comes from `plasticity`.
//!
//! Exported to JavaScript: [`Lab`] and its `#[wasm_bindgen]` methods, and [`options`]. Rust-side helpers that
//! tests use live in a plain `impl` block.

#![deny(unsafe_code)]

use plasticity::{Config, ConfigError, Diagnostics, ErrorTrace, History, Status, Trainer};
use wasm_bindgen::prelude::*;

mod charts;
mod panic;

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
    messages: Vec<ConfigError>,
    boundary: Vec<f64>,
}

/// Rust-side helpers (used by the exported methods and by the tests).
impl Lab {
    /// A lab for `config` (already valid), with `messages` about what the URL reader replaced.
    pub fn with_config(config: Config, messages: Vec<ConfigError>) -> Result<Lab, ConfigError> {
        let trainer = Trainer::new(config)?;
        let units: Vec<usize> = trainer.network().layers.iter().map(|l| l.w.nrows()).collect();
        let mut lab = Lab {
            trainer,
            history: History::new(HISTORY_POINTS),
            trace: ErrorTrace::new(&units, TRACE_COLUMNS),
            latest: Diagnostics::default(),
            messages,
            boundary: Vec::new(),
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

    fn measure_now(&mut self) {
        self.latest = self.trainer.diagnostics();
        self.history.record(&self.latest);
        self.trace.record(&self.latest);
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

    /// What the URL reader changed, one sentence each, as a JSON array of strings.
    pub fn messages(&self) -> String {
        let text: Vec<String> = self.messages.iter().map(|m| m.to_string()).collect();
        serde_json::to_string(&text).unwrap_or_default()
    }

    /// The run's configuration as a URL hash (without the `#`), including any learning-rate or batch change.
    pub fn query(&self) -> String {
        self.trainer.config().to_query()
    }

    /// Runs up to `n` mini-batches (fewer if the run diverges); returns how many ran.
    pub fn step(&mut self, n: u32) -> u32 {
        self.trainer.step(n)
    }

    /// Measures the run and records the measurement for the plots; returns it as JSON.
    pub fn measure(&mut self) -> String {
        self.measure_now();
        serde_json::to_string(&self.latest).unwrap_or_default()
    }

    /// The numbers of the stats line, formatted as the plots write them, as JSON: `step`, `samples`, `train`,
    /// `test` (losses) and `extra` with its `extraLabel` (test accuracy, or the normalized error of a regression).
    pub fn stats(&self) -> String {
        use plasticity_charts::format;
        let d = &self.latest;
        let (label, extra) = match (d.test_accuracy, d.nse) {
            (Some(a), _) => ("test accuracy", format::percent(a)),
            (None, Some(nse)) => ("normalized error", format::number(nse)),
            (None, None) => ("", String::new()),
        };
        serde_json::json!({
            "step": format::count(d.step),
            "samples": format::count(d.samples),
            "train": format::number(d.train_loss),
            "test": format::number(d.test_loss),
            "extraLabel": label,
            "extra": extra,
        })
        .to_string()
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

    /// Changes the learning rate without a reset.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), JsValue> {
        self.trainer.set_learning_rate(lr).map_err(js_error)
    }

    /// Changes the batch size without a reset.
    pub fn set_batch_size(&mut self, batch: usize) -> Result<(), JsValue> {
        self.trainer.set_batch_size(batch).map_err(js_error)
    }

    /// Draws every chart; canvases the page does not show may be `undefined`.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        loss: Option<web_sys::HtmlCanvasElement>,
        alignment: Option<web_sys::HtmlCanvasElement>,
        errors: Option<web_sys::HtmlCanvasElement>,
        activity: Option<web_sys::HtmlCanvasElement>,
        task: Option<web_sys::HtmlCanvasElement>,
        network: Option<web_sys::HtmlCanvasElement>,
    ) -> Result<(), JsValue> {
        let kind = self.trainer.config().task;
        if let Some(c) = loss {
            charts::series::loss(c, self.history.points(), kind)?;
        }
        if let Some(c) = alignment {
            charts::series::alignment(c, self.history.points(), &self.latest)?;
        }
        if let Some(c) = errors {
            charts::heatmap::errors(c, &self.trace, &self.latest)?;
        }
        if let Some(c) = activity {
            charts::activity::activity(c, &self.latest)?;
        }
        if let Some(c) = task {
            charts::task::task(c, &mut self.trainer, &self.latest, self.history.points(), &mut self.boundary)?;
        }
        if let Some(c) = network {
            charts::network::network(c, &self.trainer)?;
        }
        Ok(())
    }
}

/// Everything the page builds its controls and texts from, as JSON: the tasks and rules with their facts (so the
/// page's JavaScript names none of them), the other choices, and the limits.
#[wasm_bindgen]
pub fn options() -> String {
    use plasticity::rules::LearnsFrom;
    use plasticity::{Activation, Feature, Init, Loss, RuleKind, TaskKind, limits};
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
                "citation": info.citation,
                "about": info.about,
                "singleLayer": info.single_layer.is_some(),
                "learnsFrom": match info.learns_from {
                    LearnsFrom::Targets => "targets",
                    LearnsFrom::TargetsOrReward => "targets-or-reward",
                    LearnsFrom::Inputs => "inputs",
                },
            })
        })
        .collect();
    serde_json::json!({
        "tasks": tasks,
        "rules": rules,
        "activations": Activation::ALL.iter().map(|a| serde_json::json!({"name": a.name(), "hidden": a.is_elementwise()})).collect::<Vec<_>>(),
        "losses": Loss::ALL.iter().map(|l| l.name()).collect::<Vec<_>>(),
        "inits": Init::ALL.iter().map(|i| i.name()).collect::<Vec<_>>(),
        "features": Feature::ALL.iter().map(|f| f.name()).collect::<Vec<_>>(),
        "maxHiddenLayers": limits::MAX_HIDDEN_LAYERS,
        "maxUnits": limits::MAX_UNITS,
        "maxBatch": limits::MAX_BATCH,
        "learningRate": limits::LEARNING_RATE_RANGE,
    })
    .to_string()
}

/// The URL query after the person changes setting `key` to `value` on the page (see
/// [`plasticity::config::changed`]: a new task starts from its preset, a single-layer rule drops the hidden
/// layers, …).
#[wasm_bindgen]
pub fn changed(query: &str, key: &str, value: &str) -> String {
    plasticity::config::changed(query, key, value)
}

/// The networks the benchmark page measures, as `{name: URL query}` (see [`plasticity::config::benchmarks`]).
#[wasm_bindgen]
pub fn benchmarks() -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        plasticity::config::benchmarks().into_iter().map(|(name, c)| (name.to_string(), c.to_query().into())).collect();
    serde_json::Value::Object(map).to_string()
}
