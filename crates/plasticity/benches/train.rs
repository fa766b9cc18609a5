//! Training throughput in examples per second, natively: `cargo bench -p plasticity`.
//!
//! The networks are TensorFlow Playground's default (2 inputs, hidden 4 and 2, tanh, batch 10) and its largest
//! (all 7 input features, six hidden layers of 8), plus the digits network (64–32–10, batch 16). The same
//! figures for WebAssembly come from the bench page (`cargo xtask bench`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plasticity::{Config, Feature, RuleKind, TaskKind, Trainer};

/// The networks measured, by name.
pub fn networks() -> Vec<(&'static str, Config)> {
    let default = Config { rule: RuleKind::Backprop, hidden: vec![4, 2], ..Config::preset(TaskKind::Circle) };
    let largest = Config { hidden: vec![8; 6], features: Feature::ALL.to_vec(), ..default.clone() };
    let digits = Config { rule: RuleKind::Backprop, ..Config::preset(TaskKind::Digits) };
    vec![("playground-default", default), ("playground-largest", largest), ("digits", digits)]
}

fn throughput(c: &mut Criterion) {
    const STEPS: u32 = 100;
    for (name, base) in networks() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(u64::from(STEPS) * base.batch_size as u64));
        for rule in RuleKind::ALL {
            // Skipped: the Hebbian rules (they learn only the Gaussian cloud) and the delta rule (one layer).
            let Ok(mut trainer) = Trainer::new(Config { rule, ..base.clone() }) else { continue };
            group.bench_function(rule.name(), |b| b.iter(|| trainer.step(STEPS)));
        }
        group.finish();
    }
}

criterion_group!(benches, throughput);
criterion_main!(benches);
