//! The core's modules form a one-way stack: each may use only the modules below it, in the order `lib.rs`
//! declares them (primitives, then the network, tasks, rules, configuration and trainer). This test reads the
//! sources as text and fails when a module names one above it — through `use crate::…`, a `crate::…` path or a
//! `super::` path that leaves the module.

use std::path::{Path, PathBuf};

/// The top-level modules in `lib.rs`, in the order they are declared.
fn declared_order(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's code names: `crate::x` anywhere (including inside `use crate::{…}` groups).
fn named_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::X, b};`
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    out.push(part.trim().split("::").next().unwrap_or("").to_string());
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn no_module_of_the_core_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let order = declared_order(&src);
    assert!(order.len() >= 10 && order[0] == "error" && order.last().unwrap() == "trainer", "{order:?}");
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let owner = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let owner = owner.trim_end_matches(".rs");
        if owner == "lib" {
            continue;
        }
        let own = rank(owner).unwrap_or_else(|| panic!("{} is not declared in lib.rs", relative.display()));
        let text = std::fs::read_to_string(file).unwrap();
        for named in named_modules(&text) {
            match rank(&named) {
                Some(r) if r > own => violations.push(format!("{} uses crate::{named}", relative.display())),
                Some(_) => {}
                None => violations
                    .push(format!("{} names crate::{named}, which lib.rs does not declare", relative.display())),
            }
        }
        // `super::super::` would leave a module's own folder: the path must go through `crate::` instead.
        if text.contains("super::super") {
            violations.push(format!("{} reaches above its module with super::super", relative.display()));
        }
    }
    assert!(violations.is_empty(), "modules above their place in lib.rs:\n{}", violations.join("\n"));
}

/// The checker itself finds an upward use, so the test above cannot pass by reading nothing.
#[test]
fn the_checker_sees_uses_in_paths_and_groups() {
    let text = "use crate::net::Network;\nuse crate::{rules::Step, tasks};\nlet x = crate::config::Config::default(); // crate::trainer\n";
    assert_eq!(named_modules(text), ["net", "rules", "tasks", "config"]);
}
