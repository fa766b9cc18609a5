//! The linear teacher task of Lillicrap, Cownden, Tweed & Akerman (2016), *Nat. Commun.* 7:13276, Fig. 2:
//! learn the linear map `y* = T x` with `T` (10 × 30) uniform on [−1, 1] and inputs `x ~ N(0, I₃₀)`.
//!
//! The paper draws a fresh example every step; we draw the same stream once, up front — 5,000 training
//! examples (more than a 2,000-step run at one example a step uses, so none repeats) and 1,000 test examples
//! — which keeps steps allocation-free and runs reproducible.

use nalgebra::DMatrix;

use super::{Dataset, TaskData};
use crate::random::{Rng, Stream};

/// Input width of the linear task.
pub const LINEAR_IN: usize = 30;
/// Output width of the linear task.
pub const LINEAR_OUT: usize = 10;
const TRAIN: usize = 5000;
const TEST: usize = 1000;

pub(super) fn build(seed: u32) -> TaskData {
    let mut rng = Rng::new(seed, Stream::Data);
    let teacher = DMatrix::from_fn(LINEAR_OUT, LINEAR_IN, |_, _| rng.uniform(-1.0, 1.0));
    let mut set = |n: usize| {
        let x = DMatrix::from_fn(LINEAR_IN, n, |_, _| rng.normal());
        let t = &teacher * &x;
        Dataset { x, t, labels: None, points: None }
    };
    let train = set(TRAIN);
    let test = set(TEST);
    TaskData { train, test }
}
