//! The dense products training spends its time in. They are the `plasticity-kernels` crate's (`products`), kept
//! in a crate of their own so that the release profile builds them at opt-level 3 while the rest of the core is
//! built for size; this module puts them at their place in the core's module order.

pub use plasticity_kernels::products::*;
