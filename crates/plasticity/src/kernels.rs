//! The few dense products that training spends its time in, written as plain loops over nalgebra's
//! column-major storage so that they allocate nothing, run the same instructions on every target, and let the
//! compiler vectorise the inner loop. Each is checked against nalgebra's own products in the tests.
//!
//! Mini-batches are matrices with one column per example; `cols` says how many leading columns are in use
//! (the last chunk of an evaluation may be shorter than the buffer).

use nalgebra::{DMatrix, DVector};

/// The first `cols` columns of a batch matrix, as one column-major slice: the part of a buffer in use.
#[inline]
pub fn used(m: &DMatrix<f64>, cols: usize) -> &[f64] {
    &m.as_slice()[..m.nrows() * cols]
}

/// [`used`], mutably.
#[inline]
pub fn used_mut(m: &mut DMatrix<f64>, cols: usize) -> &mut [f64] {
    let n = m.nrows();
    &mut m.as_mut_slice()[..n * cols]
}

// Networks here are small (a few to 64 units), so the inner loops are short and their overhead matters. Each
// kernel therefore works on four columns at once where it can ("register blocking"): one load of a weight serves
// four examples. Blocking never changes the order in which any single sum is accumulated, so results are
// bit-identical to the plain one-column loop.

/// Splits the four `n`-long columns starting at column `j` out of a column-major buffer.
#[inline(always)]
fn four_mut(buf: &mut [f64], j: usize, n: usize) -> [&mut [f64]; 4] {
    let (a, rest) = buf[j * n..(j + 4) * n].split_at_mut(n);
    let (b, rest) = rest.split_at_mut(n);
    let (c, d) = rest.split_at_mut(n);
    [a, b, c, d]
}

/// `Z[:, j] = W H[:, j] + b` for the first `cols` columns: the affine part of a layer's forward pass.
pub fn affine(w: &DMatrix<f64>, b: &DVector<f64>, h: &DMatrix<f64>, cols: usize, z: &mut DMatrix<f64>) {
    debug_assert_eq!(b.len(), w.nrows());
    times_plus(w, Some(b.as_slice()), h, cols, z);
}

/// `Y[:, j] = A X[:, j]` for the first `cols` columns (A is `m × k`).
pub fn product(a: &DMatrix<f64>, x: &DMatrix<f64>, cols: usize, y: &mut DMatrix<f64>) {
    times_plus(a, None, x, cols, y);
}

