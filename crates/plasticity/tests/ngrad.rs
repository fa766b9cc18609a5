//! The activity-difference (NGRAD) rules, each against the property that defines it.

use plasticity::metrics::angle_deg;
use plasticity::net::{Grads, Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::{Backprop, PredictiveCoding};
use plasticity::{Activation, Init, LearningRule, Loss};

const SIZES: [usize; 4] = [4, 8, 6, 3];

/// A batch whose targets sit `scale` away from the network's outputs.
fn batch(scale: f64) -> (Network, Workspace) {
    let mut rng = Rng::new(11, Stream::Weights);
    let net = Network::new(&SIZES, Activation::Tanh, Activation::Linear, Init::Glorot, &mut rng);
    let mut ws = Workspace::new(&SIZES, 6);
    ws.cols = 6;
    ws.h[0] = nalgebra::DMatrix::from_fn(4, 6, |_, _| rng.normal());
    net.forward(&mut ws, 6);
    ws.target = ws.h[3].clone() + nalgebra::DMatrix::from_fn(3, 6, |_, _| scale * rng.normal());
    ws.output_error(Loss::Squared, Activation::Linear);
    (net, ws)
}

fn angles(rule: &mut dyn LearningRule, scale: f64) -> Vec<f64> {
    let (net, mut ws) = batch(scale);
    let mut bp = Grads::zeros(&net);
    Backprop.direction(&net, &mut ws, &mut bp);
    let mut g = Grads::zeros(&net);
    rule.direction(&net, &mut ws, &mut g);
    (0..net.depth()).map(|l| angle_deg(g.w[l].as_slice(), bp.w[l].as_slice()).unwrap()).collect()
}

/// Whittington & Bogacz (2017): with small output errors, predictive coding's updates approach backprop's.
#[test]
fn predictive_coding_updates_point_within_five_degrees_of_backprop_for_small_errors() {
    let mut pc = PredictiveCoding::new(&SIZES);
    let small = angles(&mut pc, 1e-3);
    let large = angles(&mut pc, 1.0);
    eprintln!("predictive coding vs backprop: small errors {small:?}, large errors {large:?}");
    assert!(small.iter().all(|a| *a < 5.0), "{small:?}");
    assert!(large.iter().zip(&small).any(|(l, s)| l > s), "larger errors move it further from backprop");
}

/// Difference target propagation (Lee et al. 2015): the learned inverses' denoising reconstruction error falls as
/// they train, and the autoencoder learns — better than shallow learning, at the same budget.
#[test]
fn target_propagation_inverses_improve_and_the_autoencoder_learns() {
    use plasticity::rules::DifferenceTargetPropagation;
    use plasticity::tasks;
    use plasticity::{Config, RuleKind, TaskKind, Trainer};

    // The inverses, trained by the rule itself on real mini-batches of the autoencoder.
    let config = Config::preset_for(TaskKind::Autoencoder, RuleKind::DifferenceTargetPropagation);
    let sizes = config.layer_sizes();
    let data = tasks::build(&config);
    let net = Network::new(&sizes, config.activation, config.output, config.init, &mut Rng::new(1, Stream::Weights));
    let mut rule = DifferenceTargetPropagation::new(&sizes, config.feedback_init, 1);
    let mut ws = Workspace::new(&sizes, 16);
    let mut g = Grads::zeros(&net);
    let mut error_at = |step: usize, rule: &mut DifferenceTargetPropagation| {
        let first = (step * 16) % (data.train.len() - 16);
        ws.h[0].copy_from(&data.train.x.columns(first, 16));
        ws.target.copy_from(&data.train.t.columns(first, 16));
        ws.cols = 16;
        net.forward(&mut ws, 16);
        ws.output_error(config.loss, config.output);
        rule.direction(&net, &mut ws, &mut g);
        rule.inverse_errors().to_vec()
    };
    let start = error_at(0, &mut rule);
    let end = (1..=1500).map(|s| error_at(s, &mut rule)).last().unwrap();
    eprintln!("DTP inverse reconstruction errors: {start:?} → {end:?}");
    assert!(start.iter().zip(&end).all(|(s, e)| e < &(0.5 * s)), "{start:?} → {end:?}");

    // The autoencoder learns.
    let run = |rule| {
        let mut t = Trainer::new(Config::preset_for(TaskKind::Autoencoder, rule)).unwrap();
        let before = t.diagnostics().nse.unwrap();
        t.step(3000);
        (before, t.diagnostics().nse.unwrap())
    };
    let ((b0, dtp), (_, shallow)) = (run(RuleKind::DifferenceTargetPropagation), run(RuleKind::Shallow));
    eprintln!("autoencoder NSE: DTP {b0:.3} → {dtp:.4}, shallow → {shallow:.4}");
    assert!(dtp < 0.2 * b0 && dtp < 0.8 * shallow, "DTP {dtp}, shallow {shallow}");
}

/// Contrastive Hebbian learning (Xie & Seung 2003): as the feedback gain γ → 0, the scaled two-phase Hebbian
/// update approaches backprop's (compared here at the feedforward state, which the settled free phase leaves by
/// O(γ), so the approach is gradual: about 20° at γ = 0.01 and under 1° at γ = 10⁻⁴).
#[test]
fn contrastive_hebbian_approaches_backprop_as_feedback_weakens() {
    use plasticity::rules::ContrastiveHebbian;
    let per_gamma: Vec<(f64, Vec<f64>)> = [0.5, 0.1, 0.01, 1e-4]
        .into_iter()
        .map(|gamma| (gamma, angles(&mut ContrastiveHebbian::new(&SIZES, gamma), 0.1)))
        .collect();
    eprintln!("CHL vs backprop by γ: {per_gamma:?}");
    let worst: Vec<f64> = per_gamma.iter().map(|(_, a)| a.iter().cloned().fold(0.0, f64::max)).collect();
    assert!(worst.windows(2).all(|w| w[0] > w[1]), "{per_gamma:?}");
    assert!(worst[3] < 1.0, "{per_gamma:?}");
}
