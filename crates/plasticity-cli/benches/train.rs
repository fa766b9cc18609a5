//! Training throughput in examples per second, natively: `cargo bench -p plasticity-cli --features bench` (or
//! `cargo xtask bench`), so that it is compiled as
//! the command-line tool is (see the note in this package's Cargo.toml).
//!
//! The networks are TensorFlow Playground's default (2 inputs, hidden 4 and 2, tanh, batch 10) and its largest
//! (all 7 input features, six hidden layers of 8), plus the digits network (64–32–10, batch 16). The same
//! figures for WebAssembly come from the bench page (`cargo xtask bench`). Each rule the rule language writes is
//! timed beside its built-in (`written backprop` and so on).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plasticity::config::benchmarks;
use plasticity::{Config, RuleKind, Trainer};

fn throughput(c: &mut Criterion) {
    const STEPS: u32 = 100;
    for (name, base) in benchmarks() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(u64::from(STEPS) * base.batch_size as u64));
        for &rule in RuleKind::ALL {
            // Skipped: the Hebbian rules (they learn only the Gaussian cloud) and the delta rule (one layer).
            let Ok(mut trainer) = Trainer::new(Config { rule, ..base.clone() }) else { continue };
            group.bench_function(rule.name(), |b| b.iter(|| trainer.step(STEPS)));
        }
        // The lab's rules written in the rule language, beside their built-ins (the goal: a written backprop at
        // half the built-in's speed or better).
        for (name, text) in plasticity::rules::language::EXPRESSIONS {
            let rule = RuleKind::custom(text).expect("a lab rule parses");
            let Ok(mut trainer) = Trainer::new(Config { rule, expr: (*text).into(), ..base.clone() }) else { continue };
            group.bench_function(format!("written {name}"), |b| b.iter(|| trainer.step(STEPS)));
        }
        group.finish();
    }
}

criterion_group!(benches, throughput);
criterion_main!(benches);
