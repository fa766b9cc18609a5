//! Activation functions `f(z)` and losses `ℓ(y, t)`, with the derivatives that error signals need.
//!
//! Every transcendental function is pure IEEE arithmetic — `libm`'s, or for `tanh` (the hot one) the kernels'
//! own (`plasticity_kernels::elementwise`) — so results are bit-identical on every target.
//! The loss of one example is `ℓ`; a mini-batch's loss `L` is the mean of `ℓ` over its examples.

use core::fmt;
use nalgebra::DMatrix;
use plasticity_kernels::elementwise::{self, logistic};

pub use plasticity_kernels::elementwise::tanh;

/// A unit's transfer function `h = f(z)`. [`Activation::Softmax`] acts on a whole layer and is allowed only
/// at the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Activation {
    /// `tanh z`, in (−1, 1).
    Tanh,
    /// The logistic sigmoid `1 / (1 + e^{−z})`, in (0, 1).
    Logistic,
    /// The rectifier `max(0, z)`.
    Relu,
    /// The identity: a linear unit.
    Linear,
    /// `softmax(z)_i = e^{z_i} / Σ_j e^{z_j}` over the layer (output layer only).
    Softmax,
    /// A spiking unit, as a deterministic threshold: `h = 1` when `z > 0` (the bias sets the threshold), else
    /// `0` (hidden layers only). Its true derivative is zero wherever it exists, so a rule that sends errors
    /// through `f′` learns nothing below it — unless it uses a [`Surrogate`] derivative instead.
    Spike(Surrogate),
}

/// The derivative a rule uses for a spiking unit (Zenke & Ganguli 2018; Neftci, Mostafa & Zenke 2019).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Surrogate {
    /// The true derivative of the step: 0 (almost everywhere). Backprop then moves no hidden weight.
    None,
    /// SuperSpike's fast sigmoid, `1 / (1 + |z|)²` (Zenke & Ganguli 2018), peaked at the threshold.
    FastSigmoid,
    /// The straight-through estimator: 1 for `|z| < 1`, else 0 (Bengio, Léonard & Courville 2013).
    StraightThrough,
}

