//! Runs side by side (`config::compare`): the list is read forgivingly, and the runs really share the data, the
//! initial forward weights and the mini-batches.

use plasticity::config::compare::{self, MAX_RUNS};
use plasticity::{Config, TaskKind, Trainer};

fn trainers(base: &Config, list: &str) -> Vec<Trainer> {
    let (runs, errors) = compare::parse(base, list);
    assert!(errors.is_empty(), "{errors:?}");
    runs.into_iter().map(|r| Trainer::new(r.config).unwrap()).collect()
}

/// The output layer's weights and biases, as bits.
fn output_bits(t: &Trainer) -> Vec<u64> {
    let net = t.network();
    let last = &net.layers[net.depth() - 1];
    last.w.iter().chain(last.b.iter()).map(|x| x.to_bits()).collect()
}

#[test]
fn runs_start_from_the_same_forward_weights() {
    let base = Config::preset(TaskKind::DIGITS);
    let runs = trainers(&base, "backprop,fa,shallow,node-perturbation");
    assert_eq!(runs.len(), 4);
    let first = runs[0].fingerprint();
    for t in &runs {
        assert_eq!(t.fingerprint(), first, "{} starts from other weights", t.config().rule);
        assert_eq!(t.data().train.len(), runs[0].data().train.len());
    }
}

/// Backprop, feedback alignment and shallow learning all give the output layer the true gradient of the loss
/// (they differ only below it), so after one step on the same mini-batch from the same weights their output layers
/// are identical, bit for bit. On different mini-batches they would not be: the control run (another batch size,
/// so another batch) must differ, or the test could not fail.
#[test]
fn runs_train_on_the_same_mini_batches() {
    for task in [TaskKind::DIGITS, TaskKind::XOR, TaskKind::SPIRAL] {
        let base = Config::preset(task);
        let mut runs = trainers(&base, "backprop,fa,shallow");
        for t in &mut runs {
            assert_eq!(t.step(1), 1);
        }
        let reference = output_bits(&runs[0]);
        for t in &runs[1..] {
            assert_eq!(output_bits(t), reference, "{task}: {} saw another batch", t.config().rule);
        }
        // The hidden layers did learn differently, so the runs are not one run thrice.
        assert_ne!(runs[0].fingerprint(), runs[1].fingerprint(), "{task}: FA's hidden update equals backprop's");
        let other = Config { batch_size: base.batch_size + 1, rule: plasticity::RuleKind::BACKPROP, ..base };
        let mut control = Trainer::new(other).unwrap();
        control.step(1);
        assert_ne!(output_bits(&control), reference, "{task}: another batch gave the same update");
    }
}

#[test]
fn a_run_keeps_its_own_settings_and_the_rest_is_shared() {
    let base = Config { learning_rate: 0.2, ..Config::preset(TaskKind::XOR) };
    let (runs, errors) = compare::parse(&base, "fa,fa:lr=0.01,fa:delay=5:finit=small");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(runs[0].config.learning_rate, 0.2);
    assert_eq!(runs[1].config.learning_rate, 0.01);
    assert_eq!(runs[1].label, "Feedback alignment (η 0.01)");
    assert_eq!(runs[2].config.delay, 5);
    assert_eq!(runs[2].config.feedback_init.name(), "small");
    for r in &runs {
        assert_eq!((r.config.task, &r.config.hidden, r.config.seed), (base.task, &base.hidden, base.seed));
    }
    assert_eq!(compare::to_list(&runs), "fa,fa:lr=0.01,fa:delay=5:finit=small");
    // A rule without its own rate takes the base rate rescaled from the base rule to its own scale.
    let (runs, _) = compare::parse(&base, "node-perturbation");
    let scale = |r: &str| plasticity::RuleKind::from_name(r).unwrap().info().learning_rate_scale;
    let expected = 0.2 * scale("node-perturbation") / scale(base.rule.name());
    assert!((runs[0].config.learning_rate - expected).abs() < 1e-15);
}

#[test]
fn unusable_entries_are_left_out_and_said() {
    let base = Config::preset(TaskKind::XOR);
    let list = "backprop,nonsense,oja,backprop,fa:lr=abc,fa:colour=red,dfa,kolen-pollack,shallow,chl";
    let (runs, errors) = compare::parse(&base, list);
    let specs: Vec<&str> = runs.iter().map(|r| r.spec.as_str()).collect();
    // The bad settings are dropped from their runs: "fa:lr=abc" and "fa:colour=red" are both plain fa, the second
    // a repeat of the first.
    assert_eq!(specs, ["backprop", "fa", "dfa", "kolen-pollack"]);
    assert_eq!(runs.len(), MAX_RUNS);
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let said = |what: &str| assert!(text.iter().any(|t| t.contains(what)), "no message about {what}: {text:?}");
    said("unknown rule 'nonsense'");
    said("'oja' left out: oja cannot learn xor");
    said("'backprop' repeats an earlier run");
    said("'lr=abc'");
    said("'colour=red'");
    said("'fa:colour=red' repeats");
    said("at most 4 runs side by side; 'shallow' left out");
    said("'chl' left out");
    // A run's own value the link's reader would clamp is refused, in the setting's words, and not clamped.
    let (runs, errors) = compare::parse(&base, "fa:lr=1e9,dfa:delay=99999");
    assert_eq!(runs.iter().map(|r| r.config.learning_rate).collect::<Vec<_>>(), [base.learning_rate; 2]);
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        text[0].contains("'lr=1e9' in 'fa:lr=1e9': a learning rate must be 1e-6 to 10 (got 1000000000); ignored"),
        "{text:?}"
    );
    assert!(text[1].contains("'delay=99999'") && text[1].ends_with("ignored"), "{text:?}");
}
