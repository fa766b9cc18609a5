//! Points placed by hand on a 2-D task (the `pts` setting): how a link writes and reads them, what a bad link gets,
//! that they join the training set and bend the boundary, and that an edit to a running network before its first
//! step is the run its link starts, bit for bit.

use plasticity::config::changed;
use plasticity::config::settings::write_points;
use plasticity::tasks::{MAX_PLACED, Placed};
use plasticity::{Config, Trainer};

fn read(query: &str) -> (Config, Vec<String>) {
    let (c, errors) = Config::from_query(query);
    (c, errors.iter().map(|e| e.to_string()).collect())
}

/// An orange cluster where the Gaussians task has no point: beyond the blue cloud centred on (2, 2).
fn orange_cluster() -> Vec<Placed> {
    let mut out = Vec::new();
    for i in 0..3 {
        for j in 0..3 {
            out.push(Placed::new(3.75 + 0.25 * f64::from(i), 3.75 + 0.25 * f64::from(j), 0));
        }
    }
    out
}

#[test]
fn a_link_writes_placed_points_in_hundredths_and_reads_them_back_exactly() {
    let points = vec![
        Placed::new(1.5, -2.0, 1),
        Placed::new(-0.07, 5.25, 0),
        Placed::new(6.0, -6.0, 1),
        Placed::new(0.1, 0.0, 0),
    ];
    assert_eq!(write_points(&points), "1.5,-2,1;-0.07,5.25,0;6,-6,1;0.1,0,0");
    let c = Config { points: points.clone(), ..Config::preset(plasticity::tasks::TaskKind::GAUSS) };
    let (back, messages) = read(&c.to_query());
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(back, c);
    // What a position becomes: the nearest hundredth, and exactly the number the link's decimals name.
    assert_eq!(Placed::new(1.234_9, -0.005_1, 1).position(), [1.23, -0.01]);
    assert_eq!(Placed::new(-0.07, 0.0, 0).position()[0], "-0.07".parse::<f64>().unwrap());
}

#[test]
fn a_bad_link_gets_a_message_and_keeps_what_it_can() {
    // Malformed entries are left out and named; the good ones stay.
    let (c, m) = read("task=xor&pts=1,2,1;x,2,1;3,3;1,1,2;;");
    assert_eq!(c.points, [Placed::new(1.0, 2.0, 1)]);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("pts: 'x,2,1', '3,3', '1,1,2': not points x,y,class such as 1.5,-2,1"), "{m:?}");
    let (_, m) = read("task=xor&pts=a;b;c;d;1,1,1");
    assert!(m[0].starts_with("pts: 'a', 'b', 'c' and more: not points"), "{m:?}");
    let (_, m) = read(&format!("task=xor&pts=1,1,x{}", "9".repeat(5000)));
    assert!(m[0].starts_with("pts: '1,1,x999999999999999…': not a point") && m[0].len() < 200, "{m:?}");
    // A position that rounds onto the edge was not outside it.
    let (c, m) = read("task=xor&pts=6.004,-6.004,1");
    assert!(m.is_empty() && c.points == [Placed::new(6.0, -6.0, 1)], "{m:?}");
    // Outside the square: moved onto its edge, and said.
    let (c, m) = read("task=xor&pts=7,-9,0;1,1,1");
    assert_eq!(c.points, [Placed::new(6.0, -6.0, 0), Placed::new(1.0, 1.0, 1)]);
    assert!(m[0].contains("Points outside the square from -6 to 6 moved onto its edge"), "{m:?}");
    // A thousand points: the first 200 kept, and said.
    let many: Vec<String> = (0..1000).map(|k| format!("{},{},{}", k % 11 - 5, k % 7 - 3, k % 2)).collect();
    let (c, m) = read(&format!("task=circle&pts={}", many.join(";")));
    assert_eq!(c.points.len(), MAX_PLACED);
    assert!(m[0].contains("At most 200 placed points (got 1000): kept the first 200"), "{m:?}");
    // NaN and infinity are not positions.
    let (c, m) = read("task=xor&pts=NaN,1,1;inf,1,0");
    assert!(c.points.is_empty() && m.len() == 1, "{m:?}");
    // On a task that is not 2-D there are none.
    let (c, m) = read("task=linear&pts=1,1,1");
    assert!(c.points.is_empty());
    assert!(m[0].contains("placed points are for the 2-D tasks; left out"), "{m:?}");
    // Points on top of each other are data (a point placed twice counts twice; two classes on one spot are a
    // contradiction no boundary resolves): kept, without a message. An empty list is no points.
    let (c, m) = read("task=xor&pts=1,1,1;1,1,1;1,1,0");
    assert_eq!(c.points.len(), 3);
    assert!(m.is_empty(), "{m:?}");
    let (c, m) = read("task=xor&pts=");
    assert!(c.points.is_empty() && m.is_empty());
}

