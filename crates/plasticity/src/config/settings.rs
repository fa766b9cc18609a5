//! Every setting of a run in one table: its URL key (which the command line also takes as a flag, `--KEY`), the
//! longer name the command line accepts too, what it is, the values it takes, how a link's value is read and how
//! the setting is written into a link. [`Config::to_query`] writes the settings in this order, the URL reader reads
//! each pair through its setting, and the command line's flags and the page's controls (through the bindings'
//! `options()`) are made from the table: a new setting is one entry here and a field of [`Config`].

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::str::FromStr;

use super::Config;
use crate::activation::{Activation, Loss, Surrogate};
use crate::error::ConfigError;
use crate::limits::{LEARNING_RATE_RANGE, MAX_BATCH, MAX_DELAY, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::random::Init;
use crate::rules::RuleKind;
use crate::tasks::{Feature, MAX_PLACED, Placed, TaskKind};

/// One setting (see the module's documentation).
pub struct Setting {
    /// Its key in a link, `key=value`, and its flag on the command line, `--key value`.
    pub key: &'static str,
    /// A longer name the command line also accepts (`--feedback-init` for `--finit`).
    pub alias: Option<&'static str>,
    /// What it is, for the command line's help (empty without the `help` feature: the page shows none of it).
    pub help: &'static str,
    /// The values it takes.
    pub values: Values,
    /// Reads a link's value into the configuration being built (`preset`: the task's preset it started from),
    /// replacing what cannot be used and saying so.
    read: fn(&mut Config, &str, &Config, &mut Vec<ConfigError>),
    /// Its value in a configuration, as a link writes it; `None` where the link leaves it out.
    write: fn(&Config) -> Option<String>,
}

/// The values a setting takes.
#[derive(Clone, Copy, Debug)]
pub enum Values {
    /// One of these names.
    Name(fn() -> Vec<&'static str>),
    /// Some of these names, comma-separated.
    Names(fn() -> Vec<&'static str>),
    /// A whole number from `lo` to `hi`.
    Integer {
        /// The smallest.
        lo: u64,
        /// The largest.
        hi: u64,
    },
    /// A number from `lo` to `hi`.
    Number {
        /// The smallest.
        lo: f64,
        /// The largest.
        hi: f64,
    },
    /// Hidden layer sizes, input side first, comma-separated (`64,32`), or none (empty, or `none`).
    Layers,
    /// Off (0) or on (1); on the command line a flag that needs no value.
    Switch,
    /// Free text (a rule written in the rule language), percent-encoded in a link.
    Text,
    /// Points `x,y,class` separated by `;`, at most `max` (points placed by hand on a 2-D task).
    Points {
        /// The most points.
        max: usize,
    },
}

impl Setting {
    /// Reads `value` into `c` (see the field).
    pub fn read(&self, c: &mut Config, value: &str, preset: &Config, errors: &mut Vec<ConfigError>) {
        (self.read)(c, value, preset, errors)
    }

    /// `key=value` for `c`, or `None` where a link leaves the setting out.
    pub fn write(&self, c: &Config) -> Option<String> {
        (self.write)(c).map(|v| format!("{}={v}", self.key))
    }
}

/// A setting's help text, or nothing in a build without the `help` feature (the page's, which shows no help text:
/// it is 0.6 KB of a first visit's download).
macro_rules! help {
    ($text:literal) => {
        if cfg!(feature = "help") { $text } else { "" }
    };
}

/// The setting whose key, or longer name, is `name`.
pub fn setting(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == name || s.alias == Some(name))
}

fn tasks() -> Vec<&'static str> {
    TaskKind::available().map(|t| t.name()).collect()
}
fn rules() -> Vec<&'static str> {
    RuleKind::ALL.iter().map(|r| r.name()).collect()
}
fn activations() -> Vec<&'static str> {
    Activation::ALL.iter().map(|a| a.name()).collect()
}
fn surrogates() -> Vec<&'static str> {
    Surrogate::ALL.iter().map(|s| s.name()).collect()
}
fn losses() -> Vec<&'static str> {
    Loss::ALL.iter().map(|l| l.name()).collect()
}
fn inits() -> Vec<&'static str> {
    Init::ALL.iter().map(|i| i.name()).collect()
}
fn feature_names() -> Vec<&'static str> {
    Feature::ALL.iter().map(|f| f.name()).collect()
}

