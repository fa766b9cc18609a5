//! Fixtures shared by the core's tests: a run of Lillicrap et al.'s linear task, a fixed mini-batch through a
//! small network, a rule's directions on it, and the per-layer angle to backprop's.

#![allow(dead_code)] // each test file uses some of them

use nalgebra::DMatrix;
use plasticity::metrics::angle_deg;
use plasticity::net::{Grads, Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::{Backprop, LearningRule, Step};
use plasticity::{Activation, Config, Init, Loss, RuleKind, TaskKind, Trainer};

/// Lillicrap et al. (2016)'s linear task, at its preset, with `rule` and `seed`.
pub fn linear(rule: RuleKind, seed: u32) -> Trainer {
    Trainer::new(Config { rule, seed, ..Config::preset(TaskKind::LINEAR) }).unwrap()
}

/// A fixed mini-batch of `cols` examples through a tanh network of widths `sizes` with a linear output (weights
/// from `seed`'s weight stream): inputs `N(0, 1)`, the forward pass run, targets made by `target` from the
/// outputs (and the same stream), and the squared error's output error set.
pub fn fixed_batch(
    sizes: &[usize],
    seed: u32,
    cols: usize,
    target: impl FnOnce(&DMatrix<f64>, &mut Rng) -> DMatrix<f64>,
) -> (Network, Workspace) {
    let mut rng = Rng::new(seed, Stream::Weights);
    let net = Network::new(sizes, Activation::Tanh, Activation::Linear, Init::Glorot, &mut rng);
    let mut ws = Workspace::new(sizes, cols);
    ws.cols = cols;
    ws.h[0] = DMatrix::from_fn(sizes[0], cols, |_, _| rng.normal());
    net.forward(&mut ws, cols);
    ws.target = target(&ws.h[sizes.len() - 1], &mut rng);
    ws.output_error(Loss::Squared, Activation::Linear);
    (net, ws)
}

/// `rule`'s update directions on the batch held in `ws` (its scratch reserved first), at η = 1.
pub fn directions(rule: &mut dyn LearningRule, net: &Network, ws: &mut Workspace) -> Grads {
    rule.reserve(ws.cols);
    let mut g = Grads::zeros(net);
    rule.direction(&mut Step { net, ws, grads: &mut g, lr: 1.0 });
    g
}

/// Per layer, the angle in degrees between two sets of weight directions.
pub fn angles(a: &Grads, b: &Grads) -> Vec<f64> {
    a.w.iter().zip(&b.w).map(|(a, b)| angle_deg(a.as_slice(), b.as_slice()).unwrap()).collect()
}

/// Per layer, the angle between `rule`'s update and backprop's on the batch held in `ws`.
pub fn angles_to_backprop(rule: &mut dyn LearningRule, net: &Network, ws: &mut Workspace) -> Vec<f64> {
    let bp = directions(&mut Backprop, net, ws);
    angles(&directions(rule, net, ws), &bp)
}
