//! Builds a small tree and a graph with cycles, writes their ownership graphs as Graphviz
//! `.dot` files into a fresh temporary directory, prints them, and shows that dropping each
//! structure frees every node (no `Rc` cycle leaks). The directory is removed at the end.
//!
//! Run with `cargo run --release -p ownership-interior --example ownership_graph`; render a printed
//! graph with `dot -Tsvg tree.dot -o tree.svg`.

use std::cell::Cell;
use std::fmt;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

use ownership_interior::{Graph, Tree};

/// A value that counts its drops, so the example can report leaks.
struct Named {
    name: &'static str,
    drops: Rc<Cell<usize>>,
}

impl Drop for Named {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

fn unique_dir() -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    std::env::temp_dir().join(format!(
        "interior-ownership-graph-{}-{nanos}",
        std::process::id()
    ))
}

fn main() -> std::io::Result<()> {
    let drops = Rc::new(Cell::new(0));
    let named = |name| Named {
        name,
        drops: Rc::clone(&drops),
    };

    // A tree: children owned (solid), parents weak (dashed). `config` is also held by a
    // handle outside the tree, which its strong count shows.
    let root = Tree::new(named("app"));
    let config = root.add_child(named("config"));
    config.add_child(named("defaults"));
    let ui = root.add_child(named("ui"));
    ui.add_child(named("button"));
    ui.add_child(named("label"));
    drop(ui);
    let tree_dot = root.to_dot();

    // A graph with a cycle a - b - c - a: the graph owns the nodes, edges are weak.
    let graph = Graph::new();
    let a = graph.add_node(named("a"));
    let b = graph.add_node(named("b"));
    let c = graph.add_node(named("c"));
    for (x, y) in [(a, b), (b, c), (c, a)] {
        graph.add_edge(x, y).expect("both nodes were just added");
    }
    let graph_dot = graph.to_dot();

    let dir = unique_dir();
    std::fs::create_dir(&dir)?;
    let tree_path = dir.join("tree.dot");
    let graph_path = dir.join("graph.dot");
    std::fs::write(&tree_path, &tree_dot)?;
    std::fs::write(&graph_path, &graph_dot)?;
    println!("wrote {}:\n{tree_dot}", tree_path.display());
    println!("wrote {}:\n{graph_dot}", graph_path.display());
    std::fs::remove_dir_all(&dir)?;

    drop((root, config));
    let tree_nodes = 6;
    println!(
        "tree: {tree_nodes} nodes, {} freed, leaks: {}",
        drops.get(),
        tree_nodes - drops.get()
    );
    drops.set(0);
    drop(graph);
    println!(
        "graph with a cycle: 3 nodes, {} freed, leaks: {}",
        drops.get(),
        3 - drops.get()
    );
    Ok(())
}
