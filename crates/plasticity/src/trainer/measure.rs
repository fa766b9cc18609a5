//! Measuring a run without changing it: losses and accuracy, each layer's update angle to backprop, the probe
//! example's error signals and activities, and the decision boundary of a 2-D task.

use alloc::vec::Vec;

use super::{TRAIN_EVAL_LIMIT, Trainer};
use crate::activation::Loss;
use crate::diagnostics::{Diagnostics, LayerDiagnostics};
use crate::metrics;
use crate::net::{Network, Workspace};
use crate::rules::{LearningRule, Pathway, Step};
use crate::tasks::{Dataset, class_score, predicted_class};

/// How well a network does on (part of) a data set.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// The mean loss `⟨ℓ⟩`.
    pub loss: f64,
    /// The fraction of examples classified correctly (classification tasks).
    pub accuracy: Option<f64>,
    /// The normalized squared error `Σ‖y − t‖² / Σ‖t‖²` (regression tasks): 1 for a network that outputs
    /// zero, 0 for a perfect one.
    pub nse: Option<f64>,
}

/// Evaluates `net` on the first `limit` examples of `data`, in chunks as wide as `ws` holds, predicting as `rule`
/// does (the forward pass, settled if the rule settles).
pub fn evaluate(
    net: &Network,
    rule: &dyn LearningRule,
    data: &Dataset,
    loss: Loss,
    limit: usize,
    ws: &mut Workspace,
) -> Evaluation {
    let n = data.len().min(limit);
    let out = net.layers[net.depth() - 1].f;
    let (mut total, mut correct, mut err2, mut target2) = (0.0, 0usize, 0.0, 0.0);
    let mut start = 0;
    while start < n {
        let cols = ws.capacity().min(n - start);
        for c in 0..cols {
            ws.h[0].column_mut(c).copy_from(&data.x.column(start + c));
        }
        rule.predict(net, ws, cols);
        let y = &ws.h[net.depth()];
        for c in 0..cols {
            let (y, t) = (y.column(c), data.t.column(start + c));
            total += loss.value(y.as_slice(), t.as_slice());
            if let Some(labels) = &data.labels {
                correct += usize::from(predicted_class(y.as_slice(), out) == labels[start + c] as usize);
            } else {
                err2 += (y - t).norm_squared();
                target2 += t.norm_squared();
            }
        }
        start += cols;
    }
    let n_f = n.max(1) as f64;
    Evaluation {
        loss: total / n_f,
        accuracy: data.labels.as_ref().map(|_| correct as f64 / n_f),
        nse: data.labels.is_none().then(|| err2 / target2),
    }
}

impl Trainer {
    /// Measures the run now: losses, accuracy, and per layer the angles (on the latest mini-batch) and the probe
    /// example's error signal and activities. Does not change the run.
    pub fn diagnostics(&mut self) -> Diagnostics {
        let loss = self.config.loss;
        let (net, rule, data) = (&self.net, self.rule.as_ref(), self.task.data());
        let train = evaluate(net, rule, &data.train, loss, TRAIN_EVAL_LIMIT, &mut self.eval_ws);
        let test = evaluate(net, rule, &data.test, loss, usize::MAX, &mut self.eval_ws);
        let mut layers = self.angles();
        let probe_output = self.probe(&mut layers);
        let mut measures = Vec::new();
        self.task.measures(&self.net, &mut measures);
        Diagnostics {
            step: self.step,
            samples: self.samples,
            train_loss: train.loss,
            test_loss: test.loss,
            train_accuracy: train.accuracy,
            test_accuracy: test.accuracy,
            nse: test.nse,
            probe_output,
            layers,
            measures,
        }
    }

    /// Per layer: the update angle to backprop on the latest mini-batch, and the feedback angle.
    fn angles(&mut self) -> Vec<LayerDiagnostics> {
        let out = self.net.layers[self.net.depth() - 1].f;
        let lr = self.config.learning_rate;
        self.ws.load_batch(&self.last);
        let cols = self.ws.cols;
        self.rule.predict(&self.net, &mut self.ws, cols);
        self.ws.output_error(self.config.loss, out);
        // A copy of the rule measures, so that measuring never changes the run (see `LearningRule`).
        let mut rule = self.rule.boxed();
        let net = &self.net;
        if !rule.reference(&mut Step { net, ws: &mut self.ws, grads: &mut self.reference_grads, lr }) {
            self.reference.direction(&mut Step { net, ws: &mut self.ws, grads: &mut self.reference_grads, lr });
        }
        // A rule may rewrite any error signal, so it starts from a freshly set output error too.
        self.ws.output_error(self.config.loss, out);
        rule.direction(&mut Step { net, ws: &mut self.ws, grads: &mut self.grads, lr });
        let feedback = match rule.internals().feedback {
            Pathway::Layered(b) => Some(b),
            _ => None,
        };
        let supervised = self.config.rule.is_supervised();
        let depth = net.depth();
        (0..depth)
            .map(|l| LayerDiagnostics {
                units: net.layers[l].w.nrows(),
                is_output: l + 1 == depth,
                update_angle_deg: supervised
                    .then(|| metrics::angle_deg(self.grads.w[l].as_slice(), self.reference_grads.w[l].as_slice()))
                    .flatten(),
                feedback_angle_deg: feedback
                    .and_then(|b| b.get(l))
                    .and_then(|b| metrics::angle_transposed_deg(&net.layers[l + 1].w, b)),
                ..LayerDiagnostics::default()
            })
            .collect()
    }

