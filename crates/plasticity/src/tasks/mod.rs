//! Tasks: where the examples come from and what counts as the right answer. Each task yields a training set
//! and a test set, generated from the run's seed.
//!
//! Inputs are columns of `x` (`n_in × N`); targets are columns of `t` (`n_out × N`), already encoded for the
//! output activation (see [`encode_class`]). Classification tasks also keep each example's class label.

use alloc::vec::Vec;
use core::fmt;
use nalgebra::DMatrix;

use crate::activation::Activation;
use crate::config::{Config, Feature};

mod cloud;
mod digits;
mod linear;
mod mnist;
mod planar;

pub use cloud::{CLOUD_VARIANCES, cloud_axes};
pub use digits::{DIGITS_TEST, DIGITS_TRAIN};
pub use linear::{LINEAR_IN, LINEAR_OUT};
pub use mnist::{MNIST_AVAILABLE, MNIST_PIXELS, MNIST_TEST, MNIST_TRAIN};
pub use planar::{PLANAR_POINTS, PLANAR_RANGE};

/// The tasks, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum TaskKind {
    /// 2-D: the sign of `x₁ x₂` (exclusive or).
    Xor,
    /// 2-D: a disc inside a ring.
    Circle,
    /// 2-D: two Gaussian clouds.
    Gauss,
    /// 2-D: two interleaved spirals.
    Spiral,
    /// Lillicrap et al. (2016)'s linear teacher: learn `y = T x` with `T` 10 × 30.
    Linear,
    /// 8 × 8 handwritten digits, ten classes.
    Digits,
    /// MNIST-5k, 28 × 28 digits, ten classes (native builds with the `mnist` feature only).
    Mnist,
    /// 8 × 8 digits reconstructed through a bottleneck: the unsupervised paradigm, and target propagation's
    /// testbed.
    Autoencoder,
    /// A correlated Gaussian cloud with no targets, for the Hebbian rules.
    Cloud,
}

impl TaskKind {
    /// Every task, in the order the page lists them.
    pub const ALL: [TaskKind; 9] = [
        TaskKind::Xor,
        TaskKind::Circle,
        TaskKind::Gauss,
        TaskKind::Spiral,
        TaskKind::Linear,
        TaskKind::Digits,
        TaskKind::Mnist,
        TaskKind::Autoencoder,
        TaskKind::Cloud,
    ];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::Xor => "xor",
            TaskKind::Circle => "circle",
            TaskKind::Gauss => "gauss",
            TaskKind::Spiral => "spiral",
            TaskKind::Linear => "linear",
            TaskKind::Digits => "digits",
            TaskKind::Mnist => "mnist",
            TaskKind::Autoencoder => "autoencoder",
            TaskKind::Cloud => "cloud",
        }
    }

    /// A title for people.
    pub fn title(self) -> &'static str {
        match self {
            TaskKind::Xor => "Exclusive or (2-D)",
            TaskKind::Circle => "Circle (2-D)",
            TaskKind::Gauss => "Two Gaussians (2-D)",
            TaskKind::Spiral => "Two spirals (2-D)",
            TaskKind::Linear => "Linear teacher, 30→10 (Lillicrap et al. 2016)",
            TaskKind::Digits => "Handwritten digits, 8×8",
            TaskKind::Mnist => "MNIST-5k, 28×28 (native only)",
            TaskKind::Autoencoder => "Digit autoencoder, 64→…→64 (reconstruction)",
            TaskKind::Cloud => "Gaussian cloud, no targets (Hebbian learning)",
        }
    }

    /// Parses [`TaskKind::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The tasks this build includes, in the order the page lists them.
    pub fn available() -> impl Iterator<Item = TaskKind> {
        Self::ALL.into_iter().filter(|t| t.is_available())
    }

    /// False for a task this build does not include (MNIST without the `mnist` feature, as on the page).
    pub fn is_available(self) -> bool {
        self != TaskKind::Mnist || MNIST_AVAILABLE
    }

    /// True for the 2-D classification tasks.
    pub fn is_planar(self) -> bool {
        matches!(self, TaskKind::Xor | TaskKind::Circle | TaskKind::Gauss | TaskKind::Spiral)
    }

    /// The number of classes, or `None` for regression.
    pub fn classes(self) -> Option<usize> {
        match self {
            TaskKind::Linear | TaskKind::Autoencoder | TaskKind::Cloud => None,
            TaskKind::Digits | TaskKind::Mnist => Some(10),
            _ => Some(2),
        }
    }

    /// The input width `n_0`.
    pub fn input_size(self, features: &[Feature]) -> usize {
        match self {
            TaskKind::Linear => LINEAR_IN,
            TaskKind::Digits | TaskKind::Autoencoder => 64,
            TaskKind::Mnist => MNIST_PIXELS,
            TaskKind::Cloud => 2,
            _ => features.len(),
        }
    }

    /// The output width `n_L` for this output activation: one unit for two classes (two with softmax),
    /// one per class otherwise.
    pub fn output_size(self, output: Activation) -> usize {
        match self.classes() {
            None if self == TaskKind::Autoencoder => 64,
            None if self == TaskKind::Cloud => 2,
            None => LINEAR_OUT,
            Some(2) if output != Activation::Softmax => 1,
            Some(k) => k,
        }
    }
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of examples.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Inputs, one column per example.
    pub x: DMatrix<f64>,
    /// Targets, one column per example, encoded for the output activation.
    pub t: DMatrix<f64>,
    /// Class labels (classification tasks).
    pub labels: Option<Vec<u8>>,
    /// The raw 2-D points (2-D tasks), for drawing.
    pub points: Option<Vec<[f64; 2]>>,
}

