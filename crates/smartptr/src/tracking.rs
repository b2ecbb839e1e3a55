//! Allocation tracking: [`TrackedBox`] values registered with a [`Tracker`], which counts
//! live, total and peak objects per type, remembers where each live object was created, and
//! reports what is still alive ([`LeakReport`]). Events go to a pluggable [`Sink`].
//!
//! Needs the `std` feature (the registry sits behind a mutex).

mod event;
mod leak_report;
mod tracked_box;
mod tracker;

pub use event::{Event, EventKind, Sink};
pub use leak_report::{LeakReport, LiveObject};
pub use tracked_box::TrackedBox;
pub use tracker::{Tracker, TypeStats};
