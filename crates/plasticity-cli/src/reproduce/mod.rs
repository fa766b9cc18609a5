//! `plasticity reproduce`: the experiments behind RESULTS.md, one file each. An [`Experiment`] is a list of
//! independent jobs (a rule's whole protocol on one data set, one network of a sweep, one seed), a function that runs
//! one job, one that assembles the jobs' outputs into the experiment's typed result (written as JSON beside its SVG
//! figures), and one that renders its section of RESULTS.md from that result. [`EXPERIMENTS`] lists them in the
//! order RESULTS.md shows them: adding one is a file and a line there.
//!
//! Jobs are deterministic, so they may run anywhere: on every core here (rayon), or split into shards
//! (`--shard i/n` runs every n-th job and writes its outputs to `shards/`) that a cluster's scheduler spreads over
//! machines, and `reproduce merge` assembles. The outputs pass through the same JSON either way, and floats
//! round-trip exactly, so RESULTS.md is byte for byte the same however the work was split.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use plasticity::{Config, Diagnostics, Trainer};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod alignment;
mod costs;
mod delay;
mod digits;
mod ep;
mod feedback_learning;
mod gain_field;
mod hebbian;
mod lenient;
mod linear;
mod ltp;
pub mod markdown;
mod prism;
mod slowdown;
mod spikes;
pub mod stats;
mod walk;

/// The experiments, in the order RESULTS.md shows them.
pub static EXPERIMENTS: &[&Experiment] = &[
    &linear::EXPERIMENT,
    &slowdown::EXPERIMENT,
    &ep::EXPERIMENT,
    &digits::EXPERIMENT,
    &costs::EXPERIMENT,
    &alignment::EXPERIMENT,
    &feedback_learning::EXPERIMENT,
    &hebbian::EXPERIMENT,
    &prism::EXPERIMENT,
    &walk::EXPERIMENT,
    &ltp::EXPERIMENT,
    &spikes::EXPERIMENT,
    &delay::EXPERIMENT,
    &gain_field::EXPERIMENT,
];

/// One experiment behind RESULTS.md (see the module's documentation).
pub struct Experiment {
    /// Its name on the command line and its JSON file's (`results/NAME.json`).
    pub name: &'static str,
    /// Its independent jobs, by name, in a fixed order.
    pub jobs: fn() -> Vec<String>,
    /// Runs one job, returning its output.
    pub run: fn(&str) -> Value,
    /// The experiment's result from every job's output, its figures drawn into the folder given.
    pub assemble: fn(&Parts, &Path) -> IoResult<Value>,
    /// Its section of RESULTS.md from its result and, for sections that read another experiment's, every result;
    /// figures are linked from the folder given.
    pub section: fn(&Value, &Results, &str) -> Result<String, serde_json::Error>,
}

/// Each job's output, by job name.
pub type Parts = BTreeMap<String, Value>;
/// Each experiment's result, by experiment name.
pub type Results = BTreeMap<String, Value>;

/// A curve: `(x, y)` points.
pub type Series = Vec<(f64, f64)>;

type IoResult<T> = std::io::Result<T>;

/// The experiment called `name`.
pub fn experiment(name: &str) -> Option<&'static Experiment> {
    EXPERIMENTS.iter().copied().find(|e| e.name == name)
}

/// One job's output from its typed value.
fn output<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("results serialise")
}

/// A typed value from a job's or an experiment's output (a float that was not finite, written as `null`, reads as
/// NaN: see [`lenient`]).
fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    lenient::read(value)
}

/// A typed job output from `parts`, or an error naming the job.
fn part<T: DeserializeOwned>(parts: &Parts, job: &str) -> IoResult<T> {
    let value = parts.get(job).ok_or_else(|| std::io::Error::other(format!("job {job} is missing")))?;
    typed(value).map_err(|e| std::io::Error::other(format!("job {job}: {e}")))
}

/// Results per rule, in the order they ran; written to JSON as an object keyed by the rule's name.
#[derive(Clone, Debug, PartialEq)]
pub struct ByRule<T>(pub Vec<(String, T)>);