/// Every setting, in the order a link writes them.
pub static SETTINGS: &[Setting] = &[
    Setting {
        key: "task",
        alias: None,
        help: help!("The task (see `plasticity tasks`)."),
        values: Values::Name(tasks),
        // Read before every other pair by the URL reader: the task decides the preset the others fall back to.
        read: |_, _, _, _| {},
        write: |c| Some(c.task.name().into()),
    },
    Setting {
        key: "rule",
        alias: None,
        help: help!("The learning rule (see `plasticity rules`)."),
        values: Values::Name(rules),
        read: |c, v, _, e| {
            named(&mut c.rule, "rule", v, RuleKind::from_name, rules(), e);
            c.rule = custom_kind(c, e);
        },
        write: |c| Some(c.rule.name().into()),
    },
    Setting {
        key: "hidden",
        alias: None,
        help: help!("Hidden layer sizes, input side first: `20`, `64,32`, or `none`."),
        values: Values::Layers,
        read: |c, v, p, e| c.hidden = hidden(v, &p.hidden, e),
        write: |c| Some(c.hidden.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",")),
    },
    Setting {
        key: "act",
        alias: Some("activation"),
        help: help!("The hidden layers' activation."),
        values: Values::Name(activations),
        read: |c, v, _, e| named(&mut c.activation, "act", v, Activation::from_name, activations(), e),
        write: |c| Some(c.activation.name().into()),
    },
    Setting {
        key: "surrogate",
        alias: None,
        help: help!(
            "The surrogate derivative of a spiking hidden layer (`act=spike`): none (the true derivative, zero), \
               fast-sigmoid or straight-through."
        ),
        values: Values::Name(surrogates),
        // Read after every other pair: it qualifies `act`, wherever it stands.
        read: |c, v, _, e| match (Surrogate::from_name(v), c.activation) {
            (Some(s), Activation::Spike(_)) => c.activation = Activation::Spike(s),
            (Some(_), _) => e.push(ConfigError::new("surrogate", "a surrogate derivative is for act=spike; ignored")),
            (None, _) => e.push(unknown("surrogate", v, surrogates())),
        },
        write: |c| c.activation.surrogate().map(|s| s.name().into()),
    },
    Setting {
        key: "out",
        alias: Some("output"),
        help: help!("The output layer's activation."),
        values: Values::Name(activations),
        read: |c, v, _, e| named(&mut c.output, "out", v, Activation::from_name, activations(), e),
        write: |c| Some(c.output.name().into()),
    },
    Setting {
        key: "loss",
        alias: None,
        help: help!("The loss: `mse` (squared error) or `xent` (softmax cross-entropy)."),
        values: Values::Name(losses),
        read: |c, v, _, e| named(&mut c.loss, "loss", v, Loss::from_name, losses(), e),
        write: |c| Some(c.loss.name().into()),
    },
    Setting {
        key: "init",
        alias: None,
        help: help!("How the forward weights (and hidden biases) are drawn."),
        values: Values::Name(inits),
        read: |c, v, _, e| named(&mut c.init, "init", v, Init::from_name, inits(), e),
        write: |c| Some(c.init.name().into()),
    },
    Setting {
        key: "finit",
        alias: Some("feedback-init"),
        help: help!("How fixed feedback weights are drawn (rules that have them)."),
        values: Values::Name(inits),
        read: |c, v, _, e| named(&mut c.feedback_init, "finit", v, Init::from_name, inits(), e),
        write: |c| Some(c.feedback_init.name().into()),
    },
    Setting {
        key: "lr",
        alias: None,
        help: help!("The learning rate η."),
        values: Values::Number { lo: LEARNING_RATE_RANGE.0, hi: LEARNING_RATE_RANGE.1 },
        read: |c, v, p, e| match f64::from_str(v) {
            Ok(x) if x.is_finite() => c.learning_rate = read_learning_rate(x, p.learning_rate, e),
            _ => e.push(ConfigError::new("lr", format!("'{v}' is not a learning rate; kept {}", c.learning_rate))),
        },
        write: |c| Some(format!("{}", c.learning_rate)),
    },
    Setting {
        key: "batch",
        alias: None,
        help: help!("Examples per mini-batch."),
        values: Values::Integer { lo: 1, hi: MAX_BATCH as u64 },
        read: |c, v, _, e| c.batch_size = integer("batch", v, 1, MAX_BATCH as u64, c.batch_size as u64, e) as usize,
        write: |c| Some(c.batch_size.to_string()),
    },
    Setting {
        key: "noise",
        alias: None,
        help: help!("Label noise of the 2-D tasks, in per cent of the data's scale."),
        values: Values::Integer { lo: 0, hi: 50 },
        read: |c, v, _, e| c.noise = integer("noise", v, 0, 50, u64::from(c.noise), e) as u32,
        write: |c| Some(c.noise.to_string()),
    },
    Setting {
        key: "train",
        alias: Some("train-percent"),
        help: help!("The share of a 2-D task's points used for training, in per cent."),
        values: Values::Integer { lo: 10, hi: 90 },
        read: |c, v, _, e| c.train_percent = integer("train", v, 10, 90, u64::from(c.train_percent), e) as u32,
        write: |c| Some(c.train_percent.to_string()),
    },
    Setting {
        key: "features",
        alias: None,
        help: help!("The input features of the 2-D tasks, comma-separated."),
        values: Values::Names(feature_names),
        read: |c, v, p, e| c.features = features(v, &p.features, e),
        write: |c| Some(c.features.iter().map(|f| f.name()).collect::<Vec<_>>().join(",")),
    },
    Setting {
        key: "seed",
        alias: None,
        help: help!("The seed of every random draw."),
        values: Values::Integer { lo: 0, hi: u32::MAX as u64 },
        read: |c, v, _, e| c.seed = integer("seed", v, 0, u32::MAX as u64, u64::from(c.seed), e) as u32,
        write: |c| Some(c.seed.to_string()),
    },
    Setting {
        key: "reward",
        alias: None,
        help: help!(
            "The reward-only variant of a classification task: the learner is told only whether its sampled \
               answer was right."
        ),
        values: Values::Switch,
        read: |c, v, _, e| c.reward = integer("reward", v, 0, 1, 0, e) == 1,
        write: |c| Some(u8::from(c.reward).to_string()),
    },
    Setting {
        key: "delay",
        alias: None,
        help: help!("Mini-batches by which the hidden layers' error signals arrive late."),
        values: Values::Integer { lo: 0, hi: MAX_DELAY as u64 },
        read: |c, v, _, e| c.delay = integer("delay", v, 0, u64::from(MAX_DELAY), 0, e) as u32,
        write: |c| (c.delay > 0).then(|| c.delay.to_string()),
    },
    Setting {
        key: "pts",
        alias: Some("points"),
        help: help!(
            "Points placed by hand on a 2-D task, which join its training set: `x,y,class` separated by `;`, \
               x and y from -6 to 6 (two decimals), class 1 (blue) or 0 (orange): `1.5,-2,1;3,3,0`."
        ),
        values: Values::Points { max: MAX_PLACED },
        read: |c, v, _, e| c.points = read_points(v, c.task, e),
        write: |c| (!c.points.is_empty()).then(|| write_points(&c.points)),
    },
    Setting {
        key: "expr",
        alias: None,
        help: help!(
            "A rule written in the rule language, run with rule=custom (docs/rules.md); empty: backprop's. \
               Statements are separated by line breaks or `;`; percent-encoded in a link."
        ),
        values: Values::Text,
        read: |c, v, _, e| {
            c.expr = v.into();
            c.rule = custom_kind(c, e);
        },
        // Kept while another rule runs, so that the text a student wrote is not lost by trying a built-in.
        write: |c| (!c.expr.is_empty()).then(|| percent_encode(&c.expr)),
    },
];

