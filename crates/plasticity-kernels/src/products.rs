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
// kernel therefore computes a tile of up to 4 × 4 results at once in local accumulators ("register blocking"):
// one load of a weight serves four examples, one load of an activity four units, and no partial sum goes back to
// memory until it is finished. Tiling never changes the order in which any single sum is accumulated (every sum
// runs over its terms in index order), so results are bit-identical to the plain loops in the tests. The public
// kernels are `#[inline(never)]`, so that they stay compiled at this crate's opt-level 3 and are not folded into the
// core's callers, which are built for size.

/// Tile heights: blocks of 4, then 2, then 1, covering `0..n`. Calls `f(start, height)`.
#[inline(always)]
fn tiles(n: usize, mut f: impl FnMut(usize, usize)) {
    let mut i = 0;
    while i + 4 <= n {
        f(i, 4);
        i += 4;
    }
    if i + 2 <= n {
        f(i, 2);
        i += 2;
    }
    if i < n {
        f(i, 1);
    }
}

/// Writes a finished tile: rows `row..row+R` of columns `col..col+Q` of a column-major buffer with `rows` rows.
#[inline(always)]
fn store<const R: usize, const Q: usize>(acc: &[[f64; R]; Q], out: &mut [f64], rows: usize, row: usize, col: usize) {
    for (q, acc) in acc.iter().enumerate() {
        out[(col + q) * rows + row..][..R].copy_from_slice(acc);
    }
}

/// Calls the monomorphised tile `$tile::<R, Q>` for runtime sizes `r, q` ∈ {1, 2, 4}.
macro_rules! dispatch {
    ($tile:ident, $r:expr, $q:expr, $($arg:expr),*) => {
        match ($r, $q) {
            (4, 4) => $tile::<4, 4>($($arg),*),
            (4, 2) => $tile::<4, 2>($($arg),*),
            (4, _) => $tile::<4, 1>($($arg),*),
            (2, 4) => $tile::<2, 4>($($arg),*),
            (2, 2) => $tile::<2, 2>($($arg),*),
            (2, _) => $tile::<2, 1>($($arg),*),
            (_, 4) => $tile::<1, 4>($($arg),*),
            (_, 2) => $tile::<1, 2>($($arg),*),
            (_, _) => $tile::<1, 1>($($arg),*),
        }
    };
}

/// `Z[:, j] = W H[:, j] + b` for the first `cols` columns: the affine part of a layer's forward pass.
#[inline(never)]
pub fn affine(w: &DMatrix<f64>, b: &DVector<f64>, h: &DMatrix<f64>, cols: usize, z: &mut DMatrix<f64>) {
    debug_assert_eq!(b.len(), w.nrows());
    times_plus(w, Some(b.as_slice()), h, cols, z);
}

/// `Y[:, j] = A X[:, j]` for the first `cols` columns (A is `m × k`).
#[inline(never)]
pub fn product(a: &DMatrix<f64>, x: &DMatrix<f64>, cols: usize, y: &mut DMatrix<f64>) {
    times_plus(a, None, x, cols, y);
}

/// `Z[:, j] = W H[:, j] (+ b)`: the shared body of [`affine`] and [`product`]. Each `z_ij` starts from `b_i` (or 0)
/// and adds `w_ic h_cj` for `c = 0, 1, …` in order.
fn times_plus(w: &DMatrix<f64>, b: Option<&[f64]>, h: &DMatrix<f64>, cols: usize, z: &mut DMatrix<f64>) {
    let (m, k) = w.shape();
    debug_assert!(h.nrows() == k && z.nrows() == m && h.ncols() >= cols && z.ncols() >= cols);
    let (w, h, z) = (w.as_slice(), h.as_slice(), z.as_mut_slice());
    tiles(cols, |j, q| tiles(m, |i, r| dispatch!(times_plus_tile, r, q, w, b, h, z, m, k, i, j)));
}

/// Rows `i..i+R` of columns `j..j+Q` of [`times_plus`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn times_plus_tile<const R: usize, const Q: usize>(
    w: &[f64],
    b: Option<&[f64]>,
    h: &[f64],
    z: &mut [f64],
    m: usize,
    k: usize,
    i: usize,
    j: usize,
) {
    let start: [f64; R] = match b {
        Some(b) => core::array::from_fn(|r| b[i + r]),
        None => [0.0; R],
    };
    let mut acc = [start; Q];
    for c in 0..k {
        let wc = &w[c * m + i..][..R];
        for (q, acc) in acc.iter_mut().enumerate() {
            let x = h[(j + q) * k + c];
            for r in 0..R {
                acc[r] += wc[r] * x;
            }
        }
    }
    store(&acc, z, m, i, j);
}

/// `Y[:, j] = Aᵀ X[:, j]` for the first `cols` columns (A is `m × k`, so Y has `k` rows): how backprop sends
/// error signals down through the forward weights. Each `y_cj` adds `a_ic x_ij` for `i = 0, 1, …` in order.
#[inline(never)]
pub fn transpose_product(a: &DMatrix<f64>, x: &DMatrix<f64>, cols: usize, y: &mut DMatrix<f64>) {
    let (m, k) = a.shape();
    debug_assert!(x.nrows() == m && y.nrows() == k && x.ncols() >= cols && y.ncols() >= cols);
    let (a, x, y) = (a.as_slice(), x.as_slice(), y.as_mut_slice());
    tiles(cols, |j, q| tiles(k, |c, r| dispatch!(transpose_tile, r, q, a, x, y, m, k, c, j)));
}

