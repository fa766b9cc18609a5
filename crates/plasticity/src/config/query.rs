//! Reading a configuration back from a URL query, forgivingly: every problem becomes a message and a safe value.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::str::FromStr;

use super::Config;
use crate::activation::{Activation, Loss, Surrogate};
use crate::error::ConfigError;
use crate::limits::{LEARNING_RATE_RANGE, MAX_BATCH, MAX_DELAY, MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::random::Init;
use crate::rules::RuleKind;
use crate::tasks::{Feature, TaskKind};

/// See [`Config::from_query`].
pub(crate) fn parse(query: &str) -> (Config, Vec<ConfigError>) {
    let query = query.trim().trim_start_matches(['#', '?']);
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut errors = Vec::new();

    // The task comes first: it decides the preset that every other value falls back to.
    let task = match pairs.iter().find(|(k, _)| k == "task") {
        Some((_, v)) => match TaskKind::from_name(v) {
            Some(t) if t.is_available() && t.is_ready() => t,
            Some(t) if t.is_available() => {
                errors.push(ConfigError::new(
                    "task",
                    format!("{}'s data set ({}) could not be loaded; using xor", t.name(), t.data_file().unwrap_or("")),
                ));
                TaskKind::XOR
            }
            Some(t) => {
                errors.push(ConfigError::new(
                    "task",
                    format!("{} is only in native builds (the plasticity CLI); using xor", t.name()),
                ));
                TaskKind::XOR
            }
            None => {
                errors.push(unknown("task", v, TaskKind::available().map(|t| t.name())));
                TaskKind::XOR
            }
        },
        None => TaskKind::XOR,
    };
    // So does the rule, for the default learning rate; an unknown rule is reported below.
    let rule = pairs.iter().find(|(k, _)| k == "rule").and_then(|(_, v)| RuleKind::from_name(v));
    // And whether it is the reward-only variant, whose preset samples from a softmax output.
    let reward = pairs.iter().any(|(k, v)| k == "reward" && v == "1") && task.classes().is_some();
    let preset = match reward {
        true => {
            let base = Config::reward_preset(task);
            Config { rule: rule.unwrap_or(base.rule), ..base }
        }
        false => Config::preset_for(task, rule.unwrap_or(Config::preset(task).rule)),
    };
    let mut c = preset.clone();
    for (key, value) in &pairs {
        let v = value.as_str();
        match key.as_str() {
            "task" => {}
            "rule" => {
                named(&mut c.rule, "rule", v, RuleKind::from_name, RuleKind::ALL.iter().map(|r| r.name()), &mut errors)
            }
            "act" => named(
                &mut c.activation,
                "act",
                v,
                Activation::from_name,
                Activation::ALL.iter().map(|a| a.name()),
                &mut errors,
            ),
            "out" => named(
                &mut c.output,
                "out",
                v,
                Activation::from_name,
                Activation::ALL.iter().map(|a| a.name()),
                &mut errors,
            ),
            "loss" => named(&mut c.loss, "loss", v, Loss::from_name, Loss::ALL.iter().map(|l| l.name()), &mut errors),
            "init" => named(&mut c.init, "init", v, Init::from_name, Init::ALL.iter().map(|i| i.name()), &mut errors),
            "finit" => named(
                &mut c.feedback_init,
                "finit",
                v,
                Init::from_name,
                Init::ALL.iter().map(|i| i.name()),
                &mut errors,
            ),
            "lr" => {
                let (lo, hi) = LEARNING_RATE_RANGE;
                match f64::from_str(v) {
                    Ok(x) if x.is_finite() => c.learning_rate = clamped_learning_rate(x, lo, hi, &mut errors),
                    _ => errors.push(ConfigError::new(
                        "lr",
                        format!("'{v}' is not a learning rate; kept {}", c.learning_rate),
                    )),
                }
            }
            "batch" => {
                c.batch_size = integer("batch", v, 1, MAX_BATCH as u64, c.batch_size as u64, &mut errors) as usize
            }
            "noise" => c.noise = integer("noise", v, 0, 50, c.noise as u64, &mut errors) as u32,
            "train" => c.train_percent = integer("train", v, 10, 90, c.train_percent as u64, &mut errors) as u32,
            "seed" => c.seed = integer("seed", v, 0, u32::MAX as u64, c.seed as u64, &mut errors) as u32,
            "reward" => c.reward = integer("reward", v, 0, 1, 0, &mut errors) == 1,
            "delay" => c.delay = integer("delay", v, 0, u64::from(MAX_DELAY), 0, &mut errors) as u32,
            // Read after every pair (below): it qualifies `act`, wherever it stands.
            "surrogate" => {}
            "hidden" => c.hidden = hidden(v, &preset.hidden, &mut errors),
            "features" => c.features = features(v, &preset.features, &mut errors),
            other => errors.push(ConfigError::new("url", format!("unknown setting '{other}' ignored"))),
        }
    }
    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "surrogate") {
        match (Surrogate::from_name(v), c.activation) {
            (Some(s), Activation::Spike(_)) => c.activation = Activation::Spike(s),
            (Some(_), _) => {
                errors.push(ConfigError::new("surrogate", "a surrogate derivative is for act=spike; ignored"))
            }
            (None, _) => errors.push(unknown("surrogate", v, Surrogate::ALL.iter().map(|s| s.name()))),
        }
    }
    repair(&mut c, &mut errors);
    (c, errors)
}

