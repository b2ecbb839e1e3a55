//! `cargo xtask bench [--quick]`: runs the criterion benches, then writes
//! `target/bench-report.md` with every function's median and the ratio ours ÷ that function.

use crate::bench_report;
use crate::cmd::{self, cargo, project_root};

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--quick") {
        return Err(format!("bench: unknown option `{other}` (only --quick)"));
    }
    let mut command = cargo();
    command.args(["bench", "-p", "benches"]);
    if quick {
        // Criterion's quick mode: stop sampling once the estimate is stable.
        command.args(["--", "--quick"]);
    }
    // Criterion leaves earlier runs' results in place; report only this run's.
    let started = std::time::SystemTime::now();
    cmd::run("bench", &mut command)?;

    let target = project_root().join("target");
    let groups = bench_report::collect(&target.join("criterion"), started)?;
    if groups.is_empty() {
        return Err("bench: criterion wrote no results under target/criterion".into());
    }
    let report = bench_report::render(&groups);
    let path = target.join("bench-report.md");
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("\n{report}\nbench: wrote {}", path.display());
    Ok(())
}
