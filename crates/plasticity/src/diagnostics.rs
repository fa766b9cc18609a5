//! What the plots and the CLI show after a step: losses, and per layer the angles, error signals and the
//! feedforward and feedback-influenced activity of a fixed probe example.

use alloc::string::String;
use alloc::vec::Vec;

/// One layer's diagnostics. Layer `l` is the one with weights `W_l`; its units' activity is `h_{l+1}`.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LayerDiagnostics {
    /// Units in the layer.
    pub units: usize,
    /// True for the output layer.
    pub is_output: bool,
    /// The angle in degrees between this rule's update `G_l` and backprop's `∂L/∂W_l` on the same mini-batch
    /// and weights; `None` where the rule does not update the layer.
    pub update_angle_deg: Option<f64>,
    /// The angle in degrees between `W_{l+1}ᵀ` and the feedback matrix `B_l` that replaces it; `None` where the
    /// rule has no feedback weights (and for the output layer).
    pub feedback_angle_deg: Option<f64>,
    /// `‖δ_l‖` for the probe example.
    pub error_norm: f64,
    /// The probe's error signal `δ_l`, one value per unit (signed).
    pub delta: Vec<f64>,
    /// The probe's feedforward activity `h_{l+1}` (for a network that settles, its free equilibrium: the activity
    /// it predicts from).
    pub forward: Vec<f64>,
    /// How far feedback moves the layer's activity during inference, before any weight changes: the norm of the
    /// probe's activity as the rule predicts from it minus its feedforward pass. Zero for every rule that predicts
    /// from the feedforward pass; not zero for a network whose free phase settles under feedback from above
    /// (equilibrium propagation).
    pub feedback_shift: f64,
    /// The probe's feedback-influenced activity: what the rule's feedback really makes of the layer where it has
    /// such a thing (predictive coding's settled value nodes), otherwise the target its error signal implies,
    /// `f(z_l − δ_l)`: the pre-activation stepped against its error, through the layer's function (with a linear
    /// output and squared error this is the target itself).
    pub feedback: Vec<f64>,
}

/// A quantity a task measures beside the loss, for the plots: the Hebbian rules' weight norms and angles to the
/// principal axes, say. Measures with the same `group` share an axis.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Measure {
    /// What the axis shows, with its unit ("angle to the principal axes (°)").
    pub group: &'static str,
    /// Which line this is ("w₁ to u₁").
    pub label: String,
    /// Its value now.
    pub value: f64,
}

/// Diagnostics of the whole network at one moment of a run.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Diagnostics {
    /// Mini-batches trained so far.
    pub step: u64,
    /// Examples trained so far.
    pub samples: u64,
    /// The mean loss on (up to the first 512 of) the training examples.
    pub train_loss: f64,
    /// The mean loss on the test examples.
    pub test_loss: f64,
    /// Training accuracy (classification).
    pub train_accuracy: Option<f64>,
    /// Test accuracy (classification).
    pub test_accuracy: Option<f64>,
    /// Normalized squared error on the test set (regression).
    pub nse: Option<f64>,
    /// The network's output for the probe example.
    pub probe_output: Vec<f64>,
    /// Per layer, input side first; the last is the output layer.
    pub layers: Vec<LayerDiagnostics>,
    /// What the task measures beside the loss (see [`Measure`]); most tasks measure nothing more.
    pub measures: Vec<Measure>,
}
