//! What the lab's plots (`plasticity-web`, on a canvas) and the command line's figures (`plasticity-cli`, as
//! SVG) share, so that a rule, a layer or a number looks the same everywhere: the [`palette`] and the
//! [`format`] of numbers. It draws nothing by itself and holds no learning maths.

pub mod format;
pub mod palette;
