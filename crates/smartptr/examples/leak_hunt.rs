//! Finds a reference-counting leak with the tracker: a doubly linked list whose back links
//! are `Rc`s by mistake keeps itself alive; the leak report names every node and the line that
//! made it; `Weak` back links fix it, and the report comes back empty.
//!
//! Run with `cargo run -p ownership-smartptr --example leak_hunt`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use ownership_smartptr::tracking::Event;
use ownership_smartptr::{TrackedBox, Tracker};

/// A list node with the mistake: the back link is strong.
struct LeakyNode {
    name: TrackedBox<String>,
    next: RefCell<Option<Rc<LeakyNode>>>,
    prev: RefCell<Option<Rc<LeakyNode>>>,
}

/// The same node, fixed: the back link is `Weak`, so it does not keep the previous node alive.
struct Node {
    name: TrackedBox<String>,
    next: RefCell<Option<Rc<Node>>>,
    prev: RefCell<Weak<Node>>,
}

fn build_leaky(tracker: &Tracker, names: &[&str]) {
    let nodes: Vec<Rc<LeakyNode>> = names
        .iter()
        .map(|n| {
            Rc::new(LeakyNode {
                name: tracker.track(n.to_string()),
                next: RefCell::new(None),
                prev: RefCell::new(None),
            })
        })
        .collect();
    for pair in nodes.windows(2) {
        *pair[0].next.borrow_mut() = Some(Rc::clone(&pair[1]));
        *pair[1].prev.borrow_mut() = Some(Rc::clone(&pair[0]));
    }
    let back: Vec<String> = nodes
        .iter()
        .rev()
        .filter_map(|n| n.prev.borrow().as_ref().map(|p| p.name.to_string()))
        .collect();
    let forward = nodes.first().map(|n| n.next.borrow().is_some());
    println!("leaky list: walked back through {back:?}, forward link: {forward:?}");
}

fn build_fixed(tracker: &Tracker, names: &[&str]) {
    let nodes: Vec<Rc<Node>> = names
        .iter()
        .map(|n| {
            Rc::new(Node {
                name: tracker.track(n.to_string()),
                next: RefCell::new(None),
                prev: RefCell::new(Weak::new()),
            })
        })
        .collect();
    for pair in nodes.windows(2) {
        *pair[0].next.borrow_mut() = Some(Rc::clone(&pair[1]));
        *pair[1].prev.borrow_mut() = Rc::downgrade(&pair[0]);
    }
    let back: Vec<String> = nodes
        .iter()
        .rev()
        .filter_map(|n| n.prev.borrow().upgrade().map(|p| p.name.to_string()))
        .collect();
    let forward = nodes.first().map(|n| n.next.borrow().is_some());
    println!("fixed list: walked back through {back:?}, forward link: {forward:?}");
}

fn main() {
    let names = ["a", "b", "c"];

    println!("-- with strong back links --");
    let tracker = Tracker::with_sink(|e: &Event| println!("  event: {e}"));
    build_leaky(&tracker, &names);
    let report = tracker.leak_report();
    println!("after the list went out of scope: {report}");
    assert_eq!(report.len(), names.len(), "every node leaked");

    println!("\n-- with Weak back links --");
    let tracker = Tracker::new();
    build_fixed(&tracker, &names);
    let report = tracker.leak_report();
    let stats = tracker.stats::<String>();
    println!(
        "after the list went out of scope: {report} (created {}, peak {}, live {})",
        stats.total, stats.peak, stats.live
    );
    assert!(report.is_empty());
    println!("leaks: 0");
}
