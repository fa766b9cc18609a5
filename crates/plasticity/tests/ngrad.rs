//! The activity-difference (NGRAD) rules, each against the property that defines it.

use plasticity::metrics::angle_deg;
use plasticity::net::{Grads, Network, Workspace};
use plasticity::random::{Rng, Stream};
use plasticity::rules::{EquilibriumPropagation, PredictiveCoding, Step};
use plasticity::{Activation, Init, LearningRule, Loss};

mod common;

const SIZES: [usize; 4] = [4, 8, 6, 3];

/// Per layer, the angle between `rule`'s update and backprop's on a batch whose targets sit `scale` away from the
/// network's outputs.
fn angles(rule: &mut dyn LearningRule, scale: f64) -> Vec<f64> {
    let (net, mut ws) = common::fixed_batch(&SIZES, 11, 6, |y, rng| {
        y.clone() + nalgebra::DMatrix::from_fn(3, 6, |_, _| scale * rng.normal())
    });
    common::angles_to_backprop(rule, &net, &mut ws)
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
    use plasticity::{Config, RuleKind, TaskKind, Trainer};

    // The inverses, trained by the rule itself on real mini-batches of the autoencoder.
    let config = Config::preset_for(TaskKind::AUTOENCODER, RuleKind::TARGET_PROPAGATION);
    let sizes = config.layer_sizes();
    let data = Trainer::new(config.clone()).unwrap().data().clone();
    let net = Network::new(&sizes, config.activation, config.output, config.init, &mut Rng::new(1, Stream::Weights));
    let mut rule = DifferenceTargetPropagation::new(&sizes, config.feedback_init, 1);
    let mut ws = Workspace::new(&sizes, 16);
    let mut error_at = |step: usize, rule: &mut DifferenceTargetPropagation| {
        let first = (step * 16) % (data.train.len() - 16);
        data.train.load_batch(first, &mut ws, 16);
        net.forward(&mut ws, 16);
        ws.output_error(config.loss, config.output);
        common::directions(rule, &net, &mut ws);
        rule.inverse_errors().to_vec()
    };
    let start = error_at(0, &mut rule);
    let end = (1..=1500).map(|s| error_at(s, &mut rule)).last().unwrap();
    eprintln!("DTP inverse reconstruction errors: {start:?} → {end:?}");
    assert!(start.iter().zip(&end).all(|(s, e)| e < &(0.5 * s)), "{start:?} → {end:?}");

    // The autoencoder learns.
    let run = |rule| {
        let mut t = Trainer::new(Config::preset_for(TaskKind::AUTOENCODER, rule)).unwrap();
        let before = t.diagnostics().nse.unwrap();
        t.step(3000);
        (before, t.diagnostics().nse.unwrap())
    };
    let ((b0, dtp), (_, shallow)) = (run(RuleKind::TARGET_PROPAGATION), run(RuleKind::SHALLOW));
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

/// The loss at the free equilibrium, `J(W) = ⟨C(s⁰)⟩`, of a batch.
fn settled_loss(net: &Network, ws: &mut Workspace, ep: &EquilibriumPropagation, loss: Loss) -> f64 {
    let cols = ws.cols;
    ep.predict(net, ws, cols);
    ws.output_error(loss, net.layers[net.depth() - 1].f)
}

/// `dJ/dW_l` by central finite differences, for every layer.
fn finite_difference_gradient(net: &Network, ws: &mut Workspace, ep: &EquilibriumPropagation, loss: Loss) -> Grads {
    let mut g = Grads::zeros(net);
    let eps = 1e-5;
    for l in 0..net.depth() {
        for k in 0..net.layers[l].w.len() {
            let mut plus = net.clone();
            plus.layers[l].w.as_mut_slice()[k] += eps;
            let mut minus = net.clone();
            minus.layers[l].w.as_mut_slice()[k] -= eps;
            let (jp, jm) = (settled_loss(&plus, ws, ep, loss), settled_loss(&minus, ws, ep, loss));
            g.w[l].as_mut_slice()[k] = (jp - jm) / (2.0 * eps);
        }
    }
    g
}

/// Scellier & Bengio (2017): EP's update tends to the gradient of the loss at the free equilibrium as β → 0.
/// Checked against finite differences of that loss (the settled network's own gradient — not the feedforward
/// network's), for a tanh network with a linear output and for one with a softmax output and cross-entropy.
#[test]
fn equilibrium_propagation_update_tends_to_the_gradient_as_beta_shrinks() {
    for (output, loss) in [(Activation::Linear, Loss::Squared), (Activation::Softmax, Loss::CrossEntropy)] {
        let mut rng = Rng::new(5, Stream::Weights);
        let net = Network::new(&SIZES, Activation::Tanh, output, Init::Glorot, &mut rng);
        let mut ws = Workspace::new(&SIZES, 6);
        ws.cols = 6;
        ws.h[0] = nalgebra::DMatrix::from_fn(4, 6, |_, _| rng.normal());
        ws.target = nalgebra::DMatrix::from_fn(3, 6, |i, j| {
            if output == Activation::Softmax { f64::from(u8::from(i == j % 3)) } else { rng.normal() }
        });
        let ep = EquilibriumPropagation::new(&SIZES, loss).with(1.0, 300, 300).with_tolerance(0.0).symmetric(false);
        let exact = finite_difference_gradient(&net, &mut ws, &ep, loss);
        let mut worst = Vec::new();
        for beta in [1.0, 0.3, 0.1, 0.01, 0.001] {
            let mut ep = ep.clone().with(beta, 300, 300);
            settled_loss(&net, &mut ws, &ep, loss);
            let g = common::directions(&mut ep, &net, &mut ws);
            let a: Vec<f64> =
                (0..net.depth()).map(|l| angle_deg(g.w[l].as_slice(), exact.w[l].as_slice()).unwrap()).collect();
            eprintln!("{output:?}: β = {beta}: angles to dJ/dW {a:.4?}");
            worst.push(a.iter().copied().fold(0.0, f64::max));
        }
        // From β = 0.1 down, each tenfold smaller β cuts the angle at least fivefold: the one-sided estimate's
        // bias is of first order in β (at β ≥ 0.3 the nudged phase may settle in another basin, so no order
        // is asked there).
        assert!(worst[2..].windows(2).all(|w| w[1] < w[0] / 5.0), "{output:?}: the angle shrinks with β: {worst:?}");
        assert!(worst[0] > 1.0 && worst[4] < 0.5, "{output:?}: {worst:?}");
        // The lab's reference for EP (symmetric nudges) is that gradient.
        let mut ep = ep.with(0.1, 300, 300);
        settled_loss(&net, &mut ws, &ep, loss);
        let mut r = Grads::zeros(&net);
        ep.reserve(ws.cols);
        assert!(ep.reference(&mut Step { net: &net, ws: &mut ws, grads: &mut r, lr: 1.0 }));
        for l in 0..net.depth() {
            let a = angle_deg(r.w[l].as_slice(), exact.w[l].as_slice()).unwrap();
            assert!(a < 0.01, "{output:?}: reference layer {l}: {a}°");
        }
    }
}

/// The lab's reference for EP — recurrent backpropagation at the free equilibrium — is the gradient of the loss
/// at that equilibrium: within 0.01° of finite differences on every layer, with two and three hidden layers.
#[test]
fn equilibrium_gradient_matches_finite_differences() {
    for sizes in [&[4, 8, 6, 3][..], &[4, 7, 6, 5, 3]] {
        let mut rng = Rng::new(9, Stream::Weights);
        let net = Network::new(sizes, Activation::Tanh, Activation::Softmax, Init::Glorot, &mut rng);
        let (cols, out) = (6, sizes[sizes.len() - 1]);
        let mut ws = Workspace::new(sizes, cols);
        ws.cols = cols;
        ws.h[0] = nalgebra::DMatrix::from_fn(sizes[0], cols, |_, _| rng.normal());
        ws.target = nalgebra::DMatrix::from_fn(out, cols, |i, j| f64::from(u8::from(i == j % out)));
        let loss = Loss::CrossEntropy;
        let strict = EquilibriumPropagation::new(sizes, loss).with(0.1, 5000, 5000).with_tolerance(1e-14);
        let exact = finite_difference_gradient(&net, &mut ws, &strict, loss);
        let mut ep = strict.clone();
        settled_loss(&net, &mut ws, &ep, loss);
        let mut r = Grads::zeros(&net);
        assert!(ep.reference(&mut Step { net: &net, ws: &mut ws, grads: &mut r, lr: 1.0 }));
        let a = common::angles(&r, &exact);
        eprintln!("{sizes:?}: recurrent backprop vs finite differences: {a:.5?}°");
        assert!(a.iter().all(|a| *a < 0.01), "{a:?}");
        let ratio = r.w[0].norm() / exact.w[0].norm();
        assert!((ratio - 1.0).abs() < 1e-4, "the lowest layer's gradient has the right size: {ratio}");
    }
}

/// Equilibrium propagation at the lab's own settings, on its presets with two or more hidden layers, trained a
/// little: how far the free phase is from its fixed point after the old fixed 20 sweeps and with the convergence
/// stop, and the angle of EP's update at β = 0.1 to the gradient at the equilibrium it reached.
#[test]
fn equilibrium_propagation_settles_at_the_lab_settings() {
    use plasticity::rules::{EP_FREE_SWEEPS, EP_TOLERANCE, SettlingReport};
    use plasticity::{Config, RuleKind, TaskKind, Trainer};
    let cases = [
        (TaskKind::XOR, vec![8, 8]),
        (TaskKind::SPIRAL, vec![8, 8]),
        (TaskKind::AUTOENCODER, vec![32, 16, 32]),
        (TaskKind::DIGITS, vec![32, 32]),
    ];
    let mut short = Vec::new();
    for (task, hidden) in cases {
        let config = Config { hidden, ..Config::preset_for(task, RuleKind::EQUILIBRIUM_PROPAGATION) };
        let (sizes, loss) = (config.layer_sizes(), config.loss);
        let mut t = Trainer::new(config).unwrap();
        t.step(300);
        let mut ws = Workspace::new(&sizes, 16);
        t.data().train.load_batch(0, &mut ws, 16);
        let SettlingReport { fixed: before, free: now, nudged, angle_deg: a, one_sided_deg: one_sided } =
            SettlingReport::measure(t.network(), &mut ws, loss);
        eprintln!(
            "{}: 20 sweeps leave a change of {:.1e}; now {} sweeps to {:.1e}; nudged {} sweeps to {:.1e}; \
             EP update vs gradient {a:.2?}° (one-sided nudge {one_sided:.2?}°)",
            task.name(),
            before.change,
            now.sweeps,
            now.change,
            nudged.sweeps,
            nudged.change
        );
        // The stop settles to the tolerance within the cap; where the old fixed 20 sweeps stopped short, the
        // change is ten times smaller.
        assert!(now.sweeps < EP_FREE_SWEEPS && now.change <= EP_TOLERANCE, "{now:?}");
        if before.change > EP_TOLERANCE {
            short.push(task.name());
            assert!(now.change < before.change / 10.0, "{before:?} {now:?}");
        }
        assert!(nudged.change < 1e-4, "{nudged:?}");
        // β = 0.1 is not infinitesimal: the update is a few to tens of degrees from the gradient; a sign error
        // or a missing phase would put it near 90° or beyond. On the well-conditioned autoencoder, symmetric
        // nudging is within a degree.
        assert_eq!(a.len(), sizes.len() - 2, "an angle per hidden layer");
        assert!(a.iter().all(|a| *a < 45.0), "{}: {a:?}", task.name());
        if task == TaskKind::AUTOENCODER {
            assert!(a.iter().all(|a| *a < 1.0), "{a:?}");
        }
    }
    // Why the stop exists: the old fixed sweeps left some of the lab's presets short of their fixed point.
    assert!(short.len() >= 2, "only {short:?} needed more than 20 sweeps");
}

/// Difference target propagation's targets against a case computed by hand: a chain of one-unit layers
/// (1–1–1–1, tanh, linear output, squared error), so every quantity is a scalar:
/// `ĥ₂ = h₂ − α w₂ δ`, `ĥ₁ = h₁ + g(ĥ₂) − g(h₂)` with `g(u) = tanh(v u + c)`, and each layer's error
/// `(h − ĥ) f'(z) / α`. And the point of the difference correction: when the top target is the activity itself
/// (no error), every lower target is its own activity exactly, however wrong the inverse is.
#[test]
fn target_propagation_difference_correction_gives_the_hand_computed_targets() {
    use plasticity::rules::{DTP_ALPHA, DifferenceTargetPropagation, Pathway};
    let sizes = [1, 1, 1, 1];
    let mut net =
        Network::new(&sizes, Activation::Tanh, Activation::Linear, Init::Glorot, &mut Rng::new(1, Stream::Weights));
    for (layer, (w, b)) in net.layers.iter_mut().zip([(0.8, 0.1), (-1.3, 0.2), (0.9, -0.3)]) {
        layer.w[(0, 0)] = w;
        layer.b[0] = b;
    }
    for (x, t) in [(0.7, 0.25), (0.7, f64::NAN)] {
        let mut ws = Workspace::new(&sizes, 1);
        ws.cols = 1;
        ws.h[0][(0, 0)] = x;
        net.forward(&mut ws, 1);
        // NaN: the target is the output itself, so the output error is zero.
        ws.target[(0, 0)] = if t.is_nan() { ws.h[3][(0, 0)] } else { t };
        ws.output_error(Loss::Squared, Activation::Linear);
        let mut rule = DifferenceTargetPropagation::new(&sizes, Init::Glorot, 3);
        let Pathway::Layered(v) = rule.internals().feedback else { panic!("DTP's inverses are layered") };
        let v = v[0][(0, 0)];
        // By hand.
        let z0 = 0.8 * x + 0.1;
        let h1 = z0.tanh();
        let z1 = -1.3 * h1 + 0.2;
        let h2 = z1.tanh();
        let y = 0.9 * h2 - 0.3;
        let delta = y - ws.target[(0, 0)];
        let top = h2 - DTP_ALPHA * 0.9 * delta;
        let g = |u: f64| (v * u).tanh(); // the inverse's bias c starts at zero
        let low = h1 + g(top) - g(h2);
        let errors = [(h1 - low) * (1.0 - h1 * h1) / DTP_ALPHA, (h2 - top) * (1.0 - h2 * h2) / DTP_ALPHA];
        // By the rule.
        common::directions(&mut rule, &net, &mut ws);
        let targets = rule.internals().influenced;
        let (got_low, got_top) = (targets[0][(0, 0)], targets[1][(0, 0)]);
        eprintln!("x {x}: targets by hand ({low:.6}, {top:.6}), by the rule ({got_low:.6}, {got_top:.6})");
        assert!((got_top - top).abs() < 1e-12 && (got_low - low).abs() < 1e-12);
        for (l, e) in errors.iter().enumerate() {
            assert!((ws.delta[l][(0, 0)] - e).abs() < 1e-12, "layer {l}: {} vs {e}", ws.delta[l][(0, 0)]);
        }
        if t.is_nan() {
            assert_eq!((got_low, got_top), (h1, h2), "no error: the targets are the activities, whatever g is");
            assert!((g(h2) - h1).abs() > 0.01, "the inverse is far from exact here: {} vs {h1}", g(h2));
        } else {
            assert!((got_low - h1).abs() > 1e-4, "an error moves the lower target");
        }
    }
}

/// Equilibrium propagation at depth, its documented failure mode (RESULTS.md, "Equilibrium propagation at depth"): on
/// the benchmarked 8×8-digits network (64–64–64–64–10) with tanh units at the lab's initial weights, the free
/// equilibrium keeps far less of the input than the feedforward pass — a linear readout fitted to the top hidden
/// layer's free-equilibrium states classifies the test digits much worse than one fitted to its feedforward states —
/// while with logistic units (slope at most ¼, a contractive loop) the two readouts are close. So EP's readout has
/// little to learn from at depth with tanh, whatever its estimate of the gradient.
#[test]
fn equilibrium_propagation_at_depth_loses_the_input_in_its_free_equilibrium_with_tanh_units() {
    use plasticity::tasks::Dataset;
    use plasticity::{Config, RuleKind, TaskKind, Trainer};
    // The top hidden layer's states for a data set, from the feedforward pass or the free equilibrium.
    let states = |net: &Network, data: &Dataset, settle: bool| {
        let sizes = net.sizes();
        let top = sizes.len() - 2;
        let ep = EquilibriumPropagation::new(&sizes, Loss::CrossEntropy);
        let mut ws = Workspace::new(&sizes, data.len());
        data.load_batch(0, &mut ws, data.len());
        if settle {
            ep.free_phase(net, &mut ws, data.len());
        } else {
            net.forward(&mut ws, data.len());
        }
        // A bias row, then the states.
        nalgebra::DMatrix::from_fn(sizes[top] + 1, data.len(), |i, j| if i == 0 { 1.0 } else { ws.h[top][(i - 1, j)] })
    };
    // The test accuracy of a ridge-regression readout from the training states to one-hot targets.
    let readout = |train: nalgebra::DMatrix<f64>, test: nalgebra::DMatrix<f64>, t: &Trainer| {
        let data = t.data();
        let labels = |d: &Dataset| d.labels.clone().expect("labels");
        let targets = nalgebra::DMatrix::from_fn(10, train.ncols(), |c, j| {
            f64::from(u8::from(labels(&data.train)[j] as usize == c))
        });
        let gram = &train * train.transpose() + nalgebra::DMatrix::<f64>::identity(train.nrows(), train.nrows()) * 1e-3;
        let w = &targets * train.transpose() * gram.try_inverse().expect("ridge makes it invertible");
        let scores = w * &test;
        let right =
            (0..test.ncols()).filter(|&j| scores.column(j).argmax().0 == labels(&data.test)[j] as usize).count();
        right as f64 / test.ncols() as f64
    };
    let mut gaps = Vec::new();
    for activation in [Activation::Tanh, Activation::Logistic] {
        let config = Config {
            hidden: vec![64, 64, 64],
            activation,
            ..Config::preset_for(TaskKind::DIGITS, RuleKind::EQUILIBRIUM_PROPAGATION)
        };
        let t = Trainer::new(config).unwrap();
        let (data, net) = (t.data(), t.network());
        let feedforward = readout(states(net, &data.train, false), states(net, &data.test, false), &t);
        let equilibrium = readout(states(net, &data.train, true), states(net, &data.test, true), &t);
        eprintln!(
            "{activation:?}: readout of the feedforward pass {feedforward:.3}, of the free equilibrium {equilibrium:.3}"
        );
        gaps.push(feedforward - equilibrium);
    }
    assert!(gaps[0] > 0.2, "tanh: the free equilibrium loses the input ({:.3} points)", gaps[0]);
    assert!(gaps[1] < 0.1, "logistic: it keeps it ({:.3} points)", gaps[1]);
}

/// Feedback during inference (the lecture's §5, "Role of Feedback"): before any weight changes, equilibrium
/// propagation's free phase settles under feedback from the layers above, so the activity it predicts from is not its
/// feedforward pass; backprop's, and predictive coding's (whose equilibrium with the output free is the feedforward
/// pass, Whittington & Bogacz 2017), are exactly the feedforward pass.
#[test]
fn feedback_moves_activity_during_inference_only_where_the_network_settles() {
    use plasticity::{Config, RuleKind, TaskKind, Trainer};
    let shift = |rule| {
        let mut t = Trainer::new(Config::preset_for(TaskKind::XOR, rule)).unwrap();
        t.diagnostics().layers.iter().map(|l| l.feedback_shift).fold(0.0, f64::max)
    };
    let ep = shift(RuleKind::EQUILIBRIUM_PROPAGATION);
    eprintln!("largest shift of a layer's activity under feedback, at the start: EP {ep:.3}");
    assert!(ep > 0.05, "{ep}");
    for rule in [RuleKind::BACKPROP, RuleKind::PREDICTIVE_CODING, RuleKind::CONTRASTIVE_HEBBIAN] {
        assert_eq!(shift(rule), 0.0, "{rule}");
    }
}
