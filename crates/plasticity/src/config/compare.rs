//! Runs side by side: a list of rules (or one rule at several settings) trained on one task from one
//! [`Config`], so that they share the data, the initial forward weights and the mini-batch sequence.
//!
//! The list is written `backprop,fa,shallow,fa:lr=0.003,kp:finit=…:delay=5` (in a URL, `compare=` followed by
//! it): a rule's name, optionally followed by `:key=value` settings of the run's own, where a key is one the URL
//! uses for that setting (`lr`, `finit`, `delay`). Everything else — the task, the network, the seed, the batch
//! size — is the base configuration's, which is what makes the runs comparable. Sharing needs no more than that:
//! every random draw comes from a stream named by its purpose ([`crate::random::Stream`]), so two configurations
//! that differ only in rule, learning rate, feedback initialisation or delay draw identical data, forward weights
//! and mini-batches. (Runs whose batches depend on the network itself, as the TD task's bootstrapped targets do,
//! see the same states in the same order but their own targets.)

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Config;
use super::settings;
use crate::error::ConfigError;
use crate::limits::LEARNING_RATE_RANGE;
use crate::rules::RuleKind;

/// The settings a run of a comparison may have of its own (keys of [`SETTINGS`](super::settings::SETTINGS)).
pub const OWN: [&str; 3] = ["lr", "finit", "delay"];

/// The most runs compared at once (four curves stay readable; four task views fit beside each other).
pub const MAX_RUNS: usize = 4;

/// One run of a comparison: what to call it and its configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The run's entry in the list, as written there (`fa:lr=0.003`): its name in URLs and the CLI's output.
    pub spec: String,
    /// A label for people: the rule's title, and the settings of its own ("Feedback alignment (η 0.003)").
    pub label: String,
    /// The base configuration with the run's rule and settings.
    pub config: Config,
}

/// Reads a comparison list against `base` (see the module's documentation). Never fails: an entry that cannot be
/// used (an unknown rule, a rule that cannot learn the task or needs another network, a repeated entry, a fifth
/// run, a bad value) is left out or corrected and reported, as the URL reader does with any setting.
///
/// A run's learning rate is its own `lr=` if given, else the base's rescaled from the base rule to the run's rule
/// by their learning-rate scales ([`RuleInfo::learning_rate_scale`](crate::rules::RuleInfo::learning_rate_scale)):
/// each rule at the step size it is tested at relative to the base rule's.
pub fn parse(base: &Config, list: &str) -> (Vec<Run>, Vec<ConfigError>) {
    let mut runs: Vec<Run> = Vec::new();
    let mut errors = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if runs.len() == MAX_RUNS {
            errors
                .push(ConfigError::new("compare", format!("at most {MAX_RUNS} runs side by side; '{entry}' left out")));
            continue;
        }
        match run(base, entry, &mut errors) {
            Ok(run) if runs.iter().any(|r| r.config == run.config) => {
                errors.push(ConfigError::new("compare", format!("'{entry}' repeats an earlier run; left out")));
            }
            Ok(run) => runs.push(run),
            Err(e) => errors.push(e),
        }
    }
    (runs, errors)
}

/// Splits a URL query (a leading `#` or `?` allowed) into the base run's query and its `compare=` list, decoded
/// (`%2C`, `%3A`, `%3D` as a browser may write them), or `None` when it compares nothing: the one place a link's
/// comparison is found, for the page's comparison and for the checks of a lesson file's links.
pub fn split_query(query: &str) -> (String, Option<String>) {
    let query = query.trim().trim_start_matches(['#', '?']);
    let mut list = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("compare=") {
            Some(v) => {
                list = Some(super::query::percent_decode(v));
                false
            }
            None => true,
        })
        .collect();
    (rest.join("&"), list)
}

/// The list that [`parse`] reads back as `runs`.
pub fn to_list(runs: &[Run]) -> String {
    let specs: Vec<&str> = runs.iter().map(|r| r.spec.as_str()).collect();
    specs.join(",")
}

/// One entry: `rule[:key=value]*`.
fn run(base: &Config, entry: &str, errors: &mut Vec<ConfigError>) -> Result<Run, ConfigError> {
    let mut parts = entry.split(':');
    let name = parts.next().unwrap_or_default();
    let Some(rule) = RuleKind::from_name(name).map(|r| written(r, base)) else {
        let names: Vec<&str> = RuleKind::ALL.iter().map(|r| r.name()).collect();
        return Err(ConfigError::new(
            "compare",
            format!("unknown rule '{name}' left out (choose from {})", names.join(", ")),
        ));
    };
    let scale = rule.info().learning_rate_scale / base.rule.info().learning_rate_scale;
    let lr = (base.learning_rate * scale).clamp(LEARNING_RATE_RANGE.0, LEARNING_RATE_RANGE.1);
    let mut config = Config { rule, learning_rate: lr, ..base.clone() };
    let mut own: Vec<String> = Vec::new();
    let mut spec = String::from(name);
    for setting in parts {
        let (key, value) = setting.split_once('=').unwrap_or((setting, ""));
        let bad = |what: &str| ConfigError::new("compare", format!("'{setting}' in '{entry}': {what}; ignored"));
        // A run's own settings are read by the table's readers, as the link reads them; one that would be
        // replaced or clamped there is ignored here.
        let Some(own_setting) = settings::setting(key).filter(|s| OWN.contains(&s.key)) else {
            errors.push(bad(&format!("a run's own settings are {}", OWN.join(", "))));
            continue;
        };
        let (mut trial, mut problems) = (config.clone(), Vec::new());
        own_setting.read(&mut trial, value, base, &mut problems);
        if let Some(p) = problems.first() {
            // The reader's "using …" or "kept …" is not what happens here: the setting is ignored.
            errors.push(bad(p.message.split(';').next().unwrap_or_default()));
            continue;
        }
        config = trial;
        own.push(match own_setting.key {
            "lr" => format!("η {}", config.learning_rate),
            "finit" => format!("B {}", config.feedback_init.name()),
            _ => format!("delay {}", config.delay),
        });
        spec.push(':');
        spec.push_str(setting);
    }
    if let Err(e) = config.validate() {
        return Err(ConfigError::new("compare", format!("'{entry}' left out: {}", e.message)));
    }
    let label = match own.is_empty() {
        true => rule.title_for(config.reward).to_string(),
        false => format!("{} ({})", rule.title_for(config.reward), own.join(", ")),
    };
    Ok(Run { spec, label, config })
}

/// A written rule's kind follows from the shared text (`expr`); other rules are as named.
#[cfg(feature = "language")]
fn written(rule: RuleKind, base: &Config) -> RuleKind {
    if rule.is_custom() { RuleKind::custom(base.rule_text()).unwrap_or(rule) } else { rule }
}

#[cfg(not(feature = "language"))]
fn written(rule: RuleKind, _: &Config) -> RuleKind {
    rule
}
