//! Reading a configuration back from a URL query, forgivingly: every problem becomes a message and a safe value.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::Config;
use super::settings::{setting, unknown};
use crate::activation::{Activation, Loss};
use crate::error::ConfigError;
use crate::rules::RuleKind;
use crate::tasks::TaskKind;

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
                errors.push(unknown("task", v, TaskKind::available().map(|t| t.name()).collect()));
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
    // Every other pair through its setting (settings.rs), in the link's order; the surrogate after them all.
    for (key, value) in &pairs {
        match setting(key) {
            Some(s) if s.key == key && !matches!(s.key, "task" | "surrogate") => {
                s.read(&mut c, value, &preset, &mut errors)
            }
            Some(s) if s.key == key => {}
            _ => errors.push(ConfigError::new("url", format!("unknown setting '{key}' ignored"))),
        }
    }
    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "surrogate") {
        setting("surrogate").expect("a setting").read(&mut c, v, &preset, &mut errors);
    }
    repair(&mut c, &mut errors);
    (c, one_line_per_setting(errors))
}

/// The messages with those about one setting joined into one line, in the order each setting was first named.
fn one_line_per_setting(errors: Vec<ConfigError>) -> Vec<ConfigError> {
    let mut lines: Vec<ConfigError> = Vec::new();
    for e in errors {
        match lines.iter_mut().find(|l| l.field == e.field && e.field != "url") {
            Some(line) => line.message = format!("{}; {}", line.message, e.message),
            None => lines.push(e),
        }
    }
    lines
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
    // A written rule with an error is said first, at its place (it may also name no error and so seem
    // unsupervised; that is not the news).
    if let Err(e) = c.check_expr() {
        errors.push(ConfigError::new("expr", format!("{}; using {}", e.message, own.rule.name())));
        c.rule = own.rule;
        c.learning_rate = own.learning_rate;
    }
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

/// Decodes `%XX` escapes (a link pasted through a chat program may arrive as `hidden=4%2C2`).
pub(super) fn percent_decode(s: &str) -> String {
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
/// when they pick something new. A new task starts from that task's preset, keeping the rule and the seed (and the
/// placed points, from one 2-D task to another); a rule
/// that trains a single layer drops the hidden layers; switching the reward-only variant on or off starts from
/// that variant's rule, output, loss and learning rate; a new activation drops a spiking layer's surrogate. Any
/// other setting just changes. The result is read like
/// any link ([`Config::from_query`]), which replaces what cannot be used and says so.
pub fn changed(query: &str, key: &str, value: &str) -> String {
    let query = query.trim().trim_start_matches(['#', '?']);
    let mut pairs: Vec<(String, String)> = match key {
        "task" => {
            // Points placed by hand stay with a 2-D task's successor if it is 2-D too: they are the student's data.
            let planar = TaskKind::from_name(value).is_some_and(|t| t.is_planar());
            let keep = |k: &str| k == "rule" || k == "seed" || (planar && k == "pts");
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