/// Fixes combinations that are valid value by value but not together, saying what changed.
fn repair(c: &mut Config, errors: &mut Vec<ConfigError>) {
    if !c.activation.is_elementwise() {
        errors.push(ConfigError::new("act", "softmax is for the output layer only; using tanh"));
        c.activation = Activation::Tanh;
    }
    if c.output.is_hidden_only() {
        errors.push(ConfigError::new("out", "spiking units are for hidden layers only; using the task's output"));
        c.output = Config::preset(c.task).output;
    }
    if c.loss == Loss::CrossEntropy && c.output != Activation::Softmax {
        errors.push(ConfigError::new("loss", "cross-entropy needs a softmax output; using the squared error"));
        c.loss = Loss::Squared;
    }
    if let Err(e) = c.validate()
        && e.field == "reward"
    {
        errors.push(ConfigError::new("reward", format!("{}; using the targets", e.message)));
        c.reward = false;
    }
    // The task's own preset is valid whatever rule the URL named; it is the way back.
    let own = Config::preset(c.task);
    if let Err(e) = c.check_rule_fits_task() {
        // A single-layer rule comes without hidden layers (the page drops them with it): refused, it takes them
        // with it, and the task's rule gets the task's network back (XOR without a hidden layer is unlearnable).
        let network = c.rule.info().single_layer.is_some() && c.hidden.is_empty() && !own.hidden.is_empty();
        let with = if network { " with the task's hidden layers" } else { "" };
        errors.push(ConfigError::new("rule", format!("{}; using {}{with}", e.message, own.rule.name())));
        if network {
            c.hidden.clone_from(&own.hidden);
        }
        c.rule = own.rule;
        c.learning_rate = own.learning_rate;
    }
    if let Err(e) = c.validate() {
        // Nothing above should leave an invalid config; if something does, the preset is the way back.
        errors.push(ConfigError::new(e.field, format!("{}; using the task's preset", e.message)));
        *c = own;
    }
}

fn unknown<'a>(field: &'static str, value: &str, names: impl Iterator<Item = &'a str>) -> ConfigError {
    let names: Vec<&str> = names.collect();
    ConfigError::new(field, format!("unknown value '{value}' (choose from {})", names.join(", ")))
}

fn named<'a, T>(
    slot: &mut T,
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: impl Iterator<Item = &'a str>,
    errors: &mut Vec<ConfigError>,
) {
    match parse(value) {
        Some(v) => *slot = v,
        None => errors.push(unknown(field, value, names)),
    }
}

fn clamped_learning_rate(x: f64, lo: f64, hi: f64, errors: &mut Vec<ConfigError>) -> f64 {
    if x < lo || x > hi {
        let y = x.clamp(lo, hi);
        let range = crate::limits::LEARNING_RATE_RANGE_TEXT;
        errors.push(ConfigError::new("lr", format!("{x} is outside {range}; clamped to {y}")));
        y
    } else {
        x
    }
}

