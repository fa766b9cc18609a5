//! The lecture's phenomena, each checked against its paper's finding with margins that a broken implementation
//! fails: prism adaptation and its after-effect (Martin et al. 1996).

use plasticity::tasks::{Block, LineStyle, PRISM_BLOCKS, PRISM_SHIFT};
use plasticity::{Config, Init, RuleKind, TaskKind, Trainer};

/// One cycle of the prism task (baseline, prisms on, prisms off), one throw a step: each throw's error by block.
fn prism_cycle(rule: RuleKind) -> Vec<(Block, f64)> {
    let mut t = Trainer::new(Config::preset_for(TaskKind::PRISM, rule)).unwrap();
    let cycle: u64 = PRISM_BLOCKS.iter().map(|b| b.1).sum();
    t.step(cycle as u32);
    let charts = t.task_charts();
    let dots = charts[0].lines.iter().find(|l| l.style == LineStyle::Dots).unwrap();
    assert_eq!(dots.points.len() as u64, cycle);
    dots.points.iter().enumerate().map(|(k, &(_, e))| (Block::of_trial(k as u64).0, e)).collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Martin et al. (1996, part II, abstract): the first throw with prisms misses by about the shift; the miss decays within
/// tens of throws; without prisms again the miss is of the opposite sign and decays too. A lesioned learner
/// misses by the shift throughout the prism block and shows no after-effect.
#[test]
fn prisms_are_adapted_to_with_an_after_effect_unless_the_cerebellum_is_lesioned() {
    let s = PRISM_SHIFT;
    let errors = |trace: &[(Block, f64)], block: Block| -> Vec<f64> {
        trace.iter().filter(|(b, _)| *b == block).map(|(_, e)| *e).collect()
    };
    let intact = prism_cycle(RuleKind::DELTA);
    let (prism, after) = (errors(&intact, Block::Prism), errors(&intact, Block::After));
    eprintln!(
        "intact: first prism {:.3}, throws 2–5 {:.3}, last 10 prism {:.3}; first after {:.3}, last 10 after {:.3}",
        prism[0],
        mean(&prism[1..5]),
        mean(&prism[prism.len() - 10..]),
        after[0],
        mean(&after[after.len() - 10..])
    );
    assert!((prism[0] - s).abs() < 0.15 * s, "the first prism throw misses by about s: {}", prism[0]);
    assert!(mean(&prism[prism.len() - 10..]).abs() < 0.15 * s, "adapted by the end of the block");
    let half = prism.iter().position(|e| *e < 0.5 * s).unwrap();
    assert!((3..60).contains(&half), "the miss halves within tens of throws, not at once: throw {half}");
    assert!(after[0] < -0.6 * s, "the after-effect has the opposite sign: {}", after[0]);
    assert!(mean(&after[after.len() - 10..]).abs() < 0.15 * s, "and decays");

    let lesioned = prism_cycle(RuleKind::NONE);
    let (prism, after) = (errors(&lesioned, Block::Prism), errors(&lesioned, Block::After));
    eprintln!("lesioned: last 10 prism {:.3}, first after {:.3}", mean(&prism[prism.len() - 10..]), after[0]);
    assert!(prism.iter().all(|e| (e - s).abs() < 0.1 * s), "no adaptation");
    assert!(after.iter().all(|e| e.abs() < 0.1 * s), "no after-effect");
}

/// The RMS value error after each of the first `episodes` episodes of the random walk, for `config`.
fn walk_errors(config: Config, episodes: usize) -> Vec<f64> {
    let mut t = Trainer::new(config).unwrap();
    let mut errors = Vec::new();
    while errors.len() < episodes {
        t.step(1);
        // Measures: the episodes finished, and the RMS value error after the last one.
        let m = t.task_measures();
        if m[0].value as usize > errors.len() {
            errors.push(m[1].value);
        }
    }
    errors
}

/// Sutton & Barto (2018), Example 6.2: tabular TD(0) with α = 0.1 learns the random walk's values 1/6 … 5/6
/// from its own TD errors, the RMS error falling below 0.1 within 100 episodes (here η = 0.05 on a one-hot
/// code plus a shared bias, which together move a state's value by 2η = 0.1). The same TD error carried to a
/// hidden layer of 8 tanh units by backprop or by feedback alignment learns too, from a random start further
/// away, to about 0.1 within 200 (0.100 for backprop, 0.071 for FA over 5 seeds). With no learning the error stays where it started.
#[test]
fn td_errors_learn_the_random_walk_values() {
    let base = Config::preset(TaskKind::RANDOM_WALK);
    let cases = [
        (
            "tabular TD(0)",
            100,
            0.1,
            Config { rule: RuleKind::DELTA, hidden: vec![], init: Init::Small, ..base.clone() },
        ),
        ("backprop", 200, 0.12, base.clone()),
        ("feedback alignment", 200, 0.12, Config { rule: RuleKind::FEEDBACK_ALIGNMENT, ..base.clone() }),
    ];
    for (name, episodes, bound, config) in cases {
        let (mut first, mut late) = (Vec::new(), Vec::new());
        for seed in 1..=5 {
            let e = walk_errors(Config { seed, ..config.clone() }, episodes);
            first.push(e[0]);
            late.push(mean(&e[episodes - 20..]));
        }
        let (first, late) = (mean(&first), mean(&late));
        eprintln!(
            "{name}: RMS after episode 1 {first:.3}, over the last 20 of {episodes} episodes {late:.3} (5 seeds)"
        );
        assert!(late < bound, "{name}: {late}");
        assert!(late < 0.3 * first, "{name}: it learned");
    }
    let mut none = Trainer::new(Config { rule: RuleKind::NONE, ..base }).unwrap();
    let start = none.diagnostics().test_loss;
    none.step(1000);
    assert_eq!(none.diagnostics().test_loss, start);
}

/// Zenke & Ganguli (2018); Neftci, Mostafa & Zenke (2019): a spiking unit's true derivative is zero almost
/// everywhere, so backprop with it moves no hidden weight (exactly) and learns only the output layer; with a
/// surrogate derivative it learns XOR; node perturbation, which needs no derivative, learns it too.
#[test]
fn spiking_units_learn_only_with_a_surrogate_or_without_derivatives() {
    use plasticity::{Activation, Surrogate};
    let run = |rule: RuleKind, surrogate: Surrogate, steps: u32| {
        let config = Config { activation: Activation::Spike(surrogate), ..Config::preset_for(TaskKind::XOR, rule) };
        let mut t = Trainer::new(config).unwrap();
        let before = t.network().clone();
        t.step(steps);
        let hidden_moved = (0..2).any(|l| before.layers[l] != t.network().layers[l]);
        let output_moved = before.layers[2] != t.network().layers[2];
        (t.diagnostics().test_accuracy.unwrap(), hidden_moved, output_moved)
    };
    let (frozen, hidden_moved, output_moved) = run(RuleKind::BACKPROP, Surrogate::None, 2000);
    assert!(!hidden_moved && output_moved, "the true derivative stops every hidden weight, and only those");
    for surrogate in [Surrogate::FastSigmoid, Surrogate::StraightThrough] {
        let (acc, hidden_moved, _) = run(RuleKind::BACKPROP, surrogate, 3000);
        eprintln!("backprop with {}: {acc:.3} (true derivative {frozen:.3})", surrogate.name());
        assert!(hidden_moved && acc > 0.9 && acc > frozen + 0.1, "{}: {acc}", surrogate.name());
    }
    let (np, hidden_moved, _) = run(RuleKind::NODE_PERTURBATION, Surrogate::None, 3000);
    eprintln!("node perturbation, no derivative: {np:.3}");
    assert!(hidden_moved && np > 0.95, "{np}");
}

/// Delayed feedback: the hidden layer learns from the error of k mini-batches ago. On the linear task a short
/// delay changes little; a long one slows backprop at a large step; feedback alignment at η = 0.01 diverges
/// once the delay reaches 20, where it converges without delay.
#[test]
fn delayed_feedback_slows_learning_and_breaks_it_at_large_steps() {
    let steps_to = |rule: RuleKind, learning_rate: f64, delay: u32| -> Option<u64> {
        let config = Config { delay, learning_rate, ..Config::preset_for(TaskKind::LINEAR, rule) };
        let mut t = Trainer::new(config).unwrap();
        while t.steps() < 4000 && *t.status() == plasticity::Status::Running {
            t.step(20);
            if t.diagnostics().nse.is_some_and(|n| n < 0.01) {
                return Some(t.steps());
            }
        }
        None
    };
    let bp = |d| steps_to(RuleKind::BACKPROP, 0.01, d).unwrap();
    let (bp0, bp1, bp50) = (bp(0), bp(1), bp(50));
    eprintln!("backprop, η = 0.01: {bp0} steps without delay, {bp1} with 1, {bp50} with 50");
    assert!(bp1 <= bp0 + 40, "a delay of one step changes little");
    assert!(bp50 > 2 * bp0, "a delay of 50 slows it at least twofold");
    let fa = |d| steps_to(RuleKind::FEEDBACK_ALIGNMENT, 0.01, d);
    assert!(fa(0).is_some() && fa(5).is_some(), "feedback alignment learns with short delays");
    assert_eq!(fa(20), None, "and breaks with long ones");
    // The delay really delays: with 10 steps of delay the hidden layer has not moved after 10 steps.
    let mut t = Trainer::new(Config { delay: 10, ..Config::preset(TaskKind::LINEAR) }).unwrap();
    let before = t.network().layers[0].clone();
    t.step(10);
    assert_eq!(before, t.network().layers[0]);
    t.step(1);
    assert_ne!(before, t.network().layers[0]);
}

/// Each protocol block's change in every pathway's test response (Σw), in order, for `rule` on the LTP cell.
pub fn ltp_protocol(rule: RuleKind) -> Vec<(&'static str, [f64; 3])> {
    use plasticity::tasks::LTP_PROTOCOL;
    let mut t = Trainer::new(Config::preset_for(TaskKind::LTP, rule)).unwrap();
    let responses = |t: &Trainer| -> [f64; 3] {
        let m = t.task_measures();
        [m[0].value, m[1].value, m[2].value]
    };
    let mut out = Vec::new();
    for p in LTP_PROTOCOL {
        let before = responses(&t);
        t.step(p.trials as u32);
        let after = responses(&t);
        out.push((p.name, [0, 1, 2].map(|i| after[i] - before[i])));
    }
    out
}

/// Bliss & Lømo (1973), Levy & Steward (1979): a weak input alone does not potentiate; a strong one
/// potentiates itself and nothing silent (input specificity); weak and strong together potentiate the weak one
/// too (associativity). Plain Hebb, with no threshold, potentiates the weak pathway alone — the threshold is
/// what makes LTP associative.
#[test]
fn ltp_is_input_specific_and_associative() {
    let blocks = ltp_protocol(RuleKind::VOLTAGE_HEBB);
    let block = |name: &str| blocks.iter().find(|(n, _)| *n == name).unwrap().1;
    let ([s_w, w_w, u_w], [s_s, w_s, u_s], [s_p, w_p, u_p]) = (block("weak"), block("strong"), block("paired"));
    eprintln!(
        "Δ(strong, weak, untouched): weak {:?}, strong {:?}, paired {:?}",
        [s_w, w_w, u_w],
        [s_s, w_s, u_s],
        [s_p, w_p, u_p]
    );
    assert_eq!([s_w, w_w, u_w], [0.0; 3], "the weak pathway alone stays below θ: no LTP anywhere");
    assert!(s_s > 0.2, "the strong pathway potentiates: {s_s}");
    assert_eq!([w_s, u_s], [0.0; 2], "and nothing silent does (input specificity)");
    assert!(w_p > 0.05, "paired with the strong one, the weak pathway potentiates (associativity): {w_p}");
    assert_eq!(u_p, 0.0, "the untouched pathway never changes");
    assert!(blocks.iter().filter(|(n, _)| *n == "rest").all(|(_, d)| *d == [0.0; 3]), "rest changes nothing");
    let hebb = ltp_protocol(RuleKind::HEBB);
    let weak_alone = hebb.iter().find(|(n, _)| *n == "weak").unwrap().1;
    assert!(weak_alone[1] > 0.0, "plain Hebb, without a threshold, potentiates the weak pathway alone");
}

/// Zipser & Andersen (1988): after backprop training, hidden units have gain fields — the eye position scales a
/// unit's retinal response (planar: gain nearly linear in eye position) without moving its peak much. Measured
/// (seed 1): backprop gain range 0.34, R² 0.79; feedback alignment 0.21, 0.61; untrained 0.05, 0.51.
#[test]
fn backprop_trained_hidden_units_have_gain_fields() {
    use plasticity::tasks::gain_fields;
    let summary = |rule: RuleKind, steps: u32| {
        let mut t = Trainer::new(Config::preset_for(TaskKind::GAIN_FIELD, rule)).unwrap();
        t.step(steps);
        let units = gain_fields(t.network());
        let active: Vec<_> = units.iter().filter(|u| u.gains.iter().cloned().fold(0.0, f64::max) > 0.1).collect();
        let r2 = mean(&active.iter().map(|u| u.gain_r2).collect::<Vec<_>>());
        let range = mean(&active.iter().map(|u| u.gain_range).collect::<Vec<_>>());
        let shift = mean(&active.iter().map(|u| u.peak_shift.abs()).collect::<Vec<_>>());
        let loss = t.diagnostics().test_loss;
        eprintln!(
            "{rule}: {} of {} units respond; gain R² {r2:.2}, gain range {range:.2}, |peak shift| {shift:.2}; test loss {loss:.4}",
            active.len(),
            units.len()
        );
        (active.len(), r2, range, shift, loss)
    };
    let bp = summary(RuleKind::BACKPROP, 5000);
    let fa = summary(RuleKind::FEEDBACK_ALIGNMENT, 5000);
    let none = summary(RuleKind::NONE, 0);
    assert!(bp.0 >= 8, "most hidden units respond to the retina");
    assert!(bp.4 < 0.05 * none.4, "backprop learns the transformation");
    assert!(bp.2 > 0.2 && bp.2 > 3.0 * none.2, "the eye scales the trained units' responses: {} vs {}", bp.2, none.2);
    assert!(bp.1 > 0.6, "largely planar: gain nearly linear in eye position (R² {})", bp.1);
    assert!(bp.3 < 0.2, "without moving the retinal peak much ({})", bp.3);
    assert!(fa.2 > 2.0 * none.2, "feedback alignment's units are gain-modulated too ({})", fa.2);
}

/// The gain-field task's own measure, which a lesson claims: the share of hidden units whose retinal response the eye
/// modulates by at least 30 %. A third to a half of them after 2,000 mini-batches of backprop; none in the untrained
/// network, nor after shallow learning, whose hidden units are the untrained ones (seeds 1–3).
#[test]
fn the_gain_measure_counts_learned_gain_fields_only() {
    let modulated = |rule: RuleKind, seed: u32| {
        let mut t = Trainer::new(Config { seed, ..Config::preset_for(TaskKind::GAIN_FIELD, rule) }).unwrap();
        t.step(2000);
        t.diagnostics().measures.iter().find(|m| m.label == "eye-modulated units").expect("the task measures it").value
    };
    for seed in 1..=3 {
        let (bp, none, shallow) =
            (modulated(RuleKind::BACKPROP, seed), modulated(RuleKind::NONE, seed), modulated(RuleKind::SHALLOW, seed));
        eprintln!("seed {seed}: eye-modulated units: backprop {bp:.3}, untrained {none:.3}, shallow {shallow:.3}");
        assert!(bp >= 0.25 && none < 0.1 && shallow < 0.1, "seed {seed}: {bp} {none} {shallow}");
    }
}

/// Kamin's blocking (1969) and the Rescorla–Wagner rule (1972): after the tone alone has been paired with the shock,
/// the delta rule learns almost nothing about a light added to it (the compound is no surprise), while Hebbian
/// pairing strengthens the light as it did the tone; both acquire the tone. Seeds 1–3.
#[test]
fn the_delta_rule_blocks_and_hebbian_pairing_does_not() {
    use plasticity::tasks::CONDITIONING;
    let strengths = |rule: RuleKind, seed: u32, trials: u64| {
        let mut t = Trainer::new(Config { seed, ..Config::preset_for(TaskKind::CONDITIONING, rule) }).unwrap();
        t.step(trials as u32);
        let m = t.task_measures();
        let get = |label: &str| m.iter().find(|x| x.label == label).expect("measured").value;
        (get("strength of A"), get("strength of B"))
    };
    let (a_phase, all) = (CONDITIONING[0].trials, CONDITIONING.iter().map(|p| p.trials).sum::<u64>());
    for seed in 1..=3 {
        let (delta_a, _) = strengths(RuleKind::DELTA, seed, a_phase);
        let (pairing_a, _) = strengths(RuleKind::PAIRING, seed, a_phase);
        let (_, delta_b) = strengths(RuleKind::DELTA, seed, all);
        let (_, pairing_b) = strengths(RuleKind::PAIRING, seed, all);
        eprintln!(
            "seed {seed}: A after its pairing: delta {delta_a:.3}, pairing {pairing_a:.3}; B after the compound: delta {delta_b:.3}, pairing {pairing_b:.3}"
        );
        assert!(delta_a > 0.3 && pairing_a > 0.3, "both acquire the tone");
        assert!(delta_b < 0.1, "the delta rule blocks the light: {delta_b}");
        assert!(pairing_b > 0.5, "pairing does not block it: {pairing_b}");
    }
}
