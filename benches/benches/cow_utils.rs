//! `cow-utils` against what a user would write otherwise, on 4 KiB of prose that is either
//! already clean (the common case: nothing to change) or dirty (some changes needed):
//! `normalize_whitespace` vs a naive two-`replace` chain, `cow_replace` vs the crates.io
//! `cow-utils` and `str::replace`, `escape_html` vs `html_escape::encode_quoted_attribute`
//! (which escapes the same five characters).

use std::borrow::Cow;
use std::hint::black_box;

use cow_utils_peer::CowUtils;
use criterion::{Criterion, Throughput};
use ownership_cow_utils::{CowStrExt, escape_html, normalize_whitespace};

const SIZE: usize = 4096;

/// Deterministic prose: words, single spaces, commas and full stops, `SIZE` bytes.
fn prose() -> String {
    const WORDS: [&str; 16] = [
        "ownership",
        "the",
        "borrow",
        "checker",
        "moves",
        "a",
        "value",
        "into",
        "function",
        "returns",
        "reference",
        "lifetime",
        "of",
        "string",
        "clone",
        "write",
    ];
    let mut text = String::with_capacity(SIZE + 16);
    let mut state = 0x2545_f491_u32;
    let mut n = 0;
    while text.len() < SIZE {
        // xorshift: cheap, reproducible word choice.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        text.push_str(WORDS[(state % 16) as usize]);
        n += 1;
        text.push_str(match n % 11 {
            0 => ". ",
            5 => ", ",
            _ => " ",
        });
    }
    text.truncate(SIZE - 1);
    text.push('.');
    text
}

/// Applies `dirty` to every `every`-th space of `text`, keeping it about `SIZE` bytes.
fn sprinkle(text: &str, every: usize, dirty: impl Fn(usize) -> &'static str) -> String {
    let mut out = String::with_capacity(SIZE * 2);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push_str(if i % every == 0 {
                dirty(i / every)
            } else {
                " "
            });
        }
        out.push_str(word);
    }
    let mut end = SIZE.min(out.len());
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// The naive sketch: two `replace` calls, allocating on every call.
fn naive_whitespace(s: &str) -> String {
    s.replace("  ", " ").replace('\t', " ")
}

fn whitespace(c: &mut Criterion) {
    let clean = prose();
    // A line break, a double space or a tab every 8 words.
    let dirty = sprinkle(&clean, 8, |k| ["\n", "  ", "\t"][k % 3]);
    for (name, text) in [("clean", &clean), ("dirty", &dirty)] {
        let mut group = c.benchmark_group(format!("cow_utils/normalize_whitespace_{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("ours", |b| b.iter(|| normalize_whitespace(black_box(text))));
        group.bench_function("naive_replace_chain", |b| {
            b.iter(|| naive_whitespace(black_box(text)))
        });
        group.finish();
    }
}

fn replace(c: &mut Criterion) {
    let clean = prose();
    // Tabs to spaces (a `char` pattern) and a spelling fix (a `&str` pattern).
    let tabs = sprinkle(&clean, 8, |_| "\t");
    let colors = sprinkle(&clean, 8, |_| " color ");
    for (state, text) in [("clean", clean.as_str()), ("dirty", tabs.as_str())] {
        let mut group = c.benchmark_group(format!("cow_utils/replace_char_{state}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("ours", |b| {
            b.iter(|| CowStrExt::cow_replace(black_box(text), '\t', " "))
        });
        group.bench_function("cow_utils_crate", |b| {
            b.iter(|| CowUtils::cow_replace(black_box(text), '\t', " "))
        });
        group.bench_function("str_replace", |b| {
            b.iter(|| black_box(text).replace('\t', " "))
        });
        group.finish();
    }
    for (state, text) in [("clean", clean.as_str()), ("dirty", colors.as_str())] {
        let mut group = c.benchmark_group(format!("cow_utils/replace_str_{state}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("ours", |b| {
            b.iter(|| CowStrExt::cow_replace(black_box(text), "color", "colour"))
        });
        group.bench_function("cow_utils_crate", |b| {
            b.iter(|| CowUtils::cow_replace(black_box(text), "color", "colour"))
        });
        group.bench_function("str_replace", |b| {
            b.iter(|| black_box(text).replace("color", "colour"))
        });
        group.finish();
    }
}

fn html(c: &mut Criterion) {
    let clean = prose();
    // Markup and entities every 6 words.
    let dirty = sprinkle(&clean, 6, |k| [" <b>", " & ", " \"q\" ", " it's "][k % 4]);
    for (name, text) in [("clean", &clean), ("dirty", &dirty)] {
        let ours: Cow<'_, str> = escape_html(text);
        assert_eq!(
            ours,
            html_escape::encode_quoted_attribute(text).replace("&#x27;", "&#39;")
        );
        let mut group = c.benchmark_group(format!("cow_utils/escape_html_{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("ours", |b| b.iter(|| escape_html(black_box(text))));
        group.bench_function("html_escape", |b| {
            b.iter(|| html_escape::encode_quoted_attribute(black_box(text)))
        });
        group.finish();
    }
}

// A plain `main` rather than `criterion_main!`, whose generated `pub fn` has no docs.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    whitespace(&mut c);
    replace(&mut c);
    html(&mut c);
    c.final_summary();
}
