//! Crash safety: kill a real ingest with SIGKILL at random moments, reopen, check.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dateline_store::Archive;

fn child() -> Option<PathBuf> {
    // target/debug/deps/it-HASH -> target/debug/examples/crash_child
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.parent()?.join("examples").join("crash_child");
    path.exists().then_some(path)
}

fn run(rounds: usize, count: u64, max_delay_ms: u64) {
    let Some(child_bin) = child() else {
        eprintln!(
            "note: crash_child example not built; run `cargo test -p dateline-store` (builds examples)"
        );
        return;
    };
    // The reference: one uninterrupted run.
    let reference = tempfile::tempdir().unwrap();
    let status = Command::new(&child_bin)
        .args([reference.path().to_str().unwrap(), &count.to_string()])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let expected = Archive::open(reference.path()).unwrap().stats().unwrap();

    let mut dir = tempfile::tempdir().unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64 ^ std::process::id() as u64;
    let (mut killed, mut completed) = (0, 0);
    for round in 0..rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % max_delay_ms.max(1));
        let mut proc = Command::new(&child_bin)
            .args([dir.path().to_str().unwrap(), &count.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < delay {
            if proc.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let finished = proc.try_wait().unwrap().is_some();
        if !finished {
            proc.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        proc.wait().unwrap();
        let mut archive = Archive::open(dir.path()).unwrap();
        let report = archive.check().unwrap();
        assert!(
            report.is_ok(),
            "round {round}, killed after {delay:?}:\n{report}"
        );
        assert!(report.records <= expected.records);
        if finished {
            // This archive survived its kills and completed: it must equal the reference.
            let got = archive.stats().unwrap();
            assert_eq!(
                (got.records, got.stories, got.sources),
                (expected.records, expected.stories, expected.sources)
            );
            drop(archive);
            completed += 1;
            dir = tempfile::tempdir().unwrap();
        }
    }
    // A final uninterrupted rerun completes: nothing lost, nothing twice.
    let status = Command::new(&child_bin)
        .args([dir.path().to_str().unwrap(), &count.to_string()])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut archive = Archive::open(dir.path()).unwrap();
    assert!(archive.check().unwrap().is_ok());
    let got = archive.stats().unwrap();
    assert_eq!(
        (
            got.records,
            got.stories,
            got.sources,
            got.superseded,
            got.quotes
        ),
        (
            expected.records,
            expected.stories,
            expected.sources,
            expected.superseded,
            expected.quotes
        )
    );
    eprintln!(
        "crash test: {rounds} rounds, {killed} kills, {completed} archives completed after kills, {} records each",
        got.records
    );
}

#[test]
fn killed_ingest_leaves_a_consistent_archive() {
    run(8, 200, 400);
}

#[test]
#[ignore = "soak: a few minutes; run with `cargo test -p dateline-store -- --ignored`"]
fn killed_ingest_soak() {
    run(150, 2000, 3000);
}
