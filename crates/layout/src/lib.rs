#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod align;
mod cache_padded;
pub mod examples;
mod report;
mod shards;
mod soa;
pub mod type_state;
mod wrapper;

pub use align::{Align64, Align128};
pub use cache_padded::{CACHE_LINE, CachePadded};
pub use report::{FieldLayout, Hole, LayoutError, LayoutReport};
pub use shards::Shards;

#[doc(hidden)]
pub mod __private;
