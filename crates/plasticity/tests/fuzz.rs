//! Fuzzing what people type: URL hashes (`Config::from_query`), a setting changed on the page (`config::changed`)
//! and comparison lists (`config::compare::parse`). Inputs are valid links mutated at random — characters
//! deleted, inserted and replaced, pairs dropped, swapped and repeated, keys and values from a dictionary of the
//! awkward (NaN, 1e309, −1, 2⁶⁴, empty, unicode, percent escapes) — from a seeded generator, so a failure names the
//! case that reproduces it. Every input must end as a valid run (or a list of valid runs) plus messages: no panic,
//! no invalid config; one case in 2,000 is also built and stepped.
//!
//! Stable Rust and no new dependency: the lab's own seeded generator drives it (cargo-fuzz needs nightly, and a
//! coverage-guided fuzzer is not what the readers of a URL need most — it is the combinations of settings).
//! `cargo xtask test` runs 10⁵ cases (this test's default); `cargo xtask fuzz` runs 10⁶ in release mode
//! (`PLASTICITY_FUZZ_CASES`).

use plasticity::config::{changed, compare};
use plasticity::random::{Rng, Stream};
use plasticity::{Config, RuleKind, TaskKind, Trainer};

const KEYS: &[&str] = &[
    "task",
    "rule",
    "hidden",
    "act",
    "surrogate",
    "out",
    "loss",
    "init",
    "finit",
    "lr",
    "batch",
    "noise",
    "train",
    "features",
    "seed",
    "reward",
    "delay",
    "pts",
    "compare",
    "",
    "lr ",
    "LR",
    "task%3D",
    "&",
    "=",
];
const VALUES: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "2",
    "64",
    "65",
    "1000000",
    "18446744073709551616",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1e-400",
    "0.0000001",
    "10",
    "10.5",
    "-0",
    "0x10",
    "1,2,3",
    "64,64,64,64,64,64,64",
    ",,",
    "1,,2",
    "none",
    "spike",
    "softmax",
    "tanh",
    "linear",
    "relu",
    "sigmoid",
    "xent",
    "mse",
    "x1,x2,x1sq",
    "x1,x1",
    "nope",
    "é",
    "日本",
    "%",
    "%zz",
    "%00",
    "%2C",
    "a=b",
    "&&",
    "fast-sigmoid",
    "straight-through",
    "glorot",
    "small",
    "excitatory",
    "1.5,-2,1;3,3,0",
    "-0.07,5.25,1",
    "7,-9,0;;x,1,1",
    "1,1,1;1,1,1;1,1,0",
    "1,1;2",
    "1e309,1,1",
];

/// The valid links the mutations start from: every task's preset with every rule name, and the benchmarks.
fn seeds() -> Vec<String> {
    let mut out: Vec<String> = TaskKind::available().map(|t| Config::preset(t).to_query()).collect();
    out.extend(plasticity::config::benchmarks().into_iter().map(|(_, c)| c.to_query()));
    for r in RuleKind::ALL {
        out.push(format!("task=xor&rule={}", r.name()));
    }
    // Points placed by hand: a few, and more than a run may have.
    out.push("task=gauss&pts=4,4,0;-0.07,5.25,1;6,-6,1".into());
    let many: Vec<String> = (0..230).map(|k| format!("{}.{},{},{}", k % 13 - 6, k % 10, k % 5 - 2, k % 2)).collect();
    out.push(format!("task=spiral&pts={}", many.join(";")));
    out
}

