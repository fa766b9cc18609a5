//! # plasticity — learning rules for the credit assignment problem
//!
//! A small, `no_std` (+ `alloc`) crate that trains multilayer perceptrons with backpropagation and with the
//! rules that neuroscience proposes in its place, and measures how each rule's error signals relate to the
//! true gradient. It never touches the web: the page (`plasticity-web`) and the command line
//! (`plasticity-cli`) are thin shells around [`Trainer`].
//!
//! ## Conventions
//!
//! - **Shapes.** A layer's weights `W_l` are `n_out × n_in` (`nalgebra::DMatrix`, column-major); activities are
//!   column vectors, and a mini-batch is a matrix with one column per example.
//! - **Layers.** Layer `l` (0-based) maps the activity `h_l` to the pre-activation `z_l = W_l h_l + b_l` and the
//!   activity `h_{l+1} = f_l(z_l)`; `h_0` is the input and `h_L` the network's output.
//! - **Error signals.** `δ_l` is the error signal at layer `l`'s pre-activation. For backprop it is exactly
//!   `∂ℓ/∂z_l` for one example's loss `ℓ`; other rules put their own stand-in in the same place.
//! - **Sign of updates.** A rule produces an update *direction* `G_l` shaped like `W_l`; the trainer applies
//!   `W_l ← W_l − η G_l`. For backprop `G_l = ∂L/∂W_l`, the gradient of the mini-batch mean loss `L`.
//! - **Angles** are in degrees, between flattened matrices: `acos(⟨A, B⟩ / (‖A‖ ‖B‖))`. 0° is perfect
//!   agreement, 90° is no relation, and an angle is `None` where either matrix is zero.
//! - **Randomness** flows from [`Config::seed`] through one generator; the same [`Config`] gives the same
//!   run, bit for bit, natively and in WebAssembly (all transcendental functions come from `libm`).

#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod activation;
pub mod config;
pub mod diagnostics;
pub mod history;
pub mod kernels;
pub mod metrics;
pub mod net;
pub mod random;
pub mod rules;
pub mod tasks;
pub mod trainer;

pub use activation::{Activation, Loss};
pub use config::{Config, ConfigError, Feature, Init};
pub use diagnostics::{Diagnostics, LayerDiagnostics};
pub use history::{ErrorTrace, History};
pub use net::Network;
pub use rules::{LearningRule, RuleKind};
pub use tasks::{Dataset, TaskKind};
pub use trainer::{Status, Trainer};
