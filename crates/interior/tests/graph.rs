//! Public API tests of `Graph`: edges, removal, cycles freed with the graph, Graphviz output.

use std::rc::{Rc, Weak};

use ownership_interior::{Graph, GraphError, NodeId};
use test_support::DropCounter;

#[test]
fn edges_are_undirected_and_not_duplicated() {
    let graph = Graph::new();
    let a = graph.add_node(1);
    let b = graph.add_node(2);
    assert_eq!(graph.add_edge(a, b), Ok(true));
    assert_eq!(graph.add_edge(a, b), Ok(false));
    assert_eq!(graph.add_edge(b, a), Ok(false));
    assert_eq!(graph.add_edge(a, a), Ok(true));
    assert_eq!(graph.neighbors(a), Some(vec![b, a]));
    assert_eq!(graph.neighbors(b), Some(vec![a]));
    assert_eq!(graph.edge_count(), 2);
    assert_eq!(graph.len(), 2);
    assert_eq!(graph.node_ids(), [a, b]);
}

#[test]
fn unknown_nodes_are_typed_errors() {
    let graph = Graph::new();
    let a = graph.add_node('a');
    let b = graph.add_node('b');
    assert!(graph.remove_node(b));
    assert_eq!(graph.add_edge(a, b), Err(GraphError::UnknownNode(b)));
    assert_eq!(graph.add_edge(b, a), Err(GraphError::UnknownNode(b)));
    assert_eq!(graph.neighbors(b), None);
    assert_eq!(graph.get(b), None);
    assert!(!graph.remove_node(b));
    assert_eq!(
        graph.neighbors(a),
        Some(vec![]),
        "a failed add_edge changes nothing"
    );
    let err: Box<dyn std::error::Error> = Box::new(GraphError::UnknownNode(b));
    assert_eq!(err.to_string(), "node n1 is not in the graph");
}

#[test]
fn ids_are_never_reused() {
    let graph = Graph::new();
    let a = graph.add_node(());
    graph.remove_node(a);
    let b = graph.add_node(());
    assert_ne!(a, b);
    assert!(!graph.contains(a));
    assert_eq!(b, NodeId::clone(&b));
}

#[test]
fn removing_a_node_removes_its_edges_and_frees_it() {
    let drops = DropCounter::new();
    let graph = Graph::new();
    let ids: Vec<_> = (0..4).map(|i| graph.add_node(drops.track(i))).collect();
    for &x in &ids {
        for &y in &ids {
            graph.add_edge(x, y).unwrap();
        }
    }
    assert_eq!(graph.edge_count(), 10); // 6 edges + 4 loops
    assert!(graph.remove_node(ids[1]));
    assert_eq!(drops.dropped(), 1);
    assert_eq!(graph.neighbors(ids[0]), Some(vec![ids[0], ids[2], ids[3]]));
    assert_eq!(graph.edge_count(), 6);
}

#[test]
fn a_graph_full_of_cycles_frees_every_node() {
    let drops = DropCounter::new();
    let graph = Graph::new();
    let ids: Vec<_> = (0..50).map(|i| graph.add_node(drops.track(i))).collect();
    for (i, &id) in ids.iter().enumerate() {
        graph.add_edge(id, ids[(i + 1) % ids.len()]).unwrap(); // a ring
        graph.add_edge(id, ids[(i * 7) % ids.len()]).unwrap(); // chords
        graph.add_edge(id, id).unwrap(); // loops
    }
    drop(graph);
    drops.assert_all_dropped_once();
}

#[test]
fn a_value_closure_may_change_the_graph() {
    let graph = Graph::new();
    let a = graph.add_node(String::from("a"));
    let b = graph.with_value(a, |v| {
        // No borrow is held: adding, linking and removing inside works.
        let b = graph.add_node(format!("{v}-child"));
        graph.add_edge(a, b).unwrap();
        graph.remove_node(a);
        b
    });
    let b = b.unwrap();
    assert_eq!(graph.get(b).as_deref(), Some("a-child"));
    assert_eq!(graph.len(), 1);
    assert_eq!(graph.neighbors(b), Some(vec![]));
}

#[test]
fn a_value_whose_drop_uses_the_graph() {
    struct AddsOnDrop(Weak<Graph<Option<AddsOnDrop>>>);
    impl Drop for AddsOnDrop {
        fn drop(&mut self) {
            if let Some(graph) = self.0.upgrade() {
                // Would panic if the node were dropped under a borrow of the graph.
                let id = graph.add_node(None);
                assert!(graph.contains(id));
            }
        }
    }
    let graph = Rc::new(Graph::new());
    let a = graph.add_node(None);
    let id = graph.add_node(Some(AddsOnDrop(Rc::downgrade(&graph))));
    graph.add_edge(a, id).unwrap();
    assert!(graph.remove_node(id));
    assert_eq!(graph.len(), 2);
}

#[test]
fn to_dot_draws_ownership_and_weak_edges_with_counts() {
    let graph = Graph::new();
    let a = graph.add_node("a");
    let b = graph.add_node("b");
    let c = graph.add_node("c");
    graph.add_edge(a, b).unwrap();
    graph.add_edge(b, c).unwrap();
    graph.add_edge(c, a).unwrap();
    let dot = graph.to_dot();
    assert!(dot.starts_with("digraph ownership {\n"), "{dot}");
    for id in ["n0", "n1", "n2"] {
        assert!(
            dot.contains(&format!("owner -> {id} [style=solid")),
            "{dot}"
        );
    }
    assert!(
        dot.contains(r#"n0 [label="n0: a\nstrong=1 weak=2"];"#),
        "{dot}"
    );
    assert!(dot.contains("n0 -> n1 [style=dashed"), "{dot}");
    assert!(dot.contains("n1 -> n0 [style=dashed"), "{dot}");
    assert!(dot.contains("n2 -> n0 [style=dashed"), "{dot}");
    assert_eq!(dot.matches("style=dashed").count(), 6);
    assert!(format!("{graph:?}").contains("nodes: 3"));
}
