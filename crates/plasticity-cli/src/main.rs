//! `plasticity`: the lab's engine on the command line, so every figure can be reproduced headless.
//!
//! ```text
//! plasticity train --task linear --rule fa --steps 2000 --every 500 --save runs/fa
//! plasticity compare --task digits --rules backprop,fa,shallow,node-perturbation --steps 3000
//! plasticity rules
//! plasticity tasks
//! ```
//!
//! `train` prints one JSON object per report on standard output; `compare` one per run per report, each with
//! the run's `run` (its entry in the list) and `label`. `--save DIR` writes each run's measurements
//! (`history.csv`, `history.json`) and its final weights and feedback matrices (`weights.json`) — for
//! `compare`, into one folder per run. Bad arguments print a message on standard error and exit with code 2;
//! a run that diverges prints its last report, says so on standard error and exits with code 1 (under
//! `compare`, once the other runs have finished).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use plasticity::config::settings::{SETTINGS, Values};
use plasticity::{Config, RuleKind, Status, TaskKind, Trainer};
use plasticity_charts::history::History;

mod figures;
mod reproduce;

#[derive(Parser)]
#[command(name = "plasticity", version, about = "Credit assignment in brains and machines, headless.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Trains one network and prints a JSON report every `--every` steps (and at the start and end).
    Train(TrainArgs),
    /// Trains several rules side by side on the same data, initial forward weights and mini-batches, in
    /// lockstep, and prints one JSON report per run every `--every` steps.
    Compare {
        /// The runs: rule names, each optionally with settings of its own, `fa:lr=0.01:delay=5:finit=small`
        /// (2 to 4 runs). Every other flag is shared; `--rule` only sets the rule the shared learning rate is
        /// for (each run's is rescaled to its rule unless it sets its own).
        #[arg(long)]
        rules: String,
        #[command(flatten)]
        train: TrainArgs,
    },
    /// Lists the learning rules; with `--expr`, each rule the rule language writes, `NAME<TAB>EXPRESSION` (its
    /// statements joined by `; `), ready for `--expr`.
    Rules {
        /// Print the rules written in the rule language.
        #[arg(long)]
        expr: bool,
    },
    /// Lists the tasks.
    Tasks,
    /// Reproduces an experiment of RESULTS.md (see `reproduce --help`): JSON and SVG figures in `--out`; `all` runs
    /// every one and rewrites RESULTS.md (`--results`); `--shard i/n` runs every n-th job and leaves its outputs in
    /// `--out/shards/` for `merge`, which assembles them (on a cluster: one shard per task, then one merge);
    /// `markdown` rewrites RESULTS.md from the JSON already in `--out`.
    Reproduce {
        /// An experiment (linear, np-slowdown, ep, digits, costs, alignment, feedback-learning, hebbian, prism,
        /// random-walk, ltp, spikes, delay, gain-field), or all, merge, markdown.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(reproduce::names()))]
        name: String,
        /// Run only this shard of the jobs, `i/n` (1 ≤ i ≤ n), and write its outputs for `merge`.
        #[arg(long)]
        shard: Option<reproduce::Shard>,
        /// Keep the job outputs already in `--out/shards/` (from a run that was stopped) and run only the missing
        /// jobs: the same result, as jobs are deterministic, provided the code has not changed since they ran.
        #[arg(long)]
        resume: bool,
        /// The folder for the JSON files and figures.
        #[arg(long, default_value = "results")]
        out: std::path::PathBuf,
        /// Where RESULTS.md is written (figures are linked relative to it).
        #[arg(long, default_value = "RESULTS.md")]
        results: std::path::PathBuf,
        /// Criterion's output folder, read by `costs` for each rule's throughput (`cargo xtask bench`).
        #[arg(long, default_value = "target/criterion")]
        criterion: std::path::PathBuf,
    },
}

/// Every flag defaults to the task's preset for the rule (see `Config::preset_for`); `--task` defaults to xor.
#[derive(clap::Args, Clone, Debug)]
struct TrainArgs {
    /// The run's settings, one flag per setting of the core's table (`plasticity::config::settings`).
    #[command(flatten)]
    settings: Settings,
    /// Mini-batches to train.
    #[arg(long, default_value_t = 2000)]
    steps: u32,
    /// Steps between reports.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    every: u32,
    /// A folder to write the run's measurements (CSV and JSON) and final weights and feedback matrices (JSON).
    #[arg(long)]
    save: Option<std::path::PathBuf>,
    /// A file holding a rule written in the rule language (as `--expr` takes it).
    #[arg(long, value_name = "FILE", conflicts_with = "expr")]
    expr_file: Option<std::path::PathBuf>,
}

