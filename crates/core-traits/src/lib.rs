#![doc = include_str!("../README.md")]
#![no_std]
#![deny(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod arena_alloc;
mod cache;
mod counter;
mod slot_store;

#[cfg(feature = "test-support")]
pub mod test_support;

pub use arena_alloc::ArenaAlloc;
pub use cache::Cache;
pub use counter::Counter;
pub use slot_store::SlotStore;