impl Dataset {
    /// The number of examples.
    pub fn len(&self) -> usize {
        self.x.ncols()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A task's training and test sets.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskData {
    /// Examples that the rule learns from.
    pub train: Dataset,
    /// Held-out examples, for the test loss and accuracy.
    pub test: Dataset,
}

/// Generates (or loads) the data of `config.task` from `config.seed`.
pub fn build(config: &Config) -> TaskData {
    match config.task {
        TaskKind::Linear => linear::build(config.seed),
        TaskKind::Digits => digits::build(config.output),
        TaskKind::Mnist => mnist::build(config.output),
        TaskKind::Autoencoder => digits::build_autoencoder(),
        TaskKind::Cloud => cloud::build(config.seed, 2),
        planar => planar::build(planar, config),
    }
}

/// The target column for class `label` of `classes`: one-vs-rest with `(1, −1)` for tanh and linear outputs,
/// `(1, 0)` for logistic and softmax; a single output unit codes class 1 as the high value.
pub fn encode_class(label: usize, classes: usize, output: Activation, t: &mut [f64]) {
    let low = match output {
        Activation::Logistic | Activation::Softmax => 0.0,
        _ => -1.0,
    };
    if t.len() == 1 {
        t[0] = if label == 1 { 1.0 } else { low };
    } else {
        debug_assert_eq!(t.len(), classes);
        t.iter_mut().enumerate().for_each(|(i, v)| *v = if i == label { 1.0 } else { low });
    }
}

/// The class a network output `y` predicts: the largest unit, or for a single unit, class 1 when it is above
/// the midpoint of its range (0 for tanh and linear, ½ for logistic).
pub fn predicted_class(y: &[f64], output: Activation) -> usize {
    if y.len() == 1 {
        let mid = if output == Activation::Logistic { 0.5 } else { 0.0 };
        usize::from(y[0] > mid)
    } else {
        let mut best = 0;
        for (i, v) in y.iter().enumerate() {
            if *v > y[best] {
                best = i;
            }
        }
        best
    }
}

/// A score in [−1, 1] for "class 1 against class 0" on a 2-D task, for colouring the decision boundary:
/// the output unit rescaled to [−1, 1], or with two softmax units `p₁ − p₀`.
pub fn class_score(y: &[f64], output: Activation) -> f64 {
    let s = match (y.len(), output) {
        (1, Activation::Logistic) => 2.0 * y[0] - 1.0,
        (1, _) => y[0],
        (_, _) => y[1] - y[0],
    };
    s.clamp(-1.0, 1.0)
}
