//! The inner loops that training spends its time in: the dense products of a layer's forward pass, of sending
//! errors down, and of a weight update ([`products`]), and the elementwise nonlinearities ([`elementwise`]: a
//! branch-free `tanh` and the loops that apply it and its slope over a batch).
//!
//! They live in a crate of their own for one reason: the release profile optimises this crate fully (opt-level 3:
//! unrolled tiles, vectorised loops) and builds the rest of the core — configuration, tasks, the rules'
//! bookkeeping, the texts — for size, so the page downloads less without training slower. Nothing here knows about
//! learning rules; the core (`plasticity`) re-exports these as `plasticity::kernels` and calls them.
//!
//! Everything is plain `+ − × ÷` on `f64` in a fixed order, so every target computes the same bits.

#![cfg_attr(not(test), no_std)]

pub mod elementwise;
pub mod products;
