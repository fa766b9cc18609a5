//! What the plots draw over time: a bounded record of diagnostics and a ring buffer of recent error signals.
//! Both are fixed in size, so a run of any length uses the same memory. The plots' own record: the core
//! (which never draws) does not keep it.

use plasticity::Diagnostics;
use plasticity::limits::MAX_LAYERS;

/// The most task measures a history keeps per point (see [`Diagnostics::measures`]).
pub const MAX_MEASURES: usize = 8;

/// One recorded moment. Missing values (no accuracy on a regression task, no feedback angle for backprop) are NaN.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Mini-batches trained.
    pub step: f64,
    /// Training loss.
    pub train_loss: f64,
    /// Test loss.
    pub test_loss: f64,
    /// Training accuracy.
    pub train_accuracy: f64,
    /// Test accuracy.
    pub test_accuracy: f64,
    /// Normalized squared error on the test set.
    pub nse: f64,
    /// Per layer: update angle to backprop, in degrees.
    pub update_angle: [f64; MAX_LAYERS],
    /// Per layer: angle between `W_{l+1}ᵀ` and `B_l`, in degrees.
    pub feedback_angle: [f64; MAX_LAYERS],
    /// Per layer: `‖δ_l‖` of the probe.
    pub error_norm: [f64; MAX_LAYERS],
    /// The task's measures, in the order of [`History::measures`].
    pub measures: [f64; MAX_MEASURES],
}

/// A record of at most `capacity` points spread evenly over the whole run: when it fills, every other point is
/// dropped and from then on only every second diagnostic is kept (then every fourth, and so on).
#[derive(Clone, Debug)]
pub struct History {
    points: Vec<Point>,
    capacity: usize,
    stride: u64,
    seen: u64,
    /// The group and label of each task measure, from the first record.
    measures: Vec<(&'static str, String)>,
}

impl History {
    /// An empty history that keeps at most `capacity` points (at least 2).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(2);
        History { points: Vec::with_capacity(capacity), capacity, stride: 1, seen: 0, measures: Vec::new() }
    }

    /// The group and label of each task measure recorded in [`Point::measures`].
    pub fn measures(&self) -> &[(&'static str, String)] {
        &self.measures
    }

    /// The recorded points, oldest first.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Records `d` (or skips it, when thinning).
    pub fn record(&mut self, d: &Diagnostics) {
        if self.seen == 0 {
            self.measures = d.measures.iter().take(MAX_MEASURES).map(|m| (m.group, m.label.clone())).collect();
        }
        self.seen += 1;
        if !(self.seen - 1).is_multiple_of(self.stride) {
            return;
        }
        if self.points.len() == self.capacity {
            let mut keep = 0;
            for i in (0..self.points.len()).step_by(2) {
                self.points[keep] = self.points[i];
                keep += 1;
            }
            self.points.truncate(keep);
            self.stride *= 2;
        }
        let nan = f64::NAN;
        let mut p = Point {
            step: d.step as f64,
            train_loss: d.train_loss,
            test_loss: d.test_loss,
            train_accuracy: d.train_accuracy.unwrap_or(nan),
            test_accuracy: d.test_accuracy.unwrap_or(nan),
            nse: d.nse.unwrap_or(nan),
            update_angle: [nan; MAX_LAYERS],
            feedback_angle: [nan; MAX_LAYERS],
            error_norm: [nan; MAX_LAYERS],
            measures: [nan; MAX_MEASURES],
        };
        for (slot, m) in p.measures.iter_mut().zip(&d.measures) {
            *slot = m.value;
        }
        for (l, layer) in d.layers.iter().enumerate().take(MAX_LAYERS) {
            p.update_angle[l] = layer.update_angle_deg.unwrap_or(nan);
            p.feedback_angle[l] = layer.feedback_angle_deg.unwrap_or(nan);
            p.error_norm[l] = layer.error_norm;
        }
        self.points.push(p);
    }
}

/// The probe's error signals `δ_l` over the last `width` diagnostics, per layer: a units × time image.
#[derive(Clone, Debug)]
pub struct ErrorTrace {
    units: Vec<usize>,
    width: usize,
    filled: usize,
    head: usize,
    /// Per layer, `width` columns of `units[l]` values, as a ring buffer starting at `head`.
    data: Vec<Vec<f64>>,
}

impl ErrorTrace {
    /// An empty trace for layers of these widths, `width` columns long.
    pub fn new(units: &[usize], width: usize) -> Self {
        ErrorTrace {
            units: units.to_vec(),
            width,
            filled: 0,
            head: 0,
            data: units.iter().map(|&n| vec![0.0; n * width]).collect(),
        }
    }

    /// Appends the probe's `δ_l` of every layer, overwriting the oldest column when full.
    pub fn record(&mut self, d: &Diagnostics) {
        let col = (self.head + self.filled) % self.width;
        for ((buf, &n), layer) in self.data.iter_mut().zip(&self.units).zip(&d.layers) {
            buf[col * n..(col + 1) * n].copy_from_slice(&layer.delta[..n]);
        }
        if self.filled < self.width {
            self.filled += 1;
        } else {
            self.head = (self.head + 1) % self.width;
        }
    }

    /// Columns recorded so far (at most `width`).
    pub fn len(&self) -> usize {
        self.filled
    }

    /// True before the first record.
    pub fn is_empty(&self) -> bool {
        self.filled == 0
    }

    /// Units in each layer.
    pub fn units(&self) -> &[usize] {
        &self.units
    }

    /// Layer `l`'s `δ` for unit `i`, `age` records ago (0 = the newest).
    pub fn get(&self, l: usize, i: usize, age: usize) -> f64 {
        let col = (self.head + self.filled - 1 - age) % self.width;
        self.data[l][col * self.units[l] + i]
    }
}
