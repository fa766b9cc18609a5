//! Tasks: where the examples come from and what counts as the right answer. Each task's facts — name, title,
//! what its view shows, its preset — are declared in its own file as a [`TaskInfo`]; [`TaskKind::ALL`] lists
//! them in the order the page shows them. Adding a task is one new file and one line in the registry below.
//!
//! Inputs are columns of `x` (`n_in × N`); targets are columns of `t` (`n_out × N`), already encoded for the
//! output activation (see [`encode_class`]). Classification tasks also keep each example's class label. While a
//! run trains, a [`Task`] hands the trainer one mini-batch at a time: drawn from a shuffled training set for
//! the data-set tasks ([`Shuffled`]).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use crate::activation::{Activation, Loss};
use crate::diagnostics::Measure;
use crate::net::{Network, Workspace};
use crate::random::Init;

mod features;
mod shuffled;
mod table;

pub use features::Feature;
pub use shuffled::Shuffled;

/// Declares the task modules and lists their [`TaskInfo`]s in [`TaskKind::ALL`], in the order the page shows
/// them: one line per task file, naming the file and the `TaskInfo` constants it declares.
macro_rules! registry {
    ($($module:ident => [$($info:ident),+]),* $(,)?) => {
        $(mod $module;)*
        impl TaskKind {
            /// Every task, in the order the page lists them.
            pub const ALL: &'static [TaskKind] = &[$($(TaskKind(&$module::$info)),+),*];
        }
    };
}

registry! {
    planar => [XOR, CIRCLE, GAUSS, SPIRAL],
    linear => [LINEAR],
    digits => [DIGITS],
    mnist => [MNIST],
    autoencoder => [AUTOENCODER],
    cloud => [CLOUD],
    ltp => [LTP],
    conditioning => [CONDITIONING_TASK],
    prism => [PRISM],
    random_walk => [RANDOM_WALK],
    gain_field => [GAIN_FIELD],
}

pub use cloud::{CLOUD_VARIANCES, cloud_axes};
pub use conditioning::{CONDITIONED, CONDITIONING, Phase as ConditioningPhase, phase_of_trial as conditioning_phase};
pub use digits::{
    DIGITS_FILE, DIGITS_TEST, DIGITS_TRAIN, PAD_SIDE, block_counts, blocks_to_bitmap, digit_input, load_digits,
    normalize_drawing, test_digit,
};
pub use gain_field::{GAIN_CHANGE, GAIN_EYE_POSITIONS, UnitGain, gain_fields};
pub use linear::{LINEAR_IN, LINEAR_OUT};
pub use ltp::{LTP_PROTOCOL, LTP_THRESHOLD, Pathway as LtpPathway, Protocol, protocol_of_trial};
pub use mnist::{MNIST_PIXELS, MNIST_TEST, MNIST_TRAIN};
pub(crate) use planar::placed_error;
pub use planar::{MAX_PLACED, PLANAR_POINTS, PLANAR_RANGE, Placed, check_placed};
pub use prism::{Block, PRISM_BLOCKS, PRISM_SHIFT};
pub use random_walk::{WALK_STATES, WALK_TRUE_VALUES, walk_values};

/// Everything the lab knows about a task, declared in the task's own file.
#[derive(Debug)]
pub struct TaskInfo {
    /// The short name used in URLs and on the command line.
    pub name: &'static str,
    /// A title for people.
    pub title: &'static str,
    /// What the task view shows, in a sentence for the page.
    pub caption: &'static str,
    /// What the loss panel's loss is, for a task whose loss is not over training and held-out examples (one fixed
    /// set is both); `None` for the usual training and test sets.
    pub loss_caption: Option<&'static str>,
    /// How the page draws the task.
    pub view: View,
    /// The input width.
    pub inputs: Inputs,
    /// The output width, and whether the outputs are classes.
    pub outputs: Outputs,
    /// False for a task without targets (the Gaussian cloud): only unsupervised rules learn it.
    pub targets: bool,
    /// False for a task this build does not include (MNIST without the `mnist` feature, as on the page).
    pub available: bool,
    /// The data set a build without it embedded must load at run time before the task can run (the 8×8 digits'
    /// file, [`DIGITS_FILE`], for the page; see [`load_digits`]); `None` for a task that makes its own data.
    pub data: Option<&'static str>,
    /// The settings a run of this task starts from.
    pub preset: Preset,
    /// Generates (or loads) the task's data and returns the task ready to hand out mini-batches.
    pub build: fn(&Setup) -> Box<dyn Task>,
}