impl Surrogate {
    /// Every surrogate.
    pub const ALL: [Surrogate; 3] = [Surrogate::None, Surrogate::FastSigmoid, Surrogate::StraightThrough];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Surrogate::None => "none",
            Surrogate::FastSigmoid => "fast-sigmoid",
            Surrogate::StraightThrough => "straight-through",
        }
    }

    /// A title for people.
    pub fn title(self) -> &'static str {
        match self {
            Surrogate::None => "none (the true derivative, 0)",
            Surrogate::FastSigmoid => "fast sigmoid (SuperSpike)",
            Surrogate::StraightThrough => "straight-through",
        }
    }

    /// Parses [`Surrogate::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The derivative it stands in for at pre-activation `z`.
    #[inline]
    fn at(self, z: f64) -> f64 {
        match self {
            Surrogate::None => 0.0,
            Surrogate::FastSigmoid => {
                let d = 1.0 + z.abs();
                1.0 / (d * d)
            }
            Surrogate::StraightThrough => {
                if z.abs() < 1.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

impl Activation {
    /// Every activation, in the order the page lists them (the spiking unit with its true derivative; a
    /// surrogate is chosen apart, see [`Surrogate`]).
    pub const ALL: [Activation; 6] = [
        Activation::Tanh,
        Activation::Logistic,
        Activation::Relu,
        Activation::Linear,
        Activation::Softmax,
        Activation::Spike(Surrogate::None),
    ];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Logistic => "logistic",
            Activation::Relu => "relu",
            Activation::Linear => "linear",
            Activation::Softmax => "softmax",
            Activation::Spike(_) => "spike",
        }
    }

    /// Parses [`Activation::name`] (`spike` with the true derivative).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The surrogate derivative of a spiking unit, `None` for the others.
    pub fn surrogate(self) -> Option<Surrogate> {
        match self {
            Activation::Spike(s) => Some(s),
            _ => None,
        }
    }

    /// True for the activations only a hidden layer may use (the spiking unit: the lab's outputs are rates).
    pub fn is_hidden_only(self) -> bool {
        matches!(self, Activation::Spike(_))
    }

    /// Applies `f` to one column `z` (one example's pre-activations), writing `h`.
    pub fn apply(self, z: &[f64], h: &mut [f64]) {
        match self {
            Activation::Tanh => elementwise::tanh_into(z, h),
            Activation::Logistic => elementwise::logistic_into(z, h),
            Activation::Relu => z.iter().zip(h).for_each(|(z, h)| *h = z.max(0.0)),
            Activation::Linear => h.copy_from_slice(z),
            Activation::Spike(_) => z.iter().zip(h).for_each(|(z, h)| *h = if *z > 0.0 { 1.0 } else { 0.0 }),
            Activation::Softmax => {
                // Subtracting the maximum keeps every exponent ≤ 0, so nothing overflows.
                let max = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                let mut sum = 0.0;
                for (z, h) in z.iter().zip(h.iter_mut()) {
                    *h = libm::exp(z - max);
                    sum += *h;
                }
                h.iter_mut().for_each(|h| *h /= sum);
            }
        }
    }

    /// `f(z)` for one unit of an elementwise activation (the same arithmetic as [`Activation::apply`]).
    #[inline]
    pub fn at(self, z: f64) -> f64 {
        match self {
            Activation::Tanh => tanh(z),
            Activation::Logistic => logistic(z),
            Activation::Relu => z.max(0.0),
            Activation::Linear => z,
            Activation::Spike(_) => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Softmax => unreachable!("softmax is only an output activation"),
        }
    }

    /// Applies `f` to the first `cols` columns of a batch `z` (one example per column), writing `h`.
    pub fn apply_columns(self, z: &DMatrix<f64>, h: &mut DMatrix<f64>, cols: usize) {
        let n = z.nrows();
        let (z, h) = (&z.as_slice()[..n * cols], &mut h.as_mut_slice()[..n * cols]);
        if self.is_elementwise() {
            // The columns in use are one contiguous run (column-major): one long loop, which vectorises, rather
            // than `cols` loops as short as the layer.
            self.apply(z, h);
        } else {
            for (zj, hj) in z.chunks_exact(n).zip(h.chunks_exact_mut(n)) {
                self.apply(zj, hj);
            }
        }
    }

    /// `d ⊙= f'(z)` elementwise, from `z` and `h = f(z)` (as long as `d`), with the activation chosen once outside
    /// the loop: how an error signal crosses a layer's nonlinearity.
    pub fn scale_by_derivative(self, d: &mut [f64], z: &[f64], h: &[f64]) {
        let (z, h) = (&z[..d.len()], &h[..d.len()]);
        match self {
            Activation::Tanh => elementwise::scale_by_tanh_slope(d, h),
            Activation::Logistic => elementwise::scale_by_logistic_slope(d, h),
            Activation::Relu => d.iter_mut().zip(z).for_each(|(d, z)| *d *= if *z > 0.0 { 1.0 } else { 0.0 }),
            Activation::Linear => {}
            Activation::Spike(s) => d.iter_mut().zip(z).for_each(|(d, z)| *d *= s.at(*z)),
            Activation::Softmax => unreachable!("softmax is only an output activation"),
        }
    }

    /// True for the activations a hidden layer may use (softmax acts on a whole layer: output only).
    pub fn is_elementwise(self) -> bool {
        self != Activation::Softmax
    }

    /// The elementwise derivative `f'(z)`, from `z` and `h = f(z)`. Not defined for softmax, whose Jacobian is
    /// not diagonal (see [`Loss::output_delta`]).
    #[inline]
    pub fn derivative(self, z: f64, h: f64) -> f64 {
        match self {
            Activation::Tanh => 1.0 - h * h,
            Activation::Logistic => h * (1.0 - h),
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Linear => 1.0,
            Activation::Spike(s) => s.at(z),
            Activation::Softmax => unreachable!("softmax has no elementwise derivative"),
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The loss of one example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Loss {
    /// `ℓ = ½ ‖y − t‖²`.
    Squared,
    /// `ℓ = −Σ_i t_i ln y_i` with `y = softmax(z)` (requires a softmax output).
    CrossEntropy,
}

impl Loss {
    /// Every loss.
    pub const ALL: [Loss; 2] = [Loss::Squared, Loss::CrossEntropy];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Squared => "mse",
            Loss::CrossEntropy => "xent",
        }
    }

    /// Parses [`Loss::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The loss `ℓ(y, t)` of one example with output `y` and target `t`.
    pub fn value(self, y: &[f64], t: &[f64]) -> f64 {
        match self {
            Loss::Squared => 0.5 * y.iter().zip(t).map(|(y, t)| (y - t) * (y - t)).sum::<f64>(),
            // The floor keeps a confidently wrong prediction finite (ln 1e-300 ≈ −690).
            Loss::CrossEntropy => {
                -y.iter().zip(t).filter(|(_, t)| **t != 0.0).map(|(y, t)| t * libm::log(y.max(1e-300))).sum::<f64>()
            }
        }
    }

    /// Writes the output error signal `δ_L = ∂ℓ/∂z_L` of one example, given the output activation `f`,
    /// pre-activation `z`, output `y = f(z)` and target `t`.
    ///
    /// - cross-entropy with softmax: `δ = y − t`;
    /// - squared error with softmax: `δ = J_softmax (y − t) = y ⊙ (e − ⟨y, e⟩)` with `e = y − t`;
    /// - squared error with an elementwise `f`: `δ = (y − t) ⊙ f'(z)`.
    pub fn output_delta(self, f: Activation, z: &[f64], y: &[f64], t: &[f64], delta: &mut [f64]) {
        match (self, f) {
            (Loss::CrossEntropy, _) => {
                for ((d, y), t) in delta.iter_mut().zip(y).zip(t) {
                    *d = y - t;
                }
            }
            (Loss::Squared, Activation::Softmax) => {
                let dot: f64 = y.iter().zip(t).map(|(y, t)| y * (y - t)).sum();
                for ((d, y), t) in delta.iter_mut().zip(y).zip(t) {
                    *d = y * ((y - t) - dot);
                }
            }
            (Loss::Squared, f) => {
                for (((d, z), y), t) in delta.iter_mut().zip(z).zip(y).zip(t) {
                    *d = (y - t) * f.derivative(*z, *y);
                }
            }
        }
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
