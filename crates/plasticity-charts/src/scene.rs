//! What every chart draws from, and the names every chart gives layers, so all panels count alike: hidden
//! layers from 1 (input side first), then "output"; the weights into layer k are `W_k`, and the feedback that
//! carries errors into layer k, standing in for `W_{k+1}ᵀ`, is `B_k` — as on the network plot.

use plasticity::{Diagnostics, RuleKind, TaskKind, Trainer};

use crate::history::{ErrorTrace, History};

/// Everything the charts read.
pub struct Scene<'a> {
    /// The run.
    pub trainer: &'a Trainer,
    /// Its recorded measurements.
    pub history: &'a History,
    /// The probe's recent error signals.
    pub trace: &'a ErrorTrace,
    /// The latest measurement.
    pub latest: &'a Diagnostics,
    /// For a 2-D task, the class score on a `BOUNDARY_GRID²` grid (see `Trainer::boundary`); empty otherwise.
    pub boundary: &'a [f64],
}

/// Grid points per side of the decision boundary (interpolated up to the canvas size).
pub const BOUNDARY_GRID: usize = 36;

impl Scene<'_> {
    /// The rule.
    pub fn rule(&self) -> RuleKind {
        self.trainer.config().rule
    }

    /// The task.
    pub fn task(&self) -> TaskKind {
        self.trainer.config().task
    }

    /// Hidden layers.
    pub fn hidden(&self) -> usize {
        self.trainer.network().depth() - 1
    }
}

/// `n` in subscript digits: `12` → `₁₂`.
pub fn subscript(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// The name of the units that layer `l` of the weights feeds (`l` counts from 0 as in the core): "layer 1" …,
/// or "output" for the last.
pub fn units_name(l: usize, depth: usize) -> String {
    if l + 1 == depth { "output".into() } else { format!("layer {}", l + 1) }
}

/// `W_k`: the weights into layer `l + 1`.
pub fn weights_name(l: usize) -> String {
    format!("W{}", subscript(l + 1))
}

/// `B_k vs W_{k+1}ᵀ`: the feedback into hidden layer `l + 1` beside the forward weights it stands in for.
pub fn feedback_name(l: usize) -> String {
    format!("B{} vs W{}ᵀ", subscript(l + 1), subscript(l + 2))
}
