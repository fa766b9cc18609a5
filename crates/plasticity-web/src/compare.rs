//! Runs side by side on the page: a [`Comparison`] holds up to four [`Lab`]s read from one URL
//! (`…&compare=backprop,fa,shallow`, see `plasticity::config::compare`), steps them in lockstep and draws their
//! shared charts. Every number still comes from the core; this file only keeps the runs together.

use plasticity::config::compare::{self, MAX_RUNS, Run};
use plasticity::{Config, ConfigError};
use plasticity_charts::compare as charts;
use wasm_bindgen::prelude::*;

use crate::{Lab, js_error};

/// How many mini-batches a run that joined late may catch up per step call, per mini-batch the others take: it
/// reaches them in a few frames without taking a frame's whole budget.
const CATCH_UP: u32 = 4;

/// Several runs of one task from one start (see the module's documentation).
#[wasm_bindgen]
pub struct Comparison {
    base: Config,
    /// Each run, its lab, and its colour (an index into the palette), which it keeps when another run is removed.
    runs: Vec<(Run, Lab, usize)>,
    messages: Vec<ConfigError>,
}

impl Comparison {
    /// See [`Comparison::new`] (which also installs the panic hook, a browser-only thing).
    pub fn from_hash(hash: &str) -> Result<Comparison, ConfigError> {
        let (rest, list) = compare::split_query(hash);
        let list = list.unwrap_or_default();
        let (base, mut messages) = Config::from_query(&rest);
        let (mut runs, errors) = compare::parse(&base, &list);
        messages.extend(errors);
        if runs.is_empty() {
            let (only, _) = compare::parse(&base, base.rule.name());
            runs = only;
        }
        if runs.len() < 2 {
            messages.push(ConfigError::new("compare", "add a second run to compare (the + Add button)"));
        }
        let mut labs = Vec::new();
        for (colour, run) in runs.into_iter().enumerate() {
            let lab = Lab::with_config(run.config.clone(), Vec::new())?;
            labs.push((run, lab, colour));
        }
        Ok(Comparison { base, runs: labs, messages })
    }

    /// See [`Comparison::add`].
    pub fn try_add(&mut self, spec: &str) -> Result<(), String> {
        if self.runs.len() >= MAX_RUNS {
            return Err(format!("At most {MAX_RUNS} runs side by side: remove one first."));
        }
        let runs: Vec<Run> = self.runs.iter().map(|(r, ..)| r.clone()).collect();
        let (mut parsed, errors) = compare::parse(&self.base, &format!("{},{spec}", compare::to_list(&runs)));
        if let Some(e) = errors.first() {
            return Err(e.to_string());
        }
        let Some(run) = parsed.pop().filter(|_| parsed.len() == runs.len()) else {
            return Err("Name a rule to add.".into());
        };
        let lab = Lab::with_config(run.config.clone(), Vec::new()).map_err(|e| e.to_string())?;
        // The first colour no run has: the others keep theirs.
        let free = (0..).find(|&c| self.runs.iter().all(|r| r.2 != c)).unwrap_or(0);
        self.runs.push((run, lab, free));
        Ok(())
    }

    /// The runs, for tests.
    pub fn labs(&self) -> impl Iterator<Item = &Lab> {
        self.runs.iter().map(|(_, lab, _)| lab)
    }

    fn chart_runs(&self) -> Vec<charts::Run<'_>> {
        self.runs
            .iter()
            .map(|(run, lab, colour)| charts::Run { label: &run.label, colour: *colour, scene: lab.scene() })
            .collect()
    }
}

