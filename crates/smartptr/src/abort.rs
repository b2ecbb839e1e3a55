//! Stopping the process when a reference count would overflow, as std's `Rc` and `Arc` do.

/// Aborts the process.
///
/// A reference count can only get this high if clones are leaked with `mem::forget` in a loop;
/// going on would let the count wrap to zero and free a value that is still in use. std aborts
/// in the same case.
#[cold]
#[inline(never)]
pub(crate) fn abort_on_overflow() -> ! {
    #[cfg(feature = "std")]
    {
        std::process::abort()
    }
    #[cfg(not(feature = "std"))]
    {
        // Without std there is no `abort`: a panic while this guard's `drop` is already
        // unwinding from a panic aborts.
        struct PanicAgain;
        impl Drop for PanicAgain {
            fn drop(&mut self) {
                panic!("reference count overflow");
            }
        }
        let _again = PanicAgain;
        panic!("reference count overflow");
    }
}
