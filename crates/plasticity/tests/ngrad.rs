//! The activity-difference (NGRAD) rules, each against the property that defines it.

use plasticity::metrics::angle_deg;
use plasticity::net::{Grads, Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::{Backprop, PredictiveCoding};
use plasticity::{Activation, Init, LearningRule, Loss};

const SIZES: [usize; 4] = [4, 8, 6, 3];

/// A batch whose targets sit `scale` away from the network's outputs.
fn batch(scale: f64) -> (Network, Workspace) {
    let mut rng = Rng::new(11, Stream::Weights);
    let net = Network::new(&SIZES, Activation::Tanh, Activation::Linear, Init::Glorot, &mut rng);
    let mut ws = Workspace::new(&SIZES, 6);
    ws.cols = 6;
    ws.h[0] = nalgebra::DMatrix::from_fn(4, 6, |_, _| rng.normal());
    net.forward(&mut ws, 6);
    ws.target = ws.h[3].clone() + nalgebra::DMatrix::from_fn(3, 6, |_, _| scale * rng.normal());
    ws.output_error(Loss::Squared, Activation::Linear);
    (net, ws)
}

fn angles(rule: &mut dyn LearningRule, scale: f64) -> Vec<f64> {
    let (net, mut ws) = batch(scale);
    let mut bp = Grads::zeros(&net);
    Backprop.direction(&net, &mut ws, &mut bp);
    let mut g = Grads::zeros(&net);
    rule.direction(&net, &mut ws, &mut g);
    (0..net.depth()).map(|l| angle_deg(g.w[l].as_slice(), bp.w[l].as_slice()).unwrap()).collect()
}

/// Whittington & Bogacz (2017): with small output errors, predictive coding's updates approach backprop's.
#[test]
fn predictive_coding_updates_point_within_five_degrees_of_backprop_for_small_errors() {
    let mut pc = PredictiveCoding::new(&SIZES);
    let small = angles(&mut pc, 1e-3);
    let large = angles(&mut pc, 1.0);
    eprintln!("predictive coding vs backprop: small errors {small:?}, large errors {large:?}");
    assert!(small.iter().all(|a| *a < 5.0), "{small:?}");
    assert!(large.iter().zip(&small).any(|(l, s)| l > s), "larger errors move it further from backprop");
}
