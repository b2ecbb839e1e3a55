//! `CachePadded`, `Align64` and `Align128`: alignment, spacing and the trait list.

use core::hash::{BuildHasher, Hash};
use std::collections::hash_map::RandomState;

use ownership_layout::{Align64, Align128, CACHE_LINE, CachePadded};

fn gap<T>(pair: &[T; 2]) -> usize {
    core::ptr::from_ref(&pair[1]).addr() - core::ptr::from_ref(&pair[0]).addr()
}

#[test]
fn neighbours_are_one_alignment_apart_and_aligned() {
    let padded = [CachePadded::new(1u64), CachePadded::new(2u64)];
    assert_eq!(gap(&padded), CACHE_LINE);
    assert_eq!(core::ptr::from_ref(&padded[0]).addr() % CACHE_LINE, 0);
    let a64 = [Align64::new(1u8), Align64::new(2u8)];
    assert_eq!(gap(&a64), 64);
    assert_eq!(core::ptr::from_ref(&a64[0]).addr() % 64, 0);
    let a128 = [Align128::new(1u8), Align128::new(2u8)];
    assert_eq!(gap(&a128), 128);
    assert_eq!(core::ptr::from_ref(&a128[1]).addr() % 128, 0);
}

#[test]
fn the_alignment_is_the_documented_one_for_this_target() {
    let expected = if cfg!(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64"
    )) {
        128
    } else if cfg!(target_arch = "s390x") {
        256
    } else if cfg!(any(
        target_arch = "arm",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "hexagon"
    )) {
        32
    } else {
        64
    };
    assert_eq!(CACHE_LINE, expected);
    assert_eq!(align_of::<CachePadded<u8>>(), expected);
}

#[test]
fn a_large_value_rounds_up_to_whole_lines() {
    assert_eq!(
        size_of::<CachePadded<[u8; 300]>>(),
        300usize.div_ceil(CACHE_LINE) * CACHE_LINE
    );
    assert_eq!(size_of::<Align64<[u64; 9]>>(), 128);
}

#[test]
fn deref_deref_mut_and_into_inner_reach_the_value() {
    let mut padded = CachePadded::new(vec![1, 2]);
    padded.push(3);
    assert_eq!(padded.len(), 3);
    assert_eq!(padded.into_inner(), [1, 2, 3]);
}

#[test]
fn the_traits_behave_like_the_inner_values() {
    let a = CachePadded::from(String::from("x"));
    let b = a.clone();
    assert_eq!(a, b);
    assert_ne!(a, CachePadded::new(String::from("y")));
    assert_eq!(CachePadded::<u32>::default().into_inner(), 0);
    let state = RandomState::new();
    assert_eq!(state.hash_one(&a), state.hash_one(&b));
    assert_ne!(
        state.hash_one(CachePadded::new(1u64)),
        state.hash_one(CachePadded::new(2u64))
    );
    let dbg = format!("{:?}", Align128::new(9u8));
    assert!(dbg.contains("Align128") && dbg.contains('9'), "{dbg}");
    let copied = Align64::new(3u8);
    let again = copied;
    assert_eq!(*copied + *again, 6);
    fn is_hash<T: Hash>() {}
    is_hash::<Align64<u8>>();
}

#[test]
fn new_is_usable_in_a_const() {
    const PADDED: CachePadded<u8> = CachePadded::new(4);
    static ALIGNED: Align128<u16> = Align128::new(5);
    assert_eq!(*PADDED + 1, 5);
    assert_eq!(*ALIGNED, 5);
}
