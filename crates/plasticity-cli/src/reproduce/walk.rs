//! `random-walk`: values from temporal-difference errors on the five-state random walk.
//!
//! - *Example 6.2* (Sutton & Barto 2018): truly tabular TD(0) and constant-α Monte Carlo (every visit), every value
//!   starting at ½, the RMS error over the five states after each episode averaged over [`RUNS`] runs, for the
//!   book's step sizes. One job.
//! - *The lab's learners* (its addition): the `random-walk` task, where any supervised rule learns a value network
//!   from the TD error; backprop and feedback alignment through a hidden layer, a one-layer network, and no learning.
//!   One job per learner.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use plasticity::random::{Rng, Stream};
use plasticity::tasks::{Chart, ChartLine, LineStyle, WALK_TRUE_VALUES};
use plasticity::{Config, Init, RuleKind, TaskKind, Trainer};
use serde::{Deserialize, Serialize};

use super::stats;
use super::{ByRule, Experiment, IoResult, Parts, Results, output, part, typed};

pub static EXPERIMENT: Experiment = Experiment {
    name: "random-walk",
    jobs: || ["example-6-2"].into_iter().chain(LEARNERS).map(String::from).collect(),
    run: |job| match job {
        "example-6-2" => output(&example_6_2()),
        learner => output(&network(learner)),
    },
    assemble,
    section,
};

/// Runs averaged, episodes per run.
pub const RUNS: u32 = 100;
pub const EPISODES: usize = 100;
/// The book's step sizes (its right-hand graph).
pub const TD_ALPHAS: [f64; 3] = [0.05, 0.1, 0.15];
pub const MC_ALPHAS: [f64; 4] = [0.01, 0.02, 0.03, 0.04];
const LEARNERS: [&str; 4] = ["one-layer", "backprop", "fa", "none"];
/// Seeds and episodes for the lab's learners.
pub const WALK_SEEDS: u32 = 10;
const WALK_EPISODES: usize = 200;
const START: usize = 2;

/// One episode from C: the states visited in order and the reward on leaving (1 on the right, 0 on the left).
fn episode(rng: &mut Rng) -> (Vec<usize>, f64) {
    let mut s = START;
    let mut visited = vec![s];
    loop {
        if rng.index(2) == 1 {
            if s + 1 == WALK_TRUE_VALUES.len() {
                return (visited, 1.0);
            }
            s += 1;
        } else {
            if s == 0 {
                return (visited, 0.0);
            }
            s -= 1;
        }
        visited.push(s);
    }
}

/// The RMS error of `v` over the five states.
fn rms(v: &[f64]) -> f64 {
    (v.iter().zip(WALK_TRUE_VALUES).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / v.len() as f64).sqrt()
}

/// Tabular TD(0), online, γ = 1: after each step `V(s) += α (r + V(s′) − V(s))`, V = 0 beyond either end.
fn td_episode(v: &mut [f64], alpha: f64, rng: &mut Rng) {
    let (visited, reward) = episode(rng);
    for (k, &s) in visited.iter().enumerate() {
        let target = match visited.get(k + 1) {
            Some(&next) => v[next],
            None => reward,
        };
        v[s] += alpha * (target - v[s]);
    }
}

/// Constant-α Monte Carlo, every visit, γ = 1: after the episode each visit moves `V(s) += α (G − V(s))`, G the
/// episode's return (its one reward).
fn mc_episode(v: &mut [f64], alpha: f64, rng: &mut Rng) {
    let (visited, reward) = episode(rng);
    for &s in &visited {
        v[s] += alpha * (reward - v[s]);
    }
}

/// The RMS error after 0, 1, …, [`EPISODES`] episodes, averaged over [`RUNS`] runs from V = ½ (the runs' walks come
/// from seeds 1 to RUNS).
pub fn curve(update: fn(&mut [f64], f64, &mut Rng), alpha: f64) -> Vec<f64> {
    let mut sum = vec![0.0; EPISODES + 1];
    for run in 1..=RUNS {
        let mut rng = Rng::new(run, Stream::Batches);
        let mut v = [0.5; 5];
        sum[0] += rms(&v);
        for after in &mut sum[1..] {
            update(&mut v, alpha, &mut rng);
            *after += rms(&v);
        }
    }
    sum.iter().map(|s| s / f64::from(RUNS)).collect()
}

/// Example 6.2's right-hand graph: `{"td": {α: curve}, "mc": {α: curve}}`, α written as in the book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example62 {
    /// TD(0), by step size.
    pub td: BTreeMap<String, Vec<f64>>,
    /// Constant-α Monte Carlo, by step size.
    pub mc: BTreeMap<String, Vec<f64>>,
}

