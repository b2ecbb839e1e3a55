//! The error types are plain data: they cross threads and work with `?` into boxed errors.

use ownership_cow_utils::{HomeDirError, UnescapeError, UnescapeErrorKind};
use static_assertions::assert_impl_all;

assert_impl_all!(UnescapeError: Send, Sync, Clone, Copy, std::error::Error);
assert_impl_all!(UnescapeErrorKind: Send, Sync, Clone, Copy, std::fmt::Debug);
assert_impl_all!(HomeDirError: Send, Sync, Clone, std::error::Error);

#[test]
fn an_unescape_error_boxes_into_a_dyn_error_with_its_message() {
    let err = ownership_cow_utils::unescape_literal(r"ok \q").unwrap_err();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(
        boxed
            .to_string()
            .starts_with(r"unknown escape `\q` at byte 3;"),
        "the message names the escape and its offset: {boxed}"
    );
}
