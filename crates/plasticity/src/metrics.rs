//! The quantities the plots show: angles between updates and between weight matrices, norms, and a network's
//! loss, accuracy and normalized error on a data set.

use nalgebra::DMatrix;

use crate::activation::Loss;
use crate::net::{Network, Workspace};
use crate::rules::LearningRule;
use crate::tasks::{Dataset, predicted_class};

/// The angle in degrees between two equally long vectors (or flattened matrices); `None` when either is zero or
/// not finite. Computed as `2 atan2(‖â − b̂‖, ‖â + b̂‖)` on the unit vectors (Kahan's formula), which stays
/// accurate near 0° and 180°, where `acos` of the cosine loses half its digits.
pub fn angle_deg(a: &[f64], b: &[f64]) -> Option<f64> {
    debug_assert_eq!(a.len(), b.len());
    angle_of(|visit| a.iter().zip(b).for_each(|(x, y)| visit(*x, *y)))
}

/// The angle in degrees between `Wᵀ` and `B` (B shaped like `Wᵀ`), without forming the transpose: how well
/// a feedback matrix `B_l` matches the forward weights `W_{l+1}` it stands in for.
pub fn angle_transposed_deg(w: &DMatrix<f64>, b: &DMatrix<f64>) -> Option<f64> {
    debug_assert_eq!(w.shape(), (b.ncols(), b.nrows()));
    angle_of(|visit| {
        for i in 0..w.nrows() {
            for j in 0..w.ncols() {
                visit(w[(i, j)], b[(j, i)]);
            }
        }
    })
}

/// The angle between two vectors given as a walk over their paired entries (walked twice).
fn angle_of(walk: impl Fn(&mut dyn FnMut(f64, f64))) -> Option<f64> {
    let (mut aa, mut bb) = (0.0, 0.0);
    walk(&mut |x, y| {
        aa += x * x;
        bb += y * y;
    });
    let (na, nb) = (libm::sqrt(aa), libm::sqrt(bb));
    if !(na > 0.0 && nb > 0.0 && na.is_finite() && nb.is_finite()) {
        return None;
    }
    let (mut diff, mut sum) = (0.0, 0.0);
    walk(&mut |x, y| {
        let (u, v) = (x / na, y / nb);
        diff += (u - v) * (u - v);
        sum += (u + v) * (u + v);
    });
    Some((2.0 * libm::atan2(libm::sqrt(diff), libm::sqrt(sum))).to_degrees())
}

/// The Euclidean norm `‖v‖`.
pub fn norm(v: &[f64]) -> f64 {
    libm::sqrt(v.iter().map(|x| x * x).sum())
}

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

/// Runs the first `cols` examples in `ws` through `net` as `rule` predicts: the forward pass, then the rule's
/// settling (a no-op except for settling networks). Every prediction the trainer makes goes through here.
pub fn predict(net: &Network, rule: &dyn LearningRule, ws: &mut Workspace, cols: usize) {
    net.forward(ws, cols);
    rule.settle(net, ws, cols);
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
        predict(net, rule, ws, cols);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angles_of_known_pairs() {
        assert_eq!(angle_deg(&[1.0, 0.0], &[2.0, 0.0]), Some(0.0));
        assert!((angle_deg(&[1.0, 0.0], &[0.0, 3.0]).unwrap() - 90.0).abs() < 1e-12);
        assert!((angle_deg(&[1.0, 1.0], &[-1.0, -1.0]).unwrap() - 180.0).abs() < 1e-12);
        assert!((angle_deg(&[1.0, 0.0], &[1.0, 1.0]).unwrap() - 45.0).abs() < 1e-12);
        assert_eq!(angle_deg(&[0.0, 0.0], &[1.0, 1.0]), None);
        let w = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(angle_transposed_deg(&w, &w.transpose()), Some(0.0));
        assert!((angle_transposed_deg(&w, &(-w.transpose())).unwrap() - 180.0).abs() < 1e-12);
        assert!((angle_deg(&[1.0, 1e-9], &[1.0, 0.0]).unwrap() - 1e-9f64.to_degrees()).abs() < 1e-18);
    }
}
