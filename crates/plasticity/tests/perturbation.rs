//! Rules without an error vector: node and weight perturbation.

use plasticity::net::{Grads, Network, Workspace};
use plasticity::rules::{Backprop, NodePerturbation, WeightPerturbation};
use plasticity::{Config, LearningRule, Loss, RuleKind, TaskKind, Trainer};

mod common;

const SIZES: [usize; 4] = [3, 6, 5, 2];

/// A fixed batch through a small tanh network, with its output error set.
fn setup() -> (Network, Workspace) {
    common::fixed_batch(&SIZES, 3, 8, |_, rng| nalgebra::DMatrix::from_fn(2, 8, |_, _| rng.normal()))
}

/// Averages a rule's update over `draws` noise draws on the same batch and compares it with backprop's.
fn mean_update_angles(rule: &mut dyn LearningRule, draws: usize) -> Vec<f64> {
    let (net, mut ws) = setup();
    let reference = common::directions(&mut Backprop, &net, &mut ws);
    let mut sum = Grads::zeros(&net);
    for _ in 0..draws {
        let g = common::directions(rule, &net, &mut ws);
        for l in 0..net.depth() {
            sum.w[l] += &g.w[l];
        }
    }
    common::angles(&sum, &reference)
}

#[test]
fn node_perturbation_is_the_gradient_on_average() {
    let mut np = NodePerturbation::new(&SIZES, Loss::Squared, false, 1);
    let few = mean_update_angles(&mut np, 10);
    let many = mean_update_angles(&mut np, 20_000);
    eprintln!("node perturbation: angle to backprop after 10 draws {few:?}, after 20,000 {many:?}");
    assert!(many.iter().all(|a| *a < 5.0), "{many:?}");
    assert!(few.iter().zip(&many).all(|(f, m)| f > m), "averaging more draws gets closer");
}

/// The variants an experiment uses to tell apart what node perturbation's slowdown depends on: perturbing the hidden
/// units only (the output learns from its exact error) or the output units only (their estimated error travels
/// down by backprop). Each is still the gradient on average, and an exactly computed output layer is exactly it.
#[test]
fn node_perturbation_variants_are_the_gradient_on_average() {
    use plasticity::rules::Perturbed;
    for (name, perturbed) in [
        ("hidden only", Perturbed { hidden: true, output: false }),
        ("output only", Perturbed { hidden: false, output: true }),
    ] {
        let mut np = NodePerturbation::new(&SIZES, Loss::Squared, false, 1).perturbing(perturbed);
        let many = mean_update_angles(&mut np, 20_000);
        eprintln!("node perturbation, {name}: angle to backprop after 20,000 draws {many:?}");
        assert!(many.iter().all(|a| *a < 5.0), "{name}: {many:?}");
        if !perturbed.output {
            assert!(many.last().unwrap() < &1e-9, "{name}: the output layer's exact error is the gradient");
        }
    }
}

#[test]
fn weight_perturbation_is_the_gradient_on_average() {
    let (net, _) = setup();
    let mut wp = WeightPerturbation::new(&net, Loss::Squared, 1);
    let many = mean_update_angles(&mut wp, 50_000);
    eprintln!("weight perturbation: angle to backprop after 50,000 draws {many:?}");
    assert!(many.iter().all(|a| *a < 10.0), "{many:?}");
}

/// Steps until the linear task's normalized error falls below 0.01 (checked every 100), or `None`.
fn steps_to_one_percent(rule: RuleKind, lr: f64, limit: u32) -> Option<u32> {
    let mut t = Trainer::new(Config { rule, learning_rate: lr, ..Config::preset(TaskKind::LINEAR) }).unwrap();
    (1..=limit / 100).map(|k| k * 100).find(|_| {
        t.step(100);
        t.diagnostics().nse.unwrap() < 0.01
    })
}

/// Werfel, Xie & Seung (2005): perturbation learns, but more slowly than gradient descent, each at its own best
/// learning rate. On the linear task, steps for the normalized error to fall below 0.01.
#[test]
fn node_perturbation_learns_the_linear_task_more_slowly_than_backprop() {
    let rates = [3e-3, 1e-3, 5e-4, 3e-4, 1e-4];
    let best = |rule| {
        rates.iter().filter_map(|&lr| steps_to_one_percent(rule, lr, 30_000).map(|s| (s, lr))).min_by_key(|p| p.0)
    };
    let (bp, bp_lr) = best(RuleKind::BACKPROP).unwrap();
    let (np, np_lr) = best(RuleKind::NODE_PERTURBATION).expect("node perturbation learns the linear task");
    eprintln!(
        "steps to NSE < 0.01 at the best rate: backprop {bp} (η {bp_lr}), node perturbation {np} (η {np_lr}): {:.1}× slower",
        np as f64 / bp as f64
    );
    assert!(np > 2 * bp, "node perturbation {np} vs backprop {bp}");
}

/// The reward-only variant: told only right (1) or wrong (0) about a sampled answer, node perturbation as
/// REINFORCE learns the digits well above chance (10 %) from two seeds, slowly; every other rule is refused
/// with a message, and so are tasks without classes.
#[test]
fn reinforce_learns_the_digits_from_a_reward_alone() {
    use plasticity::{Config, RuleKind, TaskKind, Trainer};
    for seed in [1, 2] {
        let mut t = Trainer::new(Config { seed, ..Config::reward_preset(TaskKind::DIGITS) }).unwrap();
        let start = t.diagnostics().test_accuracy.unwrap();
        t.step(10_000);
        let d = t.diagnostics();
        let acc = d.test_accuracy.unwrap();
        eprintln!("digits, reward only, seed {seed}: accuracy {start:.3} → {acc:.3}");
        assert_eq!(*t.status(), plasticity::Status::Running);
        assert!(acc > 0.6 && acc > start + 0.4, "seed {seed}: {start} → {acc}");
    }
    let refused = Config { rule: RuleKind::BACKPROP, ..Config::reward_preset(TaskKind::DIGITS) };
    assert!(refused.validate().unwrap_err().message.contains("node-perturbation"));
    let regression = Config { reward: true, ..Config::preset_for(TaskKind::LINEAR, RuleKind::NODE_PERTURBATION) };
    assert_eq!(regression.validate().unwrap_err().field, "reward");
    let (c, problems) = Config::from_query("task=xor&reward=1&rule=fa");
    assert!(!c.reward && problems.iter().any(|p| p.field == "reward"), "{problems:?}");
    let (c, problems) = Config::from_query("task=circle&reward=1");
    assert!(c.reward && c.rule == RuleKind::NODE_PERTURBATION && problems.is_empty(), "{problems:?}");
}
