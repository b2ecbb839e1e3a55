//! `expand_tilde_env` reads `HOME`. This binary holds this one test only, so changing the
//! environment cannot race with another test reading it.

use std::borrow::Cow;

use ownership_cow_utils::{HomeDirError, expand_tilde_env};

#[test]
fn home_unset_empty_and_set() {
    // SAFETY: this is the only test in this binary, and it runs no other thread, so nothing
    // reads or writes the environment concurrently.
    unsafe { std::env::remove_var("HOME") };
    assert_eq!(expand_tilde_env("~/x"), Err(HomeDirError::NotSet));
    // No tilde: HOME is not needed, so its absence is no error.
    assert!(matches!(
        expand_tilde_env("/etc/x"),
        Ok(Cow::Borrowed("/etc/x"))
    ));
    let message = HomeDirError::NotSet.to_string();
    assert!(
        message.contains("HOME") && message.contains("expand_tilde"),
        "{message}"
    );

    // SAFETY: as above.
    unsafe { std::env::set_var("HOME", "") };
    assert_eq!(expand_tilde_env("~"), Err(HomeDirError::Empty));

    // SAFETY: as above.
    unsafe { std::env::set_var("HOME", "/home/ada") };
    assert_eq!(expand_tilde_env("~/notes").unwrap(), "/home/ada/notes");
    assert!(matches!(
        expand_tilde_env("~bob"),
        Ok(Cow::Borrowed("~bob"))
    ));

    // HOME that is not Unicode: a typed error that keeps the value.
    #[cfg(unix)]
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;

        let raw = OsStr::from_bytes(b"/home/\xff");
        // SAFETY: as above.
        unsafe { std::env::set_var("HOME", raw) };
        assert_eq!(
            expand_tilde_env("~/x"),
            Err(HomeDirError::NotUnicode(raw.to_os_string()))
        );
        // SAFETY: as above.
        unsafe { std::env::set_var("HOME", "/home/ada") };
    }

    // On Unix `\` is part of a name: `~\x` is a file named so, and a `\` ending HOME stays.
    if cfg!(unix) {
        assert!(matches!(
            expand_tilde_env(r"~\x"),
            Ok(Cow::Borrowed(r"~\x"))
        ));
        // SAFETY: as above.
        unsafe { std::env::set_var("HOME", r"/home/ada\") };
        assert_eq!(expand_tilde_env("~/x").unwrap(), r"/home/ada\/x");
    } else {
        assert_eq!(expand_tilde_env(r"~\x").unwrap(), r"/home/ada\x");
    }
}
