//! Backprop's gradients against central finite differences of the mini-batch loss, for every activation and loss.

use nalgebra::DMatrix;
use plasticity::net::{Grads, Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::Backprop;
use plasticity::{Activation, Init, LearningRule, Loss};

const SIZES: [usize; 4] = [3, 5, 4, 3];
const BATCH: usize = 4;

/// The mean loss of the batch held in `ws`, and its output error signal.
fn batch_loss(net: &Network, ws: &mut Workspace, loss: Loss) -> f64 {
    net.forward(ws, BATCH);
    ws.output_error(loss, net.layers[net.depth() - 1].f)
}

fn check(hidden: Activation, output: Activation, loss: Loss) {
    let mut rng = Rng::new(7, Stream::Weights);
    let mut net = Network::new(&SIZES, hidden, output, Init::Glorot, &mut rng);
    for layer in &mut net.layers {
        layer.b.iter_mut().for_each(|b| *b = rng.uniform(-0.5, 0.5));
    }
    let mut ws = Workspace::new(&SIZES, BATCH);
    ws.cols = BATCH;
    ws.h[0] = DMatrix::from_fn(3, BATCH, |_, _| rng.normal());
    ws.target = DMatrix::from_fn(3, BATCH, |_, _| rng.uniform(0.0, 1.0));
    if output == Activation::Softmax {
        // Targets of a softmax are distributions: normalise each column.
        for mut col in ws.target.column_iter_mut() {
            let s = col.sum();
            col /= s;
        }
    }
    batch_loss(&net, &mut ws, loss);
    let mut grads = Grads::zeros(&net);
    Backprop.direction(&net, &mut ws, &mut grads);

    let eps = 1e-6;
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
        assert!(
            rel < 1e-6,
            "{hidden}/{output}/{loss}: layer {l} relative error {rel:e}\nnumeric {numeric}\nbackprop {}",
            grads.w[l]
        );
        assert!(numeric.norm() > 1e-6, "{hidden}/{output}/{loss}: layer {l} has a zero gradient; the check is empty");
    }
}

#[test]
fn backprop_equals_finite_differences_for_every_activation_and_loss() {
    for hidden in [Activation::Tanh, Activation::Logistic, Activation::Relu, Activation::Linear] {
        for output in [Activation::Linear, Activation::Tanh, Activation::Logistic, Activation::Softmax] {
            check(hidden, output, Loss::Squared);
        }
        check(hidden, Activation::Softmax, Loss::CrossEntropy);
    }
}
