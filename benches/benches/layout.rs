//! layout against what you would otherwise write: two threads incrementing their own counters
//! on one cache line vs each on its own `CachePadded` line, and the particle loops over a
//! struct of arrays (`soa!`) vs an array of structs. Threaded benches run on two threads
//! through `iter_custom` and report the slower thread's time per iteration.

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use ownership_layout::CachePadded;
use ownership_layout::examples::{
    Particle, ParticleSoa, total_mass_aos, total_mass_soa, update_aos, update_soa,
};

/// Each of two threads, started together, increments its own counter `iters` times; returns
/// the slower thread's time.
fn two_writers(iters: u64, a: &AtomicU64, b: &AtomicU64) -> Duration {
    let start = Barrier::new(2);
    thread::scope(|s| {
        let workers: Vec<_> = [a, b]
            .into_iter()
            .map(|counter| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    let begun = Instant::now();
                    for _ in 0..iters {
                        black_box(counter).fetch_add(1, Ordering::Relaxed);
                    }
                    begun.elapsed()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("bench thread"))
            .max()
            .unwrap_or_default()
    })
}

/// Two counters in one 16-byte struct, so on one cache line: the code padding replaces.
#[derive(Default)]
struct Adjacent {
    a: AtomicU64,
    b: AtomicU64,
}

fn false_sharing(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout/own_counter_2_threads");
    group.bench_function("ours", |b| {
        let counters = [
            CachePadded::new(AtomicU64::new(0)),
            CachePadded::new(AtomicU64::new(0)),
        ];
        b.iter_custom(|iters| two_writers(iters, &counters[0], &counters[1]));
    });
    group.bench_function("adjacent", |b| {
        let counters = Adjacent::default();
        b.iter_custom(|iters| two_writers(iters, &counters.a, &counters.b));
    });
    group.finish();
}

const PARTICLES: usize = 1_000_000;

fn particles() -> Vec<Particle> {
    (0..PARTICLES)
        .map(|i| {
            let f = (i % 1000) as f32;
            Particle {
                x: f,
                y: -f,
                z: 0.5 * f,
                vx: 1.0,
                vy: 0.5,
                vz: -0.25,
                mass: 1.0 + f * 0.001,
            }
        })
        .collect()
}

/// A one-field sum with one running total: each addition waits for the previous one.
fn total_mass_one_accumulator(masses: &[f32]) -> f32 {
    masses.iter().sum()
}

fn particle_loops(c: &mut Criterion) {
    let mut aos = particles();
    let mut soa = ParticleSoa::from(aos.clone());

    let mut group = c.benchmark_group("layout/particle_update_1m");
    group.throughput(Throughput::Elements(PARTICLES as u64));
    group.bench_function("ours", |b| b.iter(|| update_soa(black_box(&mut soa), 0.01)));
    group.bench_function("array_of_structs", |b| {
        b.iter(|| update_aos(black_box(&mut aos), 0.01));
    });
    group.finish();

    let mut group = c.benchmark_group("layout/mass_sum_1m");
    group.throughput(Throughput::Elements(PARTICLES as u64));
    group.bench_function("ours", |b| b.iter(|| total_mass_soa(black_box(&soa))));
    group.bench_function("array_of_structs", |b| {
        b.iter(|| total_mass_aos(black_box(&aos)));
    });
    group.bench_function("ours_one_accumulator", |b| {
        b.iter(|| total_mass_one_accumulator(black_box(soa.mass())));
    });
    group.bench_function("array_of_structs_one_accumulator", |b| {
        b.iter(|| black_box(&aos).iter().map(|p| p.mass).sum::<f32>());
    });
    group.finish();
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    false_sharing(&mut c);
    particle_loops(&mut c);
    c.final_summary();
}
