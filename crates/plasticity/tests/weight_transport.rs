//! The rules that replace weight transport, each checked against the property that defines it.

use plasticity::rules::Pathway;
use plasticity::{Config, RuleKind, TaskKind, Trainer};

mod common;
use common::linear;

/// Sign symmetry: the feedback is exactly sign(Wᵀ) after every step.
#[test]
fn sign_symmetry_feedback_is_the_sign_of_the_forward_weights_every_step() {
    let config = Config { rule: RuleKind::SIGN_SYMMETRY, hidden: vec![8, 6], ..Config::preset(TaskKind::SPIRAL) };
    let mut t = Trainer::new(config).unwrap();
    for step in 0..200 {
        t.step(1);
        let Pathway::Layered(b) = t.rule().internals().feedback else { panic!("sign symmetry has layered feedback") };
        for (l, bl) in b.iter().enumerate() {
            let w = &t.network().layers[l + 1].w;
            assert_eq!(bl.shape(), (w.ncols(), w.nrows()));
            for i in 0..bl.nrows() {
                for j in 0..bl.ncols() {
                    assert_eq!(bl[(i, j)], w[(j, i)].signum(), "step {step}, layer {l}, B[{i},{j}]");
                }
            }
        }
    }
    let d = t.diagnostics();
    assert!(d.layers[0].feedback_angle_deg.unwrap() < 45.0, "sign(Wᵀ) points roughly along Wᵀ");
}

/// Scaled sign symmetry (the control for sign symmetry's gain): its feedback is sign(W)ᵀ times one number per
/// layer, the forward weights' root-mean-square, so that ‖B_l‖ = ‖W_{l+1}‖, every step; and its updates point
/// where sign symmetry's do (the scale changes their size, not their direction, for the layer just below the
/// output, whose error comes through one scaled matrix).
#[test]
fn scaled_sign_symmetry_feedback_has_the_signs_and_the_norm_of_the_weights() {
    let config =
        Config { rule: RuleKind::SIGN_SYMMETRY_SCALED, hidden: vec![8, 6], ..Config::preset(TaskKind::SPIRAL) };
    let mut t = Trainer::new(config).unwrap();
    for step in 0..200 {
        t.step(1);
        let Pathway::Layered(b) = t.rule().internals().feedback else { panic!("layered feedback") };
        for (l, bl) in b.iter().enumerate() {
            let w = &t.network().layers[l + 1].w;
            let scale = w.norm() / (w.len() as f64).sqrt();
            assert!((bl.norm() - w.norm()).abs() < 1e-12 * w.norm(), "step {step}, layer {l}: ‖B‖ = ‖W‖");
            for i in 0..bl.nrows() {
                for j in 0..bl.ncols() {
                    assert_eq!(bl[(i, j)], scale * w[(j, i)].signum(), "step {step}, layer {l}, B[{i},{j}]");
                }
            }
        }
    }
    // The unscaled rule's error signals in the first hidden layer are larger by about the product of the scales.
    let run = |rule| {
        let mut t = Trainer::new(Config { rule, hidden: vec![16, 16], ..Config::preset(TaskKind::SPIRAL) }).unwrap();
        t.diagnostics().layers[0].error_norm
    };
    let (plain, scaled) = (run(RuleKind::SIGN_SYMMETRY), run(RuleKind::SIGN_SYMMETRY_SCALED));
    eprintln!("first hidden layer's ‖δ‖ at the start: sign symmetry {plain:.3}, scaled {scaled:.3}");
    assert!(plain > 4.0 * scaled, "unscaled signs amplify the hidden errors: {plain} vs {scaled}");
}

/// Runs `rule` on the linear task for `steps` from seeds 1 and 2, checks that the W–Bᵀ angle falls from about
/// 90° to below 10° and that the task is learnt, and returns the final diagnostics' update angles.
fn aligns_below_ten_degrees(rule: RuleKind, steps: u32) -> Vec<f64> {
    let mut angles = Vec::new();
    for seed in [1, 2] {
        let mut t = linear(rule, seed);
        let a0 = t.diagnostics().layers[0].feedback_angle_deg.unwrap();
        t.step(steps);
        let d = t.diagnostics();
        let a = d.layers[0].feedback_angle_deg.unwrap();
        eprintln!("{rule}, seed {seed}: W–Bᵀ {a0:.1}° → {a:.2}° in {steps} steps, NSE {:.4}", d.nse.unwrap());
        assert!(a0 > 80.0 && a < 10.0, "{rule}, seed {seed}: {a0} → {a}");
        assert!(d.nse.unwrap() < 0.05, "{rule}, seed {seed}: NSE {}", d.nse.unwrap());
        angles.push(d.layers[0].update_angle_deg.unwrap());
    }
    angles
}

/// Kolen–Pollack: W − Bᵀ decays geometrically (by 1 − ηλ a step), so the W–Bᵀ angle falls below 10° on the
/// linear task, and the rule learns the task. With λ = 10⁻⁴ per step the difference shrinks to 37 % in 10,000
/// steps; the shared updates, which grow W and Bᵀ along the same directions, do the rest.
#[test]
fn kolen_pollack_aligns_feedback_below_ten_degrees() {
    // The update includes the weight decay, which backprop's gradient does not, so it is not expected to match
    // backprop's closely — only to point downhill.
    assert!(aligns_below_ten_degrees(RuleKind::KOLEN_POLLACK, 10_000).iter().all(|a| *a < 90.0));
}

/// Weight mirror: the mirror phase's noise correlations pull `B` to `Wᵀ`, so the W–Bᵀ angle falls below 10° on
/// the linear task (from about 90°) within 5,000 steps, and with `B ≈ Wᵀ` the update is nearly backprop's.
#[test]
fn weight_mirror_aligns_feedback_below_ten_degrees() {
    assert!(aligns_below_ten_degrees(RuleKind::WEIGHT_MIRROR, 5_000).iter().all(|a| *a < 30.0));
}

/// Direct feedback alignment: hidden layers learn from the output error alone; their updates come within 90°
/// of backprop's, and the network beats shallow learning on a task that needs its hidden layers.
#[test]
fn direct_feedback_alignment_learns_through_random_direct_paths() {
    for seed in [1, 2] {
        let acc = |rule| {
            let c = Config { rule, seed, hidden: vec![16, 16], ..Config::preset(TaskKind::SPIRAL) };
            let mut t = Trainer::new(c).unwrap();
            t.step(3000);
            t.diagnostics()
        };
        let (dfa, shallow) = (acc(RuleKind::DIRECT_FEEDBACK_ALIGNMENT), acc(RuleKind::SHALLOW));
        let (a, s) = (dfa.test_accuracy.unwrap(), shallow.test_accuracy.unwrap());
        eprintln!(
            "seed {seed}: DFA {a:.3}, shallow {s:.3}, angles {:?}",
            dfa.layers.iter().map(|l| l.update_angle_deg).collect::<Vec<_>>()
        );
        assert!(a > 0.9 && a > s + 0.1, "seed {seed}: DFA {a}, shallow {s}");
        assert!(dfa.layers[..2].iter().all(|l| l.update_angle_deg.unwrap() < 90.0));
        assert!(dfa.layers.iter().all(|l| l.feedback_angle_deg.is_none()));
    }
}
