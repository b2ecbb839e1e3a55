//! `cargo xtask bench [--quick] [--repeat N] [GROUP...]`: runs the criterion benches (or only
//! the named groups) N times, then writes `target/bench-report.md` with every function's median
//! and the ratio ours ÷ that function; with N > 1, each ratio's median, minimum and maximum
//! over the runs, so the noise of one run is visible beside the figure.

use crate::bench_report::{self, Groups};
use crate::cmd::{self, cargo, project_root};

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Options {
    quick: bool,
    repeat: usize,
    groups: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        quick: false,
        repeat: 1,
        groups: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--repeat" => {
                let n = args.next().ok_or("bench: --repeat needs a number")?;
                options.repeat = match n.parse() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        return Err(format!(
                            "bench: --repeat takes a count of 1 or more, not `{n}`"
                        ));
                    }
                };
            }
            other if other.starts_with('-') => {
                return Err(format!(
                    "bench: unknown option `{other}` (--quick, --repeat N, then group names)"
                ));
            }
            group => options.groups.push(group.to_string()),
        }
    }
    Ok(options)
}

/// Criterion's filter: a regex matching every bench id in the named groups.
fn filter(groups: &[String]) -> Option<String> {
    (!groups.is_empty()).then(|| {
        groups
            .iter()
            .map(|g| format!("^{}/", g.replace('.', "\\.")))
            .collect::<Vec<_>>()
            .join("|")
    })
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let mut runs: Vec<Groups> = Vec::new();
    for round in 1..=options.repeat {
        let mut command = cargo();
        command.args(["bench", "-p", "benches", "--all-features", "--"]);
        if options.quick {
            // Criterion's quick mode: stop sampling once the estimate is stable.
            command.arg("--quick");
        }
        if let Some(filter) = filter(&options.groups) {
            command.arg(filter);
        }
        // Criterion leaves earlier runs' results in place; report only this run's.
        let started = std::time::SystemTime::now();
        cmd::run(
            &format!("bench (run {round} of {})", options.repeat),
            &mut command,
        )?;
        let groups = bench_report::collect(&project_root().join("target/criterion"), started)?;
        if groups.is_empty() {
            return Err("bench: criterion wrote no results under target/criterion \
                        (does a group name match?)"
                .into());
        }
        runs.push(groups);
    }
    let report = if runs.len() == 1 {
        bench_report::render(&runs[0])
    } else {
        bench_report::render_repeated(&runs)
    };
    let path = project_root().join("target/bench-report.md");
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("\n{report}\nbench: wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_repeat_and_groups() {
        let options = parse(&args("--repeat 3 arena/drop_1k --quick layout/mass_sum_1m")).unwrap();
        assert_eq!(
            options,
            Options {
                quick: true,
                repeat: 3,
                groups: vec!["arena/drop_1k".into(), "layout/mass_sum_1m".into()],
            }
        );
        assert_eq!(parse(&[]).unwrap().repeat, 1);
    }

    #[test]
    fn a_bad_repeat_or_option_is_an_error() {
        assert!(
            parse(&args("--repeat"))
                .unwrap_err()
                .contains("needs a number")
        );
        assert!(parse(&args("--repeat 0")).unwrap_err().contains("`0`"));
        assert!(parse(&args("--repeat x")).unwrap_err().contains("`x`"));
        assert!(parse(&args("--fast")).unwrap_err().contains("`--fast`"));
    }

    #[test]
    fn the_filter_matches_whole_group_names() {
        assert_eq!(filter(&[]), None);
        let f = filter(&["arena/drop_1k".into(), "cow_utils/x.y".into()]).unwrap();
        assert_eq!(f, "^arena/drop_1k/|^cow_utils/x\\.y/");
    }
}
