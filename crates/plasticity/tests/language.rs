//! The rule language: the lab's rules written in it train as the built-ins (bit for bit, or within 10⁻¹² where
//! the built-in sums in another order), and broken texts are refused with the line and column of their error.

use plasticity::rules::language::{EXPRESSIONS, RuleError, compile, parse};
use plasticity::{Config, RuleKind, TaskKind, Trainer};

/// The built-in's settings on `task`, and the same with the rule written in the language.
fn pair(task: TaskKind, rule: RuleKind, hidden: &[usize], seed: u32) -> (Config, Config) {
    let text = EXPRESSIONS.iter().find(|(n, _)| *n == rule.name()).expect("written").1;
    let mut built_in = Config::preset_for(task, rule);
    if rule.info().single_layer.is_none() {
        built_in.hidden = hidden.to_vec();
    }
    built_in.seed = seed;
    let written = Config { rule: RuleKind::custom(text).unwrap(), expr: text.into(), ..built_in.clone() };
    (built_in, written)
}

fn weights(t: &Trainer) -> Vec<f64> {
    t.network().layers.iter().flat_map(|l| l.w.iter().chain(l.b.iter()).copied()).collect()
}

/// How far apart two runs' weights are, relative to the largest weight.
fn apart(a: &Trainer, b: &Trainer) -> f64 {
    let (wa, wb) = (weights(a), weights(b));
    let scale = wa.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    wa.iter().zip(&wb).fold(0.0_f64, |m, (x, y)| m.max((x - y).abs())) / scale
}

const BIT_FOR_BIT: [RuleKind; 5] = [
    RuleKind::BACKPROP,
    RuleKind::FEEDBACK_ALIGNMENT,
    RuleKind::DIRECT_FEEDBACK_ALIGNMENT,
    RuleKind::SIGN_SYMMETRY,
    RuleKind::SHALLOW,
];

#[test]
fn the_lab_rules_written_in_the_language_train_as_the_built_ins() {
    for rule in BIT_FOR_BIT {
        for task in [TaskKind::XOR, TaskKind::CIRCLE, TaskKind::LINEAR, TaskKind::AUTOENCODER] {
            for hidden in [&[8][..], &[8, 6], &[6, 5, 4]] {
                for seed in [1, 2] {
                    let (built_in, written) = pair(task, rule, hidden, seed);
                    let (mut a, mut b) = (Trainer::new(built_in).unwrap(), Trainer::new(written).unwrap());
                    a.step(200);
                    b.step(200);
                    let at = format!("{rule} on {task}, hidden {hidden:?}, seed {seed}");
                    assert_eq!(a.fingerprint(), b.fingerprint(), "{at}: not bit for bit");
                    assert_ne!(
                        a.fingerprint(),
                        Trainer::new(Config::preset_for(task, rule)).unwrap().fingerprint(),
                        "{at}: nothing learned"
                    );
                }
            }
        }
    }
    // Kolen–Pollack, Oja's rule and node perturbation sum in another order than their built-ins: within 10⁻¹²
    // relative after a step, and still close after two hundred (node perturbation's noise is the built-in's own
    // draws, in the same order).
    for (rule, task, hidden) in [
        (RuleKind::KOLEN_POLLACK, TaskKind::XOR, &[8, 6][..]),
        (RuleKind::KOLEN_POLLACK, TaskKind::LINEAR, &[8]),
        (RuleKind::OJA, TaskKind::CLOUD, &[]),
        (RuleKind::NODE_PERTURBATION, TaskKind::XOR, &[8, 6]),
        (RuleKind::NODE_PERTURBATION, TaskKind::CIRCLE, &[8]),
        (RuleKind::NODE_PERTURBATION, TaskKind::AUTOENCODER, &[6, 5, 4]),
    ] {
        for (steps, tolerance) in [(1, 1e-12), (200, 1e-9)] {
            let (built_in, written) = pair(task, rule, hidden, 1);
            let (mut a, mut b) = (Trainer::new(built_in).unwrap(), Trainer::new(written).unwrap());
            a.step(steps);
            b.step(steps);
            let apart = apart(&a, &b);
            assert!(apart <= tolerance, "{rule} on {task} after {steps}: {apart:e} apart");
        }
    }
}

/// The comparison can fail: one symbol changed (Wᵀ for B) gives another run.
#[test]
fn a_changed_symbol_is_another_rule() {
    let (built_in, _) = pair(TaskKind::XOR, RuleKind::FEEDBACK_ALIGNMENT, &[8, 6], 1);
    let backprop = EXPRESSIONS[0].1;
    let written = Config { rule: RuleKind::custom(backprop).unwrap(), expr: backprop.into(), ..built_in.clone() };
    let (mut a, mut b) = (Trainer::new(built_in).unwrap(), Trainer::new(written).unwrap());
    a.step(50);
    b.step(50);
    assert_ne!(a.fingerprint(), b.fingerprint());
}