/// `Z[:, j] = W H[:, j] (+ b)`: the shared body of [`affine`] and [`product`].
fn times_plus(w: &DMatrix<f64>, b: Option<&[f64]>, h: &DMatrix<f64>, cols: usize, z: &mut DMatrix<f64>) {
    let (m, k) = w.shape();
    debug_assert!(h.nrows() == k && z.nrows() == m);
    let (w, h, z) = (w.as_slice(), h.as_slice(), z.as_mut_slice());
    let start = |zj: &mut [f64]| match b {
        Some(b) => zj.copy_from_slice(b),
        None => zj.fill(0.0),
    };
    let blocked = cols / 4 * 4;
    for j in (0..blocked).step_by(4) {
        let [z0, z1, z2, z3] = four_mut(z, j, m);
        for zz in [&mut *z0, &mut *z1, &mut *z2, &mut *z3] {
            start(zz);
        }
        for c in 0..k {
            let x = [h[j * k + c], h[(j + 1) * k + c], h[(j + 2) * k + c], h[(j + 3) * k + c]];
            let wc = &w[c * m..(c + 1) * m];
            let rows = wc.iter().zip(z0.iter_mut()).zip(z1.iter_mut()).zip(z2.iter_mut()).zip(z3.iter_mut());
            for ((((&wi, a), b), c), d) in rows {
                *a += wi * x[0];
                *b += wi * x[1];
                *c += wi * x[2];
                *d += wi * x[3];
            }
        }
    }
    for j in blocked..cols {
        let zj = &mut z[j * m..(j + 1) * m];
        start(zj);
        for (c, &x) in h[j * k..(j + 1) * k].iter().enumerate() {
            for (zi, &wi) in zj.iter_mut().zip(&w[c * m..(c + 1) * m]) {
                *zi += wi * x;
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
    let blocked = cols / 4 * 4;
    for j in (0..blocked).step_by(4) {
        let xs = &x[j * m..(j + 4) * m];
        let (x0, x1, x2, x3) = (&xs[..m], &xs[m..2 * m], &xs[2 * m..3 * m], &xs[3 * m..]);
        for c in 0..k {
            let ac = &a[c * m..(c + 1) * m];
            let mut s = [0.0; 4];
            for ((((&ai, p), q), r), t) in ac.iter().zip(x0).zip(x1).zip(x2).zip(x3) {
                s[0] += ai * p;
                s[1] += ai * q;
                s[2] += ai * r;
                s[3] += ai * t;
            }
            for (q, sq) in s.into_iter().enumerate() {
                y[(j + q) * k + c] = sq;
            }
        }
    }
    for j in blocked..cols {
        let xj = &x[j * m..(j + 1) * m];
        for (c, yc) in y[j * k..(j + 1) * k].iter_mut().enumerate() {
            *yc = a[c * m..(c + 1) * m].iter().zip(xj).fold(0.0, |s, (a, x)| s + a * x);
        }
    }
}

/// `G = α Σ_j D[:, j] H[:, j]ᵀ` over the first `cols` columns, and `g = α Σ_j D[:, j]`: a weight and bias update
/// from error signals `D` (`m` rows) and presynaptic activity `H` (`k` rows). Overwrites `G` and `g`.
pub fn outer(alpha: f64, d: &DMatrix<f64>, h: &DMatrix<f64>, cols: usize, g: &mut DMatrix<f64>, gb: &mut DVector<f64>) {
    let (m, k) = g.shape();
    debug_assert!(d.nrows() == m && h.nrows() == k && gb.len() == m);
    let (d, h, g, gb) = (d.as_slice(), h.as_slice(), g.as_mut_slice(), gb.as_mut_slice());
    g.fill(0.0);
    gb.fill(0.0);
    // Column blocks of G outermost, so each block is split out once; examples inside, in order, so every entry
    // of G sums its examples in the same order as the plain loop would.
    let blocked = k / 4 * 4;
    for c in (0..blocked).step_by(4) {
        let [g0, g1, g2, g3] = four_mut(g, c, m);
        for j in 0..cols {
            let hj = &h[j * k + c..j * k + c + 4];
            let a = [alpha * hj[0], alpha * hj[1], alpha * hj[2], alpha * hj[3]];
            let dj = &d[j * m..(j + 1) * m];
            let rows = dj.iter().zip(g0.iter_mut()).zip(g1.iter_mut()).zip(g2.iter_mut()).zip(g3.iter_mut());
            for ((((&di, p), q), r), s) in rows {
                *p += a[0] * di;
                *q += a[1] * di;
                *r += a[2] * di;
                *s += a[3] * di;
            }
        }
    }
    for c in blocked..k {
        let gc = &mut g[c * m..(c + 1) * m];
        for j in 0..cols {
            let a = alpha * h[j * k + c];
            for (gi, &di) in gc.iter_mut().zip(&d[j * m..(j + 1) * m]) {
                *gi += a * di;
            }
        }
    }
    for j in 0..cols {
        for (gi, &di) in gb.iter_mut().zip(&d[j * m..(j + 1) * m]) {
            *gi += alpha * di;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(r: usize, c: usize, seed: f64) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |i, j| libm::sin(seed + 1.3 * i as f64 + 0.7 * j as f64))
    }

    #[test]
    fn kernels_match_nalgebra_products() {
        let (m, k, cols) = (5, 9, 6);
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

        let (mut g, mut gb) = (DMatrix::from_element(m, k, 3.0), DVector::from_element(m, 3.0));
        outer(0.25, &d, &h, cols, &mut g, &mut gb);
        assert!((&g - used(&d) * used(&h).transpose() * 0.25).amax() < 1e-14);
        assert!((&gb - used(&d).column_sum() * 0.25).amax() < 1e-14);
    }
}
