//! `TempBuilder`: names, options and the creation loop shared by `TempFile` and `TempDir`.

use std::collections::hash_map::RandomState;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::temp_dir::DirPin;
use crate::temp_path::{EntryId, Kind, TempPath};
use crate::{TempDir, TempFile};

/// How many names are tried before giving up when each one turns out to exist already.
const ATTEMPTS: u32 = 64;

/// The characters of random names: lower case and digits, so names stay distinct on
/// case-insensitive file systems.
const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Options for creating a [`TempFile`] or [`TempDir`]: name prefix, suffix and randomness.
///
/// Names are `prefix` + `random_len` random characters + `suffix`; defaults `.tmp`, 10 and
/// nothing.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{TempBuilder, TempDir};
///
/// let base = TempDir::new()?;
/// let f = TempBuilder::new().prefix("report-").suffix(".csv").file_in(base.path())?;
/// let name = f.path().file_name().unwrap().to_str().unwrap();
/// assert!(name.starts_with("report-") && name.ends_with(".csv"));
/// assert_eq!(name.len(), "report-".len() + 10 + ".csv".len());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TempBuilder {
    prefix: OsString,
    suffix: OsString,
    random_len: usize,
    keep_on_panic: bool,
}

impl Default for TempBuilder {
    fn default() -> Self {
        TempBuilder {
            prefix: OsString::from(".tmp"),
            suffix: OsString::new(),
            random_len: 10,
            keep_on_panic: false,
        }
    }
}

