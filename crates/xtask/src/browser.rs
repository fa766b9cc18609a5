//! Finding (or installing) Chromium and Firefox ESR, and running the end-to-end tests in `tests/`.

use std::path::Path;
use std::process::Command;

/// Where the browsers are.
pub struct Browser {
    /// The Chromium executable (driven over the DevTools protocol by playwright-core).
    pub chromium: String,
    /// Firefox ESR, the second engine (driven over WebDriver BiDi by puppeteer-core).
    pub firefox: String,
}

/// Finds Chromium and Firefox ESR; on Debian as root, installs them with apt when missing.
pub fn ensure() -> crate::Result<Browser> {
    let found = || {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| Path::new(p).exists());
        let firefox = ["/usr/bin/firefox-esr"].into_iter().find(|p| Path::new(p).exists());
        match (chromium, firefox) {
            (Some(c), Some(f)) => Some(Browser { chromium: c.into(), firefox: f.into() }),
            _ => None,
        }
    };
    if let Some(b) = found() {
        return Ok(b);
    }
    let debian = Path::new("/etc/debian_version").exists();
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    if !(debian && root) {
        return Err("the browser tests need Chromium and Firefox ESR at /usr/bin/chromium and \
             /usr/bin/firefox-esr. On Debian: sudo apt-get install chromium firefox-esr"
            .into());
    }
    crate::run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"), "apt-get update")?;
    crate::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "chromium", "firefox-esr"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install chromium firefox-esr",
    )?;
    found().ok_or_else(|| "apt ran, but /usr/bin/chromium or /usr/bin/firefox-esr is missing".into())
}

/// Installs the test's npm packages if needed, serves the site and runs `node --test` on the given files of
/// `tests/`, `at_once` files at a time.
pub fn end_to_end(browser: &Browser, files: &[&str], at_once: usize) -> crate::Result {
    let tests = npm()?;
    let base = crate::serve::spawn(crate::root())?;
    let mut cmd = Command::new("node");
    cmd.arg("--test").arg(format!("--test-concurrency={at_once}")).args(files);
    cmd.current_dir(&tests).env("BASE_URL", &base).env("CHROMIUM", &browser.chromium).env("FIREFOX", &browser.firefox);
    crate::run(&mut cmd, &format!("node --test tests/ against {base}"))
}

/// The suite that measures time (a first visit's load, frame rates): run alone, after the others, so that no other
/// suite's browser shares the two cores while it is timed.
pub const TIMED: &str = "timing.test.mjs";

/// The end-to-end suites `cargo xtask test` runs two at a time: every `tests/*.test.mjs` but the benchmark's and
/// the timed one. Most of a browser suite's time is spent waiting for frames and timers, so two share two cores.
pub fn suites() -> crate::Result<Vec<String>> {
    let dir = std::fs::read_dir(crate::root().join("tests")).map_err(|e| format!("tests/: {e}"))?;
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".test.mjs") && n != "bench.test.mjs" && n != TIMED)
        .collect();
    names.sort();
    Ok(names)
}

/// Serves the site and runs one script of `tests/` with node (the gallery).
pub fn script(browser: &Browser, file: &str) -> crate::Result {
    let tests = npm()?;
    let base = crate::serve::spawn(crate::root())?;
    let mut cmd = Command::new("node");
    cmd.arg(file).current_dir(&tests).env("BASE_URL", &base).env("CHROMIUM", &browser.chromium);
    crate::run(&mut cmd, &format!("node tests/{file} against {base}"))
}

/// Node.js's major version from `node --version`'s output (`v20.20.2` → 20).
pub fn node_major(version: &str) -> Option<u32> {
    version.trim().strip_prefix('v')?.split('.').next()?.parse().ok()
}

/// Checks up front that Node.js (18 or later, for `node --test`) and npm are there, with one line saying what to
/// install when they are not.
fn require_node() -> crate::Result {
    const INSTALL: &str = "on Debian: apt-get install nodejs npm; elsewhere: https://nodejs.org";
    let version = Command::new("node").arg("--version").output().ok().filter(|o| o.status.success());
    let Some(version) = version else {
        return Err(format!(
            "the browser tests need Node.js 18 or later and npm, and `node` is not on PATH ({INSTALL})"
        ));
    };
    let text = String::from_utf8_lossy(&version.stdout).to_string();
    match node_major(&text) {
        Some(major) if major >= 18 => {}
        _ => return Err(format!("the browser tests need Node.js 18 or later; this is {} ({INSTALL})", text.trim())),
    }
    if !Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Err(format!("the browser tests need npm beside Node.js, and `npm` is not on PATH ({INSTALL})"));
    }
    Ok(())
}

/// `tests/`, with its npm packages installed.
pub fn npm() -> crate::Result<std::path::PathBuf> {
    require_node()?;
    let tests = crate::root().join("tests");
    // The packages of tests/package.json: npm ci again when one is missing (a package added since the last run).
    if ["playwright-core", "axe-core", "puppeteer-core", "binaryen", "esbuild"]
        .iter()
        .any(|p| !tests.join("node_modules").join(p).exists())
    {
        crate::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&tests), "npm ci (tests/)")?;
    }
    Ok(tests)
}

#[cfg(test)]
mod tests {
    use super::node_major;

    #[test]
    fn node_versions_are_read_and_old_ones_told_apart() {
        assert_eq!(node_major("v20.20.2\n"), Some(20));
        assert_eq!(node_major("v18.0.0"), Some(18));
        assert_eq!(node_major("v16.20.1"), Some(16));
        assert_eq!(node_major("20.1.0"), None, "node always prints a leading v");
        assert_eq!(node_major(""), None);
    }
}
