//! What the lab's plots (`plasticity-web`, on a canvas) and the command line's figures (`plasticity-cli`, as
//! SVG) share, so that a rule, a layer or a number looks the same everywhere: the [`palette`] and the
//! [`format`] of numbers. It draws nothing by itself and holds no learning maths.

pub mod format;
pub mod history;
pub mod palette;
pub mod axis;
pub mod paint;
pub mod theme;
pub mod frame;
pub mod recorder;
pub mod lines;
pub mod panels;
pub mod scene;
pub mod compare;
pub mod export;