pub(super) fn unknown(field: &'static str, value: &str, names: Vec<&str>) -> ConfigError {
    ConfigError::new(field, format!("unknown value '{value}' (choose from {})", names.join(", ")))
}

fn named<T>(
    slot: &mut T,
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: Vec<&str>,
    errors: &mut Vec<ConfigError>,
) {
    match parse(value) {
        Some(v) => *slot = v,
        None => errors.push(unknown(field, value, names)),
    }
}

/// A learning rate from a link: one above the range is clamped to its top (a run that diverges is a lesson), one
/// below it is clamped to its bottom, and one that is zero or negative, which no run can use, is replaced by the
/// preset's.
fn read_learning_rate(x: f64, preset: f64, errors: &mut Vec<ConfigError>) -> f64 {
    let (lo, hi) = LEARNING_RATE_RANGE;
    let range = crate::limits::LEARNING_RATE_RANGE_TEXT;
    if x <= 0.0 {
        errors.push(ConfigError::new("lr", format!("a learning rate must be above 0 (got {x}); using {preset}")));
        preset
    } else if x < lo || x > hi {
        let y = x.clamp(lo, hi);
        errors.push(ConfigError::new("lr", format!("a learning rate must be {range} (got {x}); using {y}")));
        y
    } else {
        x
    }
}

