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
//!
//! ## Module order
//!
//! Modules are listed bottom up: each uses only modules listed before it (`tests/module_order.rs` checks), so
//! the primitives know nothing of networks, networks nothing of tasks, tasks nothing of rules, and only the
//! configuration and the trainer see everything.

#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// What makes `$kind`, a handle on a registry entry (`$kind(&'static $info)`, whose info has a `name` and a
/// `title`), behave like an enum of names: its facts at hand, equal and hashed by name, printed and (with `serde`)
/// written and read as its name.
macro_rules! handle {
    ($kind:ident, $info:ident, $what:literal) => {
        impl $kind {
            #[doc = concat!("Everything the lab knows about the ", $what, ".")]
            pub fn info(self) -> &'static $info {
                self.0
            }

            /// The short name used in URLs and on the command line.
            pub fn name(self) -> &'static str {
                self.0.name
            }

            /// A title for people.
            pub fn title(self) -> &'static str {
                self.0.title
            }
        }

        impl PartialEq for $kind {
            fn eq(&self, other: &Self) -> bool {
                self.0.name == other.0.name
            }
        }

        impl Eq for $kind {}

        impl core::hash::Hash for $kind {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                self.0.name.hash(state);
            }
        }

        impl core::fmt::Debug for $kind {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.0.name)
            }
        }

        impl core::fmt::Display for $kind {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.0.name)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $kind {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.0.name)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $kind {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = <alloc::string::String as serde::Deserialize>::deserialize(d)?;
                $kind::from_name(&name)
                    .ok_or_else(|| serde::de::Error::custom(alloc::format!(concat!("unknown ", $what, " '{}'"), name)))
            }
        }
    };
}

// Primitives.
pub mod error;
pub mod limits;
pub mod random;
pub mod kernels;
pub mod activation;
pub mod metrics;
pub mod diagnostics;
// The network, then what it learns, then how.
pub mod net;
pub mod tasks;
pub mod rules;
// What a run is, and the run.
pub mod config;
pub mod trainer;

pub use activation::{Activation, Loss, Surrogate};
pub use config::Config;
pub use diagnostics::{Diagnostics, LayerDiagnostics};
pub use error::ConfigError;
pub use net::Network;
pub use random::Init;
pub use rules::{LearningRule, RuleKind};
pub use tasks::{Dataset, Feature, TaskKind};
pub use trainer::{Status, Trainer};
