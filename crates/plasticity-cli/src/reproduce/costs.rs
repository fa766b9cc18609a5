//! `costs`: each rule's training cost relative to backprop — throughput on the digits network from criterion's last
//! run of `cargo bench -p plasticity-cli --bench train` (where it has run), and time per example of the MNIST runs in
//! `digits`. One job: reading criterion's output.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plasticity::RuleKind;
use serde::Deserialize;

use super::digits::Digits;
use super::{ByRule, Experiment, IoResult, Parts, Results, output, part, typed};

pub static EXPERIMENT: Experiment = Experiment {
    name: "costs",
    jobs: || vec!["criterion".into()],
    run: |_| output(&criterion_throughput(criterion_dir())),
    assemble: |parts: &Parts, _: &Path| -> IoResult<serde_json::Value> {
        Ok(output(&part::<ByRule<f64>>(parts, "criterion")?))
    },
    section,
};

/// Where criterion's results are read from: `--criterion DIR`, default `target/criterion`.
pub static CRITERION: OnceLock<PathBuf> = OnceLock::new();

fn criterion_dir() -> &'static Path {
    CRITERION.get().map_or(Path::new("target/criterion"), |p| p.as_path())
}

/// Training throughput per rule on the digits network from criterion's last run (`DIR/digits/RULE/new/estimates.json`:
/// nanoseconds per 100 mini-batches of 16), in examples per second; empty where criterion has not run.
fn criterion_throughput(dir: &Path) -> ByRule<f64> {
    #[derive(Deserialize)]
    struct Estimate {
        point_estimate: f64,
    }
    #[derive(Deserialize)]
    struct Estimates {
        mean: Estimate,
    }
    let mut out = Vec::new();
    for rule in RuleKind::ALL {
        let path = dir.join("digits").join(rule.name()).join("new").join("estimates.json");
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let Ok(estimates) = serde_json::from_str::<Estimates>(&text) else { continue };
        out.push((rule.name().to_string(), 100.0 * 16.0 / (estimates.mean.point_estimate * 1e-9)));
    }
    ByRule(out)
}

fn section(result: &serde_json::Value, all: &Results, _: &str) -> Result<String, serde_json::Error> {
    let costs: ByRule<f64> = typed(result)?;
    let digits: Option<Digits> = all.get("digits").map(typed).transpose()?;
    let mut md = String::from("## Cost of each rule relative to backprop\n\n");
    md.push_str(if costs.0.is_empty() {
        "Criterion's figures were not found (run `cargo xtask bench` before `plasticity\n\
         reproduce all`); the table shows the time per example of the MNIST runs above.\n\n"
    } else {
        "Training throughput on the digits network (64–32–10, batch 16) measured by criterion\n\
         (`cargo xtask bench`, native, one core), and, for the larger network, the time\n\
         per example of the MNIST runs above (wall clock, with other runs in parallel on the same cores: a rough figure\n\
         that separates the settling rules from the rest but cannot rank rules of similar cost).\n\n"
    });
    md.push_str("| rule | digits: examples/s (criterion) | digits: cost vs backprop | MNIST-5k: cost vs backprop |\n|---|---|---|---|\n");
    let bench = |rule: &str| costs.get(rule).copied();
    let speed = |rule: &str| {
        digits
            .as_ref()
            .and_then(|d| d.mnist.rules.iter().find(|r| r.run.rule == rule))
            .map(|r| r.run.examples_per_second)
    };
    for rule in super::digits::rules() {
        let name = rule.name();
        let (own, bp) = (bench(name), bench("backprop"));
        let cell = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or("–".to_string(), f);
        let ratio = |own: Option<f64>, bp: Option<f64>| own.zip(bp).map(|(o, b)| b / o);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            rule.title(),
            cell(own, &|v| format!("{:.0} k", v / 1e3)),
            cell(ratio(own, bp), &|v| format!("{v:.1}×")),
            cell(ratio(speed(name), speed("backprop")), &|v| format!("{v:.1}×"))
        );
    }
    let _ = writeln!(
        md,
        "\nThe settling rules pay for their dynamics: predictive coding relaxes {} steps, CHL {} per phase, EP settles a\n\
         free and two nudged phases to {:e} (at most {} sweeps each; with one hidden layer its free phase is the forward\n\
         pass and is skipped). The delta rule trains one layer only, so it is not benchmarked on the digits network;\n\
         its MNIST cost is that of a 784–10 network.\n",
        plasticity::rules::PC_STEPS,
        plasticity::rules::CHL_STEPS,
        plasticity::rules::EP_TOLERANCE,
        plasticity::rules::EP_FREE_SWEEPS
    );
    Ok(md)
}
