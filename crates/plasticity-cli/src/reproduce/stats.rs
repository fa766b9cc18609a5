//! The statistics of the reproductions: means and standard deviations, Student's t intervals and two-sided paired
//! tests across seeds, and Holm's step-down correction for the many comparisons of a table (Holm 1979, *Scand. J.
//! Statist.* 6:65). Distributions come from `statrs`.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and sample standard deviation (`n − 1` in the denominator; 0 for a single value).
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// The mean of `xs`.
pub fn mean(xs: &[f64]) -> f64 {
    mean_sd(xs).0
}

/// Student's t with `df` degrees of freedom.
fn student(df: f64) -> StudentsT {
    StudentsT::new(0.0, 1.0, df.max(1.0)).expect("df ≥ 1")
}

/// The mean of `xs` and its 95 % confidence interval (Student's t with `n − 1` degrees of freedom).
pub fn interval(xs: &[f64]) -> (f64, f64, f64) {
    let (mean, sd) = mean_sd(xs);
    let n = xs.len() as f64;
    let half = student(n - 1.0).inverse_cdf(0.975) * sd / n.sqrt();
    (mean, mean - half, mean + half)
}

/// A difference between two rules' scores, paired by seed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// The mean of the per-seed differences.
    pub mean: f64,
    /// The 95 % confidence interval of that mean (Student's t with n − 1 degrees of freedom), uncorrected.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// The two-sided p-value of the paired t test that the mean difference is zero.
    pub p: f64,
    /// Whether it survives Holm's correction over its table's comparisons at a family-wise 5 % (set by [`holm`]).
    pub significant: bool,
}

impl Difference {
    /// "ahead", "behind", or "not distinguishable": whether the difference survived the correction, and its sign.
    pub fn verdict(&self) -> &'static str {
        match (self.significant, self.mean > 0.0) {
            (true, true) => "ahead",
            (true, false) => "behind",
            (false, _) => "not distinguishable",
        }
    }
}

/// `a − b` per seed: its mean, 95 % interval and two-sided paired t-test p-value (not yet corrected).
pub fn paired(a: &[f64], b: &[f64]) -> Difference {
    let d: Vec<f64> = a.iter().zip(b).map(|(a, b)| a - b).collect();
    let (mean, low, high) = interval(&d);
    let (_, sd) = mean_sd(&d);
    let n = d.len() as f64;
    let p = if sd == 0.0 {
        if mean == 0.0 { 1.0 } else { 0.0 }
    } else {
        let t = mean / (sd / n.sqrt());
        2.0 * (1.0 - student(n - 1.0).cdf(t.abs()))
    };
    Difference { mean, low, high, p, significant: false }
}

/// Holm's step-down procedure at family-wise error `alpha`: sorts the p-values, rejects the `k`-th smallest (from 0)
/// while `p_(k) ≤ alpha / (m − k)`, and stops at the first that is not. Returns, in the input's order, which are
/// rejected (significant).
pub fn holm(p: &[f64], alpha: f64) -> Vec<bool> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut rejected = vec![false; m];
    for (k, &i) in order.iter().enumerate() {
        if p[i] <= alpha / (m - k) as f64 {
            rejected[i] = true;
        } else {
            break;
        }
    }
    rejected
}

/// Marks each of `differences` significant or not by Holm's correction over all of them together (one table's
/// family), at a family-wise 5 %.
pub fn correct(differences: &mut [&mut Difference]) {
    let p: Vec<f64> = differences.iter().map(|d| d.p).collect();
    for (d, significant) in differences.iter_mut().zip(holm(&p, 0.05)) {
        d.significant = significant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Holm's procedure by hand: p = (0.01, 0.04, 0.03, 0.005) at α = 0.05, m = 4. Sorted: 0.005 ≤ 0.05/4 = 0.0125
    /// (reject), 0.01 ≤ 0.05/3 = 0.0167 (reject), 0.03 > 0.05/2 = 0.025 (stop): the last two stand, although 0.03
    /// and 0.04 are each below 0.05 uncorrected — and Bonferroni (0.0125 for all) would have kept only 0.005.
    #[test]
    fn holm_steps_down_as_computed_by_hand() {
        assert_eq!(holm(&[0.01, 0.04, 0.03, 0.005], 0.05), vec![true, false, false, true]);
        // It stops at the first failure even when a later p-value would pass its own threshold.
        assert_eq!(holm(&[0.02, 0.02, 0.02], 0.05), vec![false, false, false]);
        assert_eq!(holm(&[0.001, 0.02, 0.049], 0.05), vec![true, true, true]);
        assert_eq!(holm(&[], 0.05), Vec::<bool>::new());
    }

    /// The paired t test against a textbook value: differences (1, 2, 3, 4, 5) have mean 3, sd √2.5, t = 4.243 with 4
    /// degrees of freedom, p = 0.0132 two-sided; the 95 % interval is 3 ± 2.776·√2.5/√5 = [1.037, 4.963].
    #[test]
    fn paired_t_matches_the_textbook() {
        let d = paired(&[1.0, 2.0, 3.0, 4.0, 5.0], &[0.0; 5]);
        assert!((d.mean - 3.0).abs() < 1e-12);
        assert!((d.p - 0.01324).abs() < 1e-4, "{}", d.p);
        assert!((d.low - 1.0368).abs() < 1e-3 && (d.high - 4.9632).abs() < 1e-3, "{d:?}");
        assert_eq!(paired(&[1.0; 5], &[1.0; 5]).p, 1.0);
    }
}