fn integer(field: &'static str, v: &str, lo: u64, hi: u64, keep: u64, errors: &mut Vec<ConfigError>) -> u64 {
    match i128::from_str(v) {
        Ok(x) if x < lo as i128 || x > hi as i128 => {
            let y = x.clamp(lo as i128, hi as i128) as u64;
            errors.push(ConfigError::new(field, format!("{x} is outside {lo}..={hi}; clamped to {y}")));
            y
        }
        Ok(x) => x as u64,
        Err(_) => {
            errors.push(ConfigError::new(field, format!("'{v}' is not a whole number; kept {keep}")));
            keep
        }
    }
}

fn hidden(v: &str, preset: &[usize], errors: &mut Vec<ConfigError>) -> Vec<usize> {
    if v.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in v.split(',') {
        match usize::from_str(part.trim()) {
            Ok(n) if (1..=MAX_UNITS).contains(&n) => out.push(n),
            Ok(n) => {
                let m = n.clamp(1, MAX_UNITS);
                errors.push(ConfigError::new(
                    "hidden",
                    format!("a layer of {n} units is outside 1..={MAX_UNITS}; using {m}"),
                ));
                out.push(m);
            }
            Err(_) => {
                errors.push(ConfigError::new("hidden", format!("'{v}' is not a list of layer sizes; kept the preset")));
                return preset.to_vec();
            }
        }
    }
    if out.len() > MAX_HIDDEN_LAYERS {
        errors.push(ConfigError::new("hidden", format!("at most {MAX_HIDDEN_LAYERS} hidden layers; dropped the rest")));
        out.truncate(MAX_HIDDEN_LAYERS);
    }
    out
}

fn features(v: &str, preset: &[Feature], errors: &mut Vec<ConfigError>) -> Vec<Feature> {
    let mut out = Vec::new();
    for part in v.split(',').filter(|p| !p.is_empty()) {
        match Feature::from_name(part) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => errors.push(unknown("features", part, Feature::ALL.iter().map(|f| f.name()))),
        }
    }
    if out.is_empty() {
        errors.push(ConfigError::new("features", "no input feature chosen; using the preset"));
        return preset.to_vec();
    }
    out
}

/// Decodes `%XX` escapes (a link pasted through a chat program may arrive as `hidden=4%2C2`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query after a person changes one setting on the page, `key` to `value`: what a student expects to happen
/// when they pick something new. A new task starts from that task's preset, keeping the rule and the seed; a rule
/// that trains a single layer drops the hidden layers; switching the reward-only variant on or off starts from
/// that variant's rule, output, loss and learning rate; a new activation drops a spiking layer's surrogate. Any
/// other setting just changes. The result is read like
/// any link ([`Config::from_query`]), which replaces what cannot be used and says so.
pub fn changed(query: &str, key: &str, value: &str) -> String {
    let query = query.trim().trim_start_matches(['#', '?']);
    let mut pairs: Vec<(String, String)> = match key {
        "task" => {
            let keep = |k: &str| k == "rule" || k == "seed";
            query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (String::from(k), String::from(v)))
                .collect()
        }
        _ => query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (String::from(k), String::from(v)))
            .collect(),
    };
    if key == "reward" {
        pairs.retain(|(k, _)| !matches!(k.as_str(), "rule" | "out" | "loss" | "lr"));
    }
    // A new hidden activation starts with its own derivative: a spiking layer's surrogate goes with it.
    if key == "act" {
        pairs.retain(|(k, _)| k != "surrogate");
    }
    match pairs.iter_mut().find(|(k, _)| k == key) {
        Some(pair) => pair.1 = String::from(value),
        None => pairs.push((String::from(key), String::from(value))),
    }
    if key == "rule" && RuleKind::from_name(value).is_some_and(|r| r.info().single_layer.is_some()) {
        pairs.retain(|(k, _)| k != "hidden");
        pairs.push((String::from("hidden"), String::new()));
    }
    let joined: Vec<String> = pairs.iter().map(|(k, v)| alloc::format!("{k}={v}")).collect();
    joined.join("&")
}
