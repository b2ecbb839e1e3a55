//! Public API tests of `Tree`: structure, leak freedom, deep drops and the Graphviz output.

use ownership_interior::Tree;
use test_support::{DropCounter, Tracked};

#[test]
fn structure_and_navigation() {
    let root = Tree::new("root");
    let a = root.add_child("a");
    let b = root.add_child("b");
    let a1 = a.add_child("a1");
    assert_eq!(root.child_count(), 2);
    assert!(a1.parent().unwrap().ptr_eq(&a));
    assert!(a1.root().ptr_eq(&root));
    assert_eq!((root.depth(), a.depth(), a1.depth()), (0, 1, 2));
    let values: Vec<&str> = root.children().iter().map(|c| *c.value()).collect();
    assert_eq!(values, ["a", "b"]);
    let order: Vec<&str> = root.iter().map(|n| *n.value()).collect();
    assert_eq!(order, ["root", "a", "a1", "b"]);
    assert_eq!(b.iter().count(), 1);
    assert!(format!("{root:?}").contains("children: 2"));
}

#[test]
fn the_parent_link_is_weak() {
    let root = Tree::new(0);
    let child = root.add_child(1);
    assert_eq!(root.strong_count(), 1, "children do not own their parent");
    assert_eq!(root.weak_count(), 1);
    drop(root);
    assert!(
        child.parent().is_none(),
        "the root is gone once its last handle is"
    );
    assert_eq!(child.strong_count(), 1, "only our handle is left");
}

#[test]
fn detach_moves_a_subtree_out() {
    let drops = DropCounter::new();
    let root = Tree::new(drops.track(0));
    let branch = root.add_child(drops.track(1));
    branch.add_child(drops.track(2));
    root.add_child(drops.track(3));
    assert!(branch.detach());
    assert!(!branch.detach());
    assert_eq!(root.child_count(), 1);
    assert_eq!(branch.depth(), 0);
    assert_eq!(branch.iter().count(), 2);
    drop(branch);
    assert_eq!(
        drops.dropped(),
        2,
        "the detached subtree is freed with its last handle"
    );
    drop(root);
    drops.assert_all_dropped_once();
}

#[test]
fn dropping_the_root_frees_every_node() {
    let drops = DropCounter::new();
    let root = Tree::new(drops.track(0));
    let mut frontier = vec![root.clone()];
    for _ in 0..4 {
        frontier = frontier
            .iter()
            .flat_map(|n| [n.add_child(drops.track(0)), n.add_child(drops.track(0))])
            .collect();
    }
    assert_eq!(drops.created(), 31);
    drop(frontier);
    assert_eq!(drops.alive(), 31);
    drop(root);
    drops.assert_all_dropped_once();
}

#[test]
fn a_node_kept_by_a_handle_outlives_its_dropped_tree() {
    let drops = DropCounter::new();
    let root = Tree::new(drops.track(0));
    let kept = root.add_child(drops.track(1)).add_child(drops.track(2));
    kept.add_child(drops.track(3));
    drop(root);
    assert_eq!(drops.drop_order().len(), 2, "root and the middle node");
    assert_eq!(**kept.value(), 2);
    assert_eq!(kept.iter().count(), 2);
    drop(kept);
    drops.assert_all_dropped_once();
}

fn chain(len: usize, drops: &DropCounter) -> Tree<Tracked<usize>> {
    let root = Tree::new(drops.track(0));
    let mut last = root.clone();
    for i in 1..len {
        last = last.add_child(drops.track(i));
    }
    root
}

#[test]
#[cfg_attr(
    miri,
    ignore = "a million allocations take hours under Miri; chain_of_1000 runs instead"
)]
fn a_chain_of_a_million_nodes_drops_without_overflowing_the_stack() {
    let drops = DropCounter::new();
    let root = chain(1_000_000, &drops);
    drop(root);
    assert_eq!(drops.dropped(), 1_000_000);
}

#[test]
fn a_chain_of_1000_nodes_drops_and_frees_every_node() {
    let drops = DropCounter::new();
    let root = chain(1000, &drops);
    let leaf = root.iter().last().unwrap();
    assert_eq!(leaf.depth(), 999);
    drop(leaf);
    drop(root);
    drops.assert_all_dropped_once();
}

#[test]
fn to_dot_draws_ownership_with_counts() {
    let root = Tree::new("root");
    let a = root.add_child("a \"quoted\"");
    root.add_child("b");
    let dot = root.to_dot();
    assert!(dot.starts_with("digraph ownership {\n"), "{dot}");
    assert!(dot.trim_end().ends_with('}'), "{dot}");
    // `root`: our handle; weak: one per child. `a`: its parent and our handle `a`.
    assert!(
        dot.contains(r#"n0 [label="root\nstrong=1 weak=2"];"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"n1 [label="a \"quoted\"\nstrong=2 weak=0"];"#),
        "{dot}"
    );
    assert!(dot.contains(r#"n2 [label="b\nstrong=1 weak=0"];"#), "{dot}");
    assert!(dot.contains("n0 -> n1 [style=solid"), "{dot}");
    assert!(dot.contains("n1 -> n0 [style=dashed"), "{dot}");
    assert!(dot.contains("n0 -> n2 [style=solid"), "{dot}");
    assert!(dot.contains("n2 -> n0 [style=dashed"), "{dot}");
    assert_eq!(dot.matches("->").count(), 4);
    assert_eq!(
        a.strong_count(),
        2,
        "rendering leaves the counts as they were"
    );
}
