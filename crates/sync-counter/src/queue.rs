//! Handing work and signals between threads.
//!
//! - [`BoundedQueue`]: a blocking first-in first-out queue with a capacity and `close`, for
//!   producers and consumers; its errors ([`Closed`], [`TryPushError`], [`PopError`]) hand the
//!   item back.
//! - [`Latch`]: a one-shot gate: threads wait until it is opened, once, for good. For "start
//!   together" or "ready" signals.
//!
//! # Examples
//!
//! ```
//! use std::num::NonZeroUsize;
//! use ownership_sync_counter::queue::{BoundedQueue, Latch};
//!
//! let ready = Latch::new();
//! let jobs = BoundedQueue::new(NonZeroUsize::new(8).unwrap());
//! jobs.push("build").unwrap();
//! ready.open();
//! ready.wait();
//! assert_eq!(jobs.pop(), Some("build"));
//! ```

mod bounded_queue;
mod latch;

pub use bounded_queue::{BoundedQueue, Closed, PopError, TryPushError};
pub use latch::Latch;
