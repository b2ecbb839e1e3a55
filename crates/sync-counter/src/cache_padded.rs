//! Cache-line padding for the sharded counter and the value of `ThreadSafeCounter`.
//!
//! Private until the workspace's `layout` crate lands; then `ShardedCounter` switches to
//! `layout::CachePadded` and this file goes.

use core::ops::Deref;

/// Aligns `T` to 128 bytes so two values never share a cache line.
///
/// 128, not 64: on x86_64 the spatial prefetcher pulls cache lines in pairs, so neighbours 64
/// bytes apart still interfere (crossbeam-utils pads to 128 there for the same reason).
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(pub(crate) T);

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::CachePadded;

    #[test]
    fn neighbours_are_128_bytes_apart() {
        let pair = [CachePadded(1u64), CachePadded(2u64)];
        assert_eq!(core::mem::align_of::<CachePadded<u64>>(), 128);
        let a = core::ptr::from_ref(&pair[0]).addr();
        let b = core::ptr::from_ref(&pair[1]).addr();
        assert_eq!(b - a, 128);
        assert_eq!(*pair[1], 2);
    }
}
