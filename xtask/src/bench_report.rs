//! Turns criterion's output directory into a Markdown report: one table per bench group,
//! every function's median time and the ratio ours ÷ that function.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// One measured function of a group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Measurement {
    pub(crate) function: String,
    pub(crate) median_ns: f64,
    /// When criterion wrote it: the order the functions ran in.
    written: SystemTime,
}

/// Bench groups by name, each with its functions, the baseline first.
pub(crate) type Groups = BTreeMap<String, Vec<Measurement>>;

/// The name that marks our implementation in a group; the others are compared to it.
const OURS: &str = "ours";

/// Reads every `<group>/<function>/new/{benchmark,estimates}.json` below `criterion_dir`
/// written at or after `since` (older files are results of benches that no longer exist).
pub(crate) fn collect(criterion_dir: &Path, since: SystemTime) -> Result<Groups, String> {
    let mut groups = Groups::new();
    let mut pending = vec![criterion_dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.ends_with("new/benchmark.json") {
                let new_dir = path.parent().expect("ends with new/benchmark.json");
                let (group, measurement) = read_one(new_dir)?;
                if measurement.written >= since {
                    groups.entry(group).or_default().push(measurement);
                }
            }
        }
    }
    for functions in groups.values_mut() {
        // The order they ran in, with ours moved to the front.
        functions.sort_by_key(|m| (m.function != OURS, m.written));
    }
    Ok(groups)
}

fn read_one(new_dir: &Path) -> Result<(String, Measurement), String> {
    let read = |name: &str| -> Result<Value, String> {
        let path = new_dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let id = read("benchmark.json")?;
    let estimates = read("estimates.json")?;
    let field = |name: &str| id.get(name).and_then(Value::as_str).map(str::to_owned);
    let group_id = field("group_id").ok_or("benchmark.json has no group_id")?;
    // A parameterised bench (`BenchmarkId::new("ours", 16)`) compares functions at the same
    // parameter, so the parameter joins the group name.
    let group = match field("value_str") {
        Some(value) => format!("{group_id}/{value}"),
        None => group_id,
    };
    let function = field("function_id").unwrap_or_else(|| group.clone());
    let median_ns = estimates
        .pointer("/median/point_estimate")
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("{}: no median", new_dir.display()))?;
    let written = std::fs::metadata(new_dir.join("estimates.json"))
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    Ok((
        group,
        Measurement {
            function,
            median_ns,
            written,
        },
    ))
}

/// Renders the report. Ratio = ours' median ÷ that function's, the one convention of the
/// workspace: below 1 ours is faster, above 1 slower. A group without `ours` compares every
/// function to the first one that ran.
pub(crate) fn render(groups: &Groups) -> String {
    let mut out = String::from(
        "# Bench report\n\nMedian time per iteration, from criterion. Ratio: ours ÷ that \
         function (the first row's median divided by the row's); below 1.00 ours is faster. \
         Compare ratios, not times: this machine is shared and noisy.\n",
    );
    for (group, functions) in groups {
        let base = &functions[0];
        out.push_str(&format!(
            "\n## {group}\n\n| function | median | {} ÷ this |\n| --- | ---: | ---: |\n",
            base.function
        ));
        for m in functions {
            out.push_str(&format!(
                "| {} | {} | {:.2} |\n",
                m.function,
                format_ns(m.median_ns),
                base.median_ns / m.median_ns
            ));
        }
    }
    out
}

