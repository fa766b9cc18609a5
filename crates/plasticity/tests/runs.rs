//! Runs are reproducible, reject bad settings with a message, survive divergence, and accept changes mid-run.

use plasticity::{Config, RuleKind, Status, TaskKind, Trainer};

mod golden;

#[test]
fn the_same_config_gives_the_same_run_bit_for_bit() {
    for task in TaskKind::available() {
        for &rule in RuleKind::ALL {
            let config = Config { rule, seed: 42, ..Config::preset(task) };
            if config.validate().is_err() {
                continue; // a rule that cannot learn this task (checked in `rules_refuse_tasks_they_cannot_learn`)
            }
            let run = || {
                let mut t = Trainer::new(config.clone()).unwrap();
                t.step(50);
                (t.fingerprint(), t.diagnostics())
            };
            let (a, b) = (run(), run());
            assert_eq!(a.0, b.0, "{task}/{rule}: weights differ");
            assert_eq!(a.1, b.1, "{task}/{rule}: diagnostics differ");
            let other = Trainer::new(Config { seed: 43, ..config.clone() }).unwrap().fingerprint();
            let fresh = Trainer::new(config.clone()).unwrap().fingerprint();
            assert_ne!(other, fresh, "{task}/{rule}: the seed changes nothing");
        }
    }
}

/// The fingerprints that the WebAssembly tests must reproduce (see `golden/mod.rs`).
#[test]
fn golden_fingerprints_hold_natively() {
    for (query, steps, expected) in golden::RUNS {
        let (config, problems) = Config::from_query(query);
        assert!(problems.is_empty(), "{query}: {problems:?}");
        let mut t = Trainer::new(config).unwrap();
        t.step(steps);
        assert_eq!(t.fingerprint(), expected, "{query}: got {:#018x}", t.fingerprint());
    }
}

#[test]
fn out_of_range_configs_are_rejected_with_a_message() {
    let base = Config::preset(TaskKind::XOR);
    let cases = [
        (Config { hidden: vec![4; 7], ..base.clone() }, "hidden", "at most 6 hidden layers"),
        (Config { hidden: vec![4, 65], ..base.clone() }, "hidden", "1 to 64 units"),
        (Config { hidden: vec![0], ..base.clone() }, "hidden", "1 to 64 units"),
        (Config { learning_rate: f64::NAN, ..base.clone() }, "lr", "learning rate"),
        (Config { learning_rate: 100.0, ..base.clone() }, "lr", "learning rate"),
        (Config { batch_size: 0, ..base.clone() }, "batch", "batch size"),
        (Config { noise: 51, ..base.clone() }, "noise", "0 to 50"),
        (Config { train_percent: 95, ..base.clone() }, "train", "10 to 90"),
        (Config { features: vec![], ..base.clone() }, "features", "at least one"),
        (Config { activation: plasticity::Activation::Softmax, ..base.clone() }, "activation", "output layer only"),
        (Config { loss: plasticity::Loss::CrossEntropy, ..base.clone() }, "loss", "softmax output"),
    ];
    for (config, field, words) in cases {
        let err = Trainer::new(config).err().expect("rejected");
        assert_eq!(err.field, field);
        assert!(err.to_string().contains(words), "{err}");
    }
    // The limits themselves are accepted.
    assert!(Trainer::new(Config { hidden: vec![64; 6], ..base.clone() }).is_ok());
    assert!(Trainer::new(Config { hidden: vec![], ..base }).is_ok());
}

#[test]
fn a_diverging_run_is_reported_and_stops_without_panicking() {
    let mut t = Trainer::new(Config { learning_rate: 10.0, ..Config::preset(TaskKind::LINEAR) }).unwrap();
    let ran = t.step(1000);
    match t.status() {
        Status::Diverged { step, reason } => {
            assert_eq!(*step, u64::from(ran));
            assert!(reason.contains("NaN or infinite"));
            // A supervised run's reason names its loss, not an unsupervised rule's stand-in for one.
            assert!(reason.starts_with("the loss became") || reason.starts_with("a weight"), "{reason}");
        }
        Status::Running => panic!("η = 10 on the linear task should diverge"),
    }
    assert!(ran < 1000);
    assert_eq!(t.step(10), 0, "a diverged run does not go on");
    let d = t.diagnostics();
    assert_eq!(d.step, u64::from(ran));
}

