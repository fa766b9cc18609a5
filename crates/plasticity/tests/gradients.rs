//! Backprop's gradients against central finite differences of the mini-batch loss, for every activation and loss,
//! on networks of several shapes (deep and shallow, wide and narrow, with and without hidden layers).

use nalgebra::DMatrix;
use plasticity::net::{Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::Backprop;
use plasticity::{Activation, Init, Loss};

mod common;

const BATCH: usize = 4;
/// Widths `[n_0, …, n_L]`: the shapes the check runs on.
const SHAPES: [&[usize]; 5] = [&[3, 5, 4, 3], &[2, 3], &[4, 7, 2], &[5, 3, 6, 4, 4], &[1, 9, 5, 3]];

/// The mean loss of the batch held in `ws`, and its output error signal.
fn batch_loss(net: &Network, ws: &mut Workspace, loss: Loss) -> f64 {
    net.forward(ws, BATCH);
    ws.output_error(loss, net.layers[net.depth() - 1].f)
}

fn check(sizes: &[usize], hidden: Activation, output: Activation, loss: Loss, seed: u32) {
    let mut rng = Rng::new(seed, Stream::Weights);
    let mut net = Network::new(sizes, hidden, output, Init::Glorot, &mut rng);
    for layer in &mut net.layers {
        layer.b.iter_mut().for_each(|b| *b = rng.uniform(-0.5, 0.5));
    }
    let (n_in, n_out) = (sizes[0], sizes[sizes.len() - 1]);
    let mut ws = Workspace::new(sizes, BATCH);
    ws.cols = BATCH;
    ws.h[0] = DMatrix::from_fn(n_in, BATCH, |_, _| rng.normal());
    ws.target = DMatrix::from_fn(n_out, BATCH, |_, _| rng.uniform(0.0, 1.0));
    if output == Activation::Softmax {
        // Targets of a softmax are distributions: normalise each column.
        for mut col in ws.target.column_iter_mut() {
            let s = col.sum();
            col /= s;
        }
    }
    batch_loss(&net, &mut ws, loss);
    let grads = common::directions(&mut Backprop, &net, &mut ws);

    let eps = 1e-6;
    let what = format!("{sizes:?} {hidden}/{output}/{loss}");
    for l in 0..net.depth() {
        let mut numeric = DMatrix::zeros(net.layers[l].w.nrows(), net.layers[l].w.ncols());
        for idx in 0..numeric.len() {
            let w0 = net.layers[l].w[idx];
            net.layers[l].w[idx] = w0 + eps;
            let up = batch_loss(&net, &mut ws, loss);
            net.layers[l].w[idx] = w0 - eps;
            let down = batch_loss(&net, &mut ws, loss);
            net.layers[l].w[idx] = w0;
            numeric[idx] = (up - down) / (2.0 * eps);
        }
        let rel = (&numeric - &grads.w[l]).norm() / (numeric.norm() + grads.w[l].norm());
        assert!(rel < 1e-6, "{what}: layer {l} relative error {rel:e}\nnumeric {numeric}\nbackprop {}", grads.w[l]);
        assert!(numeric.norm() > 1e-6, "{what}: layer {l} has a zero gradient; the check is empty");
    }
}

#[test]
fn backprop_equals_finite_differences_for_every_activation_and_loss() {
    for (k, sizes) in SHAPES.into_iter().enumerate() {
        let seed = 7 + k as u32;
        for hidden in [Activation::Tanh, Activation::Logistic, Activation::Relu, Activation::Linear] {
            for output in [Activation::Linear, Activation::Tanh, Activation::Logistic, Activation::Softmax] {
                if output == Activation::Softmax && sizes[sizes.len() - 1] == 1 {
                    continue; // a softmax of one unit is constant: no gradient to check
                }
                check(sizes, hidden, output, Loss::Squared, seed);
            }
            if sizes[sizes.len() - 1] > 1 {
                check(sizes, hidden, Activation::Softmax, Loss::CrossEntropy, seed);
            }
        }
    }
}
