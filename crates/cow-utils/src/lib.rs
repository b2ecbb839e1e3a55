#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod capitalize;
mod chain;
mod html;
mod literal;
mod path;
mod scan;
#[cfg(feature = "std")]
mod std_path;
mod str_ext;
mod whitespace;

pub use capitalize::capitalize_first;
pub use chain::CowChain;
pub use html::escape_html;
pub use literal::{UnescapeError, UnescapeErrorKind, escape_literal, unescape_literal};
pub use path::{EmptyHomeError, expand_tilde, normalize_path};
#[cfg(feature = "std")]
pub use std_path::{HomeDirError, expand_tilde_env, normalize_std_path};
pub use str_ext::{CowStrExt, Pattern};
pub use whitespace::{normalize_newlines, normalize_whitespace, squish};
