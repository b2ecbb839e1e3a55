//! `TempBuilder`: names, options and the creation loop shared by `TempFile` and `TempDir`.

use std::collections::hash_map::RandomState;
use std::ffi::{OsStr, OsString};
use std::format;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::temp_path::{Kind, TempPath};
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
/// use raii_guards::{TempBuilder, TempDir};
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

impl TempBuilder {
    /// Returns the default options (prefix `.tmp`, 10 random characters, no suffix).
    ///
    /// # Examples
    ///
    /// ```
    /// use raii_guards::TempBuilder;
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
    /// # Examples
    ///
    /// ```
    /// use raii_guards::TempBuilder;
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
    /// # Examples
    ///
    /// ```
    /// use raii_guards::TempBuilder;
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
    /// use raii_guards::{TempBuilder, TempDir};
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
    /// use raii_guards::TempBuilder;
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
    /// The I/O error from creating the file (its message names the directory), or
    /// `AlreadyExists` if every name tried was taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use raii_guards::TempBuilder;
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
    /// use raii_guards::{TempBuilder, TempDir};
    ///
    /// let base = TempDir::new()?;
    /// let f = TempBuilder::new().file_in(base.path())?;
    /// assert_eq!(f.path().parent(), Some(base.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn file_in(&self, dir: impl AsRef<Path>) -> io::Result<TempFile> {
        let (file, path) = self.create(dir.as_ref(), "file", open_new_file)?;
        let mut path = TempPath::new(path, Kind::File);
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
    /// use raii_guards::TempBuilder;
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
    /// use raii_guards::{TempBuilder, TempDir};
    ///
    /// let base = TempDir::new()?;
    /// let d = TempBuilder::new().dir_in(base.path())?;
    /// assert!(d.path().starts_with(base.path()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn dir_in(&self, dir: impl AsRef<Path>) -> io::Result<TempDir> {
        let ((), path) = self.create(dir.as_ref(), "directory", create_new_dir)?;
        let mut path = TempPath::new(path, Kind::Dir);
        path.set_keep_on_panic(self.keep_on_panic);
        Ok(TempDir::from_path(path))
    }

    /// Tries fresh names in `dir` until `make` creates one, or gives up after `ATTEMPTS`.
    fn create<R>(
        &self,
        dir: &Path,
        what: &str,
        mut make: impl FnMut(&Path) -> io::Result<R>,
    ) -> io::Result<(R, PathBuf)> {
        let in_dir = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("cannot create a temporary {what} in {}: {e}", dir.display()),
            )
        };
        // Absolute now, so a later `set_current_dir` cannot change what drop deletes.
        let dir = std::path::absolute(dir).map_err(in_dir)?;
        for _ in 0..ATTEMPTS {
            let path = dir.join(self.random_name());
            match make(&path) {
                Ok(made) => return Ok((made, path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(in_dir(e)),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "cannot create a temporary {what} in {}: {ATTEMPTS} names tried were all taken \
                 (use more random characters or clean the directory)",
                dir.display()
            ),
        ))
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

fn open_new_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    // `create_new` is O_CREAT | O_EXCL: it fails on any existing entry, a symlink included,
    // so nothing planted at the name is ever opened or truncated.
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn create_new_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    // Not recursive: fails with `AlreadyExists` on any existing entry.
    builder.create(path)
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
    fn zero_random_characters_gives_the_fixed_name() {
        let name = TempBuilder::new()
            .prefix("fixed")
            .random_len(0)
            .random_name();
        assert_eq!(name, "fixed");
    }
}
