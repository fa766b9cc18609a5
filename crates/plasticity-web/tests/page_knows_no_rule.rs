//! The page asks the core: no rule and no task is named in the page's JavaScript (`www/*.js`), whose facts all
//! come from `options()` and whose settings changes from `changed()`. A native test that reads the sources.

#![cfg(not(target_arch = "wasm32"))]

use plasticity::{RuleKind, TaskKind};

#[test]
fn www_javascript_names_no_rule_and_no_task() {
    let www = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www");
    let mut files = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&www).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let names = RuleKind::ALL.iter().map(|r| r.name()).chain(TaskKind::ALL.iter().map(|t| t.name()));
        for name in names {
            for quoted in [format!("'{name}'"), format!("\"{name}\""), format!("`{name}`"), format!("={name}")] {
                if text.contains(&quoted) {
                    found.push(format!("{}: {quoted}", path.file_name().unwrap().to_string_lossy()));
                }
            }
        }
    }
    assert!(files >= 3, "read {files} files from {}", www.display());
    assert!(found.is_empty(), "the page's JavaScript names rules or tasks: {found:?}");
}
