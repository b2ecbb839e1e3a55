//! `TempDir`: a directory that is deleted with its contents when dropped.

use std::io;
use std::path::{Path, PathBuf};

use crate::TempBuilder;
use crate::temp_path::TempPath;

/// A uniquely named directory that is deleted, with everything in it, when dropped.
///
/// Created fresh (never an existing directory), owner only on Unix (`0o700`), with a random
/// name in [`std::env::temp_dir()`] or a directory you choose, its path kept absolute.
/// Dropping deletes it and ignores errors; [`close`](Self::close) returns them;
/// [`keep`](Self::keep) leaves it on disk.
///
/// Deleting never follows a symlink inside the tree. If a subdirectory refuses (its owner
/// took away write permission, `0o500` say), drop and `close` give the owner read, write and
/// search permission back on every directory of the tree and try once more; `close` reports
/// what still could not be deleted.
///
/// Only the directory this `TempDir` created is deleted. On Unix it holds the directory open
/// (one file descriptor) until after the deletion, and drop and `close` first compare the
/// device and inode at the path with that handle's: if the directory was renamed or removed
/// and something else took the name, that entry is left alone. What remains racy: the
/// directory is opened just after it is created and checked just before it is deleted, and
/// someone who may write to the parent directory can swap the entry within either gap. On
/// other platforms there is no such check: whatever is at the path is deleted.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::TempDir;
///
/// let dir = TempDir::new()?;
/// std::fs::write(dir.path().join("a.txt"), "hello")?;
/// let path = dir.path().to_path_buf();
/// drop(dir);
/// assert!(!path.exists());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct TempDir {
    path: TempPath,
    /// Declared after `path`, so it is closed after the deletion.
    _pin: DirPin,
}

/// An open handle on the directory, held until after it is deleted (Unix): while it is open
/// the directory's inode cannot be freed, so no entry that takes the name after ours was
/// removed can carry our device and inode numbers, which drop checks before deleting.
#[cfg(unix)]
pub(crate) type DirPin = std::fs::File;
/// Elsewhere there is no identity check, and nothing to hold.
#[cfg(not(unix))]
pub(crate) type DirPin = ();

impl TempDir {
    /// Creates a temporary directory in [`std::env::temp_dir()`].
    ///
    /// # Errors
    ///
    /// The I/O error from creating it; see [`TempBuilder::dir`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// let dir = TempDir::new()?;
    /// assert!(dir.path().is_dir());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new() -> io::Result<TempDir> {
        TempBuilder::new().dir()
    }

    /// Creates a temporary directory inside `dir`.
    ///
    /// # Errors
    ///
    /// The I/O error from creating it; see [`TempBuilder::dir_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// let outer = TempDir::new()?;
    /// let inner = TempDir::new_in(outer.path())?;
    /// assert!(inner.path().starts_with(outer.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_in(dir: impl AsRef<Path>) -> io::Result<TempDir> {
        TempBuilder::new().dir_in(dir)
    }

    pub(crate) fn from_parts(path: TempPath, pin: DirPin) -> Self {
        TempDir { path, _pin: pin }
    }

    /// Returns the directory's absolute path.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// assert!(TempDir::new()?.path().is_absolute());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        self.path.path()
    }

    /// Keeps the directory if it is dropped while the thread panics, and prints its path.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// let dir = TempDir::new()?.keep_on_panic();
    /// let path = dir.path().to_path_buf();
    /// drop(dir);
    /// assert!(!path.exists(), "no panic, so it was deleted");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep_on_panic(mut self) -> Self {
        self.path.set_keep_on_panic(true);
        self
    }

    /// Stops managing the directory: it stays on disk. Returns its path.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// let path = TempDir::new()?.keep();
    /// assert!(path.is_dir());
    /// std::fs::remove_dir(path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep(self) -> PathBuf {
        self.path.keep()
    }

    /// Deletes the directory and its contents now, returning the error that drop would ignore.
    ///
    /// # Errors
    ///
    /// The I/O error from deleting it, as the error's `source()`, with the error's kind; its
    /// message names the directory and says what was left behind (say, the parent directory
    /// refused: `PermissionDenied`). `NotFound` if it was removed already, or (on Unix) if the
    /// entry now at the path is not the directory this `TempDir` created, which is then left
    /// alone.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempDir;
    ///
    /// let dir = TempDir::new()?;
    /// std::fs::create_dir(dir.path().join("sub"))?;
    /// dir.close()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(self) -> io::Result<()> {
        self.path.close()
    }
}