fn integer(field: &'static str, v: &str, lo: u64, hi: u64, keep: u64, errors: &mut Vec<ConfigError>) -> u64 {
    // i64, not i128: every range fits, and formatting an i128 would add its own code to the page's wasm.
    match i64::from_str(v) {
        Ok(x) if x < lo as i64 || x > hi as i64 => {
            let y = x.clamp(lo as i64, hi as i64) as u64;
            errors.push(ConfigError::new(
                field,
                format!("must be a whole number from {lo} to {hi} (got {x}); using {y}"),
            ));
            y
        }
        Ok(x) => x as u64,
        Err(_) => {
            errors.push(ConfigError::new(field, format!("'{v}' is not a whole number; kept {keep}")));
            keep
        }
    }
}

/// Hidden layer sizes from a link, with one message for everything that had to change.
fn hidden(v: &str, preset: &[usize], errors: &mut Vec<ConfigError>) -> Vec<usize> {
    if v.is_empty() || v == "none" {
        return Vec::new();
    }
    let sizes: Result<Vec<usize>, _> = v.split(',').map(|part| usize::from_str(part.trim())).collect();
    let Ok(sizes) = sizes else {
        let kept: Vec<String> = preset.iter().map(|n| n.to_string()).collect();
        errors.push(ConfigError::new(
            "hidden",
            format!("'{v}' is not a list of layer sizes such as 8,8; kept {}", kept.join(",")),
        ));
        return preset.to_vec();
    };
    let mut said = Vec::new();
    let mut out: Vec<usize> = sizes.iter().map(|&n| n.clamp(1, MAX_UNITS)).collect();
    if out != sizes {
        said.push(format!("a layer has 1 to {MAX_UNITS} units"));
    }
    if out.len() > MAX_HIDDEN_LAYERS {
        said.push(format!("a network has at most {MAX_HIDDEN_LAYERS} hidden layers"));
        out.truncate(MAX_HIDDEN_LAYERS);
    }
    if !said.is_empty() {
        let used: Vec<String> = out.iter().map(|n| n.to_string()).collect();
        errors.push(ConfigError::new("hidden", format!("{} (got {v}); using {}", said.join(" and "), used.join(","))));
    }
    out
}

fn features(v: &str, preset: &[Feature], errors: &mut Vec<ConfigError>) -> Vec<Feature> {
    let mut out = Vec::new();
    for part in v.split(',').filter(|p| !p.is_empty()) {
        match Feature::from_name(part) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => errors.push(unknown("features", part, feature_names())),
        }
    }
    if out.is_empty() {
        errors.push(ConfigError::new("features", "no input feature chosen; using the preset"));
        return preset.to_vec();
    }
    out
}

