//! `cargo xtask`: the project's build and test driver (see the README).
//!
//! - `serve [--port N]` builds the release wasm, generates the JavaScript bindings and serves the lab;
//! - `build` does the same without serving;
//! - `test` runs everything CI runs, in CI's order;
//! - `bench` prints the throughput benchmarks, natively and in headless Chromium;
//! - `fuzz` runs the URL, settings and comparison fuzzer and the command-line fuzzer with 10⁶ cases each in release
//!   mode (`test` runs 10⁵);
//! - `soak` trains Playground's largest network for 10⁷ mini-batches in Chromium with every plot live and checks that
//!   the WebAssembly memory and the JS heap stay flat;
//! - `gallery` takes the screenshots in `docs/gallery/`.
//!
//! Every step calls cargo through `$CARGO`, so the pinned toolchain is the one used.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod browser;
mod offline;
mod scripts;
mod serve;
mod style;
mod toolchain;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = toolchain::ensure(&root()).and_then(|()| match args.first().map(String::as_str) {
        Some("serve") => port(&args).and_then(|p| build().and_then(|()| serve::serve(&root(), p, true))),
        Some("build") => build(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("gallery") => gallery(),
        Some("fuzz") => fuzz(),
        Some("soak") => soak(),
        _ => Err("usage: cargo xtask serve [--port N] | build | test | bench | fuzz | soak | gallery".into()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn port(args: &[String]) -> Result<u16> {
    match args.iter().position(|a| a == "--port") {
        None => Ok(8000),
        Some(i) => {
            args.get(i + 1).and_then(|p| p.parse().ok()).ok_or_else(|| "--port takes a number, e.g. --port 8080".into())
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("crates/xtask sits two levels down").to_path_buf()
}

/// `$CARGO` with `args`, run from the workspace root; fails with the command line if it fails.
pub fn cargo(args: &[&str], envs: &[(&str, &str)]) -> Result {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(
        Command::new(cargo).args(args).envs(envs.iter().copied()).current_dir(root()),
        &format!("cargo {}", args.join(" ")),
    )
}

/// Runs a command, echoing it first.
pub fn run(cmd: &mut Command, what: &str) -> Result {
    println!("\n==> {what}");
    let status = cmd.status().map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what}: failed ({status})")) }
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` if set (relative to the workspace, where the xtask runs
/// cargo), else the workspace's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Builds the release wasm and writes the bindings to `www/pkg/`.
fn build() -> Result {
    // Two builds of the bindings: the first visit's, without the rule language, in `www/pkg/`; and the one the
    // page loads when a rule is first written, with it, in `www/pkg/full/` (the language is about 27 KB of a
    // first visit held to 250 KB).
    // The tools the size depends on (wasm-opt, esbuild: the tests' npm packages) are installed first, once, not by
    // the two builds' wasm-opt steps at the same time; without Node, `optimize` and `minify` say so and skip.
    if !root().join("tests/node_modules/.bin/wasm-opt").exists()
        && let Err(e) = browser::npm()
    {
        println!("    the tests' npm packages could not be installed ({e})");
    }
    let full = root().join("www/pkg/full");
    bindings(&["--features", "language"], &full)?;
    let out = root().join("www/pkg");
    // wasm-opt works on the first build while cargo compiles the second (mostly single-threaded link-time
    // optimisation): the two share the two cores instead of taking turns.
    std::thread::scope(|s| {
        let first = s.spawn(|| finish(&full));
        bindings(&[], &out).and_then(|()| finish(&out))?;
        first.join().map_err(|_| "wasm-opt's thread panicked".to_string())?
    })?;
    scripts::ship(&root().join("www"), &out)?;
    scripts::minify(&scripts::shipped(&out))?;
    // The digits stay out of the wasm: the page fetches them from here when a digit task is opened.
    let digits = "optdigits-8x8.csv.gz";
    std::fs::copy(root().join("crates/plasticity/data").join(digits), out.join(digits))
        .map_err(|e| format!("copying {digits} into www/pkg: {e}"))?;
    style::ship(&root().join("www/style.css"), &out.join("style.css"))?;
    for sheet in ["lessons.css", "compare.css", "editor.css", "pad.css", "points.css"] {
        style::ship(&root().join("www").join(sheet), &out.join(sheet))?;
    }
    offline::write(&root())?;
    print_transfer();
    Ok(())
}

/// Builds the bindings' wasm with `features` and writes the module and its glue to `out`, as bindgen makes them.
fn bindings(features: &[&str], out: &Path) -> Result {
    cargo(
        &[&["build", "--release", "-p", "plasticity-web", "--target", "wasm32-unknown-unknown"][..], features].concat(),
        &[],
    )?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release/plasticity_web.wasm");
    println!("\n==> bindgen {} -> {}", wasm.display(), out.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .map_err(|e| e.to_string())?
        .omit_default_module_path(false)
        .generate(out)
        .map_err(|e| format!("bindgen: {e}"))?;
    let size = std::fs::metadata(out.join("plasticity_web_bg.wasm")).map(|m| m.len()).unwrap_or(0);
    println!("    plasticity_web_bg.wasm: {} KiB", size / 1024);
    Ok(())
}

/// Optimises the module bindgen wrote to `out` and ships its glue.
fn finish(out: &Path) -> Result {
    optimize(&out.join("plasticity_web_bg.wasm"))?;
    scripts::ship_glue(&out.join("plasticity_web.js"))
}

/// Runs wasm-opt (npm `binaryen` 132, pinned with the tests' packages; Debian's binaryen 108 breaks the externref
/// tables) at -O3 on the bindgen output. The first build on a machine installs it (`npm ci` in `tests/`), so that
/// `cargo xtask serve` on a fresh machine serves the same small page as CI; without Node it is skipped with a
/// message (the page works, 40 KB heavier). -O3, not -Oz: the training loop is the product, and -Oz saves only
/// 1.2 KB more. Binaryen keeps IEEE semantics, so runs stay bit-identical to native (the Firefox test checks the
/// golden runs on this very file).
fn optimize(wasm: &Path) -> Result {
    let opt = root().join("tests/node_modules/.bin/wasm-opt");
    if !opt.exists() {
        println!("    wasm-opt is not installed: the wasm is left as bindgen wrote it");
        return Ok(());
    }
    let before = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    let features = [
        "--enable-reference-types",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-simd",
    ];
    let path = wasm.to_str().ok_or("the wasm path is not UTF-8")?;
    // The producers and target-features sections are for toolchains, not browsers.
    let strip = ["--strip-producers", "--strip-target-features"];
    run(Command::new(&opt).arg("-O3").args(features).args(strip).args([path, "-o", path]), "wasm-opt -O3")?;
    let after = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    println!("    wasm-opt -O3: {} KiB -> {} KiB", before / 1024, after / 1024);
    Ok(())
}

/// The page's scripts that load only when first needed: the lesson panel (with what it shows beside a run, the claim
/// language and the lesson-file reader it imports, and the style it shares with "My answers"), the side-by-side view
/// (with its style), the Export buttons' actions, "My answers", and the rule editor (with its style, and the
/// bindings' build with the rule language), the digit tasks' drawing pad (with its style), an embed's sizing, and
/// the service worker's registration (a second after the page has loaded).
/// Scripts by name (shipped in `www/pkg/app/`), styles by their path from `www/`.
const ON_DEMAND: [&str; 18] = [
    "lessons.js",
    "lesson-parts.js",
    "claims.js",
    "lesson-file.js",
    "pkg/lessons.css",
    "compare.js",
    "pkg/compare.css",
    "export.js",
    "answers.js",
    "editor.js",
    "pkg/editor.css",
    "pkg/full/plasticity_web_bg.wasm",
    "service.js",
    "pad.js",
    "pkg/pad.css",
    "embed.js",
    "points.js",
    "pkg/points.css",
];

/// The files a first visit downloads: the page, its bindings and wasm, its style, the lessons' index, the icon and
/// the scripts as shipped (without their comment lines) but those loaded only when first needed.
pub fn first_visit() -> Vec<PathBuf> {
    let root = root();
    let mut files = vec![
        root.join("index.html"),
        root.join("www/pkg/plasticity_web.js"),
        root.join("www/pkg/plasticity_web_bg.wasm"),
        root.join("www/pkg/style.css"),
        root.join("www/lessons/index.json"),
        root.join("www/icon.svg"),
    ];
    if let Ok(dir) = std::fs::read_dir(root.join("www/pkg").join(scripts::APP)) {
        for entry in dir.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !ON_DEMAND.contains(&name) && name.ends_with(".js") {
                files.push(path);
            }
        }
    }
    files
}

/// A file's size gzipped at level 9, as a server would send it (`None` without gzip).
pub fn gzipped(path: &Path) -> Option<u64> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// Prints what the lab page downloads, gzipped (as a server would send it): the page, its scripts and style, the
/// bindings, the wasm and the lessons' index (a lesson file, the scripts in `ON_DEMAND` and the digits load only
/// when opened).
fn print_transfer() {
    let root = root();
    let files = first_visit();
    let sizes: Option<Vec<u64>> = files.iter().map(|f| gzipped(f)).collect();
    match sizes {
        Some(sizes) => {
            let wasm = sizes[2];
            let total: u64 = sizes.iter().sum();
            println!(
                "    the page downloads {} KB gzipped in {} files (the wasm {} KB); the goal is 250 KB",
                total / 1000,
                files.len(),
                wasm / 1000
            );
            let digits = std::fs::metadata(root.join("www/pkg/optdigits-8x8.csv.gz")).map(|m| m.len()).unwrap_or(0);
            println!("    opening a digit task fetches {} KB more (the 8×8 digits, already gzip)", digits / 1000);
            for name in ON_DEMAND {
                let shipped =
                    if name.ends_with(".js") { root.join("www/pkg").join(scripts::APP) } else { root.join("www") };
                let size = gzipped(&shipped.join(name)).unwrap_or(0);
                println!("    {name} loads when first needed: {} KB more", size / 1000);
            }
            // What the service worker fetches beyond the first visit's files (those answer 304 from a server with
            // ETags, as `cargo xtask serve` and common static hosts are).
            let cached = offline::files(&root).unwrap_or_default();
            let extra: u64 = cached
                .iter()
                .map(|f| root.join(f))
                .filter(|p| !files.contains(p))
                .map(|p| gzipped(&p).unwrap_or(0))
                .sum();
            println!(
                "    offline: a second after the page has loaded, sw.js caches {} files, {} KB more",
                cached.len(),
                extra / 1000
            );
        }
        None => println!("    (gzip is not installed: the transfer size is not measured)"),
    }
}

/// Everything CI runs.
fn test() -> Result {
    let start = std::time::Instant::now();
    let result = test_steps();
    // The budget for this command on the 2-core CI machine is 8 minutes: say how long it took.
    println!("\n==> cargo xtask test took {:.1} min", start.elapsed().as_secs_f64() / 60.0);
    result
}

/// Every check `cargo xtask test` runs, in order, stopping at the first that fails.
fn test_steps() -> Result {
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    // Every feature, so that the bindings' second build (the rule language) is linted too. The bindings have no
    // code for wasm32 alone, so linting them natively covers what a clippy run for wasm32 would (it cost CI 19 s);
    // the release builds below compile them for wasm32, both ways.
    cargo(&["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[])?;
    cargo(&["test", "--workspace", "--exclude", "xtask"], &[])?;
    cargo(&["test", "-p", "xtask", "--profile", "dev"], &[])?;
    // The core compiles without std, for a microcontroller (checked, not built: a library links nothing).
    cargo(&["check", "-p", "plasticity", "--no-default-features", "--target", "thumbv7em-none-eabihf"], &[])?;
    let browser = browser::ensure()?;
    browser::npm()?;
    build()?;
    browser::end_to_end(&browser, &browser::suites()?.iter().map(String::as_str).collect::<Vec<_>>(), 2)?;
    browser::end_to_end(&browser, &[browser::TIMED], 1)
}

/// The screenshot gallery in `docs/gallery/`: every rule and every task on the page, at a laptop's size.
fn gallery() -> Result {
    let browser = browser::ensure()?;
    build()?;
    browser::script(&browser, "gallery.mjs")
}

/// The fuzzers at full length, in release mode (the test suite runs 10⁵ cases of each): 10⁶ mutated links,
/// settings changes and comparison lists (`crates/plasticity/tests/fuzz.rs`), and 10⁶ mutated command lines
/// (`crates/plasticity-cli/src/fuzz.rs`).
fn fuzz() -> Result {
    let cases = [("PLASTICITY_FUZZ_CASES", "1000000")];
    cargo(&["test", "--release", "-p", "plasticity", "--test", "fuzz", "--", "--nocapture"], &cases)?;
    cargo(&["test", "--release", "-p", "plasticity-cli", "fuzz::", "--", "--nocapture"], &cases)
}

/// The browser soak (`tests/soak.mjs`).
fn soak() -> Result {
    let browser = browser::ensure()?;
    build()?;
    browser::script(&browser, "soak.mjs")
}

/// Throughput figures: natively (criterion) and in headless Chromium (the bench page).
fn bench() -> Result {
    let criterion = "bench -p plasticity-cli --features bench --bench train -- --warm-up-time 1 --measurement-time 3";
    cargo(&criterion.split(' ').collect::<Vec<_>>(), &[])?;
    let browser = browser::ensure()?;
    build()?;
    browser::end_to_end(&browser, &["bench.test.mjs"], 1)
}
