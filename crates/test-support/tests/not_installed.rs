//! Without `#[global_allocator]`, `measure` refuses to report a vacuous zero.

use test_support::CountingAlloc;

#[test]
#[should_panic(expected = "CountingAlloc is not the global allocator")]
fn measure_panics_when_not_installed() {
    let _ = CountingAlloc::measure(|| ());
}
