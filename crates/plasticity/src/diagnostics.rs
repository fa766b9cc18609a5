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

/// Watches a supervised run for being stuck rather than diverged: its loss has stopped moving while it has not
/// learned (accuracy near chance, or, without classes, a loss still near where it began) and its error signals
/// have all but vanished — the mark of saturated units (a tanh network at a learning rate far too high sits
/// there, training on, with nothing to see). A run that has converged learned something, so it is never stuck.
/// Fed every measurement; holds a few numbers, whatever the run's length.
#[derive(Clone, Debug)]
pub struct StuckWatch {
    /// The accuracy of guessing (`1 / classes`), for a classification task.
    chance: Option<f64>,
    /// The first measurement's loss and largest error signal.
    first: Option<(f64, f64)>,
    /// Where the loss's current flat stretch began: its step and loss.
    flat_since: (u64, f64),
    /// The verdict at the latest measurement.
    stuck: Option<Stuck>,
}

/// Why a run looks stuck (see [`StuckWatch`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stuck {
    /// Mini-batches over which the loss has moved by less than [`StuckWatch::FLAT`] of itself.
    pub flat_for: u64,
    /// The test accuracy, for a classification task.
    pub accuracy: Option<f64>,
    /// The largest hidden layer's error signal as a share of what it was at the start.
    pub error_share: f64,
}

impl StuckWatch {
    /// The relative change of the loss below which it counts as not moving.
    pub const FLAT: f64 = 0.01;
    /// Mini-batches the loss must stay flat before a run is called stuck.
    pub const PATIENCE: u64 = 500;
    /// How far above chance an accuracy still counts as near it (in accuracy, 0–1).
    pub const NEAR_CHANCE: f64 = 0.1;
    /// Without classes: the share of its first loss a loss must keep to count as not learned.
    pub const NOT_LEARNED: f64 = 0.8;
    /// The share of its first size below which the error signals count as vanished.
    pub const VANISHED: f64 = 0.1;

    /// A watch for a run of a task with `classes` classes (`None` for regression).
    pub fn new(classes: Option<usize>) -> Self {
        StuckWatch { chance: classes.map(|k| 1.0 / k as f64), first: None, flat_since: (0, f64::NAN), stuck: None }
    }

    /// Takes the run's latest measurement.
    pub fn record(&mut self, d: &Diagnostics) {
        // The hidden layers' error signals (a saturated softmax output keeps a constant error of its own), or the
        // output's in a network without hidden layers.
        let hidden = d.layers.iter().filter(|l| !l.is_output).map(|l| l.error_norm).fold(f64::NAN, f64::max);
        let error = if hidden.is_nan() { d.layers.iter().map(|l| l.error_norm).fold(0.0, f64::max) } else { hidden };
        let (loss, step) = (d.test_loss, d.step);
        let &mut (first_loss, first_error) = self.first.get_or_insert((loss, error));
        // A new flat stretch begins wherever the loss moves (and at the first measurement, whose level is NaN).
        let level = self.flat_since.1;
        let flat = (loss - level).abs() <= Self::FLAT * level.abs();
        if !flat {
            self.flat_since = (step, loss);
        }
        let not_learned = match (self.chance, d.test_accuracy) {
            (Some(chance), Some(a)) => a <= chance + Self::NEAR_CHANCE,
            _ => loss >= Self::NOT_LEARNED * first_loss,
        };
        let error_share = if first_error > 0.0 { error / first_error } else { 1.0 };
        let flat_for = step.saturating_sub(self.flat_since.0);
        self.stuck = (flat_for >= Self::PATIENCE && not_learned && error_share < Self::VANISHED).then_some(Stuck {
            flat_for,
            accuracy: d.test_accuracy,
            error_share,
        });
    }

    /// Whether the run looks stuck at the latest measurement, and why.
    pub fn stuck(&self) -> Option<Stuck> {
        self.stuck
    }
}
