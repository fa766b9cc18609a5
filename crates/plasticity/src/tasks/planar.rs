//! The 2-D classification tasks of TensorFlow Playground (Smilkov & Carter 2016): XOR, circle, two Gaussians
//! and two spirals, 500 points on the square [−6, 6]², with Playground's noise and train/test split.
//! Class 1 is Playground's blue (+1), class 0 its orange (−1).
//!
//! A student may place points of their own ([`Placed`], a run's `pts` setting): they join the training set after
//! the task's own training points, and the test set stays the task's, so test accuracy still measures the task
//! (with the `validation` setting of the CLI's experiments, the held-out fifth may include placed points).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::f64::consts::PI;
use nalgebra::DMatrix;

use super::{
    Dataset, Feature, Inputs, Outputs, Preset, Setup, Shuffled, Task, TaskData, TaskInfo, TaskKind, View, encode_class,
};
use crate::error::ConfigError;
use crate::random::{Rng, Stream};

/// Points per 2-D task (train and test together).
pub const PLANAR_POINTS: usize = 500;
/// The half-width of the square the points are drawn in.
pub const PLANAR_RANGE: f64 = 6.0;

const CAPTION: &str =
    "Background: the network's answer; dots: training (white rim) and test (black rim) points, larger ones placed by hand.";

/// A 2-D task: only its name, title, generator and inputs differ from the others.
const fn planar(
    name: &'static str,
    title: &'static str,
    features: &'static [Feature],
    build: fn(&Setup) -> Box<dyn Task>,
) -> TaskInfo {
    TaskInfo {
        name,
        title,
        caption: CAPTION,
        loss_caption: None,
        view: View::Boundary,
        inputs: Inputs::Features,
        outputs: Outputs::Classes(2),
        targets: true,
        available: true,
        data: None,
        preset: Preset { features, ..Preset::PLAYGROUND },
        build,
    }
}

/// 2-D: the sign of `x₁ x₂` (exclusive or).
pub(super) static XOR: TaskInfo = planar("xor", "Exclusive or (2-D)", XY, |s| build(xor, s));
/// 2-D: a disc inside a ring.
pub(super) static CIRCLE: TaskInfo = planar("circle", "Circle (2-D)", XY, |s| build(circle, s));
/// 2-D: two Gaussian clouds.
pub(super) static GAUSS: TaskInfo = planar("gauss", "Two Gaussians (2-D)", XY, |s| build(gauss, s));
/// 2-D: two interleaved spirals. With x₁ and x₂ alone two layers of 8 do not untangle them in thousands of
/// steps (65–74 % test accuracy after 6,000 with backprop); with sin x₁ and sin x₂ added, as in Playground's own
/// spiral demonstrations, backprop and feedback alignment both pass 95 % within 2,000.
pub(super) static SPIRAL: TaskInfo =
    planar("spiral", "Two spirals (2-D)", &[Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2], |s| {
        build(spiral, s)
    });

/// The plain inputs x₁, x₂.
const XY: &[Feature] = &[Feature::X1, Feature::X2];

impl TaskKind {
    /// Exclusive or.
    pub const XOR: TaskKind = TaskKind(&XOR);
    /// A disc inside a ring.
    pub const CIRCLE: TaskKind = TaskKind(&CIRCLE);
    /// Two Gaussians.
    pub const GAUSS: TaskKind = TaskKind(&GAUSS);
    /// Two spirals.
    pub const SPIRAL: TaskKind = TaskKind(&SPIRAL);
}

/// The most points a run may place: enough to draw a shape of one's own beside the task's 250 training points,
/// few enough that a link stays a few kilobytes.
pub const MAX_PLACED: usize = 200;

/// A point placed by hand on a 2-D task. Its position is kept in hundredths, so that the two decimals a link
/// writes give it back exactly (a link reproduces the run bit for bit), and is within the square's
/// ±[`PLANAR_RANGE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Placed {
    /// x₁ in hundredths.
    pub x: i16,
    /// x₂ in hundredths.
    pub y: i16,
    /// 1 (blue) or 0 (orange).
    pub class: u8,
}

/// The square's half-width in hundredths.
const RANGE_HUNDREDTHS: i16 = (PLANAR_RANGE * 100.0) as i16;

impl Placed {
    /// The point nearest `(x₁, x₂)` on the hundredths grid, moved onto the square's edge if outside it (NaN goes to
    /// 0); a class other than 0 counts as 1.
    pub fn new(x1: f64, x2: f64, class: u8) -> Placed {
        // `as` saturates, and takes NaN to 0.
        let at = |v: f64| libm::round(v * 100.0).clamp(-f64::from(RANGE_HUNDREDTHS), f64::from(RANGE_HUNDREDTHS)) as i16;
        Placed { x: at(x1), y: at(x2), class: u8::from(class != 0) }
    }

    /// Its position `[x₁, x₂]`.
    pub fn position(self) -> [f64; 2] {
        [f64::from(self.x) / 100.0, f64::from(self.y) / 100.0]
    }
}

/// Accepts placed points on a 2-D task only, at most [`MAX_PLACED`] of them, inside the square, of class 0 or 1:
/// the check of a new configuration and of an edit to a running one.
pub fn check_placed(task: super::TaskKind, points: &[Placed]) -> Result<(), ConfigError> {
    let range = RANGE_HUNDREDTHS.unsigned_abs();
    let inside = |p: &Placed| p.x.unsigned_abs() <= range && p.y.unsigned_abs() <= range && p.class <= 1;
    match points.is_empty() || (task.is_planar() && points.len() <= MAX_PLACED && points.iter().all(inside)) {
        true => Ok(()),
        false => Err(placed_error()),
    }
}