#[test]
fn learning_rate_and_batch_size_change_mid_run_without_a_reset() {
    let mut t = Trainer::new(Config::preset(TaskKind::SPIRAL)).unwrap();
    t.step(10);
    let weights = t.fingerprint();
    t.set_learning_rate(0.1).unwrap();
    t.set_batch_size(64).unwrap();
    assert_eq!(t.fingerprint(), weights, "changing settings does not touch the network");
    t.step(1);
    let d = t.diagnostics();
    assert_eq!((d.step, d.samples), (11, 10 * 10 + 64));
    assert_eq!(t.config().learning_rate, 0.1);
    assert!(t.set_learning_rate(-1.0).is_err() && t.set_batch_size(0).is_err());
    assert_eq!((t.config().learning_rate, t.config().batch_size), (0.1, 64));
}

#[test]
fn urls_round_trip_and_bad_urls_become_messages() {
    for task in TaskKind::available() {
        let mut c = Config { learning_rate: 0.012_345_678_9, seed: 4_000_000_000, ..Config::preset(task) };
        if task.is_planar() {
            c.features = vec![plasticity::Feature::X1X2, plasticity::Feature::SinX1];
        }
        let (back, problems) = Config::from_query(&format!("#{}", c.to_query()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, c);
    }
    let (c, problems) = Config::from_query("#task=spiral&lr=1e9&hidden=4,x&batch=-3&rule=magic&zzz=1&act=softmax");
    assert_eq!(c.task, TaskKind::SPIRAL);
    assert_eq!(c.learning_rate, 10.0);
    assert_eq!(c.batch_size, 1);
    assert_eq!(c.hidden, Config::preset(TaskKind::SPIRAL).hidden);
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["lr", "hidden", "batch", "rule", "url", "act"]);
    assert!(c.validate().is_ok());
    let (c, problems) = Config::from_query("%%%&&=&task=nope&hidden=4%2C3&hidden=1000");
    assert_eq!(c.task, TaskKind::XOR);
    assert_eq!(c.hidden, vec![64]);
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["task", "url", "url", "hidden"], "{problems:?}");
}

/// The table of settings is the one description of a link: its keys and longer names are unique, a link holds
/// exactly its keys in its order, each setting reads back the value it writes with no message, a value outside its
/// range is said and clamped, and a comparison's list is found and decoded however a browser escaped it.
#[test]
fn the_settings_table_describes_every_link() {
    use plasticity::config::compare::split_query;
    use plasticity::config::settings::{SETTINGS, Values, setting};
    let mut names: Vec<&str> = SETTINGS.iter().flat_map(|s| [Some(s.key), s.alias]).flatten().collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "a key or longer name used twice");
    let c = Config { delay: 3, reward: true, ..Config::preset_for(TaskKind::DIGITS, RuleKind::NODE_PERTURBATION) };
    let keys: Vec<String> = c.to_query().split('&').map(|kv| kv.split_once('=').unwrap().0.to_string()).collect();
    // Written out by hand, so that a setting dropped from the table or from the link is noticed.
    let expected = [
        "task", "rule", "hidden", "act", "out", "loss", "init", "finit", "lr", "batch", "noise", "train", "features",
        "seed", "reward", "delay",
    ];
    assert_eq!(keys, expected);
    for s in SETTINGS.iter().filter(|s| s.key != "task") {
        let Some(pair) = s.write(&c) else { continue };
        let value = pair.split_once('=').unwrap().1;
        let (mut back, mut problems) = (Config::preset(TaskKind::XOR), Vec::new());
        s.read(&mut back, value, &Config::preset(TaskKind::XOR), &mut problems);
        assert!(problems.is_empty(), "{}: {problems:?}", s.key);
        assert_eq!(s.write(&back), s.write(&c), "{} does not read back what it writes", s.key);
        if let Values::Integer { hi, .. } = s.values {
            let mut problems = Vec::new();
            s.read(&mut back, &(hi as u128 + 1).to_string(), &Config::preset(TaskKind::XOR), &mut problems);
            assert!(problems.iter().any(|p| p.message.ends_with(&format!("using {hi}"))), "{}: {problems:?}", s.key);
            assert_eq!(s.write(&back).unwrap(), format!("{}={hi}", s.key));
        }
    }
    assert_eq!(setting("feedback-init").map(|s| s.key), Some("finit"));
    assert!(setting("zzz").is_none());
    for hash in ["#task=xor&compare=fa:lr=0.01,backprop", "?task=xor&compare=fa%3Alr%3D0.01%2Cbackprop"] {
        assert_eq!(split_query(hash), ("task=xor".to_string(), Some("fa:lr=0.01,backprop".to_string())), "{hash}");
    }
    assert_eq!(split_query("task=xor&rule=fa").1, None);
    // Notices in plain words, one line per setting; a learning rate no run can use gives way to the preset's.
    let (c, problems) = Config::from_query("task=spiral&lr=-5&hidden=0,1000,0,0,0,0,0,0");
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(c.learning_rate, Config::preset(TaskKind::SPIRAL).learning_rate);
    assert_eq!(
        text,
        [
            format!("lr: a learning rate must be above 0 (got -5); using {}", c.learning_rate),
            "hidden: a layer has 1 to 64 units and a network has at most 6 hidden layers (got 0,1000,0,0,0,0,0,0); \
             using 1,64,1,1,1,1"
                .to_string()
        ]
    );
    assert!(text.iter().all(|t| !t.contains("..=")), "{text:?}");
}