fn example_6_2() -> Example62 {
    let by = |alphas: &[f64], update: fn(&mut [f64], f64, &mut Rng)| {
        alphas.iter().map(|&a| (format!("{a}"), curve(update, a))).collect()
    };
    Example62 { td: by(&TD_ALPHAS, td_episode), mc: by(&MC_ALPHAS, mc_episode) }
}

/// One of the lab's learners.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalkRun {
    /// The network, `5–8–1`, and η.
    pub network: String,
    /// See `network`.
    pub learning_rate: f64,
    /// The RMS value error after each episode, mean over [`WALK_SEEDS`] seeds.
    pub rms: Vec<f64>,
    /// The values learned by the end, seed 1.
    pub values: Vec<f64>,
}

fn network(learner: &str) -> WalkRun {
    let base = Config::preset(TaskKind::RANDOM_WALK);
    let config = match learner {
        "one-layer" => Config { rule: RuleKind::DELTA, hidden: vec![], init: Init::Small, ..base },
        "fa" => Config { rule: RuleKind::FEEDBACK_ALIGNMENT, ..base },
        "none" => Config { rule: RuleKind::NONE, ..base },
        _ => base,
    };
    let mut sum = vec![0.0; WALK_EPISODES];
    let mut values = Vec::new();
    for seed in 1..=WALK_SEEDS {
        let mut t = Trainer::new(Config { seed, ..config.clone() }).expect("a preset");
        let mut errors = Vec::new();
        while errors.len() < WALK_EPISODES {
            t.step(1);
            let m = t.task_measures();
            let episodes = m.iter().find(|m| m.label == "episodes").map_or(0.0, |m| m.value) as usize;
            if episodes > errors.len() {
                errors
                    .push(m.iter().find(|m| m.label == "RMS value error, last episode").map_or(f64::NAN, |m| m.value));
            }
        }
        sum.iter_mut().zip(&errors).for_each(|(s, e)| *s += e);
        if seed == 1 {
            values = plasticity::tasks::walk_values(t.network()).to_vec();
        }
    }
    WalkRun {
        network: config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–"),
        learning_rate: config.learning_rate,
        rms: sum.iter().map(|s| s / f64::from(WALK_SEEDS)).collect(),
        values,
    }
}

/// The experiment's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RandomWalk {
    /// The true values of A–E.
    pub true_values: Vec<f64>,
    /// Sutton & Barto's Example 6.2, tabular, over [`RUNS`] runs.
    pub example_6_2: Example62,
    /// The lab's learners, over [`WALK_SEEDS`] seeds each.
    pub networks: ByRule<WalkRun>,
}

fn assemble(parts: &Parts, out: &Path) -> IoResult<serde_json::Value> {
    let value = RandomWalk {
        true_values: WALK_TRUE_VALUES.to_vec(),
        example_6_2: part(parts, "example-6-2")?,
        networks: ByRule(LEARNERS.iter().map(|l| Ok((l.to_string(), part(parts, l)?))).collect::<IoResult<_>>()?),
    };
    let curve = |label: String, points: &[f64], style| ChartLine {
        label,
        points: points.iter().enumerate().map(|(k, v)| (k as f64, *v)).collect(),
        style,
    };
    let book = Chart {
        y_title: format!("Example 6.2: RMS error, mean of {RUNS} runs"),
        x_title: "episodes",
        lines: value
            .example_6_2
            .td
            .iter()
            .map(|(a, c)| curve(format!("TD α={a}"), c, LineStyle::Solid))
            .chain(value.example_6_2.mc.iter().map(|(a, c)| curve(format!("MC α={a}"), c, LineStyle::Dashed)))
            .collect(),
        y_range: (0.0, 0.25),
        ..Chart::default()
    };
    let lab = Chart {
        y_title: format!("the lab's learners: RMS error, mean of {WALK_SEEDS} seeds"),
        x_title: "episodes",
        lines: value
            .networks
            .0
            .iter()
            .map(|(name, run)| ChartLine {
                label: format!("{name} ({})", run.network),
                points: run.rms.iter().enumerate().map(|(k, v)| (k as f64 + 1.0, *v)).collect(),
                style: LineStyle::Solid,
            })
            .collect(),
        marks: vec![(0.1, "0.1")],
        y_range: (0.0, 0.3),
        ..Chart::default()
    };
    crate::figures::task_charts(&out.join("random-walk.svg"), &[book, lab], (900, 720))?;
    Ok(output(&value))
}

