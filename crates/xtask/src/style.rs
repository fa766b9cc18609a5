//! The page's styles as they ship: `www/style.css` (and the lesson panel's and compare mode's, loaded with them)
//! without their comments, written to `www/pkg/`. The comments
//! are for the people who edit the style (they say why each rule is there); the page does not need them, and they
//! are about a quarter of its gzipped bytes, on a first visit held to 250 KB.

use std::path::Path;

/// Writes `source` without its comments to `target`.
pub fn ship(source: &Path, target: &Path) -> crate::Result {
    let css = std::fs::read_to_string(source).map_err(|e| format!("reading {}: {e}", source.display()))?;
    std::fs::write(target, strip_comments(&css)).map_err(|e| format!("writing {}: {e}", target.display()))?;
    Ok(())
}

/// `css` without its `/* … */` comments (not those inside a quoted string) and without the lines they leave blank.
pub fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    let mut quote: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if rest.starts_with("/*") => {
                // An unclosed comment runs to the end, as a browser reads it.
                rest = rest[2..].find("*/").map_or("", |end| &rest[2 + end + 2..]);
                continue;
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.lines().filter(|l| !l.trim().is_empty()).map(|l| l.trim_end()).collect::<Vec<_>>().join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::strip_comments;

    #[test]
    fn comments_go_and_everything_else_stays() {
        let css = "/* the page */\n.a { color: red; } /* why */\n\n/* two\n   lines */\n.b::after { content: \"/* not a comment */\"; }\n.c { x: 1; }";
        assert_eq!(
            strip_comments(css),
            ".a { color: red; }\n.b::after { content: \"/* not a comment */\"; }\n.c { x: 1; }\n"
        );
        assert_eq!(strip_comments(".a {} /* never closed"), ".a {}\n");
    }

    /// The shipped styles have every rule of their sources: the same text once comments and blank lines are gone.
    #[test]
    fn the_lab_styles_keep_every_rule() {
        for (file, rule) in [
            ("style.css", "#lesson-menu { font: inherit; font-size: 14px; max-width: 100%; }"),
            (
                "lessons.css",
                ".lesson .lecturer { font-size: 13px; background: #f4f4f4; padding: 4px 6px; border-radius: 4px; }",
            ),
            ("compare.css", ".embedded .run button { display: none; }"),
        ] {
            let path = format!("{}/../../www/{file}", env!("CARGO_MANIFEST_DIR"));
            let css = std::fs::read_to_string(path).unwrap();
            let shipped = strip_comments(&css);
            assert!(!shipped.contains("/*") && shipped.len() < css.len(), "{file}");
            let braces = |s: &str| (s.matches('{').count(), s.matches('}').count());
            assert_eq!(braces(&shipped), braces(&css), "{file}");
            assert!(shipped.contains(rule), "{file}");
        }
    }
}
