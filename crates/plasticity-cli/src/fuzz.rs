//! Fuzzing the command line: valid invocations of every subcommand mutated at random — arguments deleted,
//! inserted, swapped, repeated and garbled, flags and values from a dictionary of the awkward (NaN, 1e309, −1,
//! 2³², empty, unicode, `--flag=value`, a lone `--`) — from the lab's seeded generator, so a failure names the
//! case that reproduces it. Every command line must end as runs that build (`train`, `compare`), another valid
//! command, or a message (clap's, or the setup's): never a panic. One case in 500 also trains its runs a step.
//!
//! The same tool as the URL fuzzer (`crates/plasticity/tests/fuzz.rs`, which says why): `cargo xtask test` runs
//! 10⁵ cases, `cargo xtask fuzz` 10⁶ (`PLASTICITY_FUZZ_CASES`).

use super::{Cli, Command, compare_setup, train_setup};
use clap::Parser;
use plasticity::random::{Rng, Stream};
use plasticity::{RuleKind, TaskKind};

const FLAGS: &[&str] = &[
    "--task",
    "--rule",
    "--rules",
    "--hidden",
    "--activation",
    "--surrogate",
    "--delay",
    "--output",
    "--loss",
    "--init",
    "--feedback-init",
    "--lr",
    "--batch",
    "--noise",
    "--train-percent",
    "--features",
    "--reward",
    "--pts",
    "--points",
    "--steps",
    "--seed",
    "--every",
    "--out",
    "--results",
    "--criterion",
    "--help",
    "-h",
    "-V",
    "--",
    "-",
    "--lr=0.1",
    "--steps=",
    "--task=xor",
    "--unknown",
];

const VALUES: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "3",
    "64",
    "65",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1e-400",
    "-0",
    "0x10",
    "1,2,3",
    "64,64,64,64,64,64,64",
    ",,",
    "none",
    "spike",
    "softmax",
    "tanh",
    "relu",
    "xent",
    "mse",
    "glorot",
    "small",
    "fast-sigmoid",
    "x1,x2,x1sq",
    "x1,x1",
    "backprop,fa",
    "fa:lr=0.01:delay=5,backprop",
    "fa:lr=nan,dfa:lr=-1",
    "backprop,backprop,backprop,backprop,backprop",
    "é",
    "日本",
    "%00",
    "digits",
    "all",
    "markdown",
    "/nonexistent/dir",
    "1.5,-2,1;3,3,0",
    "-1.5,2,0",
    "7,-9,0;;x",
];

/// A valid command line to start from: a train or compare run on a random task, or another subcommand.
fn seed(rng: &mut Rng) -> Vec<String> {
    let task = rng.pick(TaskKind::ALL).name();
    let rule = rng.pick(RuleKind::ALL).name();
    let line = match rng.index(7) {
        0 | 1 => format!("train --task {task} --rule {rule} --steps 3 --every 1"),
        2 => format!("train --task {task} --hidden 8,4 --lr 0.05 --batch 4 --seed 9 --steps 2"),
        3 => format!("compare --task {task} --rules backprop,{rule} --steps 2"),
        4 => format!("compare --task {task} --rules fa:lr=0.01,{rule}:delay=2,shallow --every 1 --steps 1"),
        5 => format!("train --task {task} --pts -1.5,2,0;4,4,1;6,-6,0 --steps 2"),
        _ => rng.pick(&["rules", "tasks", "reproduce linear", "reproduce markdown --out x"]).to_string(),
    };
    core::iter::once("plasticity").chain(line.split(' ')).map(String::from).collect()
}