/// Renders several runs of the same groups: for each function, its median time over the runs
/// and the ratio ours ÷ it as median, minimum and maximum. A ratio is taken within one run
/// (ours and the peer measured minutes apart, not hours), then summarised across runs.
pub(crate) fn render_repeated(runs: &[Groups]) -> String {
    let mut out = format!(
        "# Bench report ({} runs)\n\nMedian time per iteration, from criterion, as the median over \
         the runs. Ratio: ours ÷ that function, taken within each run (below 1.00 ours is \
         faster); the median, minimum and maximum over the runs. A range wider than the gap \
         to 1.00 means this machine cannot tell the two apart.\n",
        runs.len()
    );
    let names: std::collections::BTreeSet<&String> = runs.iter().flat_map(|g| g.keys()).collect();
    for group in names {
        let per_run: Vec<&Vec<Measurement>> = runs.iter().filter_map(|g| g.get(group)).collect();
        let base_name = &per_run[0][0].function;
        out.push_str(&format!(
            "\n## {group}\n\n| function | median | {base_name} ÷ this: median | min | max | runs |\n\
             | --- | ---: | ---: | ---: | ---: | ---: |\n"
        ));
        for function in per_run[0].iter().map(|m| &m.function) {
            let mut times = Vec::new();
            let mut ratios = Vec::new();
            for run in &per_run {
                let (Some(base), Some(this)) = (
                    run.iter().find(|m| &m.function == base_name),
                    run.iter().find(|m| &m.function == function),
                ) else {
                    continue;
                };
                times.push(this.median_ns);
                ratios.push(base.median_ns / this.median_ns);
            }
            let (ratio, min, max) = (
                median(&mut ratios.clone()),
                min_of(&ratios),
                max_of(&ratios),
            );
            out.push_str(&format!(
                "| {function} | {} | {ratio:.2} | {min:.2} | {max:.2} | {} |\n",
                format_ns(median(&mut times)),
                ratios.len()
            ));
        }
    }
    out
}

/// The median of `values` (the mean of the middle two for an even count); NaN if empty.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn min_of(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NAN, f64::min)
}

fn max_of(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NAN, f64::max)
}

