//! Difference target propagation (Lee, Zhang, Fischer & Bengio 2015, *ECML PKDD*, "Difference target
//! propagation").
//!
//! Each hidden layer gets a *target* activity instead of an error. The top hidden layer's target is a small step
//! down its own loss gradient; lower targets come back through learned approximate inverses `g_l`, with the
//! difference correction that cancels the inverses' imperfection:
//!
//! ```text
//! ĥ_{L−1} = h_{L−1} − α W_{L−1}ᵀ δ_{L−1}                 (the top target: a step along the last layer's gradient)
//! ĥ_l     = h_l + g_l(ĥ_{l+1}) − g_l(h_{l+1})           g_l(h) = f_{l−1}(V_l h + c_l) ≈ the inverse of layer l
//! δ_l     = (h_{l+1} − ĥ_{l+1}) ⊙ f_l'(z_l) / α         each layer moves towards its target: local
//! G_l     = ⟨δ_l h_lᵀ⟩_batch                            (the output layer uses its own gradient, δ_{L−1})
//! ```
//!
//! The inverses learn by denoising, on the same batch, every step: with `h̃ = h_l + σε` and `y = f_l(W_l h̃ + b_l)`,
//! `min_V ½‖g_l(y) − h̃‖²`, by normalised least-mean-squares steps (rate μ = 0.2 divided by `‖y‖²`, so the
//! inverses stay stable whatever the layer widths and the forward learning rate; σ = 0.1). Dividing by α (0.1) keeps the update's size
//! comparable to backprop's at the same η. The feedback-influenced activity is the target `ĥ`; the "feedback
//! weights" shown are the inverses `V_{l+1}`, which stand where `W_{l+1}ᵀ` would in backprop.

use alloc::boxed::Box;
use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{Coincidence, FeedbackRoute, HiddenSignal, Internals, LearningRule, LearnsFrom, Pathway, RuleInfo, RuleKind, Step};
use crate::activation::Activation;
use crate::kernels::{self, used, used_mut};
use crate::net::{Network, Workspace, draw_matrix};
use crate::random::{Init, Rng, Stream};

/// The step α of the top target, and the scale the local errors are divided by.
pub const DTP_ALPHA: f64 = 0.1;
/// The noise σ used to train the inverses.
pub const DTP_NOISE: f64 = 0.1;
/// The inverses' normalised learning rate μ.
pub const DTP_INVERSE_RATE: f64 = 0.2;

pub(super) static RULE: RuleInfo = RuleInfo {
    name: "dtp",
    title: "Difference target propagation",
    citation: "Lee, Zhang, Fischer & Bengio (2015), ECML PKDD",
    about: "Each hidden layer is sent a target activity instead of an error: the top one a small step down its own \
            gradient, the lower ones through learned approximate inverses of the layers above, with a difference \
            correction that cancels the inverses' imperfection. Each synapse needs its presynaptic activity and the \
            difference between its unit's activity and its target; the inverses learn by reconstructing noise.",
    learning_rate_scale: 1.0,
    learns_from: LearnsFrom::Targets,
    single_layer: None,
    hidden_signal: HiddenSignal::ActivityDifference,
    feedback_route: FeedbackRoute::OwnWeights,
    silent: None,
    coincides: Some(Coincidence {
        with: "backprop",
        hidden_layers: 1,
        why: "With one hidden layer, difference target propagation is backprop: the only hidden target is the top \
              one, ĥ = h − α Wᵀδ, a step along the gradient, so its update is backprop's (to rounding). Its learned \
              inverses matter only from two hidden layers on.",
        exact: true,
    }),
    checked_by: "tests/ngrad.rs: target_propagation_inverses_improve_and_the_autoencoder_learns",
    build: |s| Box::new(DifferenceTargetPropagation::new(&s.net.sizes(), s.feedback_init, s.seed)),
};

impl RuleKind {
    /// Difference target propagation.
    pub const TARGET_PROPAGATION: RuleKind = RuleKind(&RULE);
}

