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

/// The choices and limits the page builds its controls from, as JSON.
#[wasm_bindgen]
pub fn options() -> String {
    use plasticity::{Activation, Feature, Init, Loss, RuleKind, TaskKind, config};
    serde_json::json!({
        "tasks": TaskKind::available().map(|t| [t.name(), t.title()]).collect::<Vec<_>>(),
        "classification": TaskKind::available().filter(|t| t.classes().is_some()).map(|t| t.name()).collect::<Vec<_>>(),
        "rules": RuleKind::ALL.iter().map(|r| [r.name(), r.title()]).collect::<Vec<_>>(),
        "activations": Activation::ALL.iter().map(|a| a.name()).collect::<Vec<_>>(),
        "losses": Loss::ALL.iter().map(|l| l.name()).collect::<Vec<_>>(),
        "inits": Init::ALL.iter().map(|i| i.name()).collect::<Vec<_>>(),
        "features": Feature::ALL.iter().map(|f| f.name()).collect::<Vec<_>>(),
        "maxHiddenLayers": config::MAX_HIDDEN_LAYERS,
        "maxUnits": config::MAX_UNITS,
        "maxBatch": config::MAX_BATCH,
        "learningRate": config::LEARNING_RATE_RANGE,
    })
    .to_string()
}
