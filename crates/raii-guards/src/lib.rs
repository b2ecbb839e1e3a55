#![doc = include_str!("../README.md")]
#![no_std]

#[cfg(feature = "std")]
extern crate std;

mod macros;
mod scope_guard;
mod strategy;

pub use scope_guard::{ScopeGuard, guard};
#[cfg(feature = "std")]
pub use scope_guard::{guard_on_success, guard_on_unwind};
pub use strategy::{Always, Strategy};
#[cfg(feature = "std")]
pub use strategy::{OnSuccess, OnUnwind};