/// How wide a task's input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// A fixed number of inputs.
    Fixed(usize),
    /// One input per chosen [`Feature`] of a point in the plane (the 2-D tasks).
    Features,
}

/// How wide a task's output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outputs {
    /// A fixed number of outputs (regression, reconstruction).
    Fixed(usize),
    /// One of this many classes: one unit per class, or a single unit for two classes unless the output is a
    /// softmax.
    Classes(usize),
}

/// What the page's task panel draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The decision boundary over the plane, with the training and test points.
    Boundary,
    /// The normalized error over training (Lillicrap et al.'s linear task).
    ErrorCurve,
    /// The probe digit and the network's class probabilities.
    Digit,
    /// The probe digit beside the network's reconstruction of it.
    Reconstruction,
    /// The input cloud, its principal axes and each unit's weight vector.
    Cloud,
    /// The task's own charts ([`Task::charts`]): trials, values, weights over time.
    Charts,
}

impl View {
    /// The name the page's JavaScript sees.
    pub fn name(self) -> &'static str {
        match self {
            View::Boundary => "boundary",
            View::ErrorCurve => "error-curve",
            View::Digit => "digit",
            View::Reconstruction => "reconstruction",
            View::Cloud => "cloud",
            View::Charts => "charts",
        }
    }
}

/// The settings a task starts from on the page and in the CLI (see `Config::preset`). The rule is named, as in a
/// URL; the tests check that every preset is a valid configuration.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// The rule, by name.
    pub rule: &'static str,
    /// Units per hidden layer.
    pub hidden: &'static [usize],
    /// The hidden layers' activation.
    pub activation: Activation,
    /// The output activation.
    pub output: Activation,
    /// The loss.
    pub loss: Loss,
    /// Forward weights.
    pub init: Init,
    /// Feedback weights.
    pub feedback_init: Init,
    /// The learning rate η.
    pub learning_rate: f64,
    /// Examples per mini-batch.
    pub batch_size: usize,
    /// The inputs of a 2-D task.
    pub features: &'static [Feature],
}

impl Preset {
    /// TensorFlow Playground's settings (tanh; tanh output, squared error; η = 0.03; batch 10) with feedback
    /// alignment, and two hidden layers of 8 rather than Playground's 4 and 2: feedback alignment often stalls
    /// behind a 2-unit bottleneck, which is not the first thing to show. Tasks change what differs.
    pub const PLAYGROUND: Preset = Preset {
        rule: "fa",
        hidden: &[8, 8],
        activation: Activation::Tanh,
        output: Activation::Tanh,
        loss: Loss::Squared,
        init: Init::Glorot,
        feedback_init: Init::Glorot,
        learning_rate: 0.03,
        batch_size: 10,
        features: &[Feature::X1, Feature::X2],
    };
}

/// What a task needs to know to generate its data.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The seed of the run (the data come from its `Data` stream, the batch order from its `Batches` stream).
    pub seed: u32,
    /// The output activation, which decides how class targets are encoded.
    pub output: Activation,
    /// Label noise of the 2-D tasks, in per cent of the data's scale.
    pub noise: u32,
    /// The share of a 2-D task's points used for training, in per cent.
    pub train_percent: u32,
    /// The input features of the 2-D tasks.
    pub features: Vec<Feature>,
    /// Evaluate on a validation split carved from the training set (the run's `validation` setting).
    pub validation: bool,
    /// The learner's layer widths, input first (for tasks that evaluate the learner themselves).
    pub sizes: Vec<usize>,
    /// Points placed by hand on a 2-D task, which join its training set.
    pub points: Vec<Placed>,
    /// The step at which the data are made: 0 when a run starts; the step of an edit when placed points change
    /// during a run, whose mini-batch order then comes from a stream of its own (it does not replay the run's
    /// first mini-batches).
    pub made_at: u64,
}

/// A task while a run trains on it.
pub trait Task {
    /// The training and test sets, for evaluation and drawing.
    fn data(&self) -> &TaskData;

