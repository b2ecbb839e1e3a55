//! `TempDir`: created fresh, deleted with its contents on every exit path unless kept.
//!
//! These touch the real file system, which Miri's isolation forbids: they run natively. The
//! decisions they rely on are unit-tested under Miri in `src/temp_path.rs`.
#![cfg(feature = "std")]

use ownership_raii_guards::{TempBuilder, TempDir};
use std::fs;
use std::io;
use std::panic::{self, AssertUnwindSafe};

fn base() -> TempDir {
    TempDir::new().expect("a base directory in the system temp dir")
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_deleted_with_its_contents_on_normal_exit_and_unwind() {
    let base = base();
    let normal = {
        let d = TempDir::new_in(base.path()).unwrap();
        fs::create_dir(d.path().join("sub")).unwrap();
        fs::write(d.path().join("sub/file"), "x").unwrap();
        d.path().to_path_buf()
    };
    assert!(!normal.exists());
    let mut unwound = None;
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let d = TempDir::new_in(base.path()).unwrap();
        unwound = Some(d.path().to_path_buf());
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert!(!unwound.unwrap().exists());
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_deleted_on_early_return() {
    fn work(base: &TempDir) -> io::Result<std::path::PathBuf> {
        let d = TempDir::new_in(base.path())?;
        Err(io::Error::other(d.path().display().to_string()))
    }
    let base = base();
    let err = work(&base).unwrap_err();
    assert!(!std::path::Path::new(&err.to_string()).exists());
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn deleting_does_not_follow_a_symlink_out_of_the_directory() {
    let base = base();
    let outside = base.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("precious"), "keep").unwrap();
    let d = TempDir::new_in(base.path()).unwrap();
    std::os::unix::fs::symlink(&outside, d.path().join("link")).unwrap();
    d.close().unwrap();
    assert_eq!(
        fs::read_to_string(outside.join("precious")).unwrap(),
        "keep"
    );
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn is_owner_only_on_unix_and_absolute() {
    use std::os::unix::fs::PermissionsExt;
    let base = base();
    let d = TempDir::new_in(base.path()).unwrap();
    assert!(d.path().is_absolute());
    assert_eq!(
        fs::metadata(d.path()).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn an_existing_directory_is_never_reused() {
    let base = base();
    fs::create_dir(base.path().join("taken")).unwrap();
    fs::write(base.path().join("taken/data"), "theirs").unwrap();
    let err = TempBuilder::new()
        .prefix("taken")
        .random_len(0)
        .dir_in(base.path())
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(
        fs::read_to_string(base.path().join("taken/data")).unwrap(),
        "theirs"
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn keep_and_close() {
    let base = base();
    let kept = TempDir::new_in(base.path()).unwrap().keep();
    assert!(kept.is_dir());
    let d = TempDir::new_in(base.path()).unwrap();
    let path = d.path().to_path_buf();
    d.close().unwrap();
    assert!(!path.exists());
    let d = TempDir::new_in(base.path()).unwrap();
    fs::remove_dir(d.path()).unwrap();
    assert_eq!(d.close().unwrap_err().kind(), io::ErrorKind::NotFound);
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn keep_on_panic_keeps_the_directory_only_when_a_panic_drops_it() {
    let base = base();
    let mut kept = None;
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let d = TempDir::new_in(base.path()).unwrap().keep_on_panic();
        fs::write(d.path().join("log"), "what happened").unwrap();
        kept = Some(d.path().to_path_buf());
        panic!("the run failed");
    }));
    assert!(caught.is_err());
    assert_eq!(
        fs::read_to_string(kept.unwrap().join("log")).unwrap(),
        "what happened"
    );
    let d = TempDir::new_in(base.path()).unwrap().keep_on_panic();
    let path = d.path().to_path_buf();
    drop(d);
    assert!(!path.exists());
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn the_default_location_is_the_system_temp_dir() {
    let d = TempDir::new().unwrap();
    assert!(
        d.path()
            .starts_with(std::path::absolute(std::env::temp_dir()).unwrap())
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_leaves_alone_a_directory_that_took_the_name_after_ours_was_renamed() {
    let base = base();
    let d = TempBuilder::new()
        .prefix("work")
        .random_len(0)
        .dir_in(base.path())
        .unwrap();
    let path = d.path().to_path_buf();
    fs::rename(&path, base.path().join("moved-away")).unwrap();
    fs::create_dir(&path).unwrap();
    fs::write(path.join("data"), "theirs").unwrap();
    let err = d.close().unwrap_err();
    assert_eq!(
        fs::read_to_string(path.join("data")).unwrap(),
        "theirs",
        "close deleted a directory it did not create"
    );
    assert_eq!(err.kind(), io::ErrorKind::NotFound, "{err}");

    let d = TempBuilder::new()
        .prefix("work2")
        .random_len(0)
        .dir_in(base.path())
        .unwrap();
    let path = d.path().to_path_buf();
    fs::remove_dir(&path).unwrap();
    fs::create_dir(&path).unwrap();
    fs::write(path.join("data"), "theirs too").unwrap();
    drop(d);
    assert_eq!(
        fs::read_to_string(path.join("data")).unwrap(),
        "theirs too",
        "drop deleted a directory it did not create"
    );
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_leaves_alone_a_symlink_that_took_the_name() {
    let base = base();
    let outside = base.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("precious"), "keep").unwrap();
    let d = TempDir::new_in(base.path()).unwrap();
    let path = d.path().to_path_buf();
    fs::remove_dir(&path).unwrap();
    std::os::unix::fs::symlink(&outside, &path).unwrap();
    assert!(d.close().is_err());
    assert!(fs::symlink_metadata(&path).unwrap().is_symlink());
    assert_eq!(
        fs::read_to_string(outside.join("precious")).unwrap(),
        "keep"
    );
}

#[cfg(unix)]
mod unprivileged;

/// "Permission denied", the same on every Unix.
#[cfg(unix)]
const EACCES: i32 = 13;

/// A tree with read-only (`0o500`) and closed (`0o000`) subdirectories, with files in them.
#[cfg(unix)]
fn fill_with_read_only_subdirectories(dir: &std::path::Path) {
    let ro = dir.join("read-only");
    fs::create_dir_all(ro.join("inner")).unwrap();
    fs::write(ro.join("file"), "x").unwrap();
    fs::write(ro.join("inner/file"), "x").unwrap();
    let closed = dir.join("closed");
    fs::create_dir_all(closed.join("inner")).unwrap();
    fs::write(closed.join("inner/file"), "x").unwrap();
    unprivileged::set_mode(&ro.join("inner"), 0o500);
    unprivileged::set_mode(&ro, 0o500);
    unprivileged::set_mode(&closed.join("inner"), 0o000);
    unprivileged::set_mode(&closed, 0o000);
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn read_only_subdirectories_are_deleted_with_the_rest() {
    unprivileged::run(
        "read_only_subdirectories_are_deleted_with_the_rest",
        |base| {
            let d = TempDir::new_in(base).unwrap();
            let dropped = d.path().to_path_buf();
            fill_with_read_only_subdirectories(&dropped);
            drop(d);
            assert!(!dropped.exists(), "drop left the tree behind");

            let d = TempDir::new_in(base).unwrap();
            let closed = d.path().to_path_buf();
            fill_with_read_only_subdirectories(&closed);
            d.close().unwrap();
            assert!(!closed.exists(), "close left the tree behind");
        },
    );
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn close_reports_what_could_not_be_deleted_with_the_io_error_as_source() {
    use std::error::Error;
    unprivileged::run(
        "close_reports_what_could_not_be_deleted_with_the_io_error_as_source",
        |base| {
            // The parent refuses: that is not ours to change, so the directory stays.
            let parent = base.join("locked");
            fs::create_dir(&parent).unwrap();
            let d = TempDir::new_in(&parent).unwrap();
            let path = d.path().to_path_buf();
            fill_with_read_only_subdirectories(&path);
            unprivileged::set_mode(&parent, 0o500);
            let err = d.close().unwrap_err();
            unprivileged::set_mode(&parent, 0o700);
            assert_eq!(err.kind(), io::ErrorKind::PermissionDenied, "{err}");
            let source = err.source().and_then(|s| s.downcast_ref::<io::Error>());
            assert_eq!(
                source.map(io::Error::kind),
                Some(io::ErrorKind::PermissionDenied),
                "{err}"
            );
            assert_eq!(
                source.and_then(io::Error::raw_os_error),
                Some(EACCES),
                "{err:?}"
            );
            let message = err.to_string();
            assert!(message.contains(&*path.to_string_lossy()), "{message}");
            assert!(
                message.contains("left behind: the directory itself"),
                "{message}"
            );
            assert!(path.is_dir(), "still there");
            assert_eq!(
                fs::read_dir(&path).unwrap().count(),
                0,
                "everything inside was deleted"
            );

            // Refused at creation: a directory we may not write to.
            let err = TempDir::new_in(&parent).map(|_| ());
            unprivileged::set_mode(&parent, 0o500);
            let refused = TempDir::new_in(&parent).unwrap_err();
            unprivileged::set_mode(&parent, 0o700);
            assert!(err.is_ok());
            assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
            assert!(refused.to_string().contains("locked"), "{refused}");
            let source = refused.source().and_then(|s| s.downcast_ref::<io::Error>());
            assert_eq!(
                source.and_then(io::Error::raw_os_error),
                Some(EACCES),
                "{refused:?}"
            );
            fs::remove_dir(&path).unwrap();
        },
    );
}

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_after_the_directory_was_removed_underneath_is_quiet() {
    let base = base();
    let d = TempDir::new_in(base.path()).unwrap();
    fs::remove_dir(d.path()).unwrap();
    drop(d);
    assert_eq!(fs::read_dir(base.path()).unwrap().count(), 0);
}
