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

/// `compare` trains its runs in lockstep from one start: one line per run per report, the same measurement at
/// step 0 for every run (same weights, same data), and the rules telling apart afterwards.
#[test]
fn compare_prints_one_line_per_run_per_report_from_a_shared_start() {
    let out = plasticity(&[
        "compare",
        "--task",
        "circle",
        "--hidden",
        "4",
        "--rules",
        "backprop,fa,shallow,fa:lr=0.01",
        "--steps",
        "2000",
        "--every",
        "1000",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    let runs: Vec<(&str, u64)> =
        lines.iter().map(|l| (l["run"].as_str().unwrap(), l["step"].as_u64().unwrap())).collect();
    let order = ["backprop", "fa", "shallow", "fa:lr=0.01"];
    let expected: Vec<(&str, u64)> = [0, 1000, 2000].iter().flat_map(|&s| order.iter().map(move |&r| (r, s))).collect();
    assert_eq!(runs, expected);
    assert_eq!(lines[3]["label"], "Feedback alignment (η 0.01)");
    for l in &lines[1..4] {
        assert_eq!(l["train_loss"], lines[0]["train_loss"], "runs start from other weights or data: {l}");
    }
    let last = |run: &str| lines.iter().rev().find(|l| l["run"] == run).unwrap()["test_accuracy"].as_f64().unwrap();
    assert!(
        last("backprop") > 0.9 && last("shallow") < 0.8,
        "backprop {} shallow {}",
        last("backprop"),
        last("shallow")
    );
    // Runs that cannot be compared are refused with a reason.
    let out = plasticity(&["compare", "--task", "xor", "--rules", "backprop,oja"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'oja' left out"));
}

/// `--save DIR` writes what another tool needs to check the run: every report as CSV and JSON (the same rows),
/// the final weights and the feedback matrices with their shapes.
#[test]
fn save_writes_the_history_and_the_final_weights() {
    let dir = std::env::temp_dir().join(format!("plasticity-save-{}", std::process::id()));
    let d = dir.to_str().unwrap();
    let out = plasticity(&["train", "--task", "xor", "--rule", "fa", "--steps", "300", "--every", "100", "--save", d]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports = json_lines(&out);
    let csv = std::fs::read_to_string(dir.join("history.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    assert_eq!(rows.len(), 1 + reports.len(), "one row per report");
    let col =
        |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}: {header:?}"));
    for (row, report) in rows[1..].iter().zip(&reports) {
        assert_eq!(row[col("step")].parse::<u64>().unwrap(), report["step"].as_u64().unwrap());
        assert_eq!(row[col("test_loss")].parse::<f64>().unwrap(), report["test_loss"].as_f64().unwrap());
        let angle = report["layers"][0]["feedback_angle_deg"].as_f64().unwrap();
        assert_eq!(row[col("layer1_feedback_angle_deg")].parse::<f64>().unwrap(), angle);
    }
    let history: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("history.json")).unwrap()).unwrap();
    assert_eq!(history.as_array().unwrap().len(), reports.len());
    assert_eq!(history[3]["test_accuracy"], reports[3]["test_accuracy"]);
    let weights: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("weights.json")).unwrap()).unwrap();
    assert_eq!(weights["step"], 300);
    let shapes: Vec<(u64, u64)> = weights["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["rows"].as_u64().unwrap(), m["cols"].as_u64().unwrap()))
        .collect();
    assert_eq!(shapes, [(8, 2), (8, 8), (1, 8)], "XOR's 2–8–8–1 network");
    assert_eq!(weights["weights"][1]["values"].as_array().unwrap().len(), 64);
    assert_eq!(weights["feedback"]["kind"], "layered");
    let b: Vec<(u64, u64)> = weights["feedback"]["matrices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["rows"].as_u64().unwrap(), m["cols"].as_u64().unwrap()))
        .collect();
    assert_eq!(b, [(8, 8), (8, 1)], "B₁ stands in for W₂ᵀ, B₂ for W₃ᵀ");
    assert!(weights["settings"].as_str().unwrap().starts_with("task=xor&rule=fa"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_rule_written_with_expr_trains_as_the_built_in_in_train_compare_and_from_a_file() {
    let listed = plasticity(&["rules", "--expr"]);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    let names: Vec<&str> = listed.lines().map(|l| l.split('\t').next().unwrap()).collect();
    for name in ["backprop", "fa", "dfa", "sign-symmetry", "shallow", "kolen-pollack", "oja", "node-perturbation"] {
        assert!(names.contains(&name), "{name} missing from rules --expr: {listed}");
    }
    let fa = listed.lines().find(|l| l.starts_with("fa\t")).unwrap().split('\t').nth(1).unwrap().to_string();
    let common = ["--task", "xor", "--hidden", "8,6", "--steps", "300", "--every", "300"];
    let built_in = plasticity(&[&["train", "--rule", "fa"][..], &common].concat());
    let written = plasticity(&[&["train", "--expr", &fa][..], &common].concat());
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert_eq!(json_lines(&built_in), json_lines(&written), "the written rule reports what the built-in does");
    // From a file, and beside backprop in a comparison (the written rule's entry is `custom`).
    let dir = std::env::temp_dir().join(format!("plasticity-expr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fa.rule");
    std::fs::write(&file, fa.replace("; ", "\n")).unwrap();
    let from_file = plasticity(&[&["train", "--expr-file", file.to_str().unwrap()][..], &common].concat());
    assert_eq!(json_lines(&built_in), json_lines(&from_file));
    let compared = plasticity(&[&["compare", "--rules", "backprop,custom", "--expr", &fa][..], &common].concat());
    assert!(compared.status.success(), "{}", String::from_utf8_lossy(&compared.stderr));
    let runs: Vec<String> = json_lines(&compared).iter().map(|l| l["run"].as_str().unwrap().to_string()).collect();
    assert_eq!(runs, ["backprop", "custom", "backprop", "custom"]);
    let custom = json_lines(&compared).into_iter().rev().find(|l| l["run"] == "custom").unwrap();
    assert_eq!(custom["test_loss"], json_lines(&built_in)[1]["test_loss"]);
    // A broken rule: exit code 2 and its place.
    let broken = plasticity(&["train", "--expr", "delta[l] = 0; dW[l] = outer(delta[l], h[l)"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("line 1, column 42"),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn placed_points_are_a_flag_read_as_a_link_reads_them() {
    let pts = "-1.5,2,0;4,4,0;-0.07,5.25,1";
    let run = |extra: &[&str]| {
        let mut args =
            vec!["train", "--task", "gauss", "--rule", "fa", "--seed", "4", "--steps", "300", "--every", "300"];
        args.extend_from_slice(extra);
        let out = plasticity(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        json_lines(&out).pop().unwrap()["train_loss"].as_f64().unwrap()
    };
    // The same run as the library's from the link with these points, to the last bit of its loss (a first point
    // left of the axis is the flag's value, not a flag).
    let (config, messages) = plasticity::Config::from_query(&format!("task=gauss&rule=fa&seed=4&pts={pts}"));
    assert!(messages.is_empty());
    let mut trainer = plasticity::Trainer::new(config).unwrap();
    trainer.step(300);
    let with = run(&["--pts", pts]);
    assert_eq!(with, trainer.diagnostics().train_loss);
    assert_eq!(run(&[&format!("--points={pts}")]), with);
    assert_ne!(run(&[]), with, "the control: without the points the run is another");
    // What a link would change with a message, the command line refuses.
    for bad in ["1,x,1", "9,9,1"] {
        let out = plasticity(&["train", "--task", "gauss", "--pts", bad, "--steps", "1"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("pts"), "{bad}");
    }
    let out = plasticity(&["train", "--task", "linear", "--pts", "1,1,1", "--steps", "1"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("placed points are for the 2-D tasks"));
}
