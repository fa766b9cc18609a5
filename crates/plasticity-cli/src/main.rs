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
use plasticity::{Activation, Config, Feature, Init, Loss, RuleKind, Status, Surrogate, TaskKind, Trainer};
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
    /// Lists the learning rules.
    Rules,
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
        /// The folder for the JSON files and figures.
        #[arg(long, default_value = "results")]
        out: std::path::PathBuf,
        /// Where RESULTS.md is written (figures are linked relative to it).
        #[arg(long, default_value = "RESULTS.md")]
        results: std::path::PathBuf,
        /// Criterion's output folder, read by `costs` for each rule's throughput (`cargo bench -p plasticity-cli`).
        #[arg(long, default_value = "target/criterion")]
        criterion: std::path::PathBuf,
    },
}

/// Every flag but `--task` defaults to the task's preset for the rule (see `Config::preset_for`).
#[derive(clap::Args)]
struct TrainArgs {
    /// The task (see `plasticity tasks`).
    #[arg(long, value_parser = named(TaskKind::from_name, TaskKind::ALL.iter().map(|x| x.name()).collect()))]
    task: TaskKind,
    /// The learning rule (see `plasticity rules`).
    #[arg(long, value_parser = named(RuleKind::from_name, RuleKind::ALL.iter().map(|x| x.name()).collect()))]
    rule: Option<RuleKind>,
    /// Hidden layer sizes, input side first: `20`, `64,32`, or `none`.
    #[arg(long, value_parser = hidden)]
    hidden: Option<Layers>,
    /// Hidden activation.
    #[arg(long, value_parser = named(Activation::from_name, Activation::ALL.iter().map(|x| x.name()).collect()))]
    activation: Option<Activation>,
    /// The surrogate derivative of a spiking hidden layer (`--activation spike`): none (the true derivative,
    /// zero), fast-sigmoid or straight-through.
    #[arg(long, value_parser = named(Surrogate::from_name, Surrogate::ALL.iter().map(|x| x.name()).collect()))]
    surrogate: Option<Surrogate>,
    /// Mini-batches by which the hidden layers' error signals arrive late (0 to 50).
    #[arg(long)]
    delay: Option<u32>,
    /// Output activation.
    #[arg(long, value_parser = named(Activation::from_name, Activation::ALL.iter().map(|x| x.name()).collect()))]
    output: Option<Activation>,
    /// Loss: `mse` (squared error) or `xent` (softmax cross-entropy).
    #[arg(long, value_parser = named(Loss::from_name, Loss::ALL.iter().map(|x| x.name()).collect()))]
    loss: Option<Loss>,
    /// Forward weight initialisation.
    #[arg(long, value_parser = named(Init::from_name, Init::ALL.iter().map(|x| x.name()).collect()))]
    init: Option<Init>,
    /// Feedback weight initialisation (rules with feedback weights).
    #[arg(long, value_parser = named(Init::from_name, Init::ALL.iter().map(|x| x.name()).collect()))]
    feedback_init: Option<Init>,
    /// Learning rate η.
    #[arg(long)]
    lr: Option<f64>,
    /// Examples per mini-batch.
    #[arg(long)]
    batch: Option<usize>,
    /// Label noise of the 2-D tasks, 0 to 50.
    #[arg(long)]
    noise: Option<u32>,
    /// Share of a 2-D task's points used for training, 10 to 90 per cent.
    #[arg(long)]
    train_percent: Option<u32>,
    /// Input features of the 2-D tasks, comma-separated (x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2).
    #[arg(long, value_delimiter = ',', value_parser = named(Feature::from_name, Feature::ALL.iter().map(|x| x.name()).collect()))]
    features: Option<Vec<Feature>>,
    /// The reward-only variant of a classification task: the learner is told only whether its sampled answer
    /// was right (node perturbation as REINFORCE, softmax output)
    #[arg(long)]
    reward: bool,
    /// Mini-batches to train.
    #[arg(long, default_value_t = 2000)]
    steps: u32,
    /// The seed of every random draw.
    #[arg(long)]
    seed: Option<u32>,
    /// Steps between reports.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    every: u32,
    /// A folder to write the run's measurements (CSV and JSON) and final weights and feedback matrices (JSON).
    #[arg(long)]
    save: Option<std::path::PathBuf>,
}

