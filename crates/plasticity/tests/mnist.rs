//! MNIST-5k: in native builds with the `mnist` feature (the CLI's, and `cargo test --workspace`), a stratified
//! 4,000 / 1,000 split that backprop learns; without it, a clear refusal.

use plasticity::{Config, RuleKind, TaskKind};

#[cfg(feature = "mnist")]
#[test]
fn mnist_split_is_stratified_and_backprop_learns_it() {
    let config = Config::preset_for(TaskKind::MNIST, RuleKind::BACKPROP);
    let mut t = plasticity::Trainer::new(config).unwrap();
    let data = t.data();
    assert_eq!((data.train.len(), data.test.len()), (4000, 1000));
    assert_eq!(data.train.x.nrows(), 784);
    for (part, per_class) in [(&data.train, 400), (&data.test, 100)] {
        let labels = part.labels.as_ref().unwrap();
        for class in 0..10u8 {
            assert_eq!(labels.iter().filter(|&&l| l == class).count(), per_class);
        }
    }
    assert!(data.train.x.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(data.train.x.iter().any(|&p| p == 1.0), "pixels are scaled by 255, not 256");
    let start = t.diagnostics().test_accuracy.unwrap();
    t.step(1500);
    let end = t.diagnostics().test_accuracy.unwrap();
    eprintln!("MNIST-5k, backprop, 784–64–10: test accuracy {start:.3} → {end:.3}");
    assert!(start < 0.3 && end > 0.85, "{start} → {end}");
}

#[cfg(not(feature = "mnist"))]
#[test]
fn mnist_is_refused_with_a_message_without_the_feature() {
    assert!(!TaskKind::MNIST.is_available());
    let err = Config::preset_for(TaskKind::MNIST, RuleKind::BACKPROP).validate().unwrap_err();
    assert!(err.message.contains("native"), "{err}");
    let (c, problems) = Config::from_query("task=mnist&rule=backprop");
    assert_eq!(c.task, TaskKind::XOR);
    assert!(problems[0].message.contains("native"), "{problems:?}");
}
