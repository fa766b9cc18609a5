//! The rule and task registries: every entry's facts are usable, and every rule names a test that exists.

use std::collections::HashSet;

use plasticity::{Config, RuleKind, TaskKind};

#[test]
fn names_are_unique_and_read_back() {
    let rules: HashSet<&str> = RuleKind::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(rules.len(), RuleKind::ALL.len());
    let tasks: HashSet<&str> = TaskKind::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(tasks.len(), TaskKind::ALL.len());
    for &rule in RuleKind::ALL {
        assert_eq!(RuleKind::from_name(rule.name()), Some(rule));
    }
    for &task in TaskKind::ALL {
        assert_eq!(TaskKind::from_name(task.name()), Some(task));
    }
    assert_eq!(RuleKind::from_name("feedback-alignment"), Some(RuleKind::FEEDBACK_ALIGNMENT));
    assert_eq!(RuleKind::from_name("magic"), None);
}

#[test]
fn every_task_preset_is_a_valid_run_and_every_rule_learns_some_task() {
    for task in TaskKind::available() {
        let config = Config::preset(task);
        assert_eq!(config.validate(), Ok(()), "{task}");
        assert!(!task.info().caption.is_empty() && !task.title().is_empty(), "{task}");
    }
    for &rule in RuleKind::ALL {
        let learns = TaskKind::available().any(|t| Config::preset_for(t, rule).validate().is_ok());
        assert!(learns, "{rule} learns no task");
        let info = rule.info();
        assert!(!info.citation.is_empty() && info.about.split_whitespace().count() >= 20, "{rule}: describe it");
        assert!(info.learning_rate_scale > 0.0 && info.learning_rate_scale <= 1.0, "{rule}");
        let built = rule.build(&plasticity::rules::Setup {
            net: &plasticity::Network::new(
                &[2, 3, 2],
                plasticity::Activation::Tanh,
                plasticity::Activation::Linear,
                plasticity::Init::Glorot,
                &mut plasticity::random::Rng::new(1, plasticity::random::Stream::Weights),
            ),
            loss: plasticity::Loss::Squared,
            reward: false,
            expr: "",
            feedback_init: plasticity::Init::Glorot,
            seed: 1,
        });
        assert_eq!(built.kind(), rule, "{rule} builds another rule");
    }
}

/// Each rule says which test checks the property that defines it (`tests/file.rs: function`); that test exists.
#[test]
fn every_rule_names_a_test_that_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for &rule in RuleKind::ALL {
        let (file, function) = rule.info().checked_by.split_once(": ").expect("`file: function`");
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{rule}: {file}: {e}"));
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let pattern = format!("fn {function}()");
        let at = lines.iter().position(|l| l.starts_with(&pattern));
        let at = at.unwrap_or_else(|| panic!("{rule}: no `{pattern}` in {file}"));
        // Above the function: its attributes and doc comment, and among the attributes `#[test]`.
        let above = lines[..at].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///"));
        assert!(above.clone().any(|l| *l == "#[test]"), "{rule}: {function} in {file} is not a test");
    }
}