/// One random mutation of `s`.
fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut pairs: Vec<String> = s.split('&').map(String::from).collect();
    match rng.index(9) {
        0 => {
            // Replace a value.
            let k = rng.index(pairs.len() as u32) as usize;
            let key = pairs[k].split('=').next().unwrap_or("").to_string();
            pairs[k] = format!("{key}={}", *rng.pick(VALUES));
        }
        1 => pairs.push(format!("{}={}", *rng.pick(KEYS), *rng.pick(VALUES))),
        2 => {
            let k = rng.index(pairs.len() as u32) as usize;
            pairs.remove(k);
        }
        3 => {
            let (a, b) = (rng.index(pairs.len() as u32) as usize, rng.index(pairs.len() as u32) as usize);
            pairs.swap(a, b);
        }
        4 => {
            let k = rng.index(pairs.len() as u32) as usize;
            let copy = pairs[k].clone();
            pairs.push(copy);
        }
        _ => {
            // Character-level: delete, insert or replace one char.
            let mut chars: Vec<char> = pairs.join("&").chars().collect();
            let at = rng.index(chars.len().max(1) as u32) as usize;
            let junk = ['&', '=', ',', '%', '#', '?', ' ', '-', '.', '9', 'é', '\u{0}', 'x'];
            match rng.index(3) {
                0 if !chars.is_empty() => {
                    chars.remove(at);
                }
                1 => chars.insert(at.min(chars.len()), *rng.pick(&junk)),
                _ if !chars.is_empty() => chars[at] = *rng.pick(&junk),
                _ => {}
            }
            return chars.into_iter().collect();
        }
    }
    pairs.join("&")
}

