//! Sanger's rule, the generalized Hebbian algorithm (Sanger 1989, *Neural Netw.* 2:459).
//!
//! ```text
//! Δw_i = η y_i (x − Σ_{k ≤ i} y_k w_k)       i.e.  G = −⟨y xᵀ − LT(y yᵀ) W⟩_batch        with y = W x
//! ```
//!
//! Like Oja's rule, but unit `i` also subtracts what the units before it already explain: unit 1 finds the first
//! principal component, unit 2 the second, and so on — the network performs PCA, in order, with local rules
//! (each unit needs the outputs of the units before it, a lateral signal).

use super::{LearningRule, RuleKind};
use crate::net::{Grads, Network, Workspace};

/// The generalized Hebbian algorithm on a single linear layer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sanger;

impl LearningRule for Sanger {
    fn kind(&self) -> RuleKind {
        RuleKind::Sanger
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let w = &net.layers[0].w;
        let (n, d, cols) = (w.nrows(), w.ncols(), ws.cols);
        let (x, y) = (ws.h[0].as_slice(), ws.h[1].as_slice());
        let g = &mut grads.w[0];
        g.fill(0.0);
        for j in 0..cols {
            for i in 0..n {
                let yi = y[j * n + i];
                for k in 0..d {
                    let explained: f64 = (0..=i).map(|m| y[j * n + m] * w[(m, k)]).sum();
                    g[(i, k)] -= yi * (x[j * d + k] - explained) / cols as f64;
                }
            }
        }
        grads.b[0].fill(0.0);
        // No error signal: the rule is unsupervised.
        ws.delta[0].fill(0.0);
    }

    fn supervised(&self) -> bool {
        false
    }
}