/// Difference target propagation with learned inverses.
#[derive(Clone, Debug)]
pub struct DifferenceTargetPropagation {
    sizes: Vec<usize>,
    /// `V_{l+1}` for each hidden layer `l` (`n_{l+1} × n_{l+2}`): the inverse of layer `l + 1`.
    v: Vec<DMatrix<f64>>,
    /// `c_{l+1}`, the inverses' biases.
    c: Vec<DVector<f64>>,
    rng: Rng,
    /// Per hidden layer `k`: the target `ĥ_{k+1}`; per inverse `j`: scratch for `g(ĥ)`, `g(h)`, the inverse's
    /// pre-activation, the noisy activity `h̃` and its image `f(W h̃ + b)` (pre-activation and activity).
    target: Vec<DMatrix<f64>>,
    g_target: Vec<DMatrix<f64>>,
    g_h: Vec<DMatrix<f64>>,
    pre: Vec<DMatrix<f64>>,
    noisy: Vec<DMatrix<f64>>,
    image_z: Vec<DMatrix<f64>>,
    image: Vec<DMatrix<f64>>,
    /// The last batch's mean denoising reconstruction error of each inverse.
    inverse_error: Vec<f64>,
}

/// `out = g(x) = f(V x + c)` on the first `cols` columns, keeping the pre-activation in `pre`.
fn invert(
    (v, c): (&DMatrix<f64>, &DVector<f64>),
    f: Activation,
    x: &DMatrix<f64>,
    cols: usize,
    (pre, out): (&mut DMatrix<f64>, &mut DMatrix<f64>),
) {
    kernels::affine(v, c, x, cols, pre);
    f.apply_columns(pre, out, cols);
}

impl DifferenceTargetPropagation {
    /// Draws the inverses from `init` for a network of widths `sizes`.
    pub fn new(sizes: &[usize], init: Init, seed: u32) -> Self {
        let mut rng = Rng::new(seed, Stream::Feedback);
        let hidden = sizes.len().saturating_sub(2);
        let v = (0..hidden).map(|j| draw_matrix(sizes[j + 1], sizes[j + 2], init, &mut rng)).collect();
        let c = (0..hidden).map(|j| DVector::zeros(sizes[j + 1])).collect();
        DifferenceTargetPropagation {
            sizes: sizes.to_vec(),
            v,
            c,
            rng: Rng::new(seed, Stream::Rule),
            target: Vec::new(),
            g_target: Vec::new(),
            g_h: Vec::new(),
            pre: Vec::new(),
            noisy: Vec::new(),
            image_z: Vec::new(),
            image: Vec::new(),
            inverse_error: alloc::vec![0.0; hidden],
        }
    }

    /// The mean denoising reconstruction error `½‖g(f(h̃)) − h̃‖²` of each inverse on the last batch.
    pub fn inverse_errors(&self) -> &[f64] {
        &self.inverse_error
    }

    /// The targets: `ĥ_top = h_top − α W_Lᵀ δ_L`, then down through the inverses with the difference correction
    /// `ĥ_k = h_k + g(ĥ_{k+1}) − g(h_{k+1})`.
    fn targets(&mut self, net: &Network, ws: &Workspace, cols: usize) {
        let depth = net.depth();
        let top = depth - 2;
        kernels::transpose_product(&net.layers[depth - 1].w, &ws.delta[depth - 1], cols, &mut self.target[top]);
        let h = used(&ws.h[top + 1], cols);
        used_mut(&mut self.target[top], cols).iter_mut().zip(h).for_each(|(t, h)| *t = h - DTP_ALPHA * *t);
        for k in (0..top).rev() {
            let (f, inverse) = (net.layers[k].f, (&self.v[k], &self.c[k]));
            invert(inverse, f, &self.target[k + 1], cols, (&mut self.pre[k], &mut self.g_target[k]));
            invert(inverse, f, &ws.h[k + 2], cols, (&mut self.pre[k], &mut self.g_h[k]));
            let (t, h) = (used_mut(&mut self.target[k], cols), used(&ws.h[k + 1], cols));
            let (gt, gh) = (used(&self.g_target[k], cols), used(&self.g_h[k], cols));
            for i in 0..t.len() {
                t[i] = h[i] + gt[i] - gh[i];
            }
        }
    }

