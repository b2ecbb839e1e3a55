//! Runs a test body as a user that file permissions apply to.
//!
//! Tests and CI run as root, for whom a read-only directory refuses nothing, so a test of "the
//! file system refuses" would pass whatever the code does. As root, [`run`] re-runs the one
//! test in a child process of this test binary with uid and gid 65534 (`nobody`), in a
//! directory that user owns; as anyone else, it runs the body directly.

use std::env;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ownership_raii_guards::TempDir;

/// Set in the child: the directory the body works in.
const DIR_VAR: &str = "RAII_GUARDS_UNPRIVILEGED_DIR";
const NOBODY: u32 = 65534;

/// Runs `body` with a directory of its own, as a user that is not root.
///
/// `test` is the name of the calling `#[test]` function: as root, the child runs exactly
/// that test of this binary, and the parent fails if the child did not run it and pass.
pub(crate) fn run(test: &str, body: impl FnOnce(&Path)) {
    if let Some(dir) = env::var_os(DIR_VAR) {
        let dir = PathBuf::from(dir);
        assert_ne!(owner_of_new_files(&dir), 0, "the child still runs as root");
        return body(&dir);
    }
    let base = TempDir::new().expect("a base directory");
    if owner_of_new_files(base.path()) != 0 {
        return body(base.path());
    }
    let dir = base.path().join("home");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOBODY)).unwrap();
    // The base is 0o700 (a TempDir): let the child through to its own directory.
    set_mode(base.path(), 0o755);
    let exe = env::current_exe().unwrap();
    let output = match child(&exe, test, &dir) {
        Ok(output) => output,
        // The binary may sit where `nobody` cannot reach it: run a copy from the base.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            let copy = base.path().join("test-binary");
            fs::copy(&exe, &copy).unwrap();
            child(&copy, test, &dir).unwrap()
        }
        Err(e) => panic!("cannot run {} as uid {NOBODY}: {e}", exe.display()),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{test} as uid {NOBODY} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}

fn child(exe: &Path, test: &str, dir: &Path) -> std::io::Result<Output> {
    Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(DIR_VAR, dir)
        .current_dir("/")
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
}

/// The uid that owns what this process creates: its effective uid, without `libc`.
fn owner_of_new_files(dir: &Path) -> u32 {
    let probe = TempDir::new_in(dir).expect("a probe directory");
    fs::metadata(probe.path()).unwrap().uid()
}

pub(crate) fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}
