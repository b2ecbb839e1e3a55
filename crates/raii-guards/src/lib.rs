#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(feature = "std")]
extern crate std;

mod macros;
mod scope_guard;
mod strategy;

#[cfg(feature = "std")]
mod busy_flag;
#[cfg(feature = "std")]
mod pool;
#[cfg(feature = "std")]
mod restore;
#[cfg(feature = "std")]
mod scope_timer;
#[cfg(feature = "std")]
mod temp_builder;
#[cfg(feature = "std")]
mod temp_dir;
#[cfg(feature = "std")]
mod temp_file;
#[cfg(feature = "std")]
mod temp_path;
#[cfg(feature = "std")]
mod transaction;

#[cfg(feature = "std")]
pub use busy_flag::{BusyFlag, BusyGuard};
#[cfg(feature = "std")]
pub use pool::{Pool, PoolError, Pooled};
#[cfg(feature = "std")]
pub use restore::{Restore, replace_guard};
pub use scope_guard::{ScopeGuard, guard};
#[cfg(feature = "std")]
pub use scope_guard::{guard_on_success, guard_on_unwind};
#[cfg(feature = "std")]
pub use scope_timer::{ScopeTimer, TimerSink};
pub use strategy::{Always, Strategy};
#[cfg(feature = "std")]
pub use strategy::{OnSuccess, OnUnwind};
#[cfg(feature = "std")]
pub use temp_builder::{NameError, TempBuilder};
#[cfg(feature = "std")]
pub use temp_dir::TempDir;
#[cfg(feature = "std")]
pub use temp_file::{PersistError, TempFile};
#[cfg(feature = "std")]
pub use transaction::{Savepoint, Transaction};
