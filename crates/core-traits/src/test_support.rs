//! Test support shared by every crate of the workspace (feature `test-support`).
//!
//! - [`CountingAlloc`] counts the current thread's allocations, so a test can prove
//!   "this call made 0 allocations" or "everything allocated was freed", and refuses
//!   requests on demand ([`CountingAlloc::refusing`]) to test what happens when allocation
//!   fails.
//! - [`DropCounter`] and [`Tracked`] record drops, for leak, drop-order and double-drop tests.
//! - [`proptest_config`] (feature `proptest`): the same proptest settings in every crate, small
//!   enough under Miri.
//!
//! Add it as a dev-dependency:
//!
//! ```toml
//! [dev-dependencies]
//! core-traits = { workspace = true, features = ["test-support"] }
//! ```

mod counting_alloc;
mod drop_counter;
#[cfg(feature = "proptest")]
mod proptest_config;

pub use counting_alloc::{AllocStats, CountingAlloc};
pub use drop_counter::{DropCounter, Tracked};
#[cfg(feature = "proptest")]
pub use proptest_config::{MIRI_CASES, proptest_config};
