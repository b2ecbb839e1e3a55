#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cell_counter;
mod event_bus;
mod located_ref_cell;
mod log_buffer;
mod memo;
mod memo_cache;
mod recorder;

pub use cell_counter::CellCounter;
pub use event_bus::{EventBus, Handler, Subscription};
pub use located_ref_cell::{
    BorrowError, BorrowMutError, LocatedRef, LocatedRefCell, LocatedRefMut,
};
pub use log_buffer::LogBuffer;
pub use memo::Memo;
pub use memo_cache::MemoCache;
pub use recorder::Recorder;