/// A run's settings from the command line: a flag per setting of the core's table — its URL key (`--finit`) and
/// its longer name where it has one (`--feedback-init`) — gathered into a link's query and read by the same code as
/// the page's links, except that what the page would replace (with a message) is refused here.
#[derive(Clone, Debug, Default)]
struct Settings(Vec<(&'static str, String)>);

impl clap::FromArgMatches for Settings {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(Settings(SETTINGS.iter().filter_map(|s| m.get_one::<String>(s.key).map(|v| (s.key, v.clone()))).collect()))
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for Settings {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        SETTINGS.iter().fold(cmd, |cmd, s| {
            let mut arg = clap::Arg::new(s.key).long(s.key).help(s.help);
            if let Some(alias) = s.alias {
                arg = arg.visible_alias(alias);
            }
            arg = match s.values {
                // A written rule (`--rule custom`, or just `--expr`) is a rule too.
                Values::Name(names) if s.key == "rule" => {
                    arg.value_parser(clap::builder::PossibleValuesParser::new([names(), vec!["custom"]].concat()))
                }
                Values::Name(names) => arg.value_parser(clap::builder::PossibleValuesParser::new(names())),
                Values::Text => arg.value_name("TEXT"),
                // `--pts -1.5,2,0`: a first point left of the axis is a value, not a flag.
                Values::Points { .. } => arg.value_name("X,Y,CLASS;…").allow_hyphen_values(true),
                Values::Switch => arg.num_args(0..=1).default_missing_value("1"),
                Values::Layers => arg.value_name("SIZES"),
                Values::Names(_) => arg.value_name("NAMES"),
                Values::Integer { .. } | Values::Number { .. } => arg.value_name("NUMBER"),
            };
            cmd.arg(arg)
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl TrainArgs {
    /// The run the flags describe, or the messages that say what cannot be used.
    fn config(&self) -> Result<Config, Vec<String>> {
        // Escaped as a link's values are, so that a value cannot end its pair or start another.
        let escape = |v: &str| {
            v.replace('%', "%25").replace('&', "%26").replace('=', "%3D").replace('+', "%2B").replace('#', "%23")
        };
        let mut settings = self.settings.0.clone();
        if let Some(path) = &self.expr_file {
            let text =
                std::fs::read_to_string(path).map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
            settings.push(("expr", text));
        }
        // A written rule runs when one is given and no other rule is named.
        if settings.iter().any(|(k, _)| *k == "expr") && !settings.iter().any(|(k, _)| *k == "rule") {
            settings.insert(0, ("rule", "custom".into()));
        }
        // The text goes last: its kind (supervised or not) is read once the rule is known.
        settings.sort_by_key(|(k, _)| *k == "expr");
        let query: Vec<String> = settings.iter().map(|(k, v)| format!("{k}={}", escape(v))).collect();
        let (config, problems) = Config::from_query(&query.join("&"));
        if problems.is_empty() {
            Ok(config)
        } else {
            // The reader's "; using …" is what a link does; the command line refuses the value instead.
            Err(problems
                .iter()
                .map(|e| format!("invalid setting {}", e.to_string().split(';').next().unwrap_or("")))
                .collect())
        }
    }
}

/// One report line: the measurement at a step, as JSON.
#[derive(serde::Serialize)]
struct Report<'a> {
    /// Under `compare`: the run's entry in the list, and its label for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    step: u64,
    samples: u64,
    train_loss: f64,
    test_loss: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    train_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nse: Option<f64>,
    layers: Vec<LayerReport>,
}

/// One layer of a report (`layer` counts from 0, the first hidden layer, as in the core).
#[derive(serde::Serialize)]
struct LayerReport {
    layer: usize,
    units: usize,
    output: bool,
    update_angle_deg: Option<f64>,
    feedback_angle_deg: Option<f64>,
    error_norm: f64,
}

/// One run being trained: its entry and label in a comparison, its trainer, and its measurements so far.
struct Run {
    name: Option<(String, String)>,
    trainer: Trainer,
    history: History,
    diverged: bool,
}

/// The most reports a run keeps for `--save`: every one up to this many, then evenly thinned (a History halves
/// its points when full). Without a cap, `--steps 4000000000 --every 1` would ask for billions up front.
const MAX_KEPT_REPORTS: usize = 100_000;

impl Run {
    fn new(name: Option<(String, String)>, trainer: Trainer, args: &TrainArgs) -> Run {
        let reports = (args.steps / args.every) as usize + 3;
        Run { name, trainer, history: History::new(reports.min(MAX_KEPT_REPORTS)), diverged: false }
    }

    /// Measures the run, records the measurement and prints it as one JSON line.
    fn report(&mut self) {
        let d = self.trainer.diagnostics();
        self.history.record(&d);
        let layers = d
            .layers
            .iter()
            .enumerate()
            .map(|(layer, l)| LayerReport {
                layer,
                units: l.units,
                output: l.is_output,
                update_angle_deg: l.update_angle_deg,
                feedback_angle_deg: l.feedback_angle_deg,
                error_norm: l.error_norm,
            })
            .collect();
        let report = Report {
            run: self.name.as_ref().map(|n| n.0.as_str()),
            label: self.name.as_ref().map(|n| n.1.as_str()),
            step: d.step,
            samples: d.samples,
            train_loss: d.train_loss,
            test_loss: d.test_loss,
            train_accuracy: d.test_accuracy.and(d.train_accuracy),
            test_accuracy: d.test_accuracy,
            nse: d.nse,
            layers,
        };
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    }

    /// Writes `history.csv`, `history.json` and `weights.json` into `dir`.
    fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        use plasticity_charts::export;
        std::fs::create_dir_all(dir)?;
        let layers = self.trainer.network().depth();
        std::fs::write(dir.join("history.csv"), export::history_csv(&self.history, layers))?;
        let json = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
        std::fs::write(dir.join("history.json"), json(&export::history_json(&self.history, layers)))?;
        std::fs::write(dir.join("weights.json"), json(&export::weights_json(&self.trainer)))
    }
}

/// The run `train` asks for, or the messages that say why it cannot be built.
fn train_setup(args: &TrainArgs) -> Result<Vec<Run>, Vec<String>> {
    let config = args.config()?;
    match Trainer::new(config) {
        Ok(t) => Ok(vec![Run::new(None, t, args)]),
        Err(e) => Err(vec![format!("invalid setting {e}")]),
    }
}

/// The runs `compare` asks for, or the messages that say why they cannot be built.
fn compare_setup(list: &str, args: &TrainArgs) -> Result<Vec<Run>, Vec<String>> {
    let base = args.config()?;
    let (runs, errors) = plasticity::config::compare::parse(&base, list);
    let mut errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    if runs.len() < 2 {
        errors.push(format!("compare needs 2 to 4 runs that can learn the task (got {})", runs.len()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    runs.into_iter()
        .map(|r| match Trainer::new(r.config) {
            Ok(t) => Ok(Run::new(Some((r.spec, r.label)), t, args)),
            Err(e) => Err(vec![format!("invalid setting {e}")]),
        })
        .collect()
}

/// Trains the runs a setup built, or prints its messages and exits with code 2.
fn train_or_explain(setup: Result<Vec<Run>, Vec<String>>, args: &TrainArgs) -> ExitCode {
    match setup {
        Ok(runs) => train_runs(runs, args),
        Err(messages) => {
            messages.iter().for_each(|m| eprintln!("error: {m}"));
            ExitCode::from(2)
        }
    }
}

/// Trains `runs` in lockstep, reporting each every `--every` steps; a run that diverges stops, the others go on.
fn train_runs(mut runs: Vec<Run>, args: &TrainArgs) -> ExitCode {
    for run in &mut runs {
        eprintln!("# lab URL hash: #{}", run.trainer.config().to_query());
        run.report();
    }
    let mut done = 0;
    while done < args.steps && runs.iter().any(|r| !r.diverged) {
        let n = args.every.min(args.steps - done);
        for run in runs.iter_mut().filter(|r| !r.diverged) {
            run.trainer.step(n);
            run.report();
            if let Status::Diverged { step, reason } = run.trainer.status() {
                let who = run.name.as_ref().map_or(String::new(), |n| format!(" {}", n.0));
                eprintln!("error: the run{who} diverged at step {step}: {reason}; try a smaller --lr");
                run.diverged = true;
            }
        }
        done += n;
    }
    if let Some(dir) = &args.save {
        for (k, run) in runs.iter().enumerate() {
            let dir = match &run.name {
                Some((spec, _)) => dir.join(format!("{}-{}", k + 1, spec.replace([':', '='], "-"))),
                None => dir.clone(),
            };
            if let Err(e) = run.save(&dir) {
                eprintln!("error: cannot write {}: {e}", dir.display());
                return ExitCode::from(1);
            }
            eprintln!("# saved {}", dir.display());
        }
    }
    if runs.iter().any(|r| r.diverged) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_reproduction(
    name: &str,
    shard: Option<reproduce::Shard>,
    resume: bool,
    out: &std::path::Path,
    results: &std::path::Path,
    criterion: &std::path::Path,
) -> std::io::Result<()> {
    let _ = reproduce::costs_from(criterion);
    match name {
        "markdown" => {
            reproduce::markdown::write(results, out)?;
            eprintln!("# wrote {} from the results in {}", results.display(), out.display());
            Ok(())
        }
        "merge" => {
            reproduce::merge(out, results)?;
            eprintln!("# wrote {} and the figures in {}", results.display(), out.display());
            Ok(())
        }
        _ => reproduce::reproduce(name, shard, resume, out, results),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Train(args) => train_or_explain(train_setup(args), args),
        Command::Compare { rules, train: args } => train_or_explain(compare_setup(rules, args), args),
        Command::Rules { expr: false } => {
            RuleKind::ALL.iter().for_each(|r| println!("{:<20} {}", r.name(), r.title()));
            ExitCode::SUCCESS
        }
        Command::Rules { expr: true } => {
            for (name, text) in plasticity::rules::language::EXPRESSIONS {
                println!("{name}\t{}", text.trim_end().replace('\n', "; "));
            }
            ExitCode::SUCCESS
        }
        Command::Tasks => {
            TaskKind::ALL.iter().for_each(|t| println!("{:<12} {}", t.name(), t.title()));
            ExitCode::SUCCESS
        }
        Command::Reproduce { name, shard, resume, out, results, criterion } => {
            match run_reproduction(name, *shard, *resume, out, results, criterion) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

#[cfg(test)]
mod fuzz;