/// Rows `c..c+R` of columns `j..j+Q` of [`transpose_product`].
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn transpose_tile<const R: usize, const Q: usize>(
    a: &[f64],
    x: &[f64],
    y: &mut [f64],
    m: usize,
    k: usize,
    c: usize,
    j: usize,
) {
    let mut acc = [[0.0; R]; Q];
    for i in 0..m {
        let ai: [f64; R] = core::array::from_fn(|r| a[(c + r) * m + i]);
        for (q, acc) in acc.iter_mut().enumerate() {
            let xi = x[(j + q) * m + i];
            for r in 0..R {
                acc[r] += ai[r] * xi;
            }
        }
    }
    store(&acc, y, k, c, j);
}

/// `G = α Σ_j D[:, j] H[:, j]ᵀ` over the first `cols` columns, and `g = α Σ_j D[:, j]`: a weight and bias update
/// from error signals `D` (`m` rows) and presynaptic activity `H` (`k` rows). Overwrites `G` and `g`. Each entry
/// adds `(α h_cj) d_ij` (and `α d_ij`) for `j = 0, 1, …` in order, starting from 0.
#[inline(never)]
pub fn outer(alpha: f64, d: &DMatrix<f64>, h: &DMatrix<f64>, cols: usize, g: &mut DMatrix<f64>, gb: &mut DVector<f64>) {
    let (m, k) = g.shape();
    debug_assert!(d.nrows() == m && h.nrows() == k && gb.len() == m && d.ncols() >= cols && h.ncols() >= cols);
    let (d, h, g, gb) = (d.as_slice(), h.as_slice(), g.as_mut_slice(), gb.as_mut_slice());
    tiles(k, |c, q| tiles(m, |i, r| dispatch!(outer_tile, r, q, alpha, d, h, g, m, k, cols, i, c)));
    gb.fill(0.0);
    for dj in d[..m * cols].chunks_exact(m) {
        for (gi, &di) in gb.iter_mut().zip(dj) {
            *gi += alpha * di;
        }
    }
}

/// Rows `i..i+R` of columns `c..c+Q` of [`outer`]'s `G`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn outer_tile<const R: usize, const Q: usize>(
    alpha: f64,
    d: &[f64],
    h: &[f64],
    g: &mut [f64],
    m: usize,
    k: usize,
    cols: usize,
    i: usize,
    c: usize,
) {
    let mut acc = [[0.0; R]; Q];
    for j in 0..cols {
        let dj = &d[j * m + i..][..R];
        let hj = &h[j * k + c..][..Q];
        for (q, acc) in acc.iter_mut().enumerate() {
            let a = alpha * hj[q];
            for r in 0..R {
                acc[r] += a * dj[r];
            }
        }
    }
    store(&acc, g, m, i, c);
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

    /// The tiles add every sum's terms in the same order as the plain loops below, so the results agree bit for
    /// bit, for every combination of tile sizes (shapes 1 to 9 cover tiles of 4, 2 and 1 and their mixtures).
    #[test]
    fn kernels_equal_the_plain_loops_bit_for_bit() {
        for (m, k, cols) in [(1, 1, 1), (2, 3, 5), (4, 4, 4), (7, 9, 10), (8, 8, 6), (9, 2, 3), (3, 7, 9)] {
            let w = filled(m, k, 0.3);
            let b = DVector::from_fn(m, |i, _| libm::cos(i as f64));
            let h = filled(k, cols + 2, 0.7);
            let d = filled(m, cols + 2, 1.1);

            let mut z = DMatrix::from_element(m, cols + 2, 5.0);
            affine(&w, &b, &h, cols, &mut z);
            let mut t = DMatrix::from_element(k, cols + 2, 5.0);
            transpose_product(&w, &d, cols, &mut t);
            let (mut g, mut gb) = (DMatrix::from_element(m, k, 5.0), DVector::from_element(m, 5.0));
            outer(0.3, &d, &h, cols, &mut g, &mut gb);
            for j in 0..cols {
                for i in 0..m {
                    let mut s = b[i];
                    for c in 0..k {
                        s += w[(i, c)] * h[(c, j)];
                    }
                    assert_eq!(z[(i, j)].to_bits(), s.to_bits(), "affine {m}x{k} ({i}, {j})");
                }
                for c in 0..k {
                    let mut s = 0.0;
                    for i in 0..m {
                        s += w[(i, c)] * d[(i, j)];
                    }
                    assert_eq!(t[(c, j)].to_bits(), s.to_bits(), "transpose {m}x{k} ({c}, {j})");
                }
            }
            for i in 0..m {
                let (mut sb, mut s) = (0.0, vec![0.0; k]);
                for j in 0..cols {
                    for (c, s) in s.iter_mut().enumerate() {
                        *s += 0.3 * h[(c, j)] * d[(i, j)];
                    }
                    sb += 0.3 * d[(i, j)];
                }
                for (c, s) in s.iter().enumerate() {
                    assert_eq!(g[(i, c)].to_bits(), s.to_bits(), "outer {m}x{k} ({i}, {c})");
                }
                assert_eq!(gb[i].to_bits(), sb.to_bits(), "outer bias {m} ({i})");
            }
            // Columns past `cols` are untouched.
            assert_eq!((z[(0, cols)], t[(0, cols)]), (5.0, 5.0));
        }
    }
}
