//! Feedback alignment on the linear teacher task of Lillicrap et al. (2016): with η = 10⁻³ and one
//! example a step, the forward weights align with the fixed feedback (the W–Bᵀ angle falls from about 90°) and
//! the normalized error falls below 0.01 within 2,000 steps.

use plasticity::{Config, RuleKind, TaskKind, Trainer};

mod common;
use common::linear;

#[test]
fn the_linear_preset_is_the_papers_network() {
    let config = Config::preset(TaskKind::LINEAR);
    assert_eq!(config.layer_sizes(), [30, 20, 10]);
    assert_eq!((config.learning_rate, config.batch_size), (1e-3, 1));
}

#[test]
fn feedback_alignment_aligns_and_learns_the_linear_task() {
    for seed in [1, 2, 3] {
        let mut t = linear(RuleKind::FEEDBACK_ALIGNMENT, seed);
        let start = t.diagnostics();
        let angle0 = start.layers[0].feedback_angle_deg.unwrap();
        assert!((80.0..100.0).contains(&angle0), "seed {seed}: starting angle {angle0}° is not near 90°");
        assert!(start.nse.unwrap() > 0.95);
        t.step(2000);
        let end = t.diagnostics();
        let angle = end.layers[0].feedback_angle_deg.unwrap();
        let nse = end.nse.unwrap();
        eprintln!("seed {seed}: W–Bᵀ angle {angle0:.1}° → {angle:.1}°, NSE {:.4} → {nse:.5}", start.nse.unwrap());
        assert!(angle < 45.0, "seed {seed}: the angle only fell to {angle}°");
        assert!(nse < 0.01, "seed {seed}: NSE {nse} after 2,000 steps");
        // The update sent to the hidden layer points the same way as backprop's, within 90°.
        assert!(end.layers[0].update_angle_deg.unwrap() < 90.0);
    }
}

#[test]
fn backprop_has_no_feedback_weights_and_updates_along_its_own_gradient() {
    let mut t = linear(RuleKind::BACKPROP, 1);
    t.step(10);
    let d = t.diagnostics();
    assert!(d.layers.iter().all(|l| l.feedback_angle_deg.is_none()));
    assert!(d.layers.iter().all(|l| l.update_angle_deg == Some(0.0)));
}

/// Feedback alignment's feedback is fixed: `B` is drawn once and never changes while the forward weights learn
/// (on a network with two hidden layers, so two `B`s), bit for bit.
#[test]
fn feedback_alignment_never_changes_its_feedback_weights() {
    use plasticity::rules::Pathway;
    let feedback = |t: &Trainer| match t.rule().internals().feedback {
        Pathway::Layered(b) => b.to_vec(),
        _ => panic!("feedback alignment has layered feedback"),
    };
    let config = Config { hidden: vec![32, 16], ..Config::preset_for(TaskKind::DIGITS, RuleKind::FEEDBACK_ALIGNMENT) };
    let mut t = Trainer::new(config).unwrap();
    let (b0, w0) = (feedback(&t), t.network().clone());
    t.step(500);
    assert_eq!(b0.len(), 2);
    assert_eq!(feedback(&t), b0, "B changed");
    assert!(t.network().layers.iter().zip(&w0.layers).all(|(a, b)| a.w != b.w), "every forward layer learned");
}