    /// One denoising step for inverse `j` (it inverts layer `j + 1`) on the batch's activity `h_{j+1}`.
    fn train_inverse(&mut self, j: usize, net: &Network, ws: &Workspace, cols: usize) {
        let (n, m) = (self.sizes[j + 1], self.sizes[j + 2]);
        for (x, h) in used_mut(&mut self.noisy[j], cols).iter_mut().zip(used(&ws.h[j + 1], cols)) {
            *x = h + DTP_NOISE * self.rng.normal();
        }
        let layer = &net.layers[j + 1];
        kernels::affine(&layer.w, &layer.b, &self.noisy[j], cols, &mut self.image_z[j]);
        layer.f.apply_columns(&self.image_z[j], &mut self.image[j], cols);
        let f = net.layers[j].f;
        invert((&self.v[j], &self.c[j]), f, &self.image[j], cols, (&mut self.pre[j], &mut self.g_h[j]));
        // g_h[j] now holds the reconstruction; turn it into the error signal (g − h̃) ⊙ f'.
        let mut total = 0.0;
        let (rec, pre, noisy) = (used_mut(&mut self.g_h[j], cols), used(&self.pre[j], cols), used(&self.noisy[j], cols));
        for i in 0..rec.len() {
            let (r, e) = (rec[i], rec[i] - noisy[i]);
            total += 0.5 * e * e;
            rec[i] = e * f.derivative(pre[i], r);
        }
        self.inverse_error[j] = total / cols as f64;
        // V ← V − μ ⟨e yᵀ / (1 + ‖y‖²)⟩, c ← c − μ ⟨e / (1 + ‖y‖²)⟩, straight into the parameters (the 1 counts
        // the bias's constant input).
        let (vs, cs) = (self.v[j].as_mut_slice(), self.c[j].as_mut_slice());
        let (es, ys) = (self.g_h[j].as_slice(), self.image[j].as_slice());
        for col in 0..cols {
            let (e, y) = (&es[col * n..(col + 1) * n], &ys[col * m..(col + 1) * m]);
            let alpha = -DTP_INVERSE_RATE / (cols as f64 * (1.0 + y.iter().map(|v| v * v).sum::<f64>()));
            for (k, &yk) in y.iter().enumerate() {
                for (v, &ei) in vs[k * n..(k + 1) * n].iter_mut().zip(e) {
                    *v += alpha * ei * yk;
                }
            }
            for (c, &ei) in cs.iter_mut().zip(e) {
                *c += alpha * ei;
            }
        }
    }
}

impl LearningRule for DifferenceTargetPropagation {
    fn kind(&self) -> RuleKind {
        RuleKind::TARGET_PROPAGATION
    }

    fn reserve(&mut self, batch: usize) {
        if self.target.first().is_some_and(|t| t.ncols() >= batch) || self.v.is_empty() {
            return;
        }
        let hidden = self.v.len();
        let below = |s: &[usize]| (0..hidden).map(|j| DMatrix::zeros(s[j + 1], batch)).collect::<Vec<_>>();
        let above = |s: &[usize]| (0..hidden).map(|j| DMatrix::zeros(s[j + 2], batch)).collect::<Vec<_>>();
        self.target = below(&self.sizes);
        self.g_target = below(&self.sizes);
        self.g_h = below(&self.sizes);
        self.pre = below(&self.sizes);
        self.noisy = below(&self.sizes);
        self.image_z = above(&self.sizes);
        self.image = above(&self.sizes);
    }

    fn direction(&mut self, s: &mut Step<'_>) {
        let (cols, depth) = (s.ws.cols, s.net.depth());
        let hidden = depth - 1;
        if hidden > 0 {
            self.targets(s.net, s.ws, cols);
            // Each hidden layer moves towards its target: δ_k = (h − ĥ) ⊙ f'(z) / α.
            for k in 0..hidden {
                let f = s.net.layers[k].f;
                let (d, t) = (used_mut(&mut s.ws.delta[k], cols), used(&self.target[k], cols));
                let (z, h) = (s.ws.z[k].as_slice(), s.ws.h[k + 1].as_slice());
                for i in 0..d.len() {
                    d[i] = (h[i] - t[i]) * f.derivative(z[i], h[i]) / DTP_ALPHA;
                }
                s.grads.set_from_delta(k, s.ws);
            }
        }
        s.grads.set_from_delta(depth - 1, s.ws);
        for j in 0..hidden {
            self.train_inverse(j, s.net, s.ws, cols);
        }
    }

    fn internals(&self) -> Internals<'_> {
        Internals { feedback: Pathway::Layered(&self.v), influenced: &self.target }
    }
}
