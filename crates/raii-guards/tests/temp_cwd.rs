//! A relative directory is made absolute at creation, so changing the current directory later
//! cannot make drop delete another file. Its own test binary, because it changes the process's
//! current directory.
#![cfg(feature = "std")]

use ownership_raii_guards::{TempDir, TempFile};
use std::env;
use std::fs;

#[test]
#[cfg_attr(miri, ignore = "real file system I/O: runs natively")]
fn drop_deletes_the_file_it_created_even_after_set_current_dir() {
    let base = TempDir::new().unwrap();
    let first = base.path().join("first");
    let second = base.path().join("second");
    fs::create_dir(&first).unwrap();
    fs::create_dir(&second).unwrap();
    let start = env::current_dir().unwrap();

    env::set_current_dir(&first).unwrap();
    let f = TempFile::new_in(".").unwrap();
    let d = TempDir::new_in(".").unwrap();
    assert!(f.path().is_absolute() && d.path().is_absolute());
    let (file_name, dir_name) = (f.path().file_name().unwrap(), d.path().file_name().unwrap());

    // Someone moves us, and a file with the same name exists where we now are.
    env::set_current_dir(&second).unwrap();
    fs::write(second.join(file_name), "not yours").unwrap();
    fs::create_dir(second.join(dir_name)).unwrap();
    let (file_name, dir_name) = (file_name.to_owned(), dir_name.to_owned());
    drop(f);
    drop(d);
    env::set_current_dir(start).unwrap();

    assert!(!first.join(&file_name).exists() && !first.join(&dir_name).exists());
    assert_eq!(
        fs::read_to_string(second.join(&file_name)).unwrap(),
        "not yours"
    );
    assert!(second.join(&dir_name).is_dir());
}
