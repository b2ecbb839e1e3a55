#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cell_counter;
mod located_ref_cell;
mod memo;
mod memo_cache;
mod recorder;

pub use cell_counter::CellCounter;
pub use located_ref_cell::{
    BorrowError, BorrowMutError, LocatedRef, LocatedRefCell, LocatedRefMut,
};
pub use memo::Memo;
pub use memo_cache::MemoCache;
pub use recorder::Recorder;
