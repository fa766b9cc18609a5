//! Gain fields: a network trained by backprop to turn a retinal position into a head-centred one develops
//! hidden units like those of area 7a of posterior parietal cortex (Zipser & Andersen 1988, *Nature* 331:679).
//!
//! One dimension instead of the paper's two, with the paper's codes:
//!
//! ```text
//! retina   r ∈ [−1, 1]   16 units, Gaussian receptive fields (σ = 0.25) centred on [−1.2, 1.2]
//! eye      e ∈ [−1, 1]    8 units, monotonic: logistic ramps, four rising and four falling
//! target   r + e          8 logistic output units, monotonic ramps over [−2, 2] (the paper's "monotonic" format)
//! hidden                 16 logistic units
//! ```
//!
//! The paper's finding: the hidden units' retinal receptive fields keep their place as the eye moves, while the
//! eye position scales their response — a gain field, largely planar (linear in eye position), as Andersen
//! recorded in 7a. [`gain_fields`] measures it per hidden unit: the response amplitude over the retina at five
//! eye positions (the gain), the R² of a straight-line fit of gain against eye position, and how far the
//! retinal peak moves between the extreme eye positions. The task reports two of these as measures a lesson can
//! claim: the share of hidden units whose retinal response the eye modulates ([`GAIN_CHANGE`]), and the mean gain
//! change. What it does not reproduce: the lab's trained units are broad and mostly monotonic over the retina, not
//! the peaked fields of 7a (so the peak's move is zero trivially, the maximum sitting at the retina's edge), and part
//! of the eye's effect on them is an additive shift of the whole curve.

use alloc::boxed::Box;
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use nalgebra::DMatrix;

use super::{
    Chart, ChartLine, Dataset, Inputs, LineStyle, Outputs, Preset, Setup, Shuffled, Task, TaskData, TaskInfo,
    TaskKind, View,
};
use crate::activation::Activation;
use crate::diagnostics::Measure;
use crate::net::{Network, Workspace};
use crate::random::{Rng, Stream};

const RETINA: usize = 16;
const EYE: usize = 8;
const OUT: usize = 8;
const TRAIN: usize = 1000;
const TEST: usize = 300;
/// The eye positions at which tuning curves are measured.
pub const GAIN_EYE_POSITIONS: [f64; 5] = [-0.8, -0.4, 0.0, 0.4, 0.8];
/// Retinal positions sampled for a tuning curve.
const CURVE: usize = 41;
/// The least response amplitude over the retina (max − min of a logistic unit, 0 to 1) for a unit to count as
/// responding to the retina at all.
const MIN_AMPLITUDE: f64 = 0.1;
/// The least change of a unit's retinal response amplitude across the eye positions, as a share of its largest, for
/// the unit to count as eye-modulated: its gain field. Trained by backprop for 2,000 mini-batches, 5–9 of the 16
/// hidden units pass (seeds 1–5); untrained, none does.
pub const GAIN_CHANGE: f64 = 0.3;

/// Zipser & Andersen's gain fields.
pub(super) static GAIN_FIELD: TaskInfo = TaskInfo {
    name: "gain-field",
    title: "Gain fields: retinal to head-centred position (Zipser & Andersen 1988)",
    caption: "The retinal tuning curve of the first-layer unit (a hidden unit; an output unit if there is no hidden \
              layer) whose response amplitude the eye position changes most, at five eye positions. In parietal \
              area 7a and in Zipser & Andersen's network the eye scales a unit's retinal response (a gain field); \
              here the trained units are broad and mostly monotonic over the retina, and part of the eye's effect \
              is an additive shift.",
    loss_caption: None,
    view: View::Charts,
    inputs: Inputs::Fixed(RETINA + EYE),
    outputs: Outputs::Fixed(OUT),
    targets: true,
    available: true,
    data: None,
    preset: Preset {
        rule: "backprop",
        hidden: &[16],
        activation: Activation::Logistic,
        output: Activation::Logistic,
        learning_rate: 0.5,
        batch_size: 10,
        ..Preset::PLAYGROUND
    },
    build,
};

impl TaskKind {
    /// Zipser & Andersen's gain fields.
    pub const GAIN_FIELD: TaskKind = TaskKind(&GAIN_FIELD);
}

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-z))
}

/// The input code of retinal position `r` and eye position `e`.
fn encode(r: f64, e: f64, x: &mut [f64]) {
    for (i, v) in x[..RETINA].iter_mut().enumerate() {
        let centre = -1.2 + 2.4 * i as f64 / (RETINA - 1) as f64;
        let d = (r - centre) / 0.25;
        *v = libm::exp(-0.5 * d * d);
    }
    for (k, v) in x[RETINA..].iter_mut().enumerate() {
        let threshold = -0.75 + 0.5 * (k % 4) as f64;
        let slope = if k < 4 { 4.0 } else { -4.0 };
        *v = logistic(slope * (e - threshold));
    }
}

/// The target code of head-centred position `h = r + e`: monotonic ramps over [−2, 2].
fn target(h: f64, t: &mut [f64]) {
    for (k, v) in t.iter_mut().enumerate() {
        let threshold = -1.5 + (k % 4) as f64;
        let slope = if k < 4 { 2.0 } else { -2.0 };
        *v = logistic(slope * (h - threshold));
    }
}

fn build(setup: &Setup) -> Box<dyn Task> {
    let mut rng = Rng::new(setup.seed, Stream::Data);
    let mut set = |n: usize| {
        let (mut x, mut t) = (DMatrix::zeros(RETINA + EYE, n), DMatrix::zeros(OUT, n));
        for j in 0..n {
            let (r, e) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
            encode(r, e, x.column_mut(j).as_mut_slice());
            target(r + e, t.column_mut(j).as_mut_slice());
        }
        Dataset { x, t, labels: None, points: None }
    };
    let train = set(TRAIN);
    let test = set(TEST);
    Box::new(GainField { batches: Shuffled::new(TaskData { train, test }, setup) })
}

