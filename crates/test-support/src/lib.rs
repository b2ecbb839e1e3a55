#![doc = include_str!("../README.md")]
#![deny(unsafe_code)] // only `counting_alloc` may use it: a `GlobalAlloc` needs it

mod counting_alloc;
mod drop_counter;
mod proptest_config;

pub use counting_alloc::{AllocStats, CountingAlloc};
pub use drop_counter::{DropCounter, Tracked};
pub use proptest_config::{MIRI_CASES, proptest_config};