    /// Writes the next mini-batch of `cols` examples into the first columns of `ws.h[0]` and `ws.target` and sets
    /// `ws.cols`. `net` is the learner as it is now, for tasks whose targets depend on its own predictions.
    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize);

    /// Appends what the task measures of `net` beside the loss (for the plots); nothing, for most tasks.
    fn measures(&self, _net: &Network, _out: &mut Vec<Measure>) {}

    /// The charts a [`View::Charts`] task draws of itself, stacked in its panel (drawing time only: may
    /// allocate).
    fn charts(&self, _net: &Network) -> Vec<Chart> {
        Vec::new()
    }
}

/// A chart a task draws of itself, in data units: lines over a shared x axis, shaded bands (blocks of trials,
/// protocols) and labelled reference lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// The vertical axis's title.
    pub y_title: String,
    /// The horizontal axis's title.
    pub x_title: &'static str,
    /// The data.
    pub lines: Vec<ChartLine>,
    /// Shaded stretches of x, each labelled.
    pub bands: Vec<Band>,
    /// Horizontal reference lines `(y, label)`.
    pub marks: Vec<(f64, &'static str)>,
    /// The least y range shown (it grows to fit the data).
    pub y_range: (f64, f64),
    /// The x range shown, when the data should not set it.
    pub x_range: Option<(f64, f64)>,
}

/// One line of a [`Chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// What it is, for the legend.
    pub label: String,
    /// Its points `(x, y)`; NaN breaks the line.
    pub points: Vec<(f64, f64)>,
    /// How it is drawn.
    pub style: LineStyle,
}

/// How a [`ChartLine`] is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// A solid line (the data).
    Solid,
    /// A dashed line (a reference: the true values, a threshold).
    Dashed,
    /// Dots, unjoined (one per trial).
    Dots,
}

/// A shaded stretch `[from, to)` of a chart's x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Where it starts.
    pub from: f64,
    /// Where it ends.
    pub to: f64,
    /// Its name ("prism").
    pub label: &'static str,
}

/// A task by name: a handle on its [`TaskInfo`]. Compare, copy and print it like an enum.
#[derive(Clone, Copy)]
pub struct TaskKind(&'static TaskInfo);

impl TaskKind {
    /// Parses [`TaskKind::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The tasks this build includes, in the order the page lists them.
    pub fn available() -> impl Iterator<Item = TaskKind> {
        Self::ALL.iter().copied().filter(|t| t.is_available())
    }

    /// False for a task this build does not include (MNIST without the `mnist` feature, as on the page).
    pub fn is_available(self) -> bool {
        self.0.available
    }

    /// The data set this task loads at run time where the build does not embed it (see [`TaskInfo::data`]).
    pub fn data_file(self) -> Option<&'static str> {
        self.0.data
    }

    /// False while the task's data set is still to be loaded ([`load_digits`]).
    pub fn is_ready(self) -> bool {
        self.0.data.is_none() || digits::table().is_some()
    }

    /// True for the 2-D tasks, whose inputs are features of a point in the plane.
    pub fn is_planar(self) -> bool {
        self.0.inputs == Inputs::Features
    }

    /// The number of classes, or `None` for regression and reconstruction.
    pub fn classes(self) -> Option<usize> {
        match self.0.outputs {
            Outputs::Classes(k) => Some(k),
            Outputs::Fixed(_) => None,
        }
    }

    /// The input width `n_0`.
    pub fn input_size(self, features: &[Feature]) -> usize {
        match self.0.inputs {
            Inputs::Fixed(n) => n,
            Inputs::Features => features.len(),
        }
    }

    /// The output width `n_L` for this output activation: one unit for two classes (two with softmax), one per
    /// class otherwise.
    pub fn output_size(self, output: Activation) -> usize {
        match self.0.outputs {
            Outputs::Fixed(n) => n,
            Outputs::Classes(2) if output != Activation::Softmax => 1,
            Outputs::Classes(k) => k,
        }
    }

    /// Generates the task's data for a run.
    pub fn build(self, setup: &Setup) -> Box<dyn Task> {
        (self.0.build)(setup)
    }
}

handle!(TaskKind, TaskInfo, "task");

/// A set of examples.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Inputs, one column per example.
    pub x: DMatrix<f64>,
    /// Targets, one column per example, encoded for the output activation.
    pub t: DMatrix<f64>,
    /// Class labels (classification tasks).
    pub labels: Option<Vec<u8>>,
    /// The raw 2-D points (2-D tasks), for drawing.
    pub points: Option<Vec<[f64; 2]>>,
}

