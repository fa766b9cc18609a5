//! The linear teacher task of Lillicrap, Cownden, Tweed & Akerman (2016), *Nat. Commun.* 7:13276: learn the linear
//! map `y* = T x` with `T` (10 × 30) uniform on [−1, 1] and inputs `x ~ N(0, I₃₀)`.
//!
//! The paper draws a fresh example every step; we draw 5,000 training examples once, up front, and 1,000 test
//! examples — which keeps steps allocation-free and runs reproducible. A run of up to 5,000 steps at one example a
//! step sees no example twice; a longer one (the delay experiment's 6,000, node perturbation's slow learning)
//! goes round the set again in a new shuffled order, so its later steps repeat examples.
//!
//! Preset: the paper's 30–20–10 linear network, forward weights `U[−0.01, 0.01]`, feedback `U[−0.5, 0.5]`,
//! η = 10⁻³, one example a step.

use alloc::boxed::Box;
use nalgebra::DMatrix;

use super::{Dataset, Inputs, Outputs, Preset, Setup, Shuffled, Task, TaskData, TaskInfo, TaskKind, View};
use crate::activation::Activation;
use crate::random::{Init, Rng, Stream};

/// Input width of the linear task.
pub const LINEAR_IN: usize = 30;
/// Output width of the linear task.
pub const LINEAR_OUT: usize = 10;
const TRAIN: usize = 5000;
const TEST: usize = 1000;

/// Lillicrap et al. (2016)'s linear teacher.
pub(super) static LINEAR: TaskInfo = TaskInfo {
    name: "linear",
    title: "Linear teacher, 30→10 (Lillicrap et al. 2016)",
    caption: "The normalized error on held-out examples, as Lillicrap et al. (2016) plot it for this task: 1 is a \
              network that outputs zero.",
    loss_caption: None,
    view: View::ErrorCurve,
    inputs: Inputs::Fixed(LINEAR_IN),
    outputs: Outputs::Fixed(LINEAR_OUT),
    targets: true,
    available: true,
    data: None,
    preset: Preset {
        hidden: &[20],
        activation: Activation::Linear,
        output: Activation::Linear,
        init: Init::Small,
        feedback_init: Init::Half,
        learning_rate: 1e-3,
        batch_size: 1,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// Lillicrap et al. (2016)'s linear teacher.
    pub const LINEAR: TaskKind = TaskKind(&LINEAR);
}

fn build(setup: &Setup) -> Box<dyn Task> {
    let mut rng = Rng::new(setup.seed, Stream::Data);
    let teacher = DMatrix::from_fn(LINEAR_OUT, LINEAR_IN, |_, _| rng.uniform(-1.0, 1.0));
    let mut set = |n: usize| {
        let x = DMatrix::from_fn(LINEAR_IN, n, |_, _| rng.normal());
        let t = &teacher * &x;
        Dataset { x, t, labels: None, points: None }
    };
    let train = set(TRAIN);
    let test = set(TEST);
    Box::new(Shuffled::new(TaskData { train, test }, setup))
}