/// Node perturbation's comparison can fail too: with the clean pass's activities in place of the noisy pass's, or
/// with the output's bias learning from the true error (the default `db`), one step is already too far apart.
#[test]
fn node_perturbation_written_otherwise_is_another_rule() {
    let text = EXPRESSIONS.iter().find(|(n, _)| *n == "node-perturbation").unwrap().1;
    let (built_in, _) = pair(TaskKind::XOR, RuleKind::NODE_PERTURBATION, &[8, 6], 1);
    let mut reference = Trainer::new(built_in.clone()).unwrap();
    reference.step(1);
    let last = text.lines().last().unwrap();
    for changed in [text.replace("noisy_h[l]", "h[l]"), text.replace(last, "")] {
        let written = Config { rule: RuleKind::custom(&changed).unwrap(), expr: changed.clone(), ..built_in.clone() };
        let mut run = Trainer::new(written).unwrap();
        run.step(1);
        assert!(apart(&reference, &run) > 1e-9, "{changed}: as close as the rule itself");
    }
}

fn refused(text: &str, sizes: &[usize]) -> RuleError {
    parse(text).and_then(|s| compile(&s, sizes)).err().unwrap_or_else(|| panic!("accepted: {text}"))
}

#[test]
fn a_broken_rule_is_refused_with_its_place() {
    let sizes = [2, 8, 6, 1];
    let cases: &[(&str, usize, usize, &str)] = &[
        ("delta[l] = (W[l+1]' * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l]) $", 2, 31, "no meaning"),
        ("delta[l] = (V[l+1]' * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])", 1, 13, "not known"),
        ("delta[l] = (W[l+3]' * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])", 1, 13, "W[l+3]"),
        ("delta[l] = (W[l]' * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])", 1, 19, "cannot multiply"),
        ("delta[l] = (W[l+1] * delta[l+1]) .* f'(z[l])\ndW[l] = outer(delta[l], h[l])", 1, 20, "cannot multiply"),
        ("delta[l] = W[l+1]' * delta[l+1]\ndW[l] = delta[l] * h[l]'", 2, 20, "cannot be transposed"),
        ("dW[l] = outer(delta[l], h[l])", 1, 1, "delta[l] = "),
        ("delta[l] = 0\ndW[l] = outer(delta[l], h[l]\n", 2, 29, "expected"),
        ("delta[l] = delta[l]\ndW[l] = 0", 1, 12, "being set"),
        ("feedback B[l] = random\nfeedback C[l] = random direct\ndelta[l] = 0\ndW[l] = 0", 2, 1, "one family"),
        // One output's error is one value per example, not a number spread over any layer (only dloss is).
        (
            "delta[l] = e .* f'(z[l])\ndW[l] = outer(delta[l], h[l])",
            1,
            14,
            "f'(z[0]) has 8 values per example but the other side has 1 value per example",
        ),
        ("delta[l] = dloss .* dloss\ndW[l] = 0", 1, 18, "one number per example for layer 0"),
    ];
    for &(text, line, col, words) in cases {
        let e = refused(text, &sizes);
        assert!(e.message.contains(words), "{text:?}: {e}");
        assert_eq!((e.at.line, e.at.col), (line, col), "{text:?}: {e}");
    }
    let long = "# ".repeat(3000);
    assert!(refused(&long, &sizes).message.contains("at most"));
    let deep = format!("delta[l] = 0\ndW[l] = {}0{}", "(".repeat(100), ")".repeat(100));
    assert!(refused(&deep, &sizes).message.contains("nested too deeply"));
}

#[test]
fn a_link_carries_a_written_rule() {
    let text = EXPRESSIONS[1].1;
    let config = Config { rule: RuleKind::custom(text).unwrap(), expr: text.into(), ..Config::preset(TaskKind::XOR) };
    let query = config.to_query();
    assert!(query.contains("rule=custom&") && query.contains("expr=feedback%20B%5Bl%5D%20%3D%20random%0A"), "{query}");
    let (back, errors) = Config::from_query(&query);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back, config);
    // A broken rule in a link is said, with its place, and the task's own run starts instead.
    let (broken, errors) =
        Config::from_query("task=xor&rule=custom&expr=delta%5Bl%5D%20%3D%200%0AdW%5Bl%5D%20%3D%20oops");
    assert!(errors.iter().any(|e| e.to_string().contains("line 2, column 9: “oops” is not known")), "{errors:?}");
    assert!(!broken.rule.is_custom());
}
