//! The bindings' JavaScript as it ships: wasm-bindgen copies every exported item's Rust documentation into the glue
//! as a `/** … */` block, a third of its gzipped bytes on a first visit held to 250 KB. The documentation stays where
//! people read it, in the bindings' Rust sources; the page does not need it.

use std::path::Path;

/// Removes the documentation blocks from the glue at `path`, in place.
pub fn ship(path: &Path) -> crate::Result {
    let js = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    std::fs::write(path, strip_doc_blocks(&js)).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(())
}

/// `js` without the `/** … */` blocks that stand on lines of their own (as wasm-bindgen writes them: a block opens at
/// the start of a line and closes at the end of one). Anything else, a `/**` inside a line of code or a string, stays.
pub fn strip_doc_blocks(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.split_inclusive('\n') {
        let text = line.trim();
        if !in_block && text.starts_with("/**") {
            in_block = true;
        }
        if in_block {
            // A block closes on the line that ends with `*/` (its opening line, for a one-line block).
            if text.ends_with("*/") {
                in_block = false;
            }
            continue;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_doc_blocks;

    #[test]
    fn doc_blocks_go_and_code_stays() {
        let js = "/**\n * Makes a lab.\n * @param {string} q\n */\nexport function make(q) {\n    /** one line */\n    return q + '/** not a comment */';\n}\n";
        assert_eq!(strip_doc_blocks(js), "export function make(q) {\n    return q + '/** not a comment */';\n}\n");
        // An unclosed block runs to the end, as a parser reads it.
        assert_eq!(strip_doc_blocks("a();\n/**\n * never closed\nb();\n"), "a();\n");
    }
}
