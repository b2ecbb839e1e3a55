#![doc = include_str!("../README.md")]
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod bump;
mod chunk;
mod chunk_pool;
mod drop_list;
mod error;
mod growing;
mod interner;
mod typed_arena;

pub use bump::Bump;
pub use error::AllocError;
pub use interner::Interner;
pub use typed_arena::TypedArena;