#[wasm_bindgen]
impl Comparison {
    /// Starts the runs named by a URL hash's `compare=` list, on the settings of the rest of the hash. Never fails:
    /// what cannot be used is left out and listed by [`Comparison::messages`]; with no usable run, the base rule
    /// runs alone.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str) -> Result<Comparison, JsValue> {
        crate::panic::install();
        Comparison::from_hash(hash).map_err(js_error)
    }

    /// What the reader changed or left out, one sentence each, as a JSON array of strings.
    pub fn messages(&self) -> String {
        let text: Vec<String> = self.messages.iter().map(|m| m.to_string()).collect();
        serde_json::to_string(&text).unwrap_or_default()
    }

    /// The comparison as a URL hash (without the `#`): the base settings, then `compare=` and the runs.
    pub fn query(&self) -> String {
        let runs: Vec<Run> = self.runs.iter().map(|(r, ..)| r.clone()).collect();
        format!("{}&compare={}", self.base.to_query(), compare::to_list(&runs))
    }

    /// The first run's configuration as a URL query: where leaving the comparison goes (that run, alone, with its
    /// own settings).
    pub fn first_query(&self) -> String {
        self.runs.first().map_or_else(|| self.base.to_query(), |(run, ..)| run.config.to_query())
    }

    /// The runs as JSON: `[{spec, label, colour, targets, stats, diverged}]`, `stats` as [`Lab::stats`],
    /// `targets` whether the task has targets (without, no run has a loss), and `diverged` as [`Lab::diverged`]
    /// (null while the run goes on).
    pub fn runs(&self) -> String {
        let runs: Vec<serde_json::Value> = self
            .runs
            .iter()
            .map(|(run, lab, colour)| {
                let c = plasticity_charts::palette::run(*colour);
                serde_json::json!({
                    "spec": run.spec,
                    "label": run.label,
                    "colour": format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2),
                    "targets": lab.trainer().config().task.info().targets,
                    "stats": lab.stats_value(),
                    "diverged": lab.diverged(),
                })
            })
            .collect();
        serde_json::Value::Array(runs).to_string()
    }

    /// Each run's outputs for a digit drawn on the page's pad (its 8 × 8 values), one after another in the runs'
    /// order (`runs()` names them), none for a run whose inputs are not 64 values.
    pub fn digit_outputs(&mut self, values: &[u8]) -> Vec<f64> {
        self.runs.iter_mut().flat_map(|(_, lab, _)| lab.digit_outputs(values).unwrap_or_default()).collect()
    }

    /// Runs `n` more mini-batches on every run that goes on, keeping them in lockstep: a run that joined late
    /// catches up by up to `CATCH_UP × n` extra. Returns how far the comparison got: `n`, fewer only once every
    /// run has stopped.
    pub fn step(&mut self, n: u32) -> u32 {
        let lead = |runs: &[(Run, Lab, usize)]| runs.iter().map(|(_, l, _)| l.trainer().steps()).max().unwrap_or(0);
        let before = lead(&self.runs);
        let target = before + u64::from(n);
        for (_, lab, _) in self.runs.iter_mut().filter(|(_, l, _)| l.diverged().is_none()) {
            let behind = target.saturating_sub(lab.trainer().steps());
            lab.step(behind.min(u64::from(n) * u64::from(CATCH_UP + 1)) as u32);
        }
        let going = self.runs.iter().any(|(_, l, _)| l.diverged().is_none());
        if going { n } else { (lead(&self.runs) - before) as u32 }
    }

    /// Measures every run.
    pub fn measure(&mut self) {
        self.runs.iter_mut().for_each(|(_, lab, _)| lab.measure());
    }

    /// Why the comparison stopped — every run diverged — or `undefined` while one goes on (a run that diverges
    /// alone stops alone, and says so in its row, [`Comparison::runs`]).
    pub fn diverged(&self) -> Option<String> {
        let all = self.runs.iter().all(|(_, lab, _)| lab.diverged().is_some());
        all.then(|| "Every run diverged. Lower the learning rate and press Reset.".to_string())
    }

    /// Adds a run (`fa:lr=0.01`, as in the list) on the same start; the others go on. Refused, with a reason,
    /// when it cannot learn the task, repeats a run or would be the fifth.
    pub fn add(&mut self, spec: &str) -> Result<(), JsValue> {
        self.try_add(spec).map_err(|e| JsValue::from_str(&e))
    }

    /// Removes run `k`; the others go on.
    pub fn remove(&mut self, k: usize) {
        if k < self.runs.len() && self.runs.len() > 1 {
            self.runs.remove(k);
        }
    }

    /// Every run's latest measurement, as JSON `[{run, diagnostics}]` (`diagnostics` as [`Lab::diagnostics`]).
    pub fn diagnostics(&self) -> String {
        let runs: Vec<serde_json::Value> =
            self.runs.iter().map(|(r, l, _)| serde_json::json!({ "run": r.spec, "diagnostics": &l.latest })).collect();
        serde_json::Value::Array(runs).to_string()
    }

    /// Every run's measurements in one CSV, a `run` column first (see `plasticity_charts::export`).
    pub fn history_csv(&self) -> String {
        let runs: Vec<(&str, &plasticity_charts::history::History, usize)> =
            self.runs.iter().map(|(r, l, _)| (r.spec.as_str(), &l.history, l.trainer().network().depth())).collect();
        plasticity_charts::export::histories_csv(&runs)
    }

    /// Every run's measurements as JSON: `{settings, runs: [{run, label, settings, history}]}`.
    pub fn history_json(&self) -> String {
        use plasticity_charts::export::history_json;
        let runs: Vec<serde_json::Value> = self
            .runs
            .iter()
            .map(|(r, l, _)| {
                let history = history_json(&l.history, l.trainer().network().depth());
                serde_json::json!({ "run": r.spec, "label": r.label, "settings": l.query(), "history": history })
            })
            .collect();
        serde_json::json!({ "settings": self.query(), "runs": runs }).to_string()
    }

    /// Every run's weights and feedback matrices now, as a JSON list in the runs' order.
    pub fn weights_json(&self) -> String {
        let runs: Vec<serde_json::Value> =
            self.runs.iter().map(|(_, l, _)| plasticity_charts::export::weights_json(l.trainer())).collect();
        serde_json::Value::Array(runs).to_string()
    }

    /// Draws the shared charts (loss and accuracy, alignment) on the canvases given, as [`Lab::draw`] does.
    pub fn draw(
        &self,
        loss: Option<web_sys::HtmlCanvasElement>,
        alignment: Option<web_sys::HtmlCanvasElement>,
        dpr: f64,
        min_font: f64,
    ) -> Result<(), JsValue> {
        let runs = self.chart_runs();
        if let Some(canvas) = loss {
            crate::charts::draw_with(canvas, dpr, min_font, |p, area| charts::loss(p, area, &runs))?;
        }
        if let Some(canvas) = alignment {
            crate::charts::draw_with(canvas, dpr, min_font, |p, area| charts::alignment(p, area, &runs))?;
        }
        Ok(())
    }

    /// Draws run `k`'s task view on `canvas`.
    pub fn draw_task(
        &mut self,
        k: usize,
        canvas: web_sys::HtmlCanvasElement,
        dpr: f64,
        min_font: f64,
        live: bool,
    ) -> Result<(), JsValue> {
        match self.runs.get_mut(k) {
            Some((_, lab, _)) => lab.draw("task", vec![canvas], dpr, min_font, live).map(|_| ()),
            None => Ok(()),
        }
    }

    /// The shared charts' text alternatives and each run's task view's, as JSON `{text, tasks: [{title,
    /// caption, text}]}`.
    pub fn summaries(&self) -> String {
        use plasticity_charts::panels::task;
        let tasks: Vec<serde_json::Value> = self
            .runs
            .iter()
            .map(|(_, lab, _)| {
                let s = lab.scene();
                let c = (task::PANEL.caption)(&s);
                serde_json::json!({ "title": c.title, "caption": c.caption, "text": (task::PANEL.summary)(&s) })
            })
            .collect();
        serde_json::json!({ "text": charts::summary(&self.chart_runs()), "tasks": tasks }).to_string()
    }
}
