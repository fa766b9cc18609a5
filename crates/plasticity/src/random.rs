//! The run's randomness: one seed, split into independent streams by purpose, so that changing (say) the batch
//! size reshuffles mini-batches without redrawing the data or the weights; and the distributions that initial
//! weights are drawn from ([`Init`]).
//!
//! The generator is xoshiro256++ (`rand_xoshiro`); uniform draws and shuffles come from `rand`, whose algorithms
//! consume 32-bit words where it matters, so streams are identical on 32-bit WebAssembly and 64-bit hosts.
//! Normal draws use the Box–Muller transform with `libm`, which is bit-identical on every target.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// What a stream of random numbers is used for; each gets its own generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Generating the task's examples and its train/test split.
    Data = 1,
    /// Drawing forward weights.
    Weights = 2,
    /// Drawing fixed feedback weights.
    Feedback = 3,
    /// Shuffling the training set into mini-batches.
    Batches = 4,
    /// Noise that a rule itself injects (perturbation rules, mirror phases).
    Rule = 5,
}

/// A seeded generator for one [`Stream`].
#[derive(Clone, Debug)]
pub struct Rng(Xoshiro256PlusPlus);

impl Rng {
    /// The generator for `stream` of the run with this seed.
    pub fn new(seed: u32, stream: Stream) -> Self {
        Rng::renewed(seed, stream, 0)
    }

    /// The stream `stream` of `seed` as it is drawn anew at step `step` of a run (the mini-batch order after the
    /// training set is edited there); at step 0 it is [`Rng::new`]'s.
    pub fn renewed(seed: u32, stream: Stream, step: u64) -> Self {
        let key = (u64::from(seed) << 8) | stream as u64;
        Rng(Xoshiro256PlusPlus::seed_from_u64(key ^ step.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    /// A draw from `U[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.0.random::<f64>()
    }

    /// A draw from the standard normal distribution `N(0, 1)` (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        // 1 − U lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.0.random::<f64>();
        let u2 = self.0.random::<f64>();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
    }

    /// A uniformly random index in `0..n`.
    pub fn index(&mut self, n: u32) -> u32 {
        self.0.random_range(0..n)
    }

    /// One of `items` (not empty), uniformly: the same draw as [`Rng::index`] of their count.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len() as u32) as usize]
    }

    /// Shuffles `items` uniformly (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        items.shuffle(&mut self.0);
    }
}

/// How a weight matrix `n_out × n_in` is drawn at the start of a run; a hidden layer's biases are drawn from the same
/// distribution and output biases start at zero (`Network::new` says why).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Init {
    /// Glorot & Bengio (2010): uniform on `±√(6 / (n_in + n_out))`.
    Glorot,
    /// He et al. (2015): uniform on `±√(6 / n_in)`, for rectifiers.
    He,
    /// Uniform on `±0.01`: the forward weights of Lillicrap et al. (2016)'s linear task.
    Small,
    /// Uniform on `±0.5`: TensorFlow Playground's weights and Lillicrap et al.'s feedback matrices.
    Half,
    /// Uniform on `[0.2, 0.3]`: excitatory synapses of similar strength (the LTP cell).
    Excitatory,
}

impl Init {
    /// Every scheme.
    pub const ALL: [Init; 5] = [Init::Glorot, Init::He, Init::Small, Init::Half, Init::Excitatory];

    /// The short name used in URLs and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Init::Glorot => "glorot",
            Init::He => "he",
            Init::Small => "small",
            Init::Half => "half",
            Init::Excitatory => "excitatory",
        }
    }

    /// Parses [`Init::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }

    /// The uniform distribution `U[lo, hi]` for a matrix with these fan-in and fan-out.
    pub fn range(self, n_in: usize, n_out: usize) -> (f64, f64) {
        let symmetric = |a: f64| (-a, a);
        match self {
            Init::Glorot => symmetric(libm::sqrt(6.0 / (n_in + n_out) as f64)),
            Init::He => symmetric(libm::sqrt(6.0 / n_in as f64)),
            Init::Small => symmetric(0.01),
            Init::Half => symmetric(0.5),
            Init::Excitatory => (0.2, 0.3),
        }
    }
}