fn cases() -> u64 {
    std::env::var("PLASTICITY_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

#[test]
fn every_mutated_link_becomes_a_valid_run_or_a_message() {
    let seeds = seeds();
    let mut rng = Rng::new(2026, Stream::Data);
    let (mut messages, mut built) = (0u64, 0u64);
    for case in 0..cases() {
        let mut query = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.index(4) {
            query = mutate(&mut rng, &query);
        }
        let (config, said) = Config::from_query(&query);
        messages += said.len() as u64;
        assert!(config.validate().is_ok(), "case {case}: {query:?} gave an invalid config {config:?}");
        // The config reads back as itself.
        let (again, more) = Config::from_query(&config.to_query());
        assert!(more.is_empty() && again == config, "case {case}: {query:?} does not round-trip: {more:?}");
        // A setting changed on the page.
        let (key, value) = (*rng.pick(KEYS), *rng.pick(VALUES));
        let next = changed(&query, key, value);
        assert!(Config::from_query(&next).0.validate().is_ok(), "case {case}: changed → {next:?}");
        // A comparison list of mutated entries.
        let list: Vec<String> = (0..rng.index(6))
            .map(|_| {
                let rule = rng.pick(RuleKind::ALL).name();
                match rng.index(4) {
                    0 => format!("{rule}:{}={}", *rng.pick(KEYS), *rng.pick(VALUES)),
                    1 => rng.pick(VALUES).to_string(),
                    _ => rule.to_string(),
                }
            })
            .collect();
        let (runs, _) = compare::parse(&config, &list.join(","));
        assert!(runs.len() <= compare::MAX_RUNS);
        for r in &runs {
            assert!(r.config.validate().is_ok(), "case {case}: compare {list:?} gave an invalid run {:?}", r.config);
        }
        // Now and then, the run itself: built and stepped.
        if case % 2000 == 0 {
            let mut t = Trainer::new(Config { batch_size: config.batch_size.min(16), ..config }).unwrap();
            t.step(2);
            let _ = t.diagnostics();
            built += 1;
        }
    }
    println!("fuzz: {} cases, {messages} messages, {built} runs built and stepped, zero panics", cases());
}

/// Pieces of the rule language, for the expression fuzzer to splice in.
const RULE_PIECES: &[&str] = &[
    "delta[l]",
    "delta[l+1]",
    "delta[l+2]",
    "delta[L-1]",
    "h[l]",
    "h[l+1]",
    "h[L]",
    "h[0]",
    "z[l]",
    "W[l]",
    "W[l+1]",
    "W[l-1]",
    "b[l]",
    "B[l]",
    "D[l]",
    "S[l]",
    "x",
    "y",
    "e",
    "lr",
    "batch",
    "kp_decay",
    "outer(",
    "mean(",
    "sign(",
    "abs(",
    "norm(",
    "clamp(",
    "f'(",
    ")",
    "(",
    "'",
    "*",
    ".*",
    "/",
    "+",
    "-",
    ",",
    "=",
    ";",
    "\n",
    "0",
    "1e308",
    "1e-320",
    "-3",
    "2.5",
    "feedback ",
    "after ",
    "random",
    "direct",
    "dW[l] = ",
    "db[l] = ",
    "delta[l] = ",
    "[",
    "]",
    "#",
    " ",
    "é",
    "\u{0}",
    "ᵀ",
    "⊙",
    "NaN",
];

/// One random mutation of a rule's text: a character or a piece deleted, inserted or replaced, or lines swapped.
fn mutate_rule(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let at = rng.index(chars.len().max(1) as u32) as usize;
    match rng.index(5) {
        0 if !chars.is_empty() => {
            chars.remove(at);
        }
        1 | 2 => {
            let piece: Vec<char> = rng.pick(RULE_PIECES).chars().collect();
            let at = at.min(chars.len());
            chars.splice(at..at, piece);
        }
        3 if !chars.is_empty() => {
            let end = (at + 1 + rng.index(6) as usize).min(chars.len());
            let piece: Vec<char> = rng.pick(RULE_PIECES).chars().collect();
            chars.splice(at..end, piece);
        }
        _ => {
            let mut lines: Vec<&str> = s.lines().collect();
            if lines.len() > 1 {
                let (a, b) = (rng.index(lines.len() as u32) as usize, rng.index(lines.len() as u32) as usize);
                lines.swap(a, b);
            }
            return lines.join("\n");
        }
    }
    chars.into_iter().collect()
}

/// Every mutated rule text ends as a run, a message (with its place) or a divergence the trainer reports: never a
/// panic. A case in 40 that compiles is also trained, on a random network.
#[test]
fn every_mutated_rule_becomes_a_run_or_a_message() {
    use plasticity::rules::language::{EXPRESSIONS, compile, parse};
    let mut rng = Rng::new(2027, Stream::Data);
    let (mut refused, mut accepted, mut trained, mut diverged) = (0u64, 0u64, 0u64, 0u64);
    let tasks = [TaskKind::XOR, TaskKind::LINEAR, TaskKind::CLOUD];
    for case in 0..cases() {
        let mut text = rng.pick(EXPRESSIONS).1.to_string();
        for _ in 0..1 + rng.index(4) {
            text = mutate_rule(&mut rng, &text);
        }
        let hidden: Vec<usize> = (0..rng.index(4)).map(|_| 1 + rng.index(6) as usize).collect();
        let sizes: Vec<usize> = [vec![2], hidden.clone(), vec![1 + rng.index(3) as usize]].concat();
        match parse(&text).and_then(|s| compile(&s, &sizes)) {
            Err(e) => {
                assert!(e.at.line >= 1 && e.at.col >= 1 && !e.message.is_empty(), "case {case}: {text:?} → {e:?}");
                refused += 1;
            }
            Ok(_) => accepted += 1,
        }
        // Through a link, as the page and the CLI read it: a valid run whatever the text.
        let Ok(kind) = RuleKind::custom(&text) else { continue };
        let task = *rng.pick(&tasks);
        let config = Config { rule: kind, expr: text.clone(), hidden, ..Config::preset_for(task, kind) };
        let (config, _) = Config::from_query(&config.to_query());
        assert!(config.validate().is_ok(), "case {case}: {text:?}");
        if config.rule.is_custom() && case % 40 == 0 {
            let mut t = Trainer::new(config).unwrap();
            t.step(5);
            let _ = t.diagnostics();
            diverged += u64::from(matches!(t.status(), plasticity::Status::Diverged { .. }));
            trained += 1;
        }
    }
    println!(
        "rule fuzz: {} cases, {refused} refused with a message, {accepted} accepted, {trained} trained ({diverged} \
         diverged), zero panics",
        cases()
    );
    assert!(refused > 0 && accepted > 0 && trained > 0);
}
