#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod arena_alloc;
mod cache;
mod counter;
mod slot_store;

pub use arena_alloc::ArenaAlloc;
pub use cache::Cache;
pub use counter::Counter;
pub use slot_store::SlotStore;
