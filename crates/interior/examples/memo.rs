//! A recursive function memoized with `Memo`: the definition calls back into the memo, which
//! holds no borrow while it runs. Prints the calls saved and the hit rate.
//!
//! Run with `cargo run --release -p ownership-interior --example memo`.

use std::cell::Cell;

use ownership_interior::Memo;

/// Plain recursion, counting its calls: exponential in `n`.
fn naive_fib(n: u64, calls: &Cell<u64>) -> u64 {
    calls.set(calls.get() + 1);
    if n < 2 {
        n
    } else {
        naive_fib(n - 1, calls) + naive_fib(n - 2, calls)
    }
}

fn main() {
    let n = 30;
    let naive_calls = Cell::new(0);
    let naive = naive_fib(n, &naive_calls);

    let computed = Cell::new(0u64);
    let fib = Memo::new(|memo: &Memo<u64, u64>, n| {
        computed.set(computed.get() + 1);
        if n < 2 {
            n
        } else {
            memo.get(n - 1) + memo.get(n - 2)
        }
    });
    let memoized = fib.get(n);
    assert_eq!(memoized, naive);
    println!("fib({n}) = {memoized}");
    println!(
        "naive recursion: {} calls; memoized: {} computations, {} lookups",
        naive_calls.get(),
        computed.get(),
        fib.cache().hits() + fib.cache().misses()
    );
    let rate = fib.cache().hit_rate().unwrap_or(0.0);
    println!(
        "hit rate: {:.1}% ({} hits, {} misses)",
        rate * 100.0,
        fib.cache().hits(),
        fib.cache().misses()
    );

    // Asking again is one hit.
    fib.get(n);
    println!(
        "after asking again: {} hits, {} misses, {} entries",
        fib.cache().hits(),
        fib.cache().misses(),
        fib.cache().len()
    );

    let big = fib.get(90);
    println!("fib(90) = {big}, {} computations in all", computed.get());
}