impl Dataset {
    /// The number of examples.
    pub fn len(&self) -> usize {
        self.x.ncols()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The examples whose index `i` satisfies `keep(i)`, in order.
    pub fn select(&self, keep: impl Fn(usize) -> bool) -> Dataset {
        let chosen: Vec<usize> = (0..self.len()).filter(|&i| keep(i)).collect();
        let columns = |m: &DMatrix<f64>| DMatrix::from_fn(m.nrows(), chosen.len(), |r, c| m[(r, chosen[c])]);
        Dataset {
            x: columns(&self.x),
            t: columns(&self.t),
            labels: self.labels.as_ref().map(|l| chosen.iter().map(|&i| l[i]).collect()),
            points: self.points.as_ref().map(|p| chosen.iter().map(|&i| p[i]).collect()),
        }
    }

    /// Copies example `i` into column `c` of the workspace's input and target.
    pub fn copy_into(&self, i: usize, ws: &mut Workspace, c: usize) {
        let (n, m) = (self.x.nrows(), self.t.nrows());
        ws.h[0].as_mut_slice()[c * n..(c + 1) * n].copy_from_slice(&self.x.as_slice()[i * n..(i + 1) * n]);
        ws.target.as_mut_slice()[c * m..(c + 1) * m].copy_from_slice(&self.t.as_slice()[i * m..(i + 1) * m]);
    }

    /// Makes examples `first .. first + cols`, in order, the workspace's batch (a fixed batch for a measurement).
    pub fn load_batch(&self, first: usize, ws: &mut Workspace, cols: usize) {
        (0..cols).for_each(|c| self.copy_into(first + c, ws, c));
        ws.cols = cols;
    }
}

/// A task's training and test sets.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskData {
    /// Examples that the rule learns from.
    pub train: Dataset,
    /// Held-out examples, for the test loss and accuracy.
    pub test: Dataset,
}

impl TaskData {
    /// The training set split in two: every `every`-th example (the last of each group; counted within its class
    /// where there are classes, so that each class keeps its share) becomes the held-out set and the rest train.
    /// The test set is dropped, so nothing chosen on the split has seen it.
    pub fn validation_split(self, every: usize) -> TaskData {
        let mut seen = [0usize; 256];
        let held: Vec<bool> = (0..self.train.len())
            .map(|i| {
                let class = self.train.labels.as_ref().map_or(0, |l| l[i] as usize);
                seen[class] += 1;
                seen[class] % every == 0
            })
            .collect();
        TaskData { train: self.train.select(|i| !held[i]), test: self.train.select(|i| held[i]) }
    }
}

/// The target column for class `label` of `classes`: one-vs-rest with `(1, −1)` for tanh and linear outputs,
/// `(1, 0)` for logistic and softmax; a single output unit codes class 1 as the high value.
pub fn encode_class(label: usize, classes: usize, output: Activation, t: &mut [f64]) {
    let low = match output {
        Activation::Logistic | Activation::Softmax => 0.0,
        _ => -1.0,
    };
    if t.len() == 1 {
        t[0] = if label == 1 { 1.0 } else { low };
    } else {
        debug_assert_eq!(t.len(), classes);
        t.iter_mut().enumerate().for_each(|(i, v)| *v = if i == label { 1.0 } else { low });
    }
}

/// The class a network output `y` predicts: the largest unit, or for a single unit, class 1 when it is above
/// the midpoint of its range (0 for tanh and linear, ½ for logistic).
pub fn predicted_class(y: &[f64], output: Activation) -> usize {
    if y.len() == 1 {
        let mid = if output == Activation::Logistic { 0.5 } else { 0.0 };
        usize::from(y[0] > mid)
    } else {
        let mut best = 0;
        for (i, v) in y.iter().enumerate() {
            if *v > y[best] {
                best = i;
            }
        }
        best
    }
}

/// A score in [−1, 1] for "class 1 against class 0" on a 2-D task, for colouring the decision boundary:
/// the output unit rescaled to [−1, 1], or with two softmax units `p₁ − p₀`.
pub fn class_score(y: &[f64], output: Activation) -> f64 {
    let s = match (y.len(), output) {
        (1, Activation::Logistic) => 2.0 * y[0] - 1.0,
        (1, _) => y[0],
        (_, _) => y[1] - y[0],
    };
    s.clamp(-1.0, 1.0)
}