/// Placed points from a link, in hundredths: a malformed entry is left out, a point outside the square is moved
/// onto its edge, points past [`MAX_PLACED`] are dropped, each said once; on a task that is not 2-D there are none.
/// (Plain loops: this reader is in the first visit's download.)
pub fn read_points(v: &str, task: TaskKind, errors: &mut Vec<ConfigError>) -> Vec<Placed> {
    let (mut out, mut said) = (Vec::new(), String::new());
    let (mut bad, mut got, mut moved) = (0, 0, false);
    for entry in v.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((x, y, class)) = point(entry) else {
            bad += 1;
            if bad <= 3 {
                // An entry is named by its first 20 bytes or so (a link may hold anything).
                let mut end = entry.len().min(20);
                while !entry.is_char_boundary(end) {
                    end -= 1;
                }
                said.push_str(if bad == 1 { "'" } else { ", '" });
                said.push_str(&entry[..end]);
                said.push_str(if end < entry.len() { "…'" } else { "'" });
            }
            continue;
        };
        // Outside the square once rounded to hundredths (6.004 is 6).
        moved |= x.abs() >= 6.005 || y.abs() >= 6.005;
        got += 1;
        if got <= MAX_PLACED {
            out.push(Placed::new(x, y, class));
        }
    }
    if bad > 0 {
        said.push_str(if bad > 3 {
            " and more: not points"
        } else if bad > 1 {
            ": not points"
        } else {
            ": not a point"
        });
        said.push_str(" x,y,class such as 1.5,-2,1 (class 1 blue, 0 orange); left out. ");
    }
    if moved {
        said.push_str("Points outside the square from -6 to 6 moved onto its edge. ");
    }
    if got > MAX_PLACED {
        said.push_str(&format!("At most {MAX_PLACED} placed points (got {got}): kept the first {MAX_PLACED}. "));
    }
    if bad + got > 0 && !task.is_planar() {
        said = "placed points are for the 2-D tasks; left out".into();
        out.clear();
    }
    if !said.is_empty() {
        errors.push(ConfigError::new("pts", said.trim_end().trim_end_matches('.')));
    }
    out
}

/// `x,y,class`: two finite numbers and 0 or 1.
fn point(entry: &str) -> Option<(f64, f64, u8)> {
    let mut parts = entry.split(',');
    let mut number = || f64::from_str(parts.next()?.trim()).ok().filter(|x| x.is_finite());
    let (x, y) = (number()?, number()?);
    let class = match parts.next()?.trim() {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    parts.next().is_none().then_some((x, y, class))
}

/// Placed points as a link writes them: `x,y,class` joined by `;`, x and y with at most two decimals (a position is
/// a whole number of hundredths, and `f64`'s shortest form of it is those decimals), so that reading them back gives
/// the same points.
pub fn write_points(points: &[Placed]) -> String {
    use core::fmt::Write;
    let mut out = String::new();
    for p in points {
        let [x, y] = p.position();
        let sep = if out.is_empty() { "" } else { ";" };
        let _ = write!(out, "{sep}{x},{y},{}", p.class);
    }
    out
}

/// The kind of a written rule follows from its text (supervised when it names an error); other rules are kept.
#[cfg(feature = "language")]
fn custom_kind(c: &Config, errors: &mut Vec<ConfigError>) -> RuleKind {
    if !c.rule.is_custom() {
        return c.rule;
    }
    RuleKind::custom(c.rule_text()).unwrap_or_else(|err| {
        errors.push(ConfigError::new("expr", err.to_string()));
        RuleKind::CUSTOM
    })
}

/// A build without the rule language has no written rule: the rule stays as it is (the text is kept).
#[cfg(not(feature = "language"))]
fn custom_kind(c: &Config, _: &mut Vec<ConfigError>) -> RuleKind {
    c.rule
}

/// `%XX` escapes for every byte but letters, digits and `-_.~*()'!`, so that a rule's text (with its `=`, `+`, `#`
/// and line breaks) survives a link.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~*()'!".contains(&b) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend(['%', HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]);
        }
    }
    out
}
