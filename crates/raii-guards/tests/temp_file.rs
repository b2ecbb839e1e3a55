//! `TempFile`: created safely, deleted on every exit path, persisted or kept on request.
//!
//! These touch the real file system, which Miri's isolation forbids: they run natively. The
//! decisions they rely on (the retry loop, names, keep/keep-on-panic) are unit-tested in
//! `src/temp_builder.rs` and `src/temp_path.rs`, and those tests do run under Miri.
#![cfg(feature = "std")]

use ownership_raii_guards::{TempBuilder, TempDir, TempFile};
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

/// Every test works in a directory of its own.
fn base() -> TempDir {
    TempDir::new().expect("a base directory in the system temp dir")
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_created_absolute_and_empty_in_the_given_directory() {
    let base = base();
    let f = TempFile::new_in(base.path()).unwrap();
    assert!(f.path().is_absolute());
    assert_eq!(f.path().parent(), Some(base.path()));
    assert!(f.path().is_file());
    assert_eq!(fs::metadata(f.path()).unwrap().len(), 0);
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_deleted_on_normal_exit_early_return_and_unwind() {
    fn early(base: &TempDir, seen: &mut Option<PathBuf>) -> io::Result<()> {
        let f = TempFile::new_in(base.path())?;
        *seen = Some(f.path().to_path_buf());
        Err(io::Error::other("early"))?;
        Ok(())
    }
    let base = base();
    let normal = {
        let f = TempFile::new_in(base.path()).unwrap();
        f.path().to_path_buf()
    };
    let mut early_path = None;
    assert!(early(&base, &mut early_path).is_err());
    let mut unwind_path = None;
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let f = TempFile::new_in(base.path()).unwrap();
        unwind_path = Some(f.path().to_path_buf());
        panic!("boom");
    }));
    assert!(caught.is_err());
    for path in [Some(normal), early_path, unwind_path] {
        assert!(!path.unwrap().exists());
    }
    assert_eq!(fs::read_dir(base.path()).unwrap().count(), 0);
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn reads_writes_and_seeks_owned_and_through_a_shared_reference() {
    let base = base();
    let mut f = TempFile::new_in(base.path()).unwrap();
    f.write_all(b"hello ").unwrap();
    (&f).write_all(b"world").unwrap();
    f.flush().unwrap();
    (&f).seek(SeekFrom::Start(6)).unwrap();
    let mut tail = String::new();
    (&f).read_to_string(&mut tail).unwrap();
    assert_eq!(tail, "world");
    f.rewind().unwrap();
    let mut all = String::new();
    f.read_to_string(&mut all).unwrap();
    assert_eq!(all, "hello world");
    assert_eq!(fs::read(f.path()).unwrap(), b"hello world");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_file_planted_at_the_name_is_never_opened_or_removed() {
    let base = base();
    let planted = base.path().join("fixed.tmp");
    fs::write(&planted, "planted by someone else").unwrap();
    let err = TempBuilder::new()
        .prefix("fixed.tmp")
        .random_len(0)
        .file_in(base.path())
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(
        fs::read_to_string(&planted).unwrap(),
        "planted by someone else"
    );
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_symlink_planted_at_the_name_is_never_followed() {
    let base = base();
    let victim = base.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let dangling_target = base.path().join("would-be-created");
    for (name, target) in [("to-victim", &victim), ("dangling", &dangling_target)] {
        std::os::unix::fs::symlink(target, base.path().join(name)).unwrap();
        let err = TempBuilder::new()
            .prefix(name)
            .random_len(0)
            .file_in(base.path())
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists, "{name}");
        assert!(
            fs::symlink_metadata(base.path().join(name))
                .unwrap()
                .is_symlink()
        );
    }
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "precious",
        "not truncated"
    );
    assert!(!dangling_target.exists(), "not created through the symlink");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn many_files_in_one_directory_get_distinct_names() {
    let base = base();
    let files: Vec<TempFile> = (0..200)
        .map(|_| TempFile::new_in(base.path()).unwrap())
        .collect();
    assert_eq!(fs::read_dir(base.path()).unwrap().count(), 200);
    drop(files);
    assert_eq!(fs::read_dir(base.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_owner_only_on_unix() {
    use std::os::unix::fs::PermissionsExt;
    let base = base();
    let f = TempFile::new_in(base.path()).unwrap();
    assert_eq!(
        f.as_file().metadata().unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn persist_moves_the_file_and_stops_deleting_it() {
    let base = base();
    let mut f = TempFile::new_in(base.path()).unwrap();
    let temp_path = f.path().to_path_buf();
    f.write_all(b"final contents").unwrap();
    let target = base.path().join("report.txt");
    fs::write(&target, "old report").unwrap();
    let mut file = f.persist(&target).unwrap();
    file.write_all(b"!").unwrap();
    drop(file);
    assert!(!temp_path.exists());
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "final contents!",
        "replaced atomically"
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_failed_persist_returns_the_file_which_still_exists() {
    let base = base();
    let mut f = TempFile::new_in(base.path()).unwrap();
    f.write_all(b"do not lose me").unwrap();
    let path = f.path().to_path_buf();
    let err = f
        .persist(base.path().join("missing-dir").join("out.txt"))
        .unwrap_err();
    assert_eq!(err.error().kind(), io::ErrorKind::NotFound);
    let message = err.to_string();
    assert!(
        message.contains("missing-dir") && message.contains("into_file"),
        "{message}"
    );
    let mut f = err.into_file();
    assert_eq!(f.path(), path);
    f.rewind().unwrap();
    let mut back = String::new();
    f.read_to_string(&mut back).unwrap();
    assert_eq!(back, "do not lose me");
    // Still managed: a second persist to a good place works.
    let good = base.path().join("out.txt");
    f.persist(&good).unwrap();
    assert_eq!(fs::read_to_string(good).unwrap(), "do not lose me");
    assert!(!path.exists());
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_failed_persist_converted_to_io_error_deletes_the_file() {
    fn save(f: TempFile, to: PathBuf) -> io::Result<()> {
        f.persist(to)?;
        Ok(())
    }
    let base = base();
    let f = TempFile::new_in(base.path()).unwrap();
    let path = f.path().to_path_buf();
    assert!(save(f, base.path().join("missing-dir/x")).is_err());
    assert!(!path.exists());
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn keep_leaves_the_file_on_disk() {
    let base = base();
    let (mut file, path) = TempFile::new_in(base.path()).unwrap().keep();
    file.write_all(b"kept").unwrap();
    drop(file);
    assert_eq!(fs::read_to_string(&path).unwrap(), "kept");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn close_deletes_and_reports_errors() {
    let base = base();
    let f = TempFile::new_in(base.path()).unwrap();
    let path = f.path().to_path_buf();
    f.close().unwrap();
    assert!(!path.exists());
    let f = TempFile::new_in(base.path()).unwrap();
    fs::remove_file(f.path()).unwrap();
    let err = f.close().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert!(
        err.to_string().contains("cannot delete temporary File"),
        "{err}"
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn keep_on_panic_keeps_the_file_only_when_a_panic_drops_it() {
    let base = base();
    let mut kept = None;
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut f = TempFile::new_in(base.path()).unwrap().keep_on_panic();
        f.write_all(b"evidence").unwrap();
        kept = Some(f.path().to_path_buf());
        panic!("the run failed");
    }));
    assert!(caught.is_err());
    assert_eq!(fs::read_to_string(kept.unwrap()).unwrap(), "evidence");

    let f = TempBuilder::new()
        .keep_on_panic(true)
        .file_in(base.path())
        .unwrap();
    let path = f.path().to_path_buf();
    drop(f);
    assert!(!path.exists(), "no panic: deleted");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn creating_in_a_missing_directory_names_it_in_the_error() {
    let base = base();
    let missing = base.path().join("nope");
    let err = TempFile::new_in(&missing).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::NotFound);
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_leaves_alone_a_file_that_took_the_name_after_ours_was_renamed() {
    let base = base();
    let f = TempBuilder::new()
        .prefix("app.lock")
        .random_len(0)
        .file_in(base.path())
        .unwrap();
    let path = f.path().to_path_buf();
    let moved = base.path().join("moved-away");
    fs::rename(&path, &moved).unwrap();
    fs::write(&path, "another owner's file").unwrap();
    drop(f);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "another owner's file",
        "drop deleted a file it did not create"
    );
    assert!(moved.exists(), "ours was moved away: nothing to delete");
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn close_reports_and_leaves_alone_a_file_that_took_the_name_after_ours_was_removed() {
    let base = base();
    let f = TempBuilder::new()
        .prefix("app.lock")
        .random_len(0)
        .file_in(base.path())
        .unwrap();
    let path = f.path().to_path_buf();
    fs::remove_file(&path).unwrap();
    fs::write(&path, "another owner's file").unwrap();
    let err = f.close().unwrap_err();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "another owner's file",
        "close deleted a file it did not create"
    );
    assert_eq!(err.kind(), io::ErrorKind::NotFound, "{err}");
    assert!(err.to_string().contains("not the one"), "{err}");
}

#[cfg(unix)]
mod unprivileged;

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn a_directory_that_refuses_is_reported_by_new_and_close_and_survived_by_drop() {
    use std::error::Error;
    unprivileged::run(
        "a_directory_that_refuses_is_reported_by_new_and_close_and_survived_by_drop",
        |base| {
            let locked = base.join("locked");
            fs::create_dir(&locked).unwrap();
            let closed = TempFile::new_in(&locked).unwrap();
            let dropped = TempFile::new_in(&locked).unwrap();
            let paths = [closed.path().to_path_buf(), dropped.path().to_path_buf()];
            unprivileged::set_mode(&locked, 0o500);

            let refused = TempFile::new_in(&locked).unwrap_err();
            assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
            assert!(refused.to_string().contains("locked"), "{refused}");
            // The OS error stays reachable (13 is EACCES on every Unix).
            let source = refused.source().and_then(|s| s.downcast_ref::<io::Error>());
            assert_eq!(
                source.and_then(io::Error::raw_os_error),
                Some(13),
                "{refused:?}"
            );

            let err = closed.close().unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::PermissionDenied, "{err}");
            let source = err.source().and_then(|s| s.downcast_ref::<io::Error>());
            assert_eq!(
                source.map(io::Error::kind),
                Some(io::ErrorKind::PermissionDenied)
            );
            assert_eq!(
                source.and_then(io::Error::raw_os_error),
                Some(13),
                "{err:?}"
            );
            assert!(
                err.to_string().contains(&*paths[0].to_string_lossy()),
                "{err}"
            );
            drop(dropped); // must not panic

            unprivileged::set_mode(&locked, 0o700);
            for path in paths {
                assert!(path.exists(), "the directory refused, so it is still there");
            }
        },
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_after_the_file_was_removed_underneath_is_quiet_and_touches_nothing() {
    let base = base();
    let f = TempFile::new_in(base.path()).unwrap();
    let other = TempFile::new_in(base.path()).unwrap();
    fs::remove_file(f.path()).unwrap();
    drop(f);
    assert!(other.path().exists());
    assert_eq!(fs::read_dir(base.path()).unwrap().count(), 1);
}