/// Why a [`TempBuilder`]'s prefix and suffix cannot name an entry in the chosen directory.
///
/// [`TempBuilder::file_in`] and [`TempBuilder::dir_in`] check the names before they touch the
/// file system, and return this inside an [`io::Error`] of kind
/// [`InvalidInput`](io::ErrorKind::InvalidInput): reach it with `get_ref()` and
/// `downcast_ref::<NameError>()`.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{NameError, TempBuilder};
///
/// let err = TempBuilder::new().prefix("../escape-").file().unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
/// let why = err.get_ref().and_then(|e| e.downcast_ref::<NameError>());
/// assert!(matches!(why, Some(NameError::Separator { part: "prefix", .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// The prefix or suffix contains a path separator (`/`; on Windows also `\` and the drive
    /// colon `:`), so the name could leave the directory, or replace it with an absolute path.
    Separator {
        /// `"prefix"` or `"suffix"`.
        part: &'static str,
        /// The refused prefix or suffix.
        value: OsString,
    },
    /// The prefix or suffix contains a NUL byte, which no file name can hold.
    Nul {
        /// `"prefix"` or `"suffix"`.
        part: &'static str,
        /// The refused prefix or suffix.
        value: OsString,
    },
    /// With [`random_len(0)`](TempBuilder::random_len), prefix + suffix is empty, `.` or `..`:
    /// a name for the directory itself or its parent, not for a new entry in it.
    NotAName {
        /// The refused name.
        name: OsString,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Separator { part, value } => write!(
                f,
                "the temporary name {part} {value:?} contains a path separator; a {part} must \
                 stay within one file name (choose the directory with file_in or dir_in)"
            ),
            NameError::Nul { part, value } => write!(
                f,
                "the temporary name {part} {value:?} contains a NUL byte, which no file name can \
                 hold"
            ),
            NameError::NotAName { name } => write!(
                f,
                "the fixed temporary name {name:?} names the directory or its parent, not a new \
                 entry; use another prefix or suffix, or random characters"
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// Why creating a temporary entry failed on the file system: the directory it was asked for,
/// with the I/O error as its `source()`, so the OS error code stays readable.
///
/// Returned inside an [`io::Error`] of the same kind, whose own `source()` is then the
/// original I/O error.
#[derive(Debug)]
enum CreateError {
    /// The file system refused.
    Io {
        what: &'static str,
        dir: PathBuf,
        error: io::Error,
    },
    /// Every name tried was taken; `error` is the last refusal.
    AllTaken {
        what: &'static str,
        dir: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for CreateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreateError::Io { what, dir, error } => write!(
                f,
                "cannot create a temporary {what} in {}: {error}",
                dir.display()
            ),
            CreateError::AllTaken { what, dir, .. } => write!(
                f,
                "cannot create a temporary {what} in {}: {ATTEMPTS} names tried were all taken \
                 (use more random characters or clean the directory)",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for CreateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CreateError::Io { error, .. } | CreateError::AllTaken { error, .. } => Some(error),
        }
    }
}

impl TempBuilder {
    /// Returns the default options (prefix `.tmp`, 10 random characters, no suffix).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let f = TempBuilder::new().file()?;
    /// assert!(f.path().starts_with(std::env::temp_dir()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the start of the name.
    ///
    /// It must stay within one file name: creating fails with a [`NameError`] if it holds a
    /// path separator or a NUL.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let d = TempBuilder::new().prefix("build-").dir()?;
    /// assert!(d.path().file_name().unwrap().to_string_lossy().starts_with("build-"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn prefix(&mut self, prefix: impl AsRef<OsStr>) -> &mut Self {
        self.prefix = OsString::from(prefix.as_ref());
        self
    }

    /// Sets the end of the name (an extension, say).
    ///
    /// Checked like [`prefix`](Self::prefix).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let f = TempBuilder::new().suffix(".json").file()?;
    /// assert_eq!(f.path().extension().unwrap(), "json");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn suffix(&mut self, suffix: impl AsRef<OsStr>) -> &mut Self {
        self.suffix = OsString::from(suffix.as_ref());
        self
    }

    /// Sets how many random characters go between prefix and suffix.
    ///
    /// With 0 the name is fixed, so creation fails with `AlreadyExists` if it is taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{TempBuilder, TempDir};
    ///
    /// let base = TempDir::new()?;
    /// let f = TempBuilder::new().prefix("exact.lock").random_len(0).file_in(base.path())?;
    /// assert_eq!(f.path(), base.path().join("exact.lock"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn random_len(&mut self, len: usize) -> &mut Self {
        self.random_len = len;
        self
    }

    /// Keeps the file or directory (and prints its path) if it is dropped during a panic.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let d = TempBuilder::new().keep_on_panic(true).dir()?;
    /// drop(d); // no panic: deleted as usual
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn keep_on_panic(&mut self, keep: bool) -> &mut Self {
        self.keep_on_panic = keep;
        self
    }

    /// Creates a temporary file in [`std::env::temp_dir()`].
    ///
    /// # Errors
    ///
    /// The I/O error from creating the file, with its kind; its message names the directory,
    /// and the original I/O error (with its OS error code) is its `source()`. `AlreadyExists`
    /// if every name tried was taken. `InvalidInput` holding a [`NameError`]
    /// if the prefix or suffix could name something other than a new entry of the directory
    /// (a path separator, a NUL, or a fixed name that is empty, `.` or `..`); then nothing
    /// was created.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let f = TempBuilder::new().file()?;
    /// assert!(f.path().exists());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn file(&self) -> io::Result<TempFile> {
        self.file_in(std::env::temp_dir())
    }

    /// Creates a temporary file in `dir` (made absolute first).
    ///
    /// The file is opened for reading and writing with `create_new`, so an existing file or a
    /// planted symlink at the chosen name is never opened: another name is tried instead. On
    /// Unix it is created with mode `0o600` (owner only).
    ///
    /// # Errors
    ///
    /// As [`file`](Self::file).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{TempBuilder, TempDir};
    ///
    /// let base = TempDir::new()?;
    /// let f = TempBuilder::new().file_in(base.path())?;
    /// assert_eq!(f.path().parent(), Some(base.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// A failure keeps the OS error code in its `source()`:
    ///
    /// ```
    /// use ownership_raii_guards::{TempBuilder, TempDir};
    /// use std::error::Error;
    /// use std::io;
    ///
    /// let base = TempDir::new()?;
    /// let err = TempBuilder::new().file_in(base.path().join("missing")).unwrap_err();
    /// assert_eq!(err.kind(), io::ErrorKind::NotFound);
    /// let os_error = err.source().and_then(|e| e.downcast_ref::<io::Error>());
    /// # #[cfg(unix)]
    /// assert_eq!(os_error.and_then(io::Error::raw_os_error), Some(2)); // ENOENT
    /// # Ok::<(), io::Error>(())
    /// ```
    pub fn file_in(&self, dir: impl AsRef<Path>) -> io::Result<TempFile> {
        let ((file, id), path) = self.create(dir.as_ref(), "file", open_new_file)?;
        let mut path = TempPath::new(path, Kind::File, id);
        path.set_keep_on_panic(self.keep_on_panic);
        Ok(TempFile::from_parts(file, path))
    }

    /// Creates a temporary directory in [`std::env::temp_dir()`].
    ///
    /// # Errors
    ///
    /// As [`file`](Self::file).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::TempBuilder;
    ///
    /// let d = TempBuilder::new().dir()?;
    /// assert!(d.path().is_dir());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn dir(&self) -> io::Result<TempDir> {
        self.dir_in(std::env::temp_dir())
    }

    /// Creates a temporary directory in `dir` (made absolute first).
    ///
    /// Never reuses an existing entry; mode `0o700` on Unix.
    ///
    /// # Errors
    ///
    /// As [`file`](Self::file).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::{TempBuilder, TempDir};
    ///
    /// let base = TempDir::new()?;
    /// let d = TempBuilder::new().dir_in(base.path())?;
    /// assert!(d.path().starts_with(base.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn dir_in(&self, dir: impl AsRef<Path>) -> io::Result<TempDir> {
        let ((id, pin), path) = self.create(dir.as_ref(), "directory", create_new_dir)?;
        let mut path = TempPath::new(path, Kind::Dir, id);
        path.set_keep_on_panic(self.keep_on_panic);
        Ok(TempDir::from_parts(path, pin))
    }

    /// Tries fresh names in `dir` until `make` creates one, or gives up after `ATTEMPTS`.
    fn create<R>(
        &self,
        dir: &Path,
        what: &'static str,
        mut make: impl FnMut(&Path) -> io::Result<R>,
    ) -> io::Result<(R, PathBuf)> {
        let in_dir = |error: io::Error| {
            let dir = dir.to_path_buf();
            let kind = error.kind();
            io::Error::new(kind, CreateError::Io { what, dir, error })
        };
        // Before anything touches the file system: a name must stay inside `dir`.
        self.check_names()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        // Absolute now, so a later `set_current_dir` cannot change what drop deletes.
        let dir = std::path::absolute(dir).map_err(in_dir)?;
        let mut last = None;
        for _ in 0..ATTEMPTS {
            let path = dir.join(self.random_name());
            match make(&path) {
                Ok(made) => return Ok((made, path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(in_dir(e)),
            }
        }
        let error = last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into());
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            CreateError::AllTaken { what, dir, error },
        ))
    }

    /// Checks that every name this builder makes is one new entry of the directory.
    fn check_names(&self) -> Result<(), NameError> {
        for (part, value) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
            // Separators and NUL are ASCII, and the encoded bytes of an `OsStr` hold ASCII
            // as itself on every platform, so a byte scan finds them.
            let bytes = value.as_encoded_bytes();
            if bytes.contains(&0) {
                let value = value.clone();
                return Err(NameError::Nul { part, value });
            }
            if bytes.iter().any(|&b| is_separator_byte(b)) {
                let value = value.clone();
                return Err(NameError::Separator { part, value });
            }
        }
        // The random characters are letters and digits, so only a fixed name can be one of
        // these.
        if self.random_len == 0 {
            let mut name = self.prefix.clone();
            name.push(&self.suffix);
            if name.is_empty() || name == "." || name == ".." {
                return Err(NameError::NotAName { name });
            }
        }
        Ok(())
    }

    fn random_name(&self) -> OsString {
        let mut name =
            OsString::with_capacity(self.prefix.len() + self.random_len + self.suffix.len());
        name.push(&self.prefix);
        let mut chars = std::string::String::with_capacity(self.random_len);
        let mut bits = 0;
        for i in 0..self.random_len {
            // 36^12 < 2^64: each 64-bit draw yields 12 characters.
            if i % 12 == 0 {
                bits = random_u64();
            }
            chars.push(char::from(ALPHABET[(bits % 36) as usize]));
            bits /= 36;
        }
        name.push(chars);
        name.push(&self.suffix);
        name
    }
}