/// What [`check_placed`] refuses, in one sentence (an edit to a running task that is not 2-D is refused with it).
pub(crate) fn placed_error() -> ConfigError {
    ConfigError::new(
        "pts",
        "placed points are for the 2-D tasks: at most 200, inside the square from -6 to 6, of class 0 or 1",
    )
}

type Points = Vec<([f64; 2], u8)>;

/// Generates the points with `shape`, shuffles them and splits them by `setup.train_percent`; the placed points
/// join the training set, after the task's own.
fn build(shape: fn(&mut Rng, f64) -> Points, setup: &Setup) -> Box<dyn Task> {
    let mut rng = Rng::new(setup.seed, Stream::Data);
    let noise = f64::from(setup.noise) / 100.0;
    let mut points = shape(&mut rng, noise);
    rng.shuffle(&mut points);
    let n_train = PLANAR_POINTS * setup.train_percent as usize / 100;
    let test = points.split_off(n_train);
    for p in &setup.points {
        points.push((p.position(), p.class));
    }
    Box::new(Shuffled::new(TaskData { train: dataset(&points, setup), test: dataset(&test, setup) }, setup))
}

fn dataset(points: &[([f64; 2], u8)], setup: &Setup) -> Dataset {
    let n_out = TaskKind::XOR.output_size(setup.output);
    let mut x = DMatrix::zeros(setup.features.len(), points.len());
    let mut t = DMatrix::zeros(n_out, points.len());
    for (j, ([x1, x2], label)) in points.iter().enumerate() {
        for (i, f) in setup.features.iter().enumerate() {
            x[(i, j)] = f.eval(*x1, *x2);
        }
        encode_class(*label as usize, 2, setup.output, t.column_mut(j).as_mut_slice());
    }
    Dataset {
        x,
        t,
        labels: Some(points.iter().map(|p| p.1).collect()),
        points: Some(points.iter().map(|p| p.0).collect()),
    }
}

/// Uniform points in the square, pushed 0.3 away from the axes; class 1 where `x₁ x₂ ≥ 0`. Noise jitters the
/// points after the label is chosen, so noisy points may cross the axes.
fn xor(rng: &mut Rng, noise: f64) -> Points {
    let away = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
    (0..PLANAR_POINTS)
        .map(|_| {
            let (x1, x2) = (away(rng.uniform(-5.0, 5.0)), away(rng.uniform(-5.0, 5.0)));
            let label = u8::from(x1 * x2 >= 0.0);
            let jitter = 5.0 * noise;
            ([x1 + rng.uniform(-jitter, jitter), x2 + rng.uniform(-jitter, jitter)], label)
        })
        .collect()
}

/// Half the points in a disc of radius 2.5 (class 1), half in a ring from 3.5 to 5 (class 0). With noise, a
/// point's label is decided by where its jittered position falls.
fn circle(rng: &mut Rng, noise: f64) -> Points {
    let radius = 5.0;
    let mut points = Vec::with_capacity(PLANAR_POINTS);
    for i in 0..PLANAR_POINTS {
        let (r_lo, r_hi) = if i < PLANAR_POINTS / 2 { (0.0, 0.5 * radius) } else { (0.7 * radius, radius) };
        let r = rng.uniform(r_lo, r_hi);
        let angle = rng.uniform(0.0, 2.0 * PI);
        let (x1, x2) = (r * libm::sin(angle), r * libm::cos(angle));
        let jitter = radius * noise;
        let (n1, n2) = (rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter));
        let label = u8::from(libm::hypot(x1 + n1, x2 + n2) < 0.5 * radius);
        points.push(([x1, x2], label));
    }
    points
}

/// Two isotropic Gaussians centred on (2, 2) (class 1) and (−2, −2) (class 0); noise widens them from
/// variance 0.5 (no noise) to 4 (noise 50).
fn gauss(rng: &mut Rng, noise: f64) -> Points {
    let variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    let sd = libm::sqrt(variance);
    (0..PLANAR_POINTS)
        .map(|i| {
            let (centre, label) = if i < PLANAR_POINTS / 2 { (2.0, 1) } else { (-2.0, 0) };
            ([centre + sd * rng.normal(), centre + sd * rng.normal()], label)
        })
        .collect()
}

/// Two spirals of radius 5, 1.75 turns each, the second rotated by π; noise jitters points by up to 5 × noise.
fn spiral(rng: &mut Rng, noise: f64) -> Points {
    let half = PLANAR_POINTS / 2;
    let mut points = Vec::with_capacity(PLANAR_POINTS);
    for (label, turn) in [(1u8, 0.0), (0u8, PI)] {
        for i in 0..half {
            let r = i as f64 / half as f64 * 5.0;
            let angle = 1.75 * i as f64 / half as f64 * 2.0 * PI + turn;
            let jitter = noise;
            let x1 = r * libm::sin(angle) + rng.uniform(-1.0, 1.0) * jitter;
            let x2 = r * libm::cos(angle) + rng.uniform(-1.0, 1.0) * jitter;
            points.push(([x1, x2], label));
        }
    }
    points
}
