//! Runs every transform of the crate over each line of this repository's `.rs` and `.md`
//! files and counts, with `CountingAlloc`, how many calls were served without allocating.
//!
//! Run: `cargo run -p ownership-cow-utils --example cow_tour`

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use ownership_cow_utils::{
    CowStrExt, capitalize_first, escape_html, escape_literal, normalize_newlines, normalize_path,
    normalize_whitespace, squish, unescape_literal,
};
use test_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// Every `.rs` and `.md` file under `dir`, skipping hidden and `target*` directories.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && !name.starts_with("target") {
                collect(&path, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".md") {
            out.push(path);
        }
    }
}

type Transform = fn(&str) -> Cow<'_, str>;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let text: String = files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let lines: Vec<&str> = text.lines().collect();

    let transforms: [(&str, Transform); 10] = [
        ("normalize_whitespace", normalize_whitespace),
        ("squish", squish),
        ("normalize_newlines", normalize_newlines),
        ("normalize_path", normalize_path),
        ("capitalize_first", capitalize_first),
        ("escape_html", escape_html),
        ("escape_literal", escape_literal),
        ("unescape_literal", |s| {
            unescape_literal(s).unwrap_or(Cow::Borrowed(s))
        }),
        ("cow_replace('\\t', \"    \")", |s| {
            s.cow_replace('\t', "    ")
        }),
        ("cow_to_lowercase", |s| s.cow_to_lowercase()),
    ];

    println!(
        "{} lines from {} .rs/.md files in this repository",
        lines.len(),
        files.len()
    );
    println!("{:<28} {:>12}", "function", "no alloc");
    let (mut total_calls, mut total_free) = (0, 0);
    for (name, f) in transforms {
        let mut free = 0;
        for line in &lines {
            let (out, stats) = CountingAlloc::measure(|| f(line));
            if stats.requests() == 0 {
                free += 1;
            }
            drop(out);
        }
        let percent = 100.0 * free as f64 / lines.len() as f64;
        println!("{name:<28} {free:>6} {percent:>5.1}%");
        total_calls += lines.len();
        total_free += free;
    }
    println!(
        "total: {total_free} of {total_calls} calls ({:.1}%) made no allocation; \
         `String`-returning versions would have made {total_calls}",
        100.0 * total_free as f64 / total_calls as f64
    );
}
