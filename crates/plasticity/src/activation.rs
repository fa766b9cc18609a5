//! Activation functions `f(z)` and losses `ℓ(y, t)`, with the derivatives that error signals need.
//!
//! Every transcendental function is pure IEEE arithmetic — `libm`'s, or for `tanh` (the hot one) this module's
//! own — so results are bit-identical on every target.
//! The loss of one example is `ℓ`; a mini-batch's loss `L` is the mean of `ℓ` over its examples.

use core::fmt;
use nalgebra::DMatrix;

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
            Activation::Tanh => z.iter().zip(h).for_each(|(z, h)| *h = tanh(*z)),
            Activation::Logistic => z.iter().zip(h).for_each(|(z, h)| *h = logistic(*z)),
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
            Activation::Tanh => d.iter_mut().zip(h).for_each(|(d, h)| *d *= 1.0 - h * h),
            Activation::Logistic => d.iter_mut().zip(h).for_each(|(d, h)| *d *= h * (1.0 - h)),
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

/// `tanh z = −m / (2 + m)` with `m = e^{−2|z|} − 1`, the sign restored. `m` comes from [`expm1_nonpositive`], so
/// the formula never cancels, for small `|z|` as for large. Within a few units in the last place of `libm::tanh`
/// (see the tests) and about a quarter of its cost, which matters: a small network's training spends most of its
/// time here. Only `+ − × ÷` and bit moves, none fused, so every target rounds every step the same way; and no
/// branch, so a loop of them vectorises (two lanes with WebAssembly's `simd128`, where it is 7× faster than
/// `libm::tanh`; the lanes round exactly as scalar code does).
#[inline]
pub fn tanh(z: f64) -> f64 {
    const SIGN: u64 = 1 << 63;
    // tanh rounds to 1 from |z| ≈ 19.06 on (1 − tanh a ≈ 2e^{−2a} < 2⁻⁵⁴), so clamping at 22 changes nothing but
    // keeps the exponential in range. NaN fails the comparison and propagates.
    let a = z.abs();
    let a = if a > 22.0 { 22.0 } else { a };
    let m = expm1_nonpositive(-2.0 * a);
    let t = -m / (2.0 + m);
    // tanh is odd: |t| with z's sign (also right for ±0).
    f64::from_bits((t.to_bits() & !SIGN) | (z.to_bits() & SIGN))
}

/// `e^x − 1` for `−44 ≤ x ≤ 0`, in pure arithmetic: `x = k ln 2 + r` with `|r| ≤ ½ ln 2` (Cody and Waite's two-part
/// `ln 2`, so `r` is exact), `e^r − 1` from its Taylor series to `r¹³` (truncation below 2⁻⁵⁵ of the result), and
/// `e^x − 1 = 2^k (e^r − 1) + (2^k − 1)`, which for `k = 0` is the series itself: no cancellation near 0.
#[inline(always)]
fn expm1_nonpositive(x: f64) -> f64 {
    debug_assert!(x.is_nan() || (-44.0..=0.0).contains(&x));
    // Round x / ln 2 to the nearest integer by adding and subtracting 1.5 · 2⁵²: exact, and the same everywhere.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    const LN2_HI: f64 = 0.693_147_180_369_123_8; // 0x3fe62e42fee00000: 32 significant bits, so k · LN2_HI is exact
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // 0x3dea39ef35793c76: ln 2 − LN2_HI
    let shifted = x * core::f64::consts::LOG2_E + SHIFT;
    let k = shifted - SHIFT; // an integer in [−64, 0]
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // e^r − 1 = r + r² q(r), q(r) = 1/2! + r/3! + … + r¹¹/13!, by Estrin's scheme: pairs, then pairs of pairs, so
    // the chain of dependent operations is 5 long instead of 12.
    const C: [f64; 12] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let (r2, r4, r8) = (r * r, r * r * (r * r), r * r * (r * r) * (r * r * (r * r)));
    let pair = |i: usize| C[i] + C[i + 1] * r;
    let quad = |i: usize| pair(i) + pair(i + 2) * r2;
    let q = (quad(0) + quad(4) * r4) + quad(8) * r8;
    let p = r + r2 * q;
    // 2^k from its bits: `shifted`'s low bits hold k in two's complement (its exponent field is fixed), so adding
    // the bias 1023 and shifting into the exponent field gives 2^k exactly (k is small: never subnormal).
    let scale = f64::from_bits(shifted.to_bits().wrapping_add(1023) << 52);
    scale * p + (scale - 1.0)
}

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_tanh_agrees_with_libm() {
        let mut worst: f64 = 0.0;
        for i in -200_000..=200_000 {
            let z = f64::from(i) * 1e-4 + 1e-9;
            let (a, b) = (tanh(z), libm::tanh(z));
            worst = worst.max(((a - b) / b).abs());
        }
        assert!(worst < 4.0 * f64::EPSILON, "relative error {worst:e}");
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(1e-300), 1e-300);
        assert_eq!(tanh(800.0), 1.0);
        assert_eq!(tanh(-800.0), -1.0);
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f64).to_bits());
        // Odd, and monotone across the seams where k changes and where the shortcut to ±1 begins.
        for z in [0.17328679513998632, 0.3465735902799726, 1.0397207708399179, 19.0, 21.999, 22.0] {
            assert_eq!(tanh(-z), -tanh(z));
            assert!(tanh(z - 1e-12) <= tanh(z) && tanh(z) <= tanh(z + 1e-12), "{z}");
        }
    }

    #[test]
    fn expm1_matches_libm_on_its_range() {
        let mut worst: f64 = 0.0;
        for i in 0..440_000 {
            let x = -f64::from(i) * 1e-4 - 3e-10;
            let (a, b) = (expm1_nonpositive(x), libm::expm1(x));
            worst = worst.max(((a - b) / b).abs());
        }
        assert!(worst < 3.0 * f64::EPSILON, "relative error {worst:e}");
        assert_eq!(expm1_nonpositive(0.0), 0.0);
        assert_eq!(expm1_nonpositive(-1e-300), -1e-300);
    }
}