/// Measuring is read-only: a run measured after every step ends with the same weights as one never measured,
/// for every rule (rules with their own state and noise measure on a copy).
#[test]
fn measuring_never_changes_a_run() {
    for &rule in RuleKind::ALL {
        let task = if rule.is_supervised() { TaskKind::XOR } else { TaskKind::CLOUD };
        let config = Config { seed: 5, ..Config::preset_for(task, rule) };
        let mut watched = Trainer::new(config.clone()).unwrap();
        for _ in 0..30 {
            watched.step(1);
            watched.diagnostics();
        }
        let mut quiet = Trainer::new(config).unwrap();
        quiet.step(30);
        assert_eq!(watched.fingerprint(), quiet.fingerprint(), "{rule}");
    }
}

/// Rules that cannot learn a task are refused with a message, in both directions.
#[test]
fn rules_refuse_tasks_they_cannot_learn() {
    let hebb_on_digits = Trainer::new(Config::preset_for(TaskKind::DIGITS, RuleKind::OJA)).err().unwrap();
    assert!(hebb_on_digits.to_string().contains("unsupervised"), "{hebb_on_digits}");
    let fa_on_cloud = Trainer::new(Config::preset_for(TaskKind::CLOUD, RuleKind::FEEDBACK_ALIGNMENT)).err().unwrap();
    assert!(fa_on_cloud.to_string().contains("no targets"), "{fa_on_cloud}");
    let deep = Config { hidden: vec![4], ..Config::preset_for(TaskKind::CLOUD, RuleKind::SANGER) };
    assert!(Trainer::new(deep).err().unwrap().to_string().contains("single layer"));
    let (config, problems) = Config::from_query("task=cloud&rule=fa");
    assert_eq!(config.rule, RuleKind::OJA);
    assert_eq!(problems[0].field, "rule");
}

