#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod abort;
mod cow_ptr;
mod forward;
pub mod gen_arena;
mod intrusive_arc;
mod intrusive_rc;
mod sync;
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub mod tracking;

pub use cow_ptr::{CowPtr, SyncCowPtr};
pub use gen_arena::{GenArena, Handle};
pub use intrusive_arc::IntrusiveArc;
pub use intrusive_rc::IntrusiveRc;
#[cfg(feature = "std")]
pub use tracking::{TrackedBox, Tracker};