impl<T> ByRule<T> {
    /// The result for `rule`.
    pub fn get(&self, rule: &str) -> Option<&T> {
        self.0.iter().find(|(name, _)| name == rule).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for ByRule<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ByRule<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = ByRule<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by rule name")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ByRule<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(ByRule(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// Writes `value` as pretty JSON to `out/name.json`.
fn write_json<T: Serialize>(out: &Path, name: &str, value: &T) -> IoResult<()> {
    std::fs::write(out.join(format!("{name}.json")), serde_json::to_string_pretty(value)?)
}

/// Reads `path` as JSON (leniently: see [`lenient`]).
fn read_path<T: DeserializeOwned>(path: &Path) -> IoResult<T> {
    let text =
        std::fs::read_to_string(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?;
    typed(&value).map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))
}

/// Diagnostics every `every` steps from step 0 to `steps`.
pub fn trace(config: Config, steps: u32, every: u32) -> Vec<Diagnostics> {
    let mut t = Trainer::new(config).expect("reproduction configs are valid");
    let mut out = vec![t.diagnostics()];
    let mut done = 0;
    while done < steps {
        done += t.step(every.min(steps - done)).max(1);
        out.push(t.diagnostics());
    }
    out
}

/// A network's widths, `64–32–10`.
fn widths(config: &Config) -> String {
    config.layer_sizes().iter().map(|n| n.to_string()).collect::<Vec<_>>().join("–")
}

/// A shard of the jobs: the `index`-th (from 1) of `count`, which runs every job whose place in the list of
/// selected jobs is `index − 1` modulo `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// From 1 to `count`.
    pub index: usize,
    /// How many shards the work is split into.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// `i/n`, with 1 ≤ i ≤ n.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a shard: write i/n, e.g. 2/8 (the second of eight), with 1 ≤ i ≤ n");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) =
            (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// Every job of `experiments` (in registry order), the shard's share of them if one is given.
fn selected(experiments: &[&'static Experiment], shard: Option<Shard>) -> Vec<(&'static Experiment, String)> {
    let all: Vec<(&'static Experiment, String)> =
        experiments.iter().flat_map(|e| (e.jobs)().into_iter().map(move |j| (*e, j))).collect();
    match shard {
        None => all,
        Some(s) => all.into_iter().enumerate().filter(|(k, _)| k % s.count == s.index - 1).map(|(_, j)| j).collect(),
    }
}

/// Runs `jobs` on every core; each job's output, grouped by experiment. Each output is written, as soon as its job
/// ends, to `store/EXPERIMENT/JOB.json` (a slash in a job's name written `~`), where `merge` finds it: a long
/// reproduction that fails later, or is stopped, loses no finished job. Each output goes through that JSON text, so
/// the numbers are the same bits whichever way they came. With `resume`, a job whose output is already there (from
/// a run that was stopped) is read back instead of run again.
fn run_jobs(
    jobs: &[(&'static Experiment, String)],
    store: &Path,
    resume: bool,
) -> IoResult<BTreeMap<&'static str, Parts>> {
    let outputs: Vec<Value> = jobs
        .par_iter()
        .map(|(e, job)| {
            let kept = store.join(e.name).join(format!("{}.json", job.replace('/', "~")));
            if resume && kept.exists() {
                // A file cut short by the stop being recovered from does not parse: that job runs again.
                match read_path(&kept) {
                    Ok(value) => {
                        eprintln!("# {}/{job}: kept from an earlier run", e.name);
                        return Ok(value);
                    }
                    Err(why) => {
                        eprintln!("# {}/{job}: the kept output is unreadable ({why}); running it again", e.name)
                    }
                }
            }
            let start = Instant::now();
            let value = (e.run)(job);
            eprintln!("# {}/{job}: {:.1} s", e.name, start.elapsed().as_secs_f64());
            let text = serde_json::to_string(&value)?;
            let dir = store.join(e.name);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(format!("{}.json", job.replace('/', "~"))), &text)?;
            Ok(serde_json::from_str(&text)?)
        })
        .collect::<IoResult<_>>()?;
    let mut grouped: BTreeMap<&'static str, Parts> = BTreeMap::new();
    for ((e, job), value) in jobs.iter().zip(outputs) {
        grouped.entry(e.name).or_default().insert(job.clone(), value);
    }
    Ok(grouped)
}

/// What an experiment with missing jobs says.
const NOT_RUN: &str = "jobs not run yet";

/// Assembles `experiment` from `parts` into `out`: its result as `NAME.json` and its figures.
fn assemble(experiment: &Experiment, parts: &Parts, out: &Path) -> IoResult<Value> {
    let missing: Vec<String> = (experiment.jobs)().into_iter().filter(|j| !parts.contains_key(j)).collect();
    if !missing.is_empty() {
        return Err(std::io::Error::other(format!(
            "{}: {NOT_RUN}: {} (run every shard, then merge)",
            experiment.name,
            missing.join(", ")
        )));
    }
    let value = (experiment.assemble)(parts, out)?;
    write_json(out, experiment.name, &value)?;
    Ok(value)
}

/// The folder every job's output is written to as it ends, and merged from.
fn shards(out: &Path) -> PathBuf {
    out.join("shards")
}

/// Runs the experiments named (`all` for every one) into `out`; every job's output is kept in `out/shards/` as it
/// ends. With a shard, runs its share of their jobs and stops there, for `merge`; without, assembles each
/// experiment and, for `all`, writes RESULTS.md at `results`. If assembling fails, the finished jobs are still in
/// `out/shards/`, and `merge` assembles them once the fault is fixed, with nothing run again.
/// With `resume`, job outputs already in `out/shards/` are kept and only the missing jobs run (the same result, as
/// jobs are deterministic, provided the code has not changed since they ran).
pub fn reproduce(name: &str, shard: Option<Shard>, resume: bool, out: &Path, results: &Path) -> IoResult<()> {
    std::fs::create_dir_all(out)?;
    let chosen: Vec<&'static Experiment> = match name {
        "all" => EXPERIMENTS.to_vec(),
        _ => vec![experiment(name).ok_or_else(|| std::io::Error::other(unknown(name)))?],
    };
    let jobs = selected(&chosen, shard);
    let outputs = run_jobs(&jobs, &shards(out), resume)?;
    if shard.is_some() {
        eprintln!("# the shard's outputs are in {}", shards(out).display());
        return Ok(());
    }
    for experiment in &chosen {
        assemble(experiment, &outputs.get(experiment.name).cloned().unwrap_or_default(), out).map_err(|e| {
            std::io::Error::other(format!(
                "{e}\n(every job's output is kept in {}: once this is fixed, `reproduce merge` assembles them \
                 without running anything again)",
                shards(out).display()
            ))
        })?;
        eprintln!("# {} -> {}", experiment.name, out.display());
    }
    if name == "all" { markdown::write(results, out) } else { Ok(()) }
}

/// Every job output kept in `dir` (`EXPERIMENT/JOB.json`), by experiment.
fn stored(dir: &Path) -> IoResult<BTreeMap<String, Parts>> {
    let listed = |d: &Path| -> IoResult<Vec<PathBuf>> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e} (run the jobs first)", d.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        Ok(paths)
    };
    let mut parts: BTreeMap<String, Parts> = BTreeMap::new();
    for folder in listed(dir)?.into_iter().filter(|p| p.is_dir()) {
        let experiment = folder.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        for file in listed(&folder)?.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
            let job = file.file_stem().and_then(|n| n.to_str()).unwrap_or("").replace('~', "/");
            let value: Value = read_path(&file)?;
            parts.entry(experiment.clone()).or_default().insert(job, value);
        }
    }
    Ok(parts)
}