#[derive(Clone)]
struct Layers(Vec<usize>);

/// A clap value parser for a named enum, listing the choices when the name is unknown.
fn named<T: Clone + Send + Sync + 'static>(
    parse: fn(&str) -> Option<T>,
    names: Vec<&'static str>,
) -> impl Fn(&str) -> Result<T, String> + Clone {
    move |s| parse(s).ok_or_else(|| format!("unknown value '{s}' (choose from {})", names.join(", ")))
}

fn hidden(s: &str) -> Result<Layers, String> {
    if s == "none" || s.is_empty() {
        return Ok(Layers(Vec::new()));
    }
    s.split(',')
        .map(|n| n.trim().parse::<usize>().map_err(|_| format!("'{s}' is not a list of layer sizes such as 64,32")))
        .collect::<Result<_, _>>()
        .map(Layers)
}

impl TrainArgs {
    fn config(&self) -> Config {
        let mut c = match self.reward {
            true => Config::reward_preset(self.task),
            false => Config::preset_for(self.task, self.rule.unwrap_or(Config::preset(self.task).rule)),
        };
        c.rule = self.rule.unwrap_or(c.rule);
        c.hidden = self.hidden.clone().map_or(c.hidden, |h| h.0);
        c.activation = match (self.activation.unwrap_or(c.activation), self.surrogate) {
            (Activation::Spike(_), Some(s)) => Activation::Spike(s),
            (a, _) => a,
        };
        c.delay = self.delay.unwrap_or(c.delay);
        c.output = self.output.unwrap_or(c.output);
        c.loss = self.loss.unwrap_or(c.loss);
        c.init = self.init.unwrap_or(c.init);
        c.feedback_init = self.feedback_init.unwrap_or(c.feedback_init);
        c.learning_rate = self.lr.unwrap_or(c.learning_rate);
        c.batch_size = self.batch.unwrap_or(c.batch_size);
        c.noise = self.noise.unwrap_or(c.noise);
        c.train_percent = self.train_percent.unwrap_or(c.train_percent);
        c.features = self.features.clone().unwrap_or(c.features);
        c.seed = self.seed.unwrap_or(c.seed);
        c
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
    let config = args.config();
    if args.surrogate.is_some() && config.activation.surrogate().is_none() {
        return Err(vec!["invalid setting surrogate: a surrogate derivative is for --activation spike".into()]);
    }
    match Trainer::new(config) {
        Ok(t) => Ok(vec![Run::new(None, t, args)]),
        Err(e) => Err(vec![format!("invalid setting {e}")]),
    }
}

/// The runs `compare` asks for, or the messages that say why they cannot be built.
fn compare_setup(list: &str, args: &TrainArgs) -> Result<Vec<Run>, Vec<String>> {
    let base = args.config();
    if let Err(e) = base.validate() {
        return Err(vec![format!("invalid setting {e}")]);
    }
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
        _ => reproduce::reproduce(name, shard, out, results),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Train(args) => train_or_explain(train_setup(args), args),
        Command::Compare { rules, train: args } => train_or_explain(compare_setup(rules, args), args),
        Command::Rules => {
            RuleKind::ALL.iter().for_each(|r| println!("{:<20} {}", r.name(), r.title()));
            ExitCode::SUCCESS
        }
        Command::Tasks => {
            TaskKind::ALL.iter().for_each(|t| println!("{:<12} {}", t.name(), t.title()));
            ExitCode::SUCCESS
        }
        Command::Reproduce { name, shard, out, results, criterion } => {
            match run_reproduction(name, *shard, out, results, criterion) {
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
