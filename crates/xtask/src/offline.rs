//! What the service worker (`sw.js`) caches when it is installed, and the build's name: `www/pkg/offline.js`,
//! written after every build. The name is a hash of the cached files' contents, so a new build is a new cache.

use std::path::Path;

/// The files the service worker caches on install, from the site's root: the page and everything it may load, the
/// lessons with the figures they show, but the digits and the build with the rule language (kept when first
/// fetched).
pub fn files(root: &Path) -> crate::Result<Vec<String>> {
    // The first visit's files (the page, bindings, wasm, style, lessons' index, icon, scripts), then the rest.
    let mut files: Vec<String> =
        crate::first_visit().iter().filter_map(|p| p.strip_prefix(root).ok()?.to_str().map(String::from)).collect();
    files.extend(["www/manifest.webmanifest", "www/icon-192.png", "www/icon-512.png"].map(String::from));
    let listed = |dir: &str, ext: &str| -> crate::Result<Vec<String>> {
        let read = std::fs::read_dir(root.join(dir)).map_err(|e| format!("{dir}: {e}"))?;
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(ext))
            .map(|n| format!("{dir}/{n}"))
            .collect();
        names.sort();
        Ok(names)
    };
    files.extend(listed("www/pkg", ".css")?);
    files.extend(listed(&format!("www/pkg/{}", crate::scripts::APP), ".js")?);
    let lessons = listed("www/lessons", ".json")?;
    // The reproduced figures the lessons show (`"src": "results/….svg"`).
    let mut figures = Vec::new();
    for lesson in &lessons {
        let text = std::fs::read_to_string(root.join(lesson)).map_err(|e| format!("{lesson}: {e}"))?;
        for piece in text.split('"').filter(|p| p.starts_with("results/") && p.ends_with(".svg")) {
            if !figures.iter().any(|f| f == piece) {
                figures.push(piece.to_string());
            }
        }
    }
    figures.sort();
    files.extend(lessons);
    files.extend(figures);
    files.sort();
    files.dedup();
    Ok(files)
}

/// FNV-1a's starting value.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits, continued from `hash` over `bytes`: stable across toolchains (std's hasher is not), and enough
/// to tell two builds, or two versions of a file (the server's ETags), apart.
pub fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Writes `www/pkg/offline.js`: the build's name and [`files`].
pub fn write(root: &Path) -> crate::Result {
    let files = files(root)?;
    // The build's name covers what the worker keeps when first fetched too (the build with the rule language, the
    // digits), so that a change to them alone is a new build.
    let kept = [
        "www/pkg/full/plasticity_web.js",
        "www/pkg/full/plasticity_web_bg.wasm",
        "www/pkg/optdigits-8x8.csv.gz",
        "sw.js",
    ];
    let mut hash = FNV_START;
    for name in files.iter().map(String::as_str).chain(kept) {
        let bytes = std::fs::read(root.join(name)).map_err(|e| format!("{name}: {e}"))?;
        hash = fnv(fnv(hash, name.as_bytes()), &bytes);
    }
    let list = files.iter().map(|f| format!("    '{f}',\n")).collect::<String>();
    let js = format!(
        "// Written by `cargo xtask build` for sw.js: this build's name and the files cached when it is installed.\n\
         self.OFFLINE = {{\n  version: '{hash:016x}',\n  files: [\n{list}  ],\n}};\n"
    );
    let out = root.join("www/pkg/offline.js");
    std::fs::write(&out, js).map_err(|e| format!("writing {}: {e}", out.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{FNV_START, fnv};

    #[test]
    fn fnv_is_the_reference_function() {
        // FNV-1a 64's published test vectors: "" and "a".
        assert_eq!(fnv(FNV_START, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(FNV_START, b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
