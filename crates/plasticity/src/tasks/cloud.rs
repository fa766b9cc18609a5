//! A correlated Gaussian cloud in the plane, for the Hebbian rules: `x ~ N(0, C)` with `C = U diag(λ₁, λ₂) Uᵀ`,
//! `λ = (3, 0.5)` and `U` a rotation by a seeded angle. There are no targets (they are zero, so the reported
//! "loss" is the output power `½‖y‖²`); the rules are judged against the true principal axes, [`cloud_axes`].
//!
//! Preset: a single linear layer 2 → 2 with Oja's rule, weights `U[−0.5, 0.5]`, η = 0.02, batch 10.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use nalgebra::{DMatrix, Matrix2};

use super::{Dataset, Inputs, Outputs, Preset, Setup, Shuffled, Task, TaskData, TaskInfo, TaskKind, View};
use crate::activation::Activation;
use crate::diagnostics::Measure;
use crate::net::{Network, Workspace};
use crate::random::{Init, Rng, Stream};

/// The variances along the two principal axes, largest first.
pub const CLOUD_VARIANCES: [f64; 2] = [3.0, 0.5];
const TRAIN: usize = 2000;
const TEST: usize = 500;

/// The Gaussian cloud: inputs without targets.
pub(super) static CLOUD: TaskInfo = TaskInfo {
    name: "cloud",
    title: "Gaussian cloud, no targets (Hebbian learning)",
    caption: "The input cloud with its true principal axes (grey), the unit circle, and each output unit's weight \
              vector.",
    loss_caption: None,
    view: View::Cloud,
    inputs: Inputs::Fixed(2),
    outputs: Outputs::Fixed(2),
    targets: false,
    available: true,
    data: None,
    preset: Preset {
        rule: "oja",
        hidden: &[],
        output: Activation::Linear,
        init: Init::Half,
        learning_rate: 0.02,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// The Gaussian cloud.
    pub const CLOUD: TaskKind = TaskKind(&CLOUD);
}

/// The principal axes of the cloud for `seed`: column `i` is the unit eigenvector of variance
/// `CLOUD_VARIANCES[i]`.
pub fn cloud_axes(seed: u32) -> Matrix2<f64> {
    let angle = Rng::new(seed, Stream::Data).uniform(0.0, core::f64::consts::PI);
    let (s, c) = (libm::sin(angle), libm::cos(angle));
    Matrix2::new(c, -s, s, c)
}

fn build(setup: &Setup) -> Box<dyn Task> {
    let axes = cloud_axes(setup.seed);
    let mut rng = Rng::new(setup.seed, Stream::Data);
    rng.uniform(0.0, 1.0); // the draw that chose the angle
    let sd = CLOUD_VARIANCES.map(libm::sqrt);
    let mut set = |n: usize| {
        let mut x = DMatrix::zeros(2, n);
        for j in 0..n {
            let (a, b) = (sd[0] * rng.normal(), sd[1] * rng.normal());
            x[(0, j)] = axes[(0, 0)] * a + axes[(0, 1)] * b;
            x[(1, j)] = axes[(1, 0)] * a + axes[(1, 1)] * b;
        }
        Dataset { x, t: DMatrix::zeros(2, n), labels: None, points: None }
    };
    let train = set(TRAIN);
    let test = set(TEST);
    Box::new(Cloud { batches: Shuffled::new(TaskData { train, test }, setup), axes })
}

/// The cloud while it trains: its points, shuffled into batches, and its principal axes, against which the
/// Hebbian rules' weights are measured.
struct Cloud {
    batches: Shuffled,
    axes: Matrix2<f64>,
}

/// The group of the weight norms, and of the angles, in [`Measure`]s.
pub const NORMS: &str = "length of each unit's weights ‖wᵢ‖";
/// See [`NORMS`].
pub const ANGLES: &str = "angle to the principal axes (°)";

impl Task for Cloud {
    fn data(&self) -> &TaskData {
        self.batches.data()
    }

    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        self.batches.next_batch(net, ws, cols);
    }

    /// Each unit's weight length, and the angle (0–90°: an axis has no sign) between its weights and each
    /// principal axis: Oja's units all turn to u₁, Sanger's unit i to uᵢ.
    fn measures(&self, net: &Network, out: &mut Vec<Measure>) {
        let w = &net.layers[0].w;
        for i in 0..w.nrows() {
            let row = w.row(i).transpose();
            out.push(Measure { group: NORMS, label: format!("‖w{}‖", subscript(i + 1)), value: row.norm() });
        }
        for k in 0..2 {
            for i in 0..w.nrows() {
                let row = w.row(i).transpose();
                let cos = (row.dot(&self.axes.column(k)) / row.norm()).abs().min(1.0);
                let label = format!("w{} to u{}", subscript(i + 1), subscript(k + 1));
                out.push(Measure { group: ANGLES, label, value: libm::acos(cos).to_degrees() });
            }
        }
    }
}

/// `n` in subscript digits (`12` → `₁₂`).
fn subscript(n: usize) -> alloc::string::String {
    n.to_string().chars().map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}