/// One random mutation of `argv` (never of the program name).
fn mutate(rng: &mut Rng, argv: &mut Vec<String>) {
    let at = 1 + rng.index(argv.len() as u32) as usize; // 1..=len: an insertion may append
    let some = |rng: &mut Rng, n: usize| 1 + rng.index((n - 1).max(1) as u32) as usize;
    match rng.index(8) {
        0 => {
            let at = at.min(argv.len());
            argv.insert(at, rng.pick(FLAGS).to_string());
        }
        1 => {
            let at = at.min(argv.len());
            argv.insert(at, rng.pick(VALUES).to_string());
            argv.insert(at, rng.pick(FLAGS).to_string());
        }
        2 if argv.len() > 1 => {
            let k = some(rng, argv.len()).min(argv.len() - 1);
            argv[k] = rng.pick(VALUES).to_string();
        }
        3 if argv.len() > 1 => {
            let k = some(rng, argv.len()).min(argv.len() - 1);
            argv.remove(k);
        }
        4 if argv.len() > 2 => {
            let last = argv.len() - 1;
            let (a, b) = (some(rng, argv.len()).min(last), some(rng, argv.len()).min(last));
            argv.swap(a, b);
        }
        5 if argv.len() > 1 => {
            let k = some(rng, argv.len()).min(argv.len() - 1);
            let copy = argv[k].clone();
            argv.push(copy);
        }
        _ if argv.len() > 1 => {
            // Garble one character of one argument.
            let k = some(rng, argv.len()).min(argv.len() - 1);
            let mut chars: Vec<char> = argv[k].chars().collect();
            let junk = ['-', '=', ',', ':', ' ', '.', '9', 'é', '\u{0}', 'x'];
            let c = *rng.pick(&junk);
            let i = rng.index(chars.len().max(1) as u32) as usize;
            match rng.index(3) {
                0 if !chars.is_empty() => {
                    chars.remove(i);
                }
                1 => chars.insert(i.min(chars.len()), c),
                _ if !chars.is_empty() => chars[i] = c,
                _ => {}
            }
            argv[k] = chars.into_iter().collect();
        }
        _ => argv.push(rng.pick(VALUES).to_string()),
    }
}

/// How a command line ends.
#[derive(Debug)]
enum Outcome {
    /// Runs built (and, when `step`, trained one step each).
    Runs,
    /// A valid command that is not a run (rules, tasks, reproduce).
    Other,
    /// Refused, with a message.
    Message,
}

fn outcome(argv: &[String], step: bool) -> Outcome {
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own message (including --help and --version, which it reports through its error type).
            assert!(!e.render().to_string().trim().is_empty(), "clap gave an empty message");
            return Outcome::Message;
        }
    };
    let (setup, args) = match &cli.command {
        Command::Train(args) => (train_setup(args), args),
        Command::Compare { rules, train } => (compare_setup(rules, train), train),
        Command::Rules { .. } | Command::Tasks | Command::Reproduce { .. } => return Outcome::Other,
    };
    match setup {
        Ok(mut runs) => {
            assert!(!runs.is_empty());
            for run in &mut runs {
                assert!(run.trainer.config().validate().is_ok(), "built an invalid run");
                assert!(args.every >= 1);
                if step {
                    run.trainer.step(1);
                    let _ = run.trainer.diagnostics();
                }
            }
            Outcome::Runs
        }
        Err(messages) => {
            assert!(!messages.is_empty() && messages.iter().all(|m| !m.trim().is_empty()), "{messages:?}");
            Outcome::Message
        }
    }
}

fn cases() -> u64 {
    std::env::var("PLASTICITY_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

#[test]
fn every_mutated_command_line_becomes_runs_or_a_message() {
    // Two streams of cases, one per core of the CI machine (26 s in one thread), each from its own seed: a
    // failure names its stream and case, which reproduce it.
    let counts: Vec<[u64; 3]> = std::thread::scope(|scope| {
        let streams: Vec<_> = (0..2u32)
            .map(|k| {
                scope.spawn(move || {
                    let mut rng = Rng::new(2027 + k, Stream::Data);
                    let mut count = [0u64; 3];
                    for case in (k as u64..cases()).step_by(2) {
                        let mut argv = seed(&mut rng);
                        // None to three mutations: a quarter of the lines stay valid, so the runs they build are
                        // tested too.
                        for _ in 0..rng.index(4) {
                            mutate(&mut rng, &mut argv);
                        }
                        let step = case % 500 < 2;
                        match std::panic::catch_unwind(|| outcome(&argv, step)) {
                            Ok(Outcome::Runs) => count[0] += 1,
                            Ok(Outcome::Other) => count[1] += 1,
                            Ok(Outcome::Message) => count[2] += 1,
                            Err(_) => panic!("stream {k}, case {case}: {argv:?} panicked"),
                        }
                    }
                    count
                })
            })
            .collect();
        streams.into_iter().map(|s| s.join().expect("no case panicked")).collect()
    });
    let [runs, other, messages] = [0, 1, 2].map(|i| counts.iter().map(|c| c[i]).sum::<u64>());
    println!("cli fuzz: {} command lines: {runs} built runs, {other} other commands, {messages} messages", cases());
    // The generator must reach every ending, or it is not testing what it claims.
    assert!(runs > cases() / 20 && messages > cases() / 20 && other > 0, "{runs} {other} {messages}");
}
