//! Runs side by side as the page holds them (`Comparison`): lockstep, a late run catching up, adding and removing
//! without disturbing the others, the URL read back. Native: no canvas is involved.

#![cfg(not(target_arch = "wasm32"))]

use plasticity_web::Comparison;

fn steps(c: &Comparison) -> Vec<u64> {
    c.labs().map(|l| l.trainer().steps()).collect()
}

fn fingerprints(c: &Comparison) -> Vec<u64> {
    c.labs().map(|l| l.trainer().fingerprint()).collect()
}

#[test]
fn runs_step_in_lockstep_and_a_late_run_catches_up() {
    let mut c = Comparison::from_hash("task=xor&compare=backprop,fa").unwrap();
    assert_eq!(serde_json::from_str::<Vec<String>>(&c.messages()).unwrap(), Vec::<String>::new());
    assert_eq!(c.step(10), 10);
    assert_eq!(steps(&c), [10, 10]);
    let before = fingerprints(&c);
    c.try_add("shallow").unwrap();
    // The others were not reset or stepped by adding.
    assert_eq!(&fingerprints(&c)[..2], &before[..]);
    assert_eq!(steps(&c), [10, 10, 0]);
    c.step(2);
    assert_eq!(steps(&c), [12, 12, 10], "the newcomer takes up to 5× the step to catch up");
    c.step(2);
    assert_eq!(steps(&c), [14, 14, 14]);
    // And it is the same run as one that started with the others: same start, same batches.
    let mut together = Comparison::from_hash("task=xor&compare=backprop,fa,shallow").unwrap();
    together.step(14);
    assert_eq!(fingerprints(&together), fingerprints(&c));
    c.remove(0);
    assert_eq!(steps(&c), [14, 14]);
    assert_eq!(&fingerprints(&c)[..], &fingerprints(&together)[1..]);
}

#[test]
fn the_url_holds_the_runs_and_bad_runs_are_refused_with_a_reason() {
    let c = Comparison::from_hash("#task=xor&lr=0.05&compare=fa,fa:lr=0.01,nonsense").unwrap();
    let messages: Vec<String> = serde_json::from_str(&c.messages()).unwrap();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("unknown rule 'nonsense'"));
    let query = c.query();
    assert!(query.starts_with("task=xor&rule=fa&") && query.ends_with("&compare=fa,fa:lr=0.01"), "{query}");
    let again = Comparison::from_hash(&query).unwrap();
    assert_eq!(again.query(), query);
    let runs: serde_json::Value = serde_json::from_str(&again.runs()).unwrap();
    assert_eq!(runs[1]["label"], "Feedback alignment (η 0.01)");
    assert_eq!(runs[0]["colour"], "#0072b2");
    let mut c = again;
    assert!(c.try_add("oja").unwrap_err().contains("oja cannot learn xor"));
    assert!(c.try_add("fa").unwrap_err().contains("repeats"));
    c.try_add("backprop").unwrap();
    c.try_add("dfa").unwrap();
    assert!(c.try_add("shallow").unwrap_err().contains("At most 4"));
    // Every run unusable: the base rule runs alone, and the page is told to add one.
    let alone = Comparison::from_hash("task=xor&compare=oja").unwrap();
    assert_eq!(alone.labs().count(), 1);
    assert!(alone.messages().contains("add a second run"));
}

/// A run keeps its colour when another is removed (its lines would otherwise change colour over their whole
/// history), and a run added later takes the first colour no run has.
#[test]
fn runs_keep_their_colours_when_another_is_removed() {
    let colours = |c: &Comparison| -> Vec<(String, String)> {
        let runs: Vec<serde_json::Value> = serde_json::from_str(&c.runs()).unwrap();
        runs.iter().map(|r| (r["spec"].as_str().unwrap().into(), r["colour"].as_str().unwrap().into())).collect()
    };
    let mut c = Comparison::from_hash("task=xor&compare=fa,backprop,shallow,node-perturbation").unwrap();
    let before = colours(&c);
    assert_eq!(before.iter().map(|(_, c)| c).collect::<std::collections::BTreeSet<_>>().len(), 4, "{before:?}");
    c.remove(1);
    assert_eq!(colours(&c), [before[0].clone(), before[2].clone(), before[3].clone()]);
    c.try_add("dfa").unwrap();
    assert_eq!(colours(&c)[3], (String::from("dfa"), before[1].1.clone()), "the freed colour");
}

/// Unsupervised rules follow no loss: side by side, what is drawn and said in its place is named for what it is,
/// the output's size, not a "test loss".
#[test]
fn runs_without_targets_side_by_side_are_described_by_their_output_size() {
    let mut c = Comparison::from_hash("task=ltp&compare=voltage-hebb,hebb").unwrap();
    c.step(20);
    c.measure();
    let summaries: serde_json::Value = serde_json::from_str(&c.summaries()).unwrap();
    let text = summaries["text"].as_str().unwrap();
    assert!(!text.contains("test loss") && text.contains("no loss: output size"), "{text}");
    let runs: Vec<serde_json::Value> = serde_json::from_str(&c.runs()).unwrap();
    assert!(runs.iter().all(|r| r["targets"] == false), "{runs:?}");
    // It is the task, not the rule, that has no loss: `none` learns nothing, but on XOR it has a test loss.
    let mut xor = Comparison::from_hash("task=xor&compare=none,backprop").unwrap();
    xor.step(5);
    xor.measure();
    let runs: Vec<serde_json::Value> = serde_json::from_str(&xor.runs()).unwrap();
    assert!(runs.iter().all(|r| r["targets"] == true), "{runs:?}");
    let summaries: serde_json::Value = serde_json::from_str(&xor.summaries()).unwrap();
    let text = summaries["text"].as_str().unwrap();
    assert!(!text.contains("output size") && text.contains("No learning (a lesion; the control): test loss"), "{text}");
}
