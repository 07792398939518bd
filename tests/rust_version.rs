//! `rust-version` in Cargo.toml tells the truth: no locked dependency needs a newer Rust.
//!
//! Only recent toolchains are installed where this project is developed, so the minimum cannot be
//! proved by building with it; instead this test reads every package of the locked dependency
//! graph (`cargo metadata --locked`, offline when it can, all platforms, dev-dependencies included, since
//! `cargo test --locked` builds them) and checks that the highest `rust-version` any of them
//! declares is not above ours. Clippy's `incompatible_msrv` lint (on under `-D warnings`) checks
//! our own code against the same `rust-version`. With the minimum toolchain at hand, the direct
//! check is `cargo +1.88 test --locked`.

use std::process::Command;

use serde_json::Value;

/// `1.88` or `1.88.0` as (major, minor, patch).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap());
    (
        parts.next().unwrap(),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn rust_version_covers_every_locked_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let metadata = |offline: bool| {
        let mut command = Command::new(&cargo);
        command.args(["metadata", "--locked", "--format-version", "1"]);
        if offline {
            command.arg("--offline");
        }
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    // Offline first; a fresh machine has only this platform's crates downloaded (not, say,
    // Windows-only ones the lock file lists), and then cargo must fetch their manifests.
    let mut out = metadata(true);
    if !out.status.success() {
        out = metadata(false);
    }
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "streamlint")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml declares rust-version");
    let needed = packages
        .iter()
        .filter(|p| p["name"] != "streamlint")
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p)))
        .max_by_key(|(v, _)| *v)
        .unwrap();
    assert!(
        version(ours) >= needed.0,
        "Cargo.toml says rust-version {ours}, but {} {} needs {}",
        needed.1["name"],
        needed.1["version"],
        needed.1["rust_version"]
    );
    // The README states the same minimum.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {ours} or newer")),
        "README names the minimum Rust version {ours}"
    );
}
