//! The geometry the alignment plots show: angles between updates and between weight matrices, and norms.

use nalgebra::DMatrix;

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
