//! Serves 10,000 simulated requests, each in a `Bump::scope`, and shows with `CountingAlloc`
//! that after warm-up no request touches the system allocator, unlike the same handler
//! written with `String` and `Vec`.

use ownership_arena::Bump;
use test_support::{AllocStats, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const REQUESTS: u32 = 10_000;
const WARM_UP: u32 = 10;

fn request_line(n: u32) -> String {
    format!(
        "GET /users/{}/posts/{}?page={}&verbose=1 HTTP/1.1",
        n % 97,
        n % 13,
        n % 5
    )
}

/// The handler with its per-request data in the scope: a copy of the line, the parsed ids,
/// and the response, all freed at once when the scope ends.
fn handle_in_scope(scope: &Bump<'_>, line: &str) -> usize {
    let line = scope.alloc_str(line);
    let path = line.split(' ').nth(1).unwrap_or("/");
    let ids = scope.alloc_slice_fill_iter(
        path.split(['/', '?', '&', '='])
            .filter_map(|s| s.parse::<u32>().ok()),
    );
    let response = scope.alloc_fmt(format_args!(
        "200 OK\r\ncontent-length: {}\r\n\r\n{{\"ids\":{:?},\"segments\":{}}}",
        ids.len() * 4,
        ids,
        path.split('/').count()
    ));
    response.len()
}

/// The same handler the usual way.
fn handle_naive(line: &str) -> usize {
    let line = line.to_owned();
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let ids: Vec<u32> = path
        .split(['/', '?', '&', '='])
        .filter_map(|s| s.parse().ok())
        .collect();
    let response = format!(
        "200 OK\r\ncontent-length: {}\r\n\r\n{{\"ids\":{:?},\"segments\":{}}}",
        ids.len() * 4,
        ids,
        path.split('/').count()
    );
    response.len()
}

/// Serves every request with `handle` and returns the allocation counts after warm-up
/// (the request line itself is made outside the measurement: it stands for the network).
fn serve(mut handle: impl FnMut(&str) -> usize) -> (usize, AllocStats, u64) {
    let mut bytes = 0;
    let mut total = AllocStats::default();
    let mut worst = 0;
    for n in 0..REQUESTS {
        let line = request_line(n);
        let (len, stats) = CountingAlloc::measure(|| handle(&line));
        bytes += len;
        if n >= WARM_UP {
            worst = worst.max(stats.requests());
            total.allocations += stats.allocations;
            total.reallocations += stats.reallocations;
        }
    }
    (bytes, total, worst)
}

fn main() {
    let bump = Bump::new();
    let (arena_bytes, arena, arena_worst) = serve(|line| bump.scope(|s| handle_in_scope(s, line)));
    let (naive_bytes, naive, _) = serve(handle_naive);
    assert_eq!(arena_bytes, naive_bytes, "both handlers answer the same");

    let measured = u64::from(REQUESTS - WARM_UP);
    println!(
        "{REQUESTS} requests, {arena_bytes} response bytes; counted after {WARM_UP} warm-up requests:"
    );
    println!(
        "  scope per request: {} system allocations in total, at most {arena_worst} per request; arena holds {} bytes",
        arena.requests(),
        bump.allocated_bytes()
    );
    println!(
        "  String/Vec:        {} system allocations ({:.1} per request)",
        naive.requests(),
        naive.requests() as f64 / measured as f64
    );
    assert_eq!(
        arena.requests(),
        0,
        "a request touched the system allocator after warm-up"
    );
}
