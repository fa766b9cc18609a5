//! A correlated Gaussian cloud in the plane, for the Hebbian rules: `x ~ N(0, C)` with `C = U diag(λ₁, λ₂) Uᵀ`,
//! `λ = (3, 0.5)` and `U` a rotation by a seeded angle. There are no targets (they are zero, so the reported
//! "loss" is the output power `½‖y‖²`); the rules are judged against the true principal axes, [`cloud_axes`].

use nalgebra::{DMatrix, Matrix2};

use super::{Dataset, TaskData};
use crate::random::{Rng, Stream};

/// The variances along the two principal axes, largest first.
pub const CLOUD_VARIANCES: [f64; 2] = [3.0, 0.5];
const TRAIN: usize = 2000;
const TEST: usize = 500;

/// The principal axes of the cloud for `seed`: column `i` is the unit eigenvector of variance
/// `CLOUD_VARIANCES[i]`.
pub fn cloud_axes(seed: u32) -> Matrix2<f64> {
    let angle = Rng::new(seed, Stream::Data).uniform(0.0, core::f64::consts::PI);
    let (s, c) = (libm::sin(angle), libm::cos(angle));
    Matrix2::new(c, -s, s, c)
}

pub(super) fn build(seed: u32, outputs: usize) -> TaskData {
    let axes = cloud_axes(seed);
    let mut rng = Rng::new(seed, Stream::Data);
    rng.uniform(0.0, 1.0); // the draw that chose the angle
    let sd = CLOUD_VARIANCES.map(libm::sqrt);
    let mut set = |n: usize| {
        let x = DMatrix::from_fn(2, n, |_, _| 0.0);
        let mut x = x;
        for j in 0..n {
            let (a, b) = (sd[0] * rng.normal(), sd[1] * rng.normal());
            x[(0, j)] = axes[(0, 0)] * a + axes[(0, 1)] * b;
            x[(1, j)] = axes[(1, 0)] * a + axes[(1, 1)] * b;
        }
        Dataset { x, t: DMatrix::zeros(outputs, n), labels: None, points: None }
    };
    let train = set(TRAIN);
    let test = set(TEST);
    TaskData { train, test }
}
