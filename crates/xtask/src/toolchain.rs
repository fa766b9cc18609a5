//! The pinned toolchain's targets. `rust-toolchain.toml` lists them, but rustup installs a toolchain's targets
//! only when it installs the toolchain: on a machine where `1.95.0` is already installed (or linked) without
//! them, every wasm or no_std build fails with "can't find crate for `core`". So every xtask command first
//! asks rustup which targets the pinned toolchain has and adds the missing ones.

use std::path::Path;
use std::process::Command;

/// The channel and targets that `rust-toolchain.toml` pins.
#[derive(Debug, PartialEq)]
pub struct Pinned {
    /// The toolchain, e.g. `1.95.0`.
    pub channel: String,
    /// The targets it must have.
    pub targets: Vec<String>,
}

/// Reads `channel = "…"` and `targets = […]` from the text of a `rust-toolchain.toml`.
pub fn pinned(toml: &str) -> crate::Result<Pinned> {
    let value = |key: &str| {
        toml.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
            .find_map(|l| l.strip_prefix(key).map(str::trim_start).and_then(|r| r.strip_prefix('=')).map(str::trim))
    };
    let strings = |v: &str| -> Vec<String> { v.split('"').skip(1).step_by(2).map(str::to_string).collect() };
    let channel = value("channel").map(strings).and_then(|v| v.into_iter().next());
    let targets = value("targets").map(strings).unwrap_or_default();
    let channel = channel.ok_or("rust-toolchain.toml names no channel")?;
    Ok(Pinned { channel, targets })
}

/// Makes sure the pinned toolchain has every pinned target, adding the missing ones with `rustup` (the program
/// `rustup`, so a test can hand in a stand-in). Returns the targets it added.
pub fn ensure_targets(rustup: &Path, pinned: &Pinned) -> crate::Result<Vec<String>> {
    let list = Command::new(rustup)
        .args(["target", "list", "--installed", "--toolchain", &pinned.channel])
        .output()
        .map_err(|e| {
            format!(
                "cannot run rustup ({e}); install rustup from https://rustup.rs, or add the targets {} to the \
                 toolchain {} yourself",
                pinned.targets.join(", "),
                pinned.channel
            )
        })?;
    if !list.status.success() {
        return Err(format!(
            "`rustup target list --installed --toolchain {}` failed: {}",
            pinned.channel,
            String::from_utf8_lossy(&list.stderr).trim()
        ));
    }
    let installed = String::from_utf8_lossy(&list.stdout);
    let missing: Vec<String> =
        pinned.targets.iter().filter(|t| !installed.lines().any(|l| l.trim() == t.as_str())).cloned().collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    println!("\n==> the toolchain {} lacks {}: adding them", pinned.channel, missing.join(", "));
    let status = Command::new(rustup)
        .args(["target", "add", "--toolchain", &pinned.channel])
        .args(&missing)
        .status()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`rustup target add --toolchain {} {}` failed ({status}); without them the wasm and no_std builds \
             fail with \"can't find crate for `core`\"",
            pinned.channel,
            missing.join(" ")
        ));
    }
    Ok(missing)
}

/// Reads the workspace's `rust-toolchain.toml` and adds whatever targets its toolchain lacks.
pub fn ensure(root: &Path) -> crate::Result {
    let text = std::fs::read_to_string(root.join("rust-toolchain.toml"))
        .map_err(|e| format!("cannot read rust-toolchain.toml: {e}"))?;
    let rustup = std::env::var_os("RUSTUP").unwrap_or_else(|| "rustup".into());
    ensure_targets(Path::new(&rustup), &pinned(&text)?).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_channel_and_targets() {
        let text = std::fs::read_to_string(crate::root().join("rust-toolchain.toml")).unwrap();
        let p = pinned(&text).unwrap();
        assert_eq!(p.channel, "1.95.0");
        assert_eq!(p.targets, ["wasm32-unknown-unknown", "thumbv7em-none-eabihf"]);
        assert!(pinned("[toolchain]\n# channel = \"x\"\n").is_err());
    }

    /// A stand-in `rustup` that knows one installed target and logs every call.
    fn fake_rustup(dir: &Path, installed: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("rustup");
        let log = dir.join("calls.log");
        let body = format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nif [ \"$2\" = list ]; then printf '{installed}\\n'; fi\nexit 0\n",
            log.display()
        );
        std::fs::write(&script, body).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[test]
    fn adds_exactly_the_missing_targets_and_nothing_when_all_are_there() {
        let dir = std::env::temp_dir().join(format!("xtask-rustup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pinned = Pinned {
            channel: "1.95.0".into(),
            targets: vec!["wasm32-unknown-unknown".into(), "thumbv7em-none-eabihf".into()],
        };
        let rustup = fake_rustup(&dir, "x86_64-unknown-linux-gnu\\nthumbv7em-none-eabihf");
        let added = ensure_targets(&rustup, &pinned).unwrap();
        assert_eq!(added, ["wasm32-unknown-unknown"]);
        let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
        assert_eq!(
            calls.lines().collect::<Vec<_>>(),
            ["target list --installed --toolchain 1.95.0", "target add --toolchain 1.95.0 wasm32-unknown-unknown"]
        );
        std::fs::remove_file(dir.join("calls.log")).unwrap();
        let rustup = fake_rustup(&dir, "wasm32-unknown-unknown\\nthumbv7em-none-eabihf");
        assert!(ensure_targets(&rustup, &pinned).unwrap().is_empty());
        let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
        assert_eq!(calls.lines().count(), 1, "only the listing: {calls}");
        assert!(ensure_targets(&dir.join("no-such-rustup"), &pinned).unwrap_err().contains("rustup"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
