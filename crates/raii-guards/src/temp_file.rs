//! `TempFile`: a file that is deleted when dropped, unless persisted or kept.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::TempBuilder;
use crate::temp_path::TempPath;

/// An open, uniquely named file that is deleted when dropped.
///
/// Created with `create_new` (never an existing file, never through a planted symlink), owner
/// only on Unix (`0o600`), with a random name in [`std::env::temp_dir()`] or a directory you
/// choose; [`TempBuilder`] sets prefix, suffix and randomness. The path is kept absolute, so a
/// later `set_current_dir` cannot make drop delete some other file.
///
/// Dropping deletes it and ignores errors; [`close`](Self::close) deletes it and returns the
/// error. [`persist`](Self::persist) moves it to a permanent name; [`keep`](Self::keep)
/// leaves it where it is. It implements `Read`, `Write` and `Seek` (also through `&TempFile`).
///
/// Only the file this `TempFile` created is deleted. On Unix, drop and `close` first compare
/// the device and inode at the path with the open file's (which stays open until after the
/// deletion, so its inode cannot be reused meanwhile): if the file was renamed or removed and
/// something else took the name, that entry is left alone. What remains racy: checking and
/// unlinking are two steps, and someone who may write to the directory can swap the entry in
/// between. On other platforms there is no such check: whatever is at the path is deleted.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{TempDir, TempFile};
/// use std::io::{Read, Seek, SeekFrom, Write};
///
/// let dir = TempDir::new()?;
/// let mut f = TempFile::new_in(dir.path())?;
/// write!(f, "scratch data")?;
/// f.seek(SeekFrom::Start(0))?;
/// let mut back = String::new();
/// f.read_to_string(&mut back)?;
/// assert_eq!(back, "scratch data");
///
/// let path = f.path().to_path_buf();
/// drop(f);
/// assert!(!path.exists());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct TempFile {
    // On Windows an open file cannot be deleted: declared before `path`, it is closed first.
    #[cfg(not(unix))]
    file: File,
    path: TempPath,
    // On Unix it stays open until after the deletion: while it is open its inode cannot be
    // freed, so no file that takes the name after ours was removed can carry our device and
    // inode numbers, which drop checks before deleting.
    #[cfg(unix)]
    file: File,
}

/// The error of [`TempFile::persist`]: the I/O error, and the temporary file, still alive.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{TempDir, TempFile};
///
/// let dir = TempDir::new()?;
/// let f = TempFile::new_in(dir.path())?;
/// let err = f.persist(dir.path().join("no-such-dir/out.txt")).unwrap_err();
/// assert_eq!(err.error().kind(), std::io::ErrorKind::NotFound);
/// let f = err.into_file(); // nothing lost: try somewhere else
/// assert!(f.path().exists());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct PersistError {
    error: io::Error,
    file: TempFile,
    to: PathBuf,
}

