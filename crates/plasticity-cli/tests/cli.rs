//! The command line as a user meets it: JSON lines out, exit code 2 for bad arguments.

use std::process::{Command, Output};

fn plasticity(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plasticity")).args(args).output().expect("the binary runs")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

#[test]
fn train_prints_one_json_report_per_report_step() {
    let out = plasticity(&["train", "--task", "linear", "--rule", "fa", "--steps", "2000", "--every", "500"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let steps: Vec<u64> = lines.iter().map(|l| l["step"].as_u64().unwrap()).collect();
    assert_eq!(steps, [0, 500, 1000, 1500, 2000]);
    let first = &lines[0];
    let last = &lines[4];
    for key in ["train_loss", "test_loss", "nse"] {
        assert!(last[key].is_f64(), "{key} missing: {last}");
    }
    assert!(last.get("test_accuracy").is_none(), "no accuracy on a regression task");
    let hidden = &last["layers"][0];
    assert!(hidden["update_angle_deg"].is_f64() && hidden["error_norm"].is_f64());
    assert!(last["layers"][1]["feedback_angle_deg"].is_null(), "the output layer has no feedback matrix");
    let (a0, a1) =
        (first["layers"][0]["feedback_angle_deg"].as_f64().unwrap(), hidden["feedback_angle_deg"].as_f64().unwrap());
    assert!(a0 > 80.0 && a1 < 45.0, "alignment {a0} → {a1}");
    assert!(last["nse"].as_f64().unwrap() < 0.01);
}

#[test]
fn classification_reports_accuracy_and_backprop_reports_no_feedback_angle() {
    let out = plasticity(&[
        "train", "--task", "xor", "--rule", "backprop", "--hidden", "8", "--steps", "20", "--every", "20",
    ]);
    assert!(out.status.success());
    let last = json_lines(&out).pop().unwrap();
    assert!(last["test_accuracy"].as_f64().unwrap() >= 0.0);
    assert!(last["layers"][0]["feedback_angle_deg"].is_null());
    assert_eq!(last["layers"][0]["update_angle_deg"].as_f64(), Some(0.0));
}

#[test]
fn bad_arguments_exit_with_code_2_and_a_message() {
    for args in [
        &["train", "--task", "nope"][..],
        &["train", "--task", "xor", "--rule", "magic"],
        &["train", "--task", "xor", "--hidden", "4,100"],
        &["train", "--task", "xor", "--lr", "-1"],
        &["train", "--task", "xor", "--every", "0"],
        &["fly"],
    ] {
        let out = plasticity(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("error"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn rules_and_tasks_list_their_names() {
    let rules = String::from_utf8(plasticity(&["rules"]).stdout).unwrap();
    assert!(rules.contains("backprop") && rules.contains("fa") && rules.contains("shallow"));
    let tasks = String::from_utf8(plasticity(&["tasks"]).stdout).unwrap();
    for t in ["xor", "circle", "gauss", "spiral", "linear", "digits"] {
        assert!(tasks.contains(t));
    }
}

#[test]
fn a_diverging_run_says_so() {
    let out = plasticity(&["train", "--task", "linear", "--lr", "10", "--steps", "500", "--every", "100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("diverged"));
}

#[test]
fn reproduce_linear_writes_json_and_an_svg_figure() {
    let dir = std::env::temp_dir().join(format!("plasticity-reproduce-{}", std::process::id()));
    let out = plasticity(&["reproduce", "linear", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("linear.json")).unwrap()).unwrap();
    let fa = &json["fa"];
    let angles = fa["feedback_angle_deg"].as_array().unwrap();
    let (first, last) = (angles[0][1].as_f64().unwrap(), angles.last().unwrap()[1].as_f64().unwrap());
    assert!(first > 80.0 && last < 45.0, "{first} → {last}");
    let svg = std::fs::read_to_string(dir.join("linear.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("normalized error"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// The reward-only variant, MNIST-5k (native only, so here) and the rules added with them, from the command line.
#[test]
fn reward_variant_mnist_and_the_settling_rules_run_from_the_cli() {
    let out = plasticity(&["train", "--task", "digits", "--reward", "--steps", "300", "--every", "300"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let (first, last) = (lines[0]["test_accuracy"].as_f64().unwrap(), lines[1]["test_accuracy"].as_f64().unwrap());
    assert!(last > first, "REINFORCE moves off chance: {first} → {last}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rule=node-perturbation"));

    let refused = plasticity(&["train", "--task", "digits", "--reward", "--rule", "backprop"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("node-perturbation"));

    for rule in ["ep", "weight-mirror", "backprop"] {
        let out = plasticity(&["train", "--task", "mnist", "--rule", rule, "--steps", "100", "--every", "100"]);
        assert!(out.status.success(), "{rule}: {}", String::from_utf8_lossy(&out.stderr));
        let last = json_lines(&out).pop().unwrap();
        assert!(last["test_accuracy"].as_f64().unwrap() > 0.5, "{rule}: {last}");
    }

    let delta = plasticity(&["train", "--task", "xor", "--rule", "delta", "--hidden", "8"]);
    assert_eq!(delta.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&delta.stderr).contains("single layer"));
}
