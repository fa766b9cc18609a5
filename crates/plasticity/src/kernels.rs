//! The few dense products that training spends its time in, written as plain loops over nalgebra's
//! column-major storage so that they allocate nothing, run the same instructions on every target, and let the
//! compiler vectorise the inner loop. Each is checked against nalgebra's own products in the tests.
//!
//! Mini-batches are matrices with one column per example; `cols` says how many leading columns are in use
//! (the last chunk of an evaluation may be shorter than the buffer).

use nalgebra::{DMatrix, DVector};

/// `Z[:, j] = W H[:, j] + b` for the first `cols` columns: the affine part of a layer's forward pass.
pub fn affine(
    w: &DMatrix<f64>,
    b: &DVector<f64>,
    h: &DMatrix<f64>,
    cols: usize,
    z: &mut DMatrix<f64>,
) {
    let (m, k) = w.shape();
    debug_assert!(h.nrows() == k && z.nrows() == m && b.len() == m);
    let (w, b, h, z) = (w.as_slice(), b.as_slice(), h.as_slice(), z.as_mut_slice());
    for (hj, zj) in h.chunks_exact(k).zip(z.chunks_exact_mut(m)).take(cols) {
        zj.copy_from_slice(b);
        for (&x, wc) in hj.iter().zip(w.chunks_exact(m)) {
            for (zi, &wi) in zj.iter_mut().zip(wc) {
                *zi += wi * x;
            }
        }
    }
}

/// `Y[:, j] = A X[:, j]` for the first `cols` columns (A is `m × k`).
pub fn product(a: &DMatrix<f64>, x: &DMatrix<f64>, cols: usize, y: &mut DMatrix<f64>) {
    let (m, k) = a.shape();
    debug_assert!(x.nrows() == k && y.nrows() == m);
    let (a, x, y) = (a.as_slice(), x.as_slice(), y.as_mut_slice());
    for (xj, yj) in x.chunks_exact(k).zip(y.chunks_exact_mut(m)).take(cols) {
        yj.fill(0.0);
        for (&x, ac) in xj.iter().zip(a.chunks_exact(m)) {
            for (yi, &ai) in yj.iter_mut().zip(ac) {
                *yi += ai * x;
            }
        }
    }
}

/// `Y[:, j] = Aᵀ X[:, j]` for the first `cols` columns (A is `m × k`, so Y has `k` rows): how backprop sends
/// error signals down through the forward weights.
pub fn transpose_product(a: &DMatrix<f64>, x: &DMatrix<f64>, cols: usize, y: &mut DMatrix<f64>) {
    let (m, k) = a.shape();
    debug_assert!(x.nrows() == m && y.nrows() == k);
    let (a, x, y) = (a.as_slice(), x.as_slice(), y.as_mut_slice());
    for (xj, yj) in x.chunks_exact(m).zip(y.chunks_exact_mut(k)).take(cols) {
        for (yi, ac) in yj.iter_mut().zip(a.chunks_exact(m)) {
            *yi = ac.iter().zip(xj).map(|(a, x)| a * x).sum();
        }
    }
}

/// `G = α Σ_j D[:, j] H[:, j]ᵀ` over the first `cols` columns, and `g = α Σ_j D[:, j]`: a weight and bias update
/// from error signals `D` (`m` rows) and presynaptic activity `H` (`k` rows). Overwrites `G` and `g`.
pub fn outer(
    alpha: f64,
    d: &DMatrix<f64>,
    h: &DMatrix<f64>,
    cols: usize,
    g: &mut DMatrix<f64>,
    gb: &mut DVector<f64>,
) {
    let (m, k) = g.shape();
    debug_assert!(d.nrows() == m && h.nrows() == k && gb.len() == m);
    let (d, h, g, gb) = (
        d.as_slice(),
        h.as_slice(),
        g.as_mut_slice(),
        gb.as_mut_slice(),
    );
    g.fill(0.0);
    gb.fill(0.0);
    for (dj, hj) in d.chunks_exact(m).zip(h.chunks_exact(k)).take(cols) {
        for (gc, &x) in g.chunks_exact_mut(m).zip(hj) {
            let a = alpha * x;
            for (gi, &di) in gc.iter_mut().zip(dj) {
                *gi += a * di;
            }
        }
        for (gi, &di) in gb.iter_mut().zip(dj) {
            *gi += alpha * di;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(r: usize, c: usize, seed: f64) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |i, j| {
            libm::sin(seed + 1.3 * i as f64 + 0.7 * j as f64)
        })
    }

    #[test]
    fn kernels_match_nalgebra_products() {
        let (m, k, cols) = (5, 3, 4);
        let w = filled(m, k, 0.1);
        let b = DVector::from_fn(m, |i, _| 0.2 * i as f64 - 0.3);
        // Buffers are wider than the columns in use, as in the trainer; the extra column must stay untouched.
        let h = filled(k, cols + 1, 0.5);
        let d = filled(m, cols + 1, 0.9);
        let used = |x: &DMatrix<f64>| x.columns(0, cols).into_owned();

        let mut z = DMatrix::from_element(m, cols + 1, 7.0);
        affine(&w, &b, &h, cols, &mut z);
        let expect = &w * used(&h) + DMatrix::from_fn(m, cols, |i, _| b[i]);
        assert!((used(&z) - expect).amax() < 1e-14);
        assert_eq!(z[(0, cols)], 7.0);

        let mut y = DMatrix::zeros(m, cols + 1);
        product(&w, &h, cols, &mut y);
        assert!((used(&y) - &w * used(&h)).amax() < 1e-14);

        let mut t = DMatrix::zeros(k, cols + 1);
        transpose_product(&w, &d, cols, &mut t);
        assert!((used(&t) - w.transpose() * used(&d)).amax() < 1e-14);

        let (mut g, mut gb) = (
            DMatrix::from_element(m, k, 3.0),
            DVector::from_element(m, 3.0),
        );
        outer(0.25, &d, &h, cols, &mut g, &mut gb);
        assert!((&g - used(&d) * used(&h).transpose() * 0.25).amax() < 1e-14);
        assert!((&gb - used(&d).column_sum() * 0.25).amax() < 1e-14);
    }
}
