//! raii-guards against the crates and code it replaces: ours first in each group. Every ratio
//! is ours ÷ peer (below 1 is faster).
//!
//! - `raii_guards/scope_guard_1k`: 1,000 guards created and run, ours vs `scopeguard::guard`
//!   (the claim: zero cost, ratio 1.00 ± 0.05).
//! - `raii_guards/buffer_64k`: a 64 KiB buffer taken from a `Pool` and returned, vs allocating
//!   a fresh zeroed `vec![0u8; 65536]` each time (the claim: ratio ≤ 0.33).
//! - `raii_guards/tempfile_create_drop`: create and delete a temporary file, ours vs
//!   `tempfile::NamedTempFile` (the claim: ratio ≤ 1.1).

use criterion::Criterion;
use ownership_raii_guards::{Pool, TempDir, TempFile};
use std::hint::black_box;
use std::num::NonZeroUsize;

fn scope_guard(c: &mut Criterion) {
    let mut group = c.benchmark_group("raii_guards/scope_guard_1k");
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut total = 0u64;
            for i in 0..1_000u64 {
                let mut g = ownership_raii_guards::guard(&mut total, move |t| *t += i);
                **g ^= black_box(i);
            }
            black_box(total)
        });
    });
    group.bench_function("scopeguard", |b| {
        b.iter(|| {
            let mut total = 0u64;
            for i in 0..1_000u64 {
                let mut g = scopeguard::guard(&mut total, move |t| *t += i);
                **g ^= black_box(i);
            }
            black_box(total)
        });
    });
    group.finish();
}

fn buffer(c: &mut Criterion) {
    const SIZE: usize = 64 * 1024;
    let mut group = c.benchmark_group("raii_guards/buffer_64k");
    let pool = Pool::new(NonZeroUsize::new(4).unwrap(), || vec![0u8; SIZE]);
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut buf = pool.acquire();
            buf[black_box(7)] = 1;
            black_box(&buf[..]);
        });
    });
    group.bench_function("fresh_vec", |b| {
        b.iter(|| {
            let mut buf = vec![0u8; SIZE];
            buf[black_box(7)] = 1;
            black_box(&buf[..]);
        });
    });
    group.finish();
}

fn tempfile(c: &mut Criterion) {
    let dir = TempDir::new().expect("a directory for the bench's files");
    let mut group = c.benchmark_group("raii_guards/tempfile_create_drop");
    group.bench_function("ours", |b| {
        b.iter(|| drop(black_box(TempFile::new_in(dir.path()).expect("create"))));
    });
    group.bench_function("tempfile", |b| {
        b.iter(|| {
            drop(black_box(
                tempfile::NamedTempFile::new_in(dir.path()).expect("create"),
            ))
        });
    });
    group.finish();
}

// `criterion_main!` without `criterion_group!`, whose generated function has no doc comment.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    scope_guard(&mut c);
    buffer(&mut c);
    tempfile(&mut c);
    c.final_summary();
}
