#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod cell_counter;
mod dlist;
mod dot;
mod event_bus;
mod graph;
mod located_ref_cell;
mod log_buffer;
mod memo;
mod memo_cache;
mod recorder;
mod tree;

pub use cell_counter::CellCounter;
pub use dlist::DList;
pub use event_bus::{EventBus, Handler, Subscription};
pub use graph::{Graph, GraphError, NodeId};
pub use located_ref_cell::{
    BorrowError, BorrowMutError, LocatedRef, LocatedRefCell, LocatedRefMut,
};
pub use log_buffer::LogBuffer;
pub use memo::Memo;
pub use memo_cache::MemoCache;
pub use recorder::Recorder;
pub use tree::{Preorder, Tree};