    /// Runs the probe example (the first test example) through the rule and records its signals.
    fn probe(&mut self, layers: &mut [LayerDiagnostics]) -> Vec<f64> {
        let out = self.net.layers[self.net.depth() - 1].f;
        let lr = self.config.learning_rate;
        self.task.data().test.copy_into(0, &mut self.probe_ws, 0);
        self.probe_ws.cols = 1;
        self.rule.predict(&self.net, &mut self.probe_ws, 1);
        // The feedforward pass of the same example, beside the activity the rule predicts from.
        self.task.data().test.copy_into(0, &mut self.eval_ws, 0);
        self.eval_ws.cols = 1;
        self.net.forward(&mut self.eval_ws, 1);
        for (l, layer) in layers.iter_mut().enumerate() {
            let (settled, feedforward) = (self.probe_ws.h[l + 1].column(0), self.eval_ws.h[l + 1].column(0));
            layer.feedback_shift = (settled - feedforward).norm();
        }
        self.probe_ws.output_error(self.config.loss, out);
        let mut rule = self.rule.boxed();
        rule.direction(&mut Step { net: &self.net, ws: &mut self.probe_ws, grads: &mut self.grads, lr });
        let influenced = rule.internals().influenced;
        for (l, layer) in layers.iter_mut().enumerate() {
            let delta = self.probe_ws.delta[l].column(0);
            let forward = self.probe_ws.h[l + 1].column(0);
            layer.error_norm = delta.norm();
            layer.feedback = match influenced.get(l) {
                Some(a) => a.column(0).as_slice().to_vec(),
                None => {
                    // The target the error implies, at one point: the pre-activation stepped against its error,
                    // through the layer's own function (δ is an error at z, so it is subtracted from z, not h).
                    let f = self.net.layers[l].f;
                    let shifted: Vec<f64> =
                        self.probe_ws.z[l].column(0).iter().zip(delta.iter()).map(|(z, d)| z - d).collect();
                    let mut target = alloc::vec![0.0; shifted.len()];
                    f.apply(&shifted, &mut target);
                    target
                }
            };
            layer.delta = delta.as_slice().to_vec();
            layer.forward = forward.as_slice().to_vec();
        }
        self.probe_ws.h[self.net.depth()].column(0).as_slice().to_vec()
    }

    /// The network's output for one input `x` (already scaled as the task's inputs are), as it answers now: for
    /// the digits, the class probabilities of a digit drawn on the page's pad. `None` if `x` is not one input.
    pub fn outputs_for(&mut self, x: &[f64]) -> Option<Vec<f64>> {
        if x.len() != self.net.sizes()[0] {
            return None;
        }
        self.eval_ws.h[0].column_mut(0).copy_from_slice(x);
        self.eval_ws.cols = 1;
        self.rule.predict(&self.net, &mut self.eval_ws, 1);
        Some(self.eval_ws.h[self.net.depth()].column(0).as_slice().to_vec())
    }

    /// The class score in [−1, 1] (see [`class_score`]) on a `res × res` grid over the square `[−range, range]²`,
    /// row by row from the top (`x₂ = +range`) down, for drawing a 2-D task's decision boundary. `out` must hold
    /// `res²` values. Allocates nothing.
    pub fn boundary(&mut self, res: usize, range: f64, out: &mut [f64]) {
        self.boundary_rows(res, range, 0..res, out);
    }

    /// [`Trainer::boundary`] for the grid rows `rows` only (the rest of `out` is left as it is), so that a page can
    /// refresh a costly grid a few rows a frame.
    pub fn boundary_rows(&mut self, res: usize, range: f64, rows: core::ops::Range<usize>, out: &mut [f64]) {
        assert_eq!(out.len(), res * res, "the grid buffer holds res² values");
        let depth = self.net.depth();
        let f = self.net.layers[depth - 1].f;
        let coord = |k: usize| -range + 2.0 * range * (k as f64 + 0.5) / res as f64;
        let end = rows.end.min(res) * res;
        let mut k = rows.start.min(res) * res;
        while k < end {
            let cols = self.eval_ws.capacity().min(end - k);
            for c in 0..cols {
                let (row, col) = ((k + c) / res, (k + c) % res);
                let (x1, x2) = (coord(col), -coord(row));
                for (i, feature) in self.config.features.iter().enumerate() {
                    self.eval_ws.h[0][(i, c)] = feature.eval(x1, x2);
                }
            }
            self.rule.predict(&self.net, &mut self.eval_ws, cols);
            for c in 0..cols {
                out[k + c] = class_score(self.eval_ws.h[depth].column(c).as_slice(), f);
            }
            k += cols;
        }
    }
}
