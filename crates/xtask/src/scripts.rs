//! The page's scripts as they ship. The comments in `www/*.js` and in the bindings' glue are for the people who read
//! and edit them (the glue's are the Rust docs wasm-bindgen copies into it); they were a third of the gzipped
//! scripts of a first visit held to 250 KB. The build writes each script without its comment lines to
//! `www/pkg/app/`, which the page loads (`index.html` names `www/pkg/app/main.js`), and the glue in place.
//!
//! Only whole-line comments go: a `//` line, and a `/** … */` or `/* … */` block that opens at the start of a line
//! and closes at the end of one. A comment after code on its line stays, and so does anything inside a string (a
//! line of a template literal that starts with `//` would go: the scripts have none, and the test below checks).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the shipped scripts, inside `www/pkg/`.
pub const APP: &str = "app";

/// Writes every `www/*.js` but the bench's to `www/pkg/app/` without its comment lines, its paths into `www/pkg/`
/// (`./pkg/…`) made relative to the new folder (`../…`).
pub fn ship(www: &Path, pkg: &Path) -> crate::Result {
    let out = pkg.join(APP);
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    for entry in std::fs::read_dir(www).map_err(|e| format!("reading {}: {e}", www.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if !name.ends_with(".js") || name.starts_with("bench") {
            continue;
        }
        let js = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let shipped = strip_comment_lines(&js).replace("./pkg/", "../");
        std::fs::write(out.join(&name), shipped).map_err(|e| format!("writing {name}: {e}"))?;
    }
    Ok(())
}

/// Minifies `files` in place with esbuild (`--minify`: whitespace, local names and syntax; exported names and
/// properties kept), 3.6 KB of a first visit's scripts as a server gzips them. The sources in `www/` are the ones to
/// read. esbuild comes with the tests' npm packages, which the build installs for wasm-opt; without them the scripts
/// ship as they are.
pub fn minify(files: &[PathBuf]) -> crate::Result {
    let esbuild = crate::root().join("tests/node_modules/.bin/esbuild");
    if !esbuild.exists() {
        println!("    esbuild is not installed: the scripts ship unminified");
        return Ok(());
    }
    for file in files {
        let path = file.to_str().ok_or("a script's path is not UTF-8")?;
        let out = Command::new(&esbuild)
            .args([path, "--minify", "--allow-overwrite", "--log-level=warning", &format!("--outfile={path}")])
            .output()
            .map_err(|e| format!("esbuild: {e}"))?;
        if !out.status.success() {
            return Err(format!("esbuild {path}: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    Ok(())
}

/// The shipped scripts in `pkg`: the page's (`app/`) and the bindings' glue of both builds.
pub fn shipped(pkg: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(pkg.join(APP))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "js")).collect())
        .unwrap_or_default();
    files.sort();
    files.extend([pkg.join("plasticity_web.js"), pkg.join("full/plasticity_web.js")]);
    files
}

/// Removes the documentation blocks from the bindings' glue at `path`, in place.
pub fn ship_glue(path: &Path) -> crate::Result {
    let js = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    std::fs::write(path, strip_comment_lines(&js)).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(())
}

/// `js` without its whole-line comments (see the module's documentation) and the blank lines they leave in runs.
pub fn strip_comment_lines(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.split_inclusive('\n') {
        let text = line.trim();
        if !in_block && text.starts_with("/*") {
            in_block = true;
        }
        if in_block {
            // A block closes on the line that ends with `*/` (its opening line, for a one-line block).
            if text.ends_with("*/") {
                in_block = false;
            }
            continue;
        }
        if text.starts_with("//") {
            continue;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_comment_lines;

    #[test]
    fn comment_lines_go_and_code_stays() {
        let js = "// a module\n/**\n * Makes a lab.\n */\nexport function make(q) {\n    /** one line */\n    // a note\n    return q + '/** not a comment */'; // kept\n}\n";
        assert_eq!(
            strip_comment_lines(js),
            "export function make(q) {\n    return q + '/** not a comment */'; // kept\n}\n"
        );
        // An unclosed block runs to the end, as a parser reads it.
        assert_eq!(strip_comment_lines("a();\n/**\n * never closed\nb();\n"), "a();\n");
    }

    /// No line of a multi-line template literal in the page's scripts starts with `//` or `/*`, so stripping
    /// whole-line comments cannot cut into a string.
    #[test]
    fn no_string_in_the_page_scripts_has_a_line_that_looks_like_a_comment() {
        let www = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www");
        for entry in std::fs::read_dir(www).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "js") {
                continue;
            }
            let js = std::fs::read_to_string(&path).unwrap();
            let mut in_template = false;
            for (n, line) in js.lines().enumerate() {
                let starts_comment = line.trim_start().starts_with("//") || line.trim_start().starts_with("/*");
                assert!(!(in_template && starts_comment), "{}:{}: a template literal's line", path.display(), n + 1);
                // Backticks outside comments toggle a template literal (the scripts nest none).
                let code = if starts_comment { "" } else { line.split(" // ").next().unwrap_or("") };
                if code.matches('`').count() % 2 == 1 {
                    in_template = !in_template;
                }
            }
        }
    }
}