#[test]
fn a_configuration_or_an_edit_past_the_limits_is_refused() {
    let gauss = Config::preset(plasticity::tasks::TaskKind::GAUSS);
    let too_many = vec![Placed::new(1.0, 1.0, 1); MAX_PLACED + 1];
    assert!(Config { points: too_many.clone(), ..gauss.clone() }.validate().is_err());
    let outside = Placed { x: 601, y: 0, class: 1 };
    assert!(Config { points: vec![outside], ..gauss.clone() }.validate().is_err());
    let linear = Config::preset(plasticity::tasks::TaskKind::LINEAR);
    assert!(Config { points: vec![Placed::new(1.0, 1.0, 1)], ..linear.clone() }.validate().is_err());
    let mut run = Trainer::new(gauss).unwrap();
    assert!(run.set_points(too_many).is_err());
    let mut run = Trainer::new(linear).unwrap();
    assert!(run.set_points(vec![Placed::new(1.0, 1.0, 1)]).is_err());
    assert!(run.config().points.is_empty());
}

#[test]
fn placed_points_join_the_training_set_and_leave_the_test_set_alone() {
    let base = Config::preset(plasticity::tasks::TaskKind::GAUSS);
    let placed = orange_cluster();
    let plain = Trainer::new(base.clone()).unwrap();
    let edited = Trainer::new(Config { points: placed.clone(), ..base }).unwrap();
    let (a, b) = (plain.data(), edited.data());
    assert_eq!(a.test.x, b.test.x);
    assert_eq!(b.train.len(), a.train.len() + placed.len());
    let positions = b.train.points.as_ref().unwrap();
    let labels = b.train.labels.as_ref().unwrap();
    assert_eq!(&positions[..a.train.len()], &a.train.points.as_ref().unwrap()[..]);
    for (k, p) in placed.iter().enumerate() {
        assert_eq!(positions[a.train.len() + k], p.position());
        assert_eq!(labels[a.train.len() + k], p.class);
    }
}

/// The class score (blue +1, orange −1) at (4, 4) after `steps`, on the Gaussians task with `rule`.
fn score_at_cluster(rule: &str, points: Vec<Placed>, steps: u32) -> f64 {
    let (config, _) = Config::from_query(&format!("task=gauss&rule={rule}&seed=3"));
    let mut run = Trainer::new(Config { points, ..config }).unwrap();
    run.step(steps);
    // A 24 × 24 grid over [−6, 6]², rows from the top: the cell centred on (4.25, 4.25) is column 20, row 3.
    let mut grid = vec![0.0; 24 * 24];
    run.boundary(24, 6.0, &mut grid);
    grid[3 * 24 + 20]
}

#[test]
fn an_orange_cluster_placed_beyond_the_blue_cloud_turns_the_boundary_there() {
    let without = score_at_cluster("backprop", Vec::new(), 3000);
    let with = score_at_cluster("backprop", orange_cluster(), 3000);
    // 9 points among 259, each drawn once a pass of 26 mini-batches: after 1,500 steps the score there has only fallen
    // (0.98 → 0.56); after 3,000 it has turned (−0.56), after 6,000 more so (−0.91).
    assert!(without > 0.9, "without the points the network calls (4.25, 4.25) blue: {without}");
    assert!(with < -0.3, "with them, orange: {with}");
    // The control: a run that learns nothing answers the same with and without them.
    assert_eq!(score_at_cluster("none", Vec::new(), 1500), score_at_cluster("none", orange_cluster(), 1500));
}