/// The task while it trains: a fixed data set, shuffled.
struct GainField {
    batches: Shuffled,
}

/// One hidden unit's gain field.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitGain {
    /// The unit, from 0.
    pub unit: usize,
    /// Its tuning curve over the retina at each of [`GAIN_EYE_POSITIONS`]: `(r, response)`.
    pub curves: Vec<Vec<(f64, f64)>>,
    /// The response amplitude (max − min over the retina) at each eye position.
    pub gains: Vec<f64>,
    /// R² of the straight line through gain against eye position (1: planar).
    pub gain_r2: f64,
    /// The retinal peak's move from the lowest to the highest eye position.
    pub peak_shift: f64,
    /// How much the eye changes the gain: (max − min) / max over eye positions.
    pub gain_range: f64,
}

/// Every first-layer unit's gain field in `net` (the hidden units; the output units without a hidden layer).
pub fn gain_fields(net: &Network) -> Vec<UnitGain> {
    let sizes = net.sizes();
    let cols = CURVE * GAIN_EYE_POSITIONS.len();
    let mut ws = Workspace::new(&sizes, cols);
    let retina = |k: usize| -1.0 + 2.0 * k as f64 / (CURVE - 1) as f64;
    for (a, &e) in GAIN_EYE_POSITIONS.iter().enumerate() {
        for k in 0..CURVE {
            let c = a * CURVE + k;
            encode(retina(k), e, &mut ws.h[0].as_mut_slice()[c * (RETINA + EYE)..(c + 1) * (RETINA + EYE)]);
        }
    }
    net.forward(&mut ws, cols);
    let h = &ws.h[1];
    (0..h.nrows())
        .map(|unit| {
            let curves: Vec<Vec<(f64, f64)>> = (0..GAIN_EYE_POSITIONS.len())
                .map(|a| (0..CURVE).map(|k| (retina(k), h[(unit, a * CURVE + k)])).collect())
                .collect();
            let gains: Vec<f64> = curves
                .iter()
                .map(|c| {
                    let (lo, hi) = c.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
                    hi - lo
                })
                .collect();
            let peak = |c: &[(f64, f64)]| c.iter().fold((0.0, f64::MIN), |best, p| if p.1 > best.1 { *p } else { best }).0;
            let peak_shift = peak(&curves[curves.len() - 1]) - peak(&curves[0]);
            let (max, min) = gains.iter().fold((f64::MIN, f64::MAX), |(a, b), g| (a.max(*g), b.min(*g)));
            UnitGain {
                unit,
                gain_r2: r_squared(&GAIN_EYE_POSITIONS, &gains),
                peak_shift,
                gain_range: if max > 0.0 { (max - min) / max } else { 0.0 },
                curves,
                gains,
            }
        })
        .collect()
}

/// R² of the least-squares line through `(x, y)`; 1 when `y` is constant.
fn r_squared(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    if syy <= 1e-18 { 1.0 } else { sxy * sxy / (sxx * syy) }
}

impl Task for GainField {
    fn data(&self) -> &TaskData {
        self.batches.data()
    }

    /// The share of first-layer units that are eye-modulated (their retinal response amplitude is at least
    /// [`MIN_AMPLITUDE`] and changes by at least [`GAIN_CHANGE`] of its largest across the eye positions), and the
    /// mean gain change `(max − min) / max` over every first-layer unit.
    fn measures(&self, net: &Network, out: &mut Vec<Measure>) {
        let units = gain_fields(net);
        let n = units.len().max(1) as f64;
        let largest = |u: &UnitGain| u.gains.iter().copied().fold(0.0, f64::max);
        let modulated = units.iter().filter(|u| largest(u) >= MIN_AMPLITUDE && u.gain_range >= GAIN_CHANGE).count();
        let group = "gain fields (share of units)";
        out.push(Measure { group, label: "eye-modulated units".into(), value: modulated as f64 / n });
        out.push(Measure { group, label: "mean gain change".into(), value: units.iter().map(|u| u.gain_range).sum::<f64>() / n });
    }

    fn next_batch(&mut self, net: &Network, ws: &mut Workspace, cols: usize) {
        self.batches.next_batch(net, ws, cols);
    }

    /// The tuning curves of the unit whose gain the eye changes most.
    fn charts(&self, net: &Network) -> Vec<Chart> {
        let units = gain_fields(net);
        let Some(u) = units.iter().max_by(|a, b| a.gain_range.total_cmp(&b.gain_range)) else { return Vec::new() };
        let lines = u
            .curves
            .iter()
            .zip(GAIN_EYE_POSITIONS)
            .map(|(c, e)| ChartLine { label: format!("eye {e:+.1}"), points: c.clone(), style: LineStyle::Solid })
            .collect();
        vec![Chart {
            y_title: format!("unit {}: the eye changes its amplitude {} %", u.unit + 1, libm::round(100.0 * u.gain_range) as i64),
            x_title: "retinal position",
            lines,
            y_range: (0.0, 1.0),
            x_range: Some((-1.0, 1.0)),
            ..Chart::default()
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_squared_is_one_on_a_line_and_low_on_noise() {
        assert!((r_squared(&[0.0, 1.0, 2.0], &[1.0, 3.0, 5.0]) - 1.0).abs() < 1e-12);
        assert!(r_squared(&[0.0, 1.0, 2.0, 3.0], &[0.0, 1.0, 1.0, 0.0]) < 0.01);
    }
}
