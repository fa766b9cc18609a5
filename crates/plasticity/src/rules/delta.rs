//! The delta rule (Widrow & Hoff 1960, "Adaptive switching circuits"; in conditioning, Rescorla & Wagner 1972):
//! one layer of weights learns from the difference between the target and its own prediction.
//!
//! ```text
//! y = f(W x + b)                the prediction
//! e = y − t                     the error: prediction minus target, as a climbing fibre might report it
//! G = ⟨e xᵀ⟩_batch              ΔW = −η G = η ⟨(t − y) xᵀ⟩
//! ```
//!
//! This is the cerebellum's learning in the Marr–Albus–Ito theory: a Purkinje cell's parallel-fibre synapses
//! change in proportion to their input and to the error that its climbing fibre signals. With one layer there is
//! no credit to assign — every synapse sees the error of the unit it drives — which is why the rule refuses
//! networks with hidden layers (shallow learning applies the same idea to the output layer of a deeper network,
//! leaving the hidden layers fixed).
//!
//! The error is the raw output difference, with no derivative of the output nonlinearity. For a linear output
//! and the squared error, and for a softmax output with cross-entropy, that *is* the gradient; for a tanh or
//! logistic output with the squared error it is not (it lacks `f'(z)`), yet it still moves every output towards
//! its target, and it does not stall where `f` saturates, as the gradient does.

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// The delta rule on a single layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Delta;

impl LearningRule for Delta {
    fn kind(&self) -> RuleKind {
        RuleKind::Delta
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        debug_assert_eq!(net.depth(), 1, "the delta rule trains a single layer");
        let n = ws.target.nrows() * ws.cols;
        let (y, t) = (&ws.h[1].as_slice()[..n], &ws.target.as_slice()[..n]);
        let e = &mut ws.delta[0].as_mut_slice()[..n];
        e.iter_mut().zip(y.iter().zip(t)).for_each(|(e, (y, t))| *e = y - t);
        grads.set_from_delta(0, ws);
    }
}