impl TempFile {
    /// Creates a temporary file in [`std::env::temp_dir()`] with the default options.
    ///
    /// # Errors
    ///
    /// The I/O error from creating it; see [`TempBuilder::file`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?;
    /// assert!(f.path().is_absolute());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new() -> io::Result<TempFile> {
        TempBuilder::new().file()
    }

    /// Creates a temporary file in `dir` with the default options.
    ///
    /// # Errors
    ///
    /// The I/O error from creating it; see [`TempBuilder::file_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{TempDir, TempFile};
    ///
    /// let dir = TempDir::new()?;
    /// let f = TempFile::new_in(dir.path())?;
    /// assert!(f.path().starts_with(dir.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new_in(dir: impl AsRef<Path>) -> io::Result<TempFile> {
        TempBuilder::new().file_in(dir)
    }

    pub(crate) fn from_parts(file: File, path: TempPath) -> Self {
        TempFile { file, path }
    }

    /// Returns the file's absolute path.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?;
    /// assert!(f.path().is_absolute());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        self.path.path()
    }

    /// Returns the open file.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?;
    /// assert_eq!(f.as_file().metadata()?.len(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn as_file(&self) -> &File {
        &self.file
    }

    /// Returns the open file, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let mut f = TempFile::new()?;
    /// f.as_file_mut().set_len(10)?;
    /// assert_eq!(f.as_file().metadata()?.len(), 10);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn as_file_mut(&mut self) -> &mut File {
        &mut self.file
    }

    /// Keeps the file if it is dropped while the thread panics, and prints its path to stderr.
    ///
    /// Useful to inspect what a failed run wrote. Without a panic it is deleted as usual.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?.keep_on_panic();
    /// let path = f.path().to_path_buf();
    /// drop(f);
    /// assert!(!path.exists(), "no panic, so it was deleted");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep_on_panic(mut self) -> Self {
        self.path.set_keep_on_panic(true);
        self
    }

    /// Moves the file to `to` (replacing what is there) and stops managing it.
    ///
    /// This is a rename, so it is atomic when `to` is on the same file system, and fails when
    /// it is not (`CrossesDevices`).
    ///
    /// # Errors
    ///
    /// A [`PersistError`] holding the I/O error and this `TempFile`, still open and still
    /// deleted on drop, so nothing is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{TempDir, TempFile};
    /// use std::io::Write;
    ///
    /// let dir = TempDir::new()?;
    /// let mut f = TempFile::new_in(dir.path())?;
    /// f.write_all(b"complete")?;
    /// let target = dir.path().join("final.txt");
    /// f.persist(&target)?;
    /// assert_eq!(std::fs::read(&target)?, b"complete");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn persist(self, to: impl AsRef<Path>) -> Result<File, PersistError> {
        let to = to.as_ref();
        match fs::rename(self.path(), to) {
            Ok(()) => {
                let TempFile { file, path } = self;
                path.keep();
                Ok(file)
            }
            Err(error) => Err(PersistError {
                error,
                file: self,
                to: to.to_path_buf(),
            }),
        }
    }

    /// Stops managing the file: it stays on disk. Returns the open file and its path.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let (_file, path) = TempFile::new()?.keep();
    /// assert!(path.exists());
    /// std::fs::remove_file(path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep(self) -> (File, PathBuf) {
        let TempFile { file, path } = self;
        (file, path.keep())
    }

    /// Closes and deletes the file now, returning the error that drop would ignore.
    ///
    /// # Errors
    ///
    /// The I/O error from deleting it, as the error's `source()`: `NotFound` if someone removed
    /// it already, or (on Unix) if the entry now at the path is not the file this `TempFile`
    /// created, which is then left alone.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?;
    /// std::fs::remove_file(f.path())?;
    /// assert_eq!(f.close().unwrap_err().kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(self) -> io::Result<()> {
        let TempFile { file, path } = self;
        // The same order as drop, for the same reasons (see the fields).
        if cfg!(unix) {
            let deleted = path.close();
            drop(file);
            deleted
        } else {
            drop(file);
            path.close()
        }
    }
}

impl fmt::Debug for TempFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TempFile")
            .field("path", &self.path())
            .field("file", &self.file)
            .finish()
    }
}

impl Read for TempFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Seek for TempFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

impl Read for &TempFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&self.file).read(buf)
    }
}

impl Write for &TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&self.file).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&self.file).flush()
    }
}

impl Seek for &TempFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        (&self.file).seek(pos)
    }
}

impl PersistError {
    /// Returns the I/O error of the rename.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let err = TempFile::new()?.persist("/no/such/dir/x").unwrap_err();
    /// assert_eq!(err.error().kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// Gives back the temporary file, still open and still deleted on drop.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let f = TempFile::new()?;
    /// let path = f.path().to_path_buf();
    /// let f = f.persist("/no/such/dir/x").unwrap_err().into_file();
    /// assert_eq!(f.path(), path);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_file(self) -> TempFile {
        self.file
    }

    /// Splits into the I/O error and the temporary file.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempFile;
    ///
    /// let (error, file) = TempFile::new()?.persist("/no/such/dir/x").unwrap_err().into_parts();
    /// assert!(file.path().exists());
    /// # drop(error);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_parts(self) -> (io::Error, TempFile) {
        (self.error, self.file)
    }
}

impl fmt::Debug for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersistError")
            .field("error", &self.error)
            .field("file", &self.file.path())
            .field("to", &self.to)
            .finish()
    }
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot move temporary file {} to {}: {} (the temporary file is kept in the error; \
             take it back with into_file())",
            self.file.path().display(),
            self.to.display(),
            self.error
        )
    }
}

impl std::error::Error for PersistError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<PersistError> for io::Error {
    /// Keeps the I/O error; the temporary file is dropped, so it is deleted.
    fn from(err: PersistError) -> io::Error {
        err.error
    }
}
