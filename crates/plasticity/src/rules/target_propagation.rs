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

use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};

use super::{LearningRule, RuleKind};
use crate::activation::Activation;
use crate::config::Init;
use crate::kernels;
use crate::net::{Grads, Network, Workspace, draw_matrix};
use crate::random::{Rng, Stream};

/// The step α of the top target, and the scale the local errors are divided by.
pub const DTP_ALPHA: f64 = 0.1;
/// The noise σ used to train the inverses.
pub const DTP_NOISE: f64 = 0.1;
/// The inverses' normalised learning rate μ.
pub const DTP_INVERSE_RATE: f64 = 0.2;

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

    fn reserve(&mut self, cols: usize) {
        if self.target.first().is_some_and(|t| t.ncols() >= cols) || self.v.is_empty() {
            return;
        }
        let hidden = self.v.len();
        let below = |s: &[usize]| (0..hidden).map(|j| DMatrix::zeros(s[j + 1], cols)).collect::<Vec<_>>();
        let above = |s: &[usize]| (0..hidden).map(|j| DMatrix::zeros(s[j + 2], cols)).collect::<Vec<_>>();
        self.target = below(&self.sizes);
        self.g_target = below(&self.sizes);
        self.g_h = below(&self.sizes);
        self.pre = below(&self.sizes);
        self.noisy = below(&self.sizes);
        self.image_z = above(&self.sizes);
        self.image = above(&self.sizes);
    }

    /// `out = g(x) = f(V x + c)` on the first `cols` columns, keeping the pre-activation in `pre`.
    fn invert(&mut self, j: usize, f: Activation, x: &DMatrix<f64>, cols: usize, into_target: bool) {
        kernels::affine(&self.v[j], &self.c[j], x, cols, &mut self.pre[j]);
        let n = self.v[j].nrows();
        let out = if into_target { &mut self.g_target[j] } else { &mut self.g_h[j] };
        for (z, h) in self.pre[j].as_slice().chunks_exact(n).zip(out.as_mut_slice().chunks_exact_mut(n)).take(cols) {
            f.apply(z, h);
        }
    }

    /// One denoising step for inverse `j` (it inverts layer `j + 1`) on the batch's activity `h_{j+1}`.
    fn train_inverse(&mut self, j: usize, net: &Network, ws: &Workspace, cols: usize) {
        let (n, m) = (self.sizes[j + 1], self.sizes[j + 2]);
        for (x, h) in self.noisy[j].as_mut_slice()[..n * cols].iter_mut().zip(&ws.h[j + 1].as_slice()[..n * cols]) {
            *x = h + DTP_NOISE * self.rng.normal();
        }
        let layer = &net.layers[j + 1];
        kernels::affine(&layer.w, &layer.b, &self.noisy[j], cols, &mut self.image_z[j]);
        for (z, h) in
            self.image_z[j].as_slice().chunks_exact(m).zip(self.image[j].as_mut_slice().chunks_exact_mut(m)).take(cols)
        {
            layer.f.apply(z, h);
        }
        let f = net.layers[j].f;
        let image = core::mem::replace(&mut self.image[j], DMatrix::zeros(0, 0));
        self.invert(j, f, &image, cols, false);
        // g_h[j] now holds the reconstruction; turn it into the error signal (g − h̃) ⊙ f'.
        let mut total = 0.0;
        let (rec, pre, noisy) = (self.g_h[j].as_mut_slice(), self.pre[j].as_slice(), self.noisy[j].as_slice());
        for i in 0..n * cols {
            let (r, e) = (rec[i], rec[i] - noisy[i]);
            total += 0.5 * e * e;
            rec[i] = e * f.derivative(pre[i], r);
        }
        self.inverse_error[j] = total / cols as f64;
        let (mut gv, mut gc) = (DMatrix::zeros(0, 0), DVector::zeros(0));
        core::mem::swap(&mut gv, &mut self.v[j]);
        core::mem::swap(&mut gc, &mut self.c[j]);
        // V ← V − μ ⟨e yᵀ / (1 + ‖y‖²)⟩, c ← c − μ ⟨e / (1 + ‖y‖²)⟩, straight into the parameters (the 1 counts
        // the bias's constant input).
        let (vs, cs, es, ys) = (gv.as_mut_slice(), gc.as_mut_slice(), self.g_h[j].as_slice(), image.as_slice());
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
        self.v[j] = gv;
        self.c[j] = gc;
        self.image[j] = image;
    }
}

impl LearningRule for DifferenceTargetPropagation {
    fn kind(&self) -> RuleKind {
        RuleKind::DifferenceTargetPropagation
    }

    fn direction(&mut self, net: &Network, ws: &mut Workspace, grads: &mut Grads) {
        let (cols, depth) = (ws.cols, net.depth());
        let hidden = depth - 1;
        self.reserve(cols);
        if hidden > 0 {
            // The top target: a step of α down the last layer's own gradient.
            let top = hidden - 1;
            kernels::transpose_product(&net.layers[depth - 1].w, &ws.delta[depth - 1], cols, &mut self.target[top]);
            let n = self.sizes[top + 1];
            let h = &ws.h[top + 1].as_slice()[..n * cols];
            self.target[top].as_mut_slice()[..n * cols].iter_mut().zip(h).for_each(|(t, h)| *t = h - DTP_ALPHA * *t);
            // Lower targets through the inverses, with the difference correction.
            for k in (0..top).rev() {
                let f = net.layers[k].f;
                let upper = core::mem::replace(&mut self.target[k + 1], DMatrix::zeros(0, 0));
                self.invert(k, f, &upper, cols, true);
                self.target[k + 1] = upper;
                self.invert(k, f, &ws.h[k + 2], cols, false);
                let n = self.sizes[k + 1];
                let (t, h) = (self.target[k].as_mut_slice(), ws.h[k + 1].as_slice());
                let (gt, gh) = (self.g_target[k].as_slice(), self.g_h[k].as_slice());
                for i in 0..n * cols {
                    t[i] = h[i] + gt[i] - gh[i];
                }
            }
            // Each hidden layer moves towards its target.
            for k in 0..hidden {
                let n = self.sizes[k + 1];
                let f = net.layers[k].f;
                let (d, t) = (ws.delta[k].as_mut_slice(), self.target[k].as_slice());
                let (z, h) = (ws.z[k].as_slice(), ws.h[k + 1].as_slice());
                for i in 0..n * cols {
                    d[i] = (h[i] - t[i]) * f.derivative(z[i], h[i]) / DTP_ALPHA;
                }
                grads.set_from_delta(k, ws);
            }
        }
        grads.set_from_delta(depth - 1, ws);
        for j in 0..hidden {
            self.train_inverse(j, net, ws, cols);
        }
    }

    fn feedback(&self) -> Option<&[DMatrix<f64>]> {
        Some(&self.v)
    }

    fn influenced_activity(&self, l: usize) -> Option<&[f64]> {
        let n = self.sizes[l + 1];
        self.target.get(l).map(|t| &t.as_slice()[..n])
    }
}