/// Whether `b` separates path components, or (on Windows) starts a drive prefix such as `C:`
/// that would make `dir.join(name)` leave `dir`.
fn is_separator_byte(b: u8) -> bool {
    b.is_ascii() && (std::path::is_separator(char::from(b)) || (cfg!(windows) && b == b':'))
}

/// Returns 64 unpredictable bits without a dependency on a random number crate.
///
/// `RandomState::new()` is keyed from the OS's random source (once per thread, then varied per
/// call); hashing a process-wide counter makes every draw in the process distinct, and the
/// process id keeps a forked child from repeating its parent's names.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// Creates the file, and returns it with the identity that drop checks before deleting.
fn open_new_file(path: &Path) -> io::Result<(File, EntryId)> {
    let mut options = OpenOptions::new();
    // `create_new` is O_CREAT | O_EXCL: it fails on any existing entry, a symlink included,
    // so nothing planted at the name is ever opened or truncated.
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // From the open handle: this is the file we created, whatever happens to the name.
    match file.metadata() {
        Ok(meta) => Ok((file, EntryId::of(&meta))),
        Err(e) => {
            drop(file);
            let _ = fs::remove_file(path);
            Err(e)
        }
    }
}

/// Creates the directory, and returns the identity that drop checks before deleting, with the
/// handle that keeps that identity unique (on Unix).
///
/// The directory is opened by path just after it is created: someone who may write to `dir`
/// could swap it in between, and then drop would delete theirs. std cannot create a directory
/// and open it in one step.
fn create_new_dir(path: &Path) -> io::Result<(EntryId, DirPin)> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    // Not recursive: fails with `AlreadyExists` on any existing entry.
    builder.create(path)?;
    #[cfg(unix)]
    {
        let opened = File::open(path).and_then(|pin| Ok((EntryId::of(&pin.metadata()?), pin)));
        if opened.is_err() {
            let _ = fs::remove_dir(path);
        }
        opened
    }
    #[cfg(not(unix))]
    Ok((EntryId::of(&fs::symlink_metadata(path)?), ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::string::ToString;
    use std::vec::Vec;

    #[test]
    fn names_have_the_prefix_the_suffix_and_random_len_characters_from_the_alphabet() {
        let mut b = TempBuilder::new();
        b.prefix("p-").suffix(".s").random_len(30);
        let name = b.random_name().into_string().unwrap();
        let middle = &name["p-".len()..name.len() - ".s".len()];
        assert!(name.starts_with("p-") && name.ends_with(".s"));
        assert_eq!(middle.len(), 30);
        assert!(middle.bytes().all(|c| ALPHABET.contains(&c)), "{middle}");
    }

    #[test]
    fn names_do_not_repeat() {
        let b = TempBuilder::new();
        let names: HashSet<OsString> = (0..200).map(|_| b.random_name()).collect();
        assert_eq!(names.len(), 200);
    }

    fn base() -> PathBuf {
        std::env::temp_dir().join("raii-guards-unit-test-base")
    }

    #[test]
    fn a_taken_name_is_never_reused_and_the_loop_gives_up_after_attempts() {
        let mut tried = Vec::new();
        let err = TempBuilder::new()
            .create(&base(), "file", |p| {
                tried.push(p.to_path_buf());
                Err::<(), _>(io::Error::from(io::ErrorKind::AlreadyExists))
            })
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(tried.len(), ATTEMPTS as usize);
        let distinct: HashSet<&PathBuf> = tried.iter().collect();
        assert_eq!(
            distinct.len(),
            tried.len(),
            "each attempt uses a fresh name"
        );
        assert!(err.to_string().contains("all taken"), "{err}");
    }

    #[test]
    fn retries_past_taken_names() {
        let mut calls = 0;
        let ((), path) = TempBuilder::new()
            .create(&base(), "file", |_| {
                calls += 1;
                if calls < 3 {
                    Err(io::Error::from(io::ErrorKind::AlreadyExists))
                } else {
                    Ok(())
                }
            })
            .unwrap();
        assert_eq!(calls, 3);
        assert_eq!(path.parent(), Some(base().as_path()));
    }

    #[test]
    fn other_errors_stop_at_once_and_name_the_directory() {
        let mut calls = 0;
        let err = TempBuilder::new()
            .create(&base(), "directory", |_| {
                calls += 1;
                Err::<(), _>(io::Error::from(io::ErrorKind::PermissionDenied))
            })
            .unwrap_err();
        assert_eq!((calls, err.kind()), (1, io::ErrorKind::PermissionDenied));
        assert!(
            err.to_string().contains("raii-guards-unit-test-base"),
            "{err}"
        );
    }

    #[test]
    fn names_that_could_leave_the_directory_are_refused_before_any_attempt() {
        let refused: [(&str, &str, usize); 9] = [
            ("../x", "", 10),
            ("/abs/x", "", 10),
            ("", "/..", 10),
            ("a/", "", 0),
            ("a\0", "", 10),
            ("", "", 0),
            (".", "", 0),
            ("..", "", 0),
            (".", ".", 0),
        ];
        for (prefix, suffix, len) in refused {
            let mut b = TempBuilder::new();
            b.prefix(prefix).suffix(suffix).random_len(len);
            let mut calls = 0;
            let err = b
                .create(&base(), "file", |_| {
                    calls += 1;
                    Ok(())
                })
                .unwrap_err();
            assert_eq!(
                err.kind(),
                io::ErrorKind::InvalidInput,
                "{prefix:?} {suffix:?}"
            );
            assert_eq!(calls, 0, "{prefix:?} {suffix:?}: nothing was tried");
        }
    }

    #[test]
    fn dots_and_backslashes_within_one_name_are_accepted() {
        let accepted: [(&str, &str, usize); 4] = [
            ("..", "", 1),
            ("..x", "..", 0),
            (".tmp", ".tar.gz", 10),
            ("a.", "", 0),
        ];
        for (prefix, suffix, len) in accepted {
            let mut b = TempBuilder::new();
            b.prefix(prefix).suffix(suffix).random_len(len);
            assert_eq!(b.check_names(), Ok(()), "{prefix:?} {suffix:?}");
        }
        let mut b = TempBuilder::new();
        b.prefix("a\\b");
        assert_eq!(
            b.check_names().is_ok(),
            cfg!(unix),
            "a backslash is a separator on Windows only"
        );
    }

    #[test]
    fn zero_random_characters_gives_the_fixed_name() {
        let name = TempBuilder::new()
            .prefix("fixed")
            .random_len(0)
            .random_name();
        assert_eq!(name, "fixed");
    }
}