/// What a change on the page does: a new task starts from its preset keeping the rule and seed, a single-layer
/// rule drops the hidden layers, the reward-only variant starts from its own preset; a refused choice comes back
/// as a message when the query is read.
#[test]
fn a_change_on_the_page_starts_from_what_a_student_expects() {
    use plasticity::config::changed;
    let start = Config { seed: 9, ..Config::preset_for(TaskKind::SPIRAL, RuleKind::BACKPROP) }.to_query();
    let (c, problems) = Config::from_query(&changed(&start, "task", "digits"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((c.task, c.rule, c.seed, c.hidden.clone()), (TaskKind::DIGITS, RuleKind::BACKPROP, 9, vec![32]));
    let (c, problems) = Config::from_query(&changed(&start, "rule", "delta"));
    assert!(problems.is_empty() && c.rule == RuleKind::DELTA && c.hidden.is_empty(), "{problems:?}");
    let (c, _) = Config::from_query(&changed(&c.to_query(), "rule", "fa"));
    assert!(c.hidden.is_empty(), "the layers the delta rule dropped stay dropped until added again");
    let digits = Config::preset(TaskKind::DIGITS).to_query();
    let (c, problems) = Config::from_query(&changed(&digits, "reward", "1"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c, Config::reward_preset(TaskKind::DIGITS));
    let (c, problems) = Config::from_query(&changed(&digits, "rule", "oja"));
    assert_eq!(c.rule, Config::preset(TaskKind::DIGITS).rule);
    assert!(problems.iter().any(|p| p.message.contains("cannot learn")), "{problems:?}");
    // The refused single-layer rule does not take the network's hidden layers with it, from the page or a link.
    assert_eq!(c.hidden, Config::preset(TaskKind::DIGITS).hidden, "{problems:?}");
    assert!(problems.iter().any(|p| p.message.ends_with("with the task's hidden layers")), "{problems:?}");
    let xor = Config::preset(TaskKind::XOR).to_query();
    for query in [changed(&xor, "rule", "hebb"), String::from("task=xor&rule=hebb")] {
        let (c, _) = Config::from_query(&query);
        assert_eq!(
            (c.rule, c.hidden),
            (Config::preset(TaskKind::XOR).rule, Config::preset(TaskKind::XOR).hidden),
            "{query}"
        );
    }
    // A single-layer rule that fits keeps the network it was given (none), as before.
    let (c, problems) = Config::from_query(&changed(&xor, "rule", "delta"));
    assert!(problems.is_empty() && c.hidden.is_empty(), "{problems:?}");
    let (c, _) = Config::from_query(&changed(&digits, "lr", "0.2"));
    assert_eq!((c.task, c.learning_rate), (TaskKind::DIGITS, 0.2));
}

/// A spiking layer's surrogate and the feedback delay survive a URL; a surrogate without spikes, a spiking
/// output or a delay out of range are messages; choosing another activation drops the surrogate.
#[test]
fn spikes_and_delays_round_trip_and_bad_ones_are_messages() {
    use plasticity::{Activation, Surrogate};
    let c = Config { activation: Activation::Spike(Surrogate::FastSigmoid), delay: 7, ..Config::preset(TaskKind::XOR) };
    let (back, problems) = Config::from_query(&c.to_query());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, c);
    // The order of the pairs does not matter.
    let (back, _) = Config::from_query("surrogate=straight-through&act=spike&task=xor");
    assert_eq!(back.activation, Activation::Spike(Surrogate::StraightThrough));
    for (query, field) in [
        ("task=xor&surrogate=fast-sigmoid", "surrogate"),
        ("task=xor&act=spike&surrogate=magic", "surrogate"),
        ("task=xor&out=spike", "out"),
        ("task=xor&delay=51", "delay"),
    ] {
        let (c, problems) = Config::from_query(query);
        assert!(problems.iter().any(|p| p.field == field), "{query}: {problems:?}");
        assert!(c.validate().is_ok(), "{query}");
    }
    let (c, problems) = Config::from_query(&plasticity::config::changed(&back.to_query(), "act", "tanh"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.activation, Activation::Tanh);
}

/// A validation split is carved from the training set: a fifth of it, disjoint from what trains, and the test set
/// is nowhere in the run.
#[test]
fn a_validation_split_comes_from_the_training_set_and_hides_the_test_set() {
    let config = Config::preset(TaskKind::DIGITS);
    let full = Trainer::new(config.clone()).unwrap().data().clone();
    let split = Trainer::new(Config { validation: true, ..config }).unwrap().data().clone();
    assert_eq!(split.train.len() + split.test.len(), full.train.len());
    assert!(split.test.len().abs_diff(full.train.len() / 5) <= 10, "{}", split.test.len());
    let columns = |d: &plasticity::tasks::Dataset| -> Vec<Vec<u64>> {
        d.x.column_iter().map(|c| c.iter().map(|v| v.to_bits()).collect()).collect()
    };
    let (train, held, test, all) =
        (columns(&split.train), columns(&split.test), columns(&full.test), columns(&full.train));
    assert!(held.iter().all(|c| all.contains(c) && !train.contains(c)), "held-out examples come from training only");
    assert!(test.iter().all(|c| !held.contains(c) && !train.contains(c)), "the test set is not in the run");
    // Every class is held out in about its share.
    let labels = split.test.labels.unwrap();
    for class in 0..10u8 {
        let n = labels.iter().filter(|&&l| l == class).count();
        assert!((26..=31).contains(&n), "class {class}: {n} of {}", labels.len());
    }
}

/// A run stuck with saturated units is named; a run that learned, and a run that does not learn at all but whose
/// error signals are still there (no learning rule), never are.
#[test]
fn a_saturated_run_is_called_stuck_and_a_converged_one_never() {
    use plasticity::diagnostics::StuckWatch;
    // The first step at which the watch calls the run stuck, measuring every 50 mini-batches.
    let first_stuck = |query: &str, steps: u64| {
        let (config, problems) = Config::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        let mut watch = StuckWatch::new(config.task.classes());
        let mut trainer = Trainer::new(config).unwrap();
        let mut verdicts = Vec::new();
        for k in 0..=steps / 50 {
            if k > 0 {
                trainer.step(50);
            }
            let d = trainer.diagnostics();
            watch.record(&d);
            verdicts.push((d.step, watch.stuck()));
        }
        verdicts.iter().find(|(_, s)| s.is_some()).map(|(step, s)| (*step, s.unwrap()))
    };
    for query in ["task=spiral&rule=backprop&lr=10", "task=circle&rule=backprop&lr=10"] {
        let (step, why) = first_stuck(query, 3000).unwrap_or_else(|| panic!("{query} never called stuck"));
        assert!(
            step >= StuckWatch::PATIENCE && why.accuracy.unwrap() < 0.6 && why.error_share < 0.1,
            "{query}: {why:?}"
        );
    }
    for query in ["task=spiral&rule=backprop", "task=xor&rule=backprop", "task=spiral&rule=fa", "task=spiral&rule=none"]
    {
        assert_eq!(first_stuck(query, 3000), None, "{query}");
    }
}