#[test]
fn points_placed_before_the_first_step_give_the_run_their_link_starts_bit_for_bit() {
    let (config, _) = Config::from_query("task=xor&rule=fa&seed=7");
    let placed = vec![Placed::new(-0.07, 5.25, 1), Placed::new(2.5, -2.5, 1), Placed::new(3.0, 3.0, 0)];
    let mut linked = Trainer::new(Config { points: placed.clone(), ..config.clone() }).unwrap();
    let mut edited = Trainer::new(config.clone()).unwrap();
    edited.set_points(placed.clone()).unwrap();
    assert_eq!(edited.config(), linked.config());
    linked.step(300);
    edited.step(300);
    assert_eq!(edited.fingerprint(), linked.fingerprint());
    // The control: without the points the run is another.
    let mut plain = Trainer::new(config).unwrap();
    plain.step(300);
    assert_ne!(plain.fingerprint(), linked.fingerprint());
    // An edit later in a run takes effect from the next step, keeping the network and the step count: the
    // weights after it differ from a run that kept its points.
    let mut later = Trainer::new(Config { points: placed.clone(), ..linked.config().clone() }).unwrap();
    later.step(100);
    let (before, steps) = (later.fingerprint(), later.steps());
    later.set_points(Vec::new()).unwrap();
    assert_eq!((later.fingerprint(), later.steps()), (before, steps));
    later.step(200);
    assert_ne!(later.fingerprint(), linked.fingerprint());
}

#[test]
fn placed_points_stay_from_one_2d_task_to_another_and_go_with_any_other() {
    let query = "task=xor&rule=backprop&seed=4&pts=1,1,0;-2,3,1";
    let (circle, messages) = read(&changed(query, "task", "circle"));
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(circle.points, [Placed::new(1.0, 1.0, 0), Placed::new(-2.0, 3.0, 1)]);
    // The control: to a task that is not 2-D they go, without a message.
    let (linear, messages) = read(&changed(query, "task", "linear"));
    assert!(linear.points.is_empty() && messages.is_empty(), "{messages:?}");
    // Any other change keeps them.
    let (c, _) = read(&changed(query, "seed", "9"));
    assert_eq!(c.points.len(), 2);
}

#[test]
fn a_configuration_past_the_limits_is_told_the_limits() {
    let gauss = Config::preset(plasticity::tasks::TaskKind::GAUSS);
    let err = Config { points: vec![Placed::new(1.0, 1.0, 1); MAX_PLACED + 1], ..gauss }.validate().unwrap_err();
    assert!(err.message.contains(&format!("at most {MAX_PLACED}")), "{err}");
}

#[test]
fn an_edit_during_a_run_draws_a_new_batch_order_and_a_bad_edit_is_refused_without_a_panic() {
    use plasticity::random::{Rng, Stream};
    // The order after an edit at step s comes from the batch stream renewed for s; at step 0 it is the run's own
    // (so that an edit before the first step is the link's run), and a later edit does not replay the first
    // mini-batches.
    let draws = |mut rng: Rng| (0..8).map(|_| rng.index(1000)).collect::<Vec<_>>();
    assert_eq!(draws(Rng::renewed(7, Stream::Batches, 0)), draws(Rng::new(7, Stream::Batches)));
    assert_ne!(draws(Rng::renewed(7, Stream::Batches, 100)), draws(Rng::new(7, Stream::Batches)));
    assert_ne!(draws(Rng::renewed(7, Stream::Batches, 100)), draws(Rng::renewed(7, Stream::Batches, 101)));
    // An edit that changes nothing, later in a run, still starts that new order: the run is another from there.
    let (config, _) = Config::from_query("task=xor&rule=fa&seed=7&pts=1,1,0");
    let (mut kept, mut edited) = (Trainer::new(config.clone()).unwrap(), Trainer::new(config.clone()).unwrap());
    kept.step(100);
    edited.step(100);
    edited.set_points(config.points.clone()).unwrap();
    kept.step(50);
    edited.step(50);
    assert_ne!(kept.fingerprint(), edited.fingerprint());
    // The most negative hundredths are outside the square, not a wrapped absolute value.
    let far = Placed { x: i16::MIN, y: 0, class: 1 };
    assert!(Config { points: vec![far], ..config }.validate().is_err());
    // A task that is not 2-D refuses an edit even with no points (its task would otherwise be made anew).
    let mut linear = Trainer::new(Config::preset(plasticity::tasks::TaskKind::LINEAR)).unwrap();
    linear.step(10);
    let before = linear.fingerprint();
    assert!(linear.set_points(Vec::new()).is_err());
    assert_eq!(linear.fingerprint(), before);
}
