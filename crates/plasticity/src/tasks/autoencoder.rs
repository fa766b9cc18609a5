//! The 8 × 8 digits reconstructed through a bottleneck: the unsupervised paradigm (the error is a reconstruction
//! error), and difference target propagation's testbed. The same split as the digits, each image its own target.
//!
//! Preset: 64–32–16–32–64, tanh hidden, logistic output, squared error, η = 0.5, batch 16.

use alloc::boxed::Box;

use super::digits::dataset;
use super::{Dataset, Inputs, Outputs, Preset, Shuffled, TaskData, TaskInfo, TaskKind, View};
use crate::activation::Activation;

/// The digit autoencoder.
pub(super) static AUTOENCODER: TaskInfo = TaskInfo {
    name: "autoencoder",
    title: "Digit autoencoder, 64→…→64 (reconstruction)",
    caption: "The probe digit and the network's reconstruction of it through the bottleneck.",
    loss_caption: None,
    view: View::Reconstruction,
    inputs: Inputs::Fixed(64),
    outputs: Outputs::Fixed(64),
    targets: true,
    available: true,
    data: Some(super::digits::DIGITS_FILE),
    preset: Preset {
        hidden: &[32, 16, 32],
        output: Activation::Logistic,
        learning_rate: 0.5,
        batch_size: 16,
        ..Preset::PLAYGROUND
    },
    build: |setup| {
        let own_target = |mut d: Dataset| {
            d.t = d.x.clone();
            d.labels = None;
            d
        };
        let (n_train, n_test) = (super::DIGITS_TRAIN, super::DIGITS_TEST);
        let (train, test) = (dataset(0, n_train, Activation::Logistic), dataset(n_train, n_test, Activation::Logistic));
        Box::new(Shuffled::new(TaskData { train: own_target(train), test: own_target(test) }, setup))
    },
};

impl TaskKind {
    /// The digit autoencoder.
    pub const AUTOENCODER: TaskKind = TaskKind(&AUTOENCODER);
}
