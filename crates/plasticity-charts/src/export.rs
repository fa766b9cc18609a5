//! A run written out for other tools, the same from the page's Export buttons and the CLI's `--save`: its
//! measurements as CSV and JSON, its final weights and feedback matrices as JSON.
//!
//! Layers are numbered as the plots name them: layer 1 is the first hidden layer (its weights are `W₁`), the last
//! is the output layer. A value that a measurement does not have (no accuracy on a regression, no feedback angle for
//! backprop) is an empty CSV cell and `null` in JSON.

use crate::history::{History, Point};
use nalgebra::DMatrix;
use plasticity::Trainer;
use plasticity::rules::Pathway;
use serde_json::{Value, json};

/// One column: its name and how to read it from a point.
type Column = (String, Box<dyn Fn(&Point) -> f64>);

/// The columns of a history of a network with `layers` layers (hidden and output).
fn columns(history: &History, layers: usize) -> Vec<Column> {
    let mut out: Vec<Column> = vec![
        ("step".into(), Box::new(|p: &Point| p.step)),
        ("train_loss".into(), Box::new(|p: &Point| p.train_loss)),
        ("test_loss".into(), Box::new(|p: &Point| p.test_loss)),
        ("train_accuracy".into(), Box::new(|p: &Point| p.train_accuracy)),
        ("test_accuracy".into(), Box::new(|p: &Point| p.test_accuracy)),
        ("normalized_error".into(), Box::new(|p: &Point| p.nse)),
    ];
    for l in 0..layers.min(plasticity::limits::MAX_LAYERS) {
        let n = l + 1;
        out.push((format!("layer{n}_update_angle_deg"), Box::new(move |p: &Point| p.update_angle[l])));
        out.push((format!("layer{n}_feedback_angle_deg"), Box::new(move |p: &Point| p.feedback_angle[l])));
        out.push((format!("layer{n}_error_norm"), Box::new(move |p: &Point| p.error_norm[l])));
    }
    for (k, (_, label)) in history.measures().iter().enumerate() {
        out.push((label.clone(), Box::new(move |p: &Point| p.measures[k])));
    }
    // Columns that no point fills are left out (a rule without feedback has no feedback angles).
    out.retain(|(name, f)| name == "step" || history.points().iter().any(|p| f(p).is_finite()));
    out
}

/// A CSV field: quoted when it holds a comma or a quote.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The history as CSV: a header line, then one line per measurement, oldest first. Numbers are written in their
/// shortest exact form (they read back as the same `f64`).
pub fn history_csv(history: &History, layers: usize) -> String {
    let cols = columns(history, layers);
    let mut out = cols.iter().map(|(name, _)| field(name)).collect::<Vec<_>>().join(",");
    out.push('\n');
    for p in history.points() {
        let row: Vec<String> =
            cols.iter().map(|(_, f)| f(p)).map(|v| if v.is_finite() { v.to_string() } else { String::new() }).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Several runs' histories in one CSV (runs side by side): a first column `run` naming each line's run, then the
/// union of the runs' columns, empty where a run has no such column.
pub fn histories_csv(runs: &[(&str, &History, usize)]) -> String {
    let mut names: Vec<String> = Vec::new();
    let per_run: Vec<Vec<Column>> = runs.iter().map(|(_, h, layers)| columns(h, *layers)).collect();
    for cols in &per_run {
        for (name, _) in cols {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let mut out =
        core::iter::once("run".to_string()).chain(names.iter().map(|n| field(n))).collect::<Vec<_>>().join(",");
    out.push('\n');
    for ((run, history, _), cols) in runs.iter().zip(&per_run) {
        for p in history.points() {
            let mut row = vec![field(run)];
            for name in &names {
                let v = cols.iter().find(|(n, _)| n == name).map_or(f64::NAN, |(_, f)| f(p));
                row.push(if v.is_finite() { v.to_string() } else { String::new() });
            }
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// The history as JSON: a list of objects with the CSV's columns as keys.
pub fn history_json(history: &History, layers: usize) -> Value {
    let cols = columns(history, layers);
    let rows = history.points().iter().map(|p| {
        let row: serde_json::Map<String, Value> = cols
            .iter()
            .map(|(name, f)| {
                let v = f(p);
                (name.clone(), if v.is_finite() { json!(v) } else { Value::Null })
            })
            .collect();
        Value::Object(row)
    });
    Value::Array(rows.collect())
}

/// A matrix as `{name, rows, cols, values}`, values row by row.
fn matrix(name: String, m: &DMatrix<f64>) -> Value {
    let values: Vec<Value> = m
        .row_iter()
        .flat_map(|r| r.iter().copied().collect::<Vec<_>>())
        .map(|x| if x.is_finite() { json!(x) } else { Value::Null })
        .collect();
    json!({ "name": name, "rows": m.nrows(), "cols": m.ncols(), "values": values })
}

/// The network as it stands and the rule's feedback matrices, as JSON: `{settings, step, weights: [W₁…],
/// biases: [b₁…], feedback: {kind, matrices}}`. `settings` is the run's URL query (the page opens it with
/// `#` + settings); `kind` is `layered` (`B_l` stands in for `W_{l+1}ᵀ`), `direct` (`D_l` from the output error to
/// hidden layer `l`) or `none` (errors travel through the forward weights, or not at all).
pub fn weights_json(trainer: &Trainer) -> Value {
    let net = trainer.network();
    let weights: Vec<Value> =
        net.layers.iter().enumerate().map(|(l, layer)| matrix(format!("W{}", l + 1), &layer.w)).collect();
    let biases: Vec<Value> = net
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            matrix(format!("b{}", l + 1), &DMatrix::from_column_slice(layer.b.len(), 1, layer.b.as_slice()))
        })
        .collect();
    let (kind, letter, matrices) = match trainer.rule().internals().feedback {
        Pathway::None => ("none", "", &[][..]),
        Pathway::Layered(m) => ("layered", "B", m),
        Pathway::Direct(m) => ("direct", "D", m),
    };
    let matrices: Vec<Value> =
        matrices.iter().enumerate().map(|(l, m)| matrix(format!("{letter}{}", l + 1), m)).collect();
    json!({
        "settings": trainer.config().to_query(),
        "step": trainer.steps(),
        "weights": weights,
        "biases": biases,
        "feedback": { "kind": kind, "matrices": matrices },
    })
}