/// Assembles every experiment from the job outputs in `out/shards/` and writes RESULTS.md at `results`. An
/// experiment some of whose jobs have not run yet is left as it was, and named with them; the others are assembled
/// anyway (a reproduction still running, or a shard still queued, can be looked at), and RESULTS.md is written only
/// when every experiment is complete.
pub fn merge(out: &Path, results: &Path) -> IoResult<()> {
    let parts = stored(&shards(out))?;
    let mut incomplete = Vec::new();
    for experiment in EXPERIMENTS {
        match assemble(experiment, parts.get(experiment.name).unwrap_or(&Parts::new()), out) {
            Ok(_) => eprintln!("# {} -> {}", experiment.name, out.display()),
            Err(e) if e.to_string().contains(NOT_RUN) => incomplete.push(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    if incomplete.is_empty() {
        markdown::write(results, out)
    } else {
        Err(std::io::Error::other(format!("RESULTS.md is not written yet: {}", incomplete.join("; "))))
    }
}

/// The message for an experiment name that is not one.
fn unknown(name: &str) -> String {
    let names: Vec<&str> = EXPERIMENTS.iter().map(|e| e.name).collect();
    format!("no experiment called '{name}' (choose from {}, all, merge or markdown)", names.join(", "))
}

/// Where the `costs` experiment reads criterion's results (set once, from `--criterion`).
pub fn costs_from(dir: &Path) -> Result<(), PathBuf> {
    costs::CRITERION.set(dir.to_path_buf())
}

/// The names `reproduce` accepts.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = EXPERIMENTS.iter().map(|e| e.name).collect();
    names.extend(["all", "merge", "markdown"]);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproduction split into shards and merged gives the same result, figure and RESULTS.md section, byte for
    /// byte, as one run of every job: shown on the Hebbian experiment (a job per rule) split in two.
    #[test]
    fn a_sharded_experiment_merges_to_the_same_bytes() {
        let e = experiment("hebbian").expect("registered");
        let dir = std::env::temp_dir().join(format!("plasticity-shards-{}", std::process::id()));
        let (whole, split) = (dir.join("whole"), dir.join("split"));
        for d in [&whole, &split] {
            std::fs::create_dir_all(d).unwrap();
        }
        let all = run_jobs(&selected(&[e], None), &shards(&whole), false).unwrap();
        let one = assemble(e, &all[e.name], &whole).unwrap();
        for index in 1..=2 {
            let shard = run_jobs(&selected(&[e], Some(Shard { index, count: 2 })), &shards(&split), false).unwrap();
            assert!(shard.get(e.name).is_some_and(|p| p.len() < all[e.name].len()), "each shard runs part of it");
        }
        // The shards' outputs, read back from their files as `merge` reads them.
        let parts = stored(&shards(&split)).unwrap().remove(e.name).unwrap();
        assert_eq!(parts.len(), all[e.name].len());
        let two = assemble(e, &parts, &split).unwrap();
        let bytes = |d: &Path, f: &str| std::fs::read(d.join(f)).unwrap();
        assert_eq!(bytes(&whole, "hebbian.json"), bytes(&split, "hebbian.json"));
        assert_eq!(bytes(&whole, "hebbian.svg"), bytes(&split, "hebbian.svg"));
        let results = Results::new();
        assert_eq!((e.section)(&one, &results, "results").unwrap(), (e.section)(&two, &results, "results").unwrap());
        // An incomplete merge says what is missing.
        let first =
            run_jobs(&selected(&[e], Some(Shard { index: 1, count: 2 })), &shards(&dir.join("first")), false).unwrap();
        let err = assemble(e, &first[e.name], &split).unwrap_err().to_string();
        assert!(err.contains("jobs not run yet"), "{err}");
        // Resuming that stopped run keeps the first shard's outputs, runs the rest, and ends where the whole did.
        let resumed_dir = dir.join("first");
        let resumed = run_jobs(&selected(&[e], None), &shards(&resumed_dir), true).unwrap();
        assemble(e, &resumed[e.name], &resumed_dir).unwrap();
        assert_eq!(bytes(&whole, "hebbian.json"), bytes(&resumed_dir, "hebbian.json"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn shards_are_read_and_bad_ones_refused() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
