//! The Hebbian rules on the Gaussian cloud, against its true principal axes.

use plasticity::tasks::cloud_axes;
use plasticity::{Config, RuleKind, Status, TaskKind, Trainer};

fn trained(rule: RuleKind, seed: u32, steps: u32) -> Trainer {
    let mut t = Trainer::new(Config { seed, ..Config::preset_for(TaskKind::CLOUD, rule) }).unwrap();
    t.step(steps);
    t
}

/// |cos| between row `i` of the weights and axis `k`, and the row's norm.
fn row(t: &Trainer, i: usize, k: usize, seed: u32) -> (f64, f64) {
    let w = t.network().layers[0].w.row(i).transpose();
    let u = cloud_axes(seed).column(k).into_owned();
    ((w.dot(&u) / w.norm()).abs(), w.norm())
}

#[test]
fn oja_converges_to_the_first_principal_component_with_unit_norm() {
    for seed in [1, 2] {
        let t = trained(RuleKind::OJA, seed, 3000);
        for unit in 0..2 {
            let (cos, norm) = row(&t, unit, 0, seed);
            eprintln!("Oja, seed {seed}, unit {unit}: |cos(w, u₁)| = {cos:.5}, ‖w‖ = {norm:.4}");
            assert!(cos > 0.99 && (norm - 1.0).abs() < 0.05, "seed {seed} unit {unit}: cos {cos}, norm {norm}");
        }
    }
}

#[test]
fn sanger_finds_the_components_in_order() {
    for seed in [1, 2] {
        let t = trained(RuleKind::SANGER, seed, 3000);
        for k in 0..2 {
            let (cos, norm) = row(&t, k, k, seed);
            eprintln!("Sanger, seed {seed}, unit {k}: |cos(w, u_{})| = {cos:.5}, ‖w‖ = {norm:.4}", k + 1);
            assert!(cos > 0.99 && (norm - 1.0).abs() < 0.05, "seed {seed} unit {k}: cos {cos}, norm {norm}");
        }
    }
}

/// Hebb's rule grows without bound along the first component until the run is stopped as diverged.
#[test]
fn hebb_grows_without_bound() {
    let mut t = Trainer::new(Config::preset_for(TaskKind::CLOUD, RuleKind::HEBB)).unwrap();
    let norm0 = t.network().layers[0].w.norm();
    t.step(200);
    let norm1 = t.network().layers[0].w.norm();
    let (cos, _) = row(&t, 0, 0, 1);
    eprintln!("Hebb: ‖W‖ {norm0:.3} → {norm1:.3e} after 200 steps, |cos(w₁, u₁)| {cos:.4}");
    assert!(norm1 > 10.0 * norm0 && cos > 0.99);
    t.step(100_000);
    match t.status() {
        // Hebb follows no loss: what grew past bounds is the output's size (or a weight).
        Status::Diverged { reason, .. } => {
            assert!(reason.starts_with("the output's size") || reason.starts_with("a weight"), "{reason}")
        }
        Status::Running => panic!("Hebbian growth ends in divergence"),
    }
}
