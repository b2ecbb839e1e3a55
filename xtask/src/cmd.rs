//! Running programs: each command is printed before it runs, from the workspace root.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root: the parent of this crate's manifest directory.
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// A `cargo` command (the cargo that runs xtask, through `$CARGO`) in the workspace root.
pub(crate) fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(project_root());
    command
}

/// A program other than cargo (rustup, for example) in the workspace root.
pub(crate) fn program(name: &str) -> Command {
    let mut command = Command::new(name);
    command.current_dir(project_root());
    command
}

/// Prints `command` with the environment it sets, runs it, and fails with `step`'s name.
pub(crate) fn run(step: &str, command: &mut Command) -> Result<(), String> {
    println!("\n$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("step `{step}` failed: could not start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("step `{step}` failed ({status})"))
    }
}

/// Runs `command` quietly and returns its standard output, or `None` if it could not run or
/// failed: for questions like "is this tool installed?".
pub(crate) fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_str()?, v?.to_str()?)))
        .collect();
    let program = Path::new(command.get_program());
    // `$CARGO` is an absolute path; show the plain name so the line can be pasted.
    let name = program.file_name().unwrap_or(program.as_os_str());
    words.push(name.to_string_lossy().into_owned());
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}
