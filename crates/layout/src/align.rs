//! `Align64<T>` and `Align128<T>`: a fixed alignment chosen by the caller.

use crate::wrapper::aligned_wrapper_impls;

/// Aligns a value to 64 bytes on every target (its size rounds up to a multiple of 64).
///
/// Use it where the alignment must not change with the target, e.g. to match a 64-byte line
/// on a machine whose prefetcher does not pair lines; [`CachePadded`](crate::CachePadded)
/// picks the alignment per target instead.
///
/// # Examples
///
/// ```
/// use ownership_layout::Align64;
///
/// assert_eq!(align_of::<Align64<u8>>(), 64);
/// assert_eq!(size_of::<Align64<[u8; 65]>>(), 128);
/// let mut slot = Align64::new(1u32);
/// *slot += 1;
/// assert_eq!(slot.into_inner(), 2);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
#[repr(C, align(64))]
pub struct Align64<T> {
    value: T,
}

aligned_wrapper_impls!(Align64);

/// Aligns a value to 128 bytes on every target (its size rounds up to a multiple of 128).
///
/// # Examples
///
/// ```
/// use ownership_layout::Align128;
///
/// assert_eq!(align_of::<Align128<u8>>(), 128);
/// assert_eq!(size_of::<Align128<[u8; 129]>>(), 256);
/// assert_eq!(*Align128::from(5u8), 5);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
#[repr(C, align(128))]
pub struct Align128<T> {
    value: T,
}

aligned_wrapper_impls!(Align128);

static_assertions::const_assert_eq!(align_of::<Align64<u8>>(), 64);
static_assertions::const_assert_eq!(size_of::<Align64<u8>>(), 64);
static_assertions::const_assert_eq!(size_of::<Align64<[u8; 65]>>(), 128);
static_assertions::const_assert_eq!(align_of::<Align128<u8>>(), 128);
static_assertions::const_assert_eq!(size_of::<Align128<u8>>(), 128);
static_assertions::const_assert_eq!(size_of::<Align128<[u8; 129]>>(), 256);