fn section(result: &serde_json::Value, _: &Results, figures: &str) -> Result<String, serde_json::Error> {
    let w: RandomWalk = typed(result)?;
    let mut md = format!(
        "### Values from temporal-difference errors (Sutton & Barto 2018, Example 6.2)\n\n![random walk]({figures}/random-walk.svg)\n\n\
         *The book:* on the five-state random walk (true values 1/6 … 5/6, every estimate starting at ½), the right-hand\n\
         graph of Example 6.2 shows the RMS error over the five states, averaged over 100 runs, for TD(0) with\n\
         α ∈ {{0.05, 0.1, 0.15}} and constant-α Monte Carlo with α ∈ {{0.01, 0.02, 0.03, 0.04}}; the book finds TD\n\
         consistently better than MC on this task.\n\n\
         *Here, tabular, as the book runs it* (MC every visit; `results/random-walk.json`, `example_6_2`). RMS error after\n\
         episodes 0, 10, 25, 50 and 100, mean of {RUNS} runs:\n\n| method | α | 0 | 10 | 25 | 50 | 100 |\n|---|---|---|---|---|---|---|\n"
    );
    for (method, curves) in [("TD(0)", &w.example_6_2.td), ("MC", &w.example_6_2.mc)] {
        for (alpha, c) in curves {
            let at = |e: usize| c.get(e).map_or("–".into(), |v| format!("{v:.3}"));
            let _ =
                writeln!(md, "| {method} | {alpha} | {} | {} | {} | {} | {} |", at(0), at(10), at(25), at(50), at(100));
        }
    }
    let best = |curves: &BTreeMap<String, Vec<f64>>| {
        curves.values().filter_map(|c| c.last()).copied().fold(f64::INFINITY, f64::min)
    };
    let (td, mc) = (best(&w.example_6_2.td), best(&w.example_6_2.mc));
    let _ = writeln!(
        md,
        "\nAfter 100 episodes the best TD(0) curve is at {td:.3} and the best MC curve at {mc:.3}{}. `tests` check the\n\
         first episode against its closed form: from V = ½ only the episode's last state moves, by ±α/2, so the RMS error\n\
         after one episode is √(((1/3 − α/2)² + 1/6)/5) whichever end the walk leaves by.\n\n\
         *The lab's addition:* the `random-walk` task hands a value network the target r + V(s′) computed from its own\n\
         current values, so its output error is −δ and any supervised rule carries δ down. RMS value error, mean of\n\
         {WALK_SEEDS} seeds:\n\n| learner | network | η | episode 1 | episodes 91–100 | episodes 181–200 | V(A…E) at the end, seed 1 |\n|---|---|---|---|---|---|---|",
        if td < mc { ": TD ahead, as in the book" } else { ": here MC is not behind, unlike the book" }
    );
    for (name, run) in &w.networks.0 {
        if run.rms.len() < 200 {
            continue;
        }
        let values: Vec<String> = run.values.iter().map(|v| format!("{v:.2}")).collect();
        let _ = writeln!(
            md,
            "| {name} | {} | {} | {:.3} | {:.3} | {:.3} | {} |",
            run.network,
            run.learning_rate,
            run.rms[0],
            stats::mean(&run.rms[90..100]),
            stats::mean(&run.rms[180..200]),
            values.join(", ")
        );
    }
    let first = |name: &str| w.networks.get(name).and_then(|r| r.rms.first()).copied().unwrap_or(f64::NAN);
    let _ = writeln!(
        md,
        "\nThe networks start from random values, not ½ (the one-layer network's first episode ends at RMS {:.2}, backprop's\n\
         at {:.2}); with no learning the error stays where it started. Checked by `tests/phenomena.rs`.\n",
        first("one-layer"),
        first("backprop")
    );
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed form of the first episode: from V = ½ every interior TD error is zero, so only the last state of
    /// the walk moves, to ½ − α/2 (A, left) or ½ + α/2 (E, right): the same RMS error either way, so the mean over
    /// runs equals it exactly (to rounding). Constant-α MC moves every visited state, so its first episode is not
    /// the same on every run — and it lowers the error too.
    #[test]
    fn tabular_td_matches_its_closed_form_after_one_episode() {
        for alpha in TD_ALPHAS {
            let expected = (((1.0 / 3.0 - alpha / 2.0).powi(2) + 1.0 / 6.0) / 5.0).sqrt();
            let c = curve(td_episode, alpha);
            assert!((c[0] - (1.0f64 / 18.0).sqrt()).abs() < 1e-12, "the start, all ½: {}", c[0]);
            assert!((c[1] - expected).abs() < 1e-12, "α = {alpha}: {} vs {expected}", c[1]);
            assert!(c[EPISODES] < 0.5 * c[0], "α = {alpha}: TD learns ({} → {})", c[0], c[EPISODES]);
        }
        let mc = curve(mc_episode, 0.02);
        assert!(mc[EPISODES] < mc[0], "MC learns too");
    }
}