fn format_ns(ns: f64) -> String {
    match ns {
        // Below 10 ns one decimal would hide the differences the ratios are about.
        n if n < 10.0 => format!("{n:.2} ns"),
        n if n < 1e3 => format!("{n:.1} ns"),
        n if n < 1e6 => format!("{:.2} µs", n / 1e3),
        n if n < 1e9 => format!("{:.2} ms", n / 1e6),
        n => format!("{:.2} s", n / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ownership_raii_guards::TempDir;

    /// Writes one function's files as criterion 0.5 does.
    fn write_sample(root: &Path, dir: &str, group: &str, function: &str, median: f64) {
        let new_dir = root.join(dir).join("new");
        std::fs::create_dir_all(&new_dir).unwrap();
        let benchmark = format!(
            r#"{{"group_id":"{group}","function_id":"{function}","value_str":null,"throughput":null,"full_id":"{group}/{function}","directory_name":"{dir}","title":"{group}/{function}"}}"#
        );
        let estimates = format!(
            r#"{{"mean":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0}},"point_estimate":2.0,"standard_error":0.1}},"median":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{median},"upper_bound":{median}}},"point_estimate":{median},"standard_error":0.1}},"median_abs_dev":null,"slope":null,"std_dev":null}}"#
        );
        std::fs::write(new_dir.join("benchmark.json"), benchmark).unwrap();
        std::fs::write(new_dir.join("estimates.json"), estimates).unwrap();
        // A sibling that must be ignored: criterion's previous run.
        std::fs::create_dir_all(root.join(dir).join("base")).unwrap();
    }

    #[test]
    fn ratios_are_to_ours_whatever_order_the_files_are_found_in() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        write_sample(root, "alloc/system", "alloc", "system", 20.0);
        write_sample(root, "alloc/ours", "alloc", "ours", 25.0);
        write_sample(
            root,
            "arena_alloc/bumpalo",
            "arena/alloc",
            "bumpalo",
            1500.0,
        );
        write_sample(root, "arena_alloc/ours", "arena/alloc", "ours", 1000.0);
        let groups = collect(root, SystemTime::UNIX_EPOCH).unwrap();

        assert_eq!(groups.len(), 2);
        let names: Vec<_> = groups["arena/alloc"]
            .iter()
            .map(|m| m.function.as_str())
            .collect();
        assert_eq!(names, ["ours", "bumpalo"]);
        let report = render(&groups);
        assert!(report.contains("## arena/alloc"), "{report}");
        assert!(report.contains("| ours | 1.00 µs | 1.00 |"), "{report}");
        // ours ÷ peer: below 1 ours is faster.
        assert!(report.contains("| bumpalo | 1.50 µs | 0.67 |"), "{report}");
        assert!(report.contains("| system | 20.0 ns | 1.25 |"), "{report}");
        assert!(report.contains("| ours ÷ this |"), "{report}");
    }

    #[test]
    fn a_parameter_makes_its_own_group() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        write_sample(root, "g/ours/16", "g", "ours", 2.0);
        write_sample(root, "g/peer/16", "g", "peer", 3.0);
        write_sample(root, "g/ours/4096", "g", "ours", 10.0);
        // Criterion writes the parameter in value_str.
        for dir in ["g/ours/16", "g/peer/16", "g/ours/4096"] {
            let file = root.join(dir).join("new/benchmark.json");
            let value = dir.rsplit('/').next().unwrap();
            let text = std::fs::read_to_string(&file).unwrap();
            let text = text.replace("\"value_str\":null", &format!("\"value_str\":\"{value}\""));
            std::fs::write(&file, text).unwrap();
        }
        let groups = collect(root, SystemTime::UNIX_EPOCH).unwrap();
        let names: Vec<_> = groups.keys().map(String::as_str).collect();
        assert_eq!(names, ["g/16", "g/4096"]);
        assert_eq!(groups["g/16"][1].function, "peer");
        assert!(render(&groups).contains("| peer | 3.00 ns | 0.67 |"));
    }

    #[test]
    fn results_older_than_the_run_are_left_out() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        write_sample(root, "g/ours", "g", "ours", 1.0);
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        let groups = collect(root, later).unwrap();
        assert!(groups.is_empty());
    }

    #[test]
    fn a_corrupt_estimate_is_an_error_naming_the_file() {
        let dir = TempDir::new().unwrap();
        let root = dir.path();
        write_sample(root, "g/ours", "g", "ours", 1.0);
        std::fs::write(root.join("g/ours/new/estimates.json"), "{\"median\": ").unwrap();
        let err = collect(root, SystemTime::UNIX_EPOCH).unwrap_err();
        assert!(err.contains("estimates.json"), "{err}");
    }

    fn measured(function: &str, median_ns: f64) -> Measurement {
        Measurement {
            function: function.into(),
            median_ns,
            written: SystemTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn repeated_runs_report_each_ratio_s_median_and_range() {
        let run = |ours: f64, peer: f64| {
            Groups::from([(
                "g".to_string(),
                vec![measured("ours", ours), measured("peer", peer)],
            )])
        };
        // ours ÷ peer per run: 0.5, 1.0, 0.8.
        let report = render_repeated(&[run(10.0, 20.0), run(10.0, 10.0), run(8.0, 10.0)]);
        assert!(report.contains("(3 runs)"), "{report}");
        assert!(
            report.contains("| ours ÷ this: median | min | max | runs |"),
            "{report}"
        );
        assert!(
            report.contains("| peer | 10.0 ns | 0.80 | 0.50 | 1.00 | 3 |"),
            "{report}"
        );
        assert!(
            report.contains("| ours | 10.0 ns | 1.00 | 1.00 | 1.00 | 3 |"),
            "{report}"
        );
    }

    #[test]
    fn a_function_missing_from_a_run_counts_only_the_runs_it_was_in() {
        let first = Groups::from([(
            "g".to_string(),
            vec![measured("ours", 1.0), measured("peer", 2.0)],
        )]);
        let second = Groups::from([("g".to_string(), vec![measured("ours", 1.0)])]);
        let report = render_repeated(&[first, second]);
        assert!(
            report.contains("| peer | 2.00 ns | 0.50 | 0.50 | 0.50 | 1 |"),
            "{report}"
        );
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), 2.5);
        assert_eq!(median(&mut [5.0]), 5.0);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn formats_times_in_readable_units() {
        assert_eq!(format_ns(0.597), "0.60 ns");
        assert_eq!(format_ns(12.34), "12.3 ns");
        assert_eq!(format_ns(4_560.0), "4.56 µs");
        assert_eq!(format_ns(7_890_000.0), "7.89 ms");
        assert_eq!(format_ns(2.5e9), "2.50 s");
    }
}
