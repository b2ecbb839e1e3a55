//! A graph that owns its nodes, with edges that do not keep nodes alive.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::{self, Write as _};
use std::rc::{Rc, Weak};

use crate::dot::escape;

/// An undirected graph whose nodes are owned by the graph (one `Rc` each) and whose edges are
/// `Weak`: a cycle of edges keeps nothing alive, so every node is freed with the graph.
///
/// Nodes are named by [`NodeId`]s, never reused. Everything works through `&self`, and no
/// borrow is held while a node's value is dropped or handed to the caller's closure.
///
/// # Examples
///
/// ```
/// use ownership_interior::Graph;
///
/// let graph = Graph::new();
/// let a = graph.add_node("a");
/// let b = graph.add_node("b");
/// let c = graph.add_node("c");
/// graph.add_edge(a, b)?;
/// graph.add_edge(b, c)?;
/// graph.add_edge(c, a)?; // a cycle: still freed with the graph
/// assert_eq!(graph.neighbors(a), Some(vec![b, c]));
/// assert!(graph.remove_node(b));
/// assert_eq!(graph.neighbors(a), Some(vec![c]));
/// # Ok::<(), ownership_interior::GraphError>(())
/// ```
pub struct Graph<T> {
    nodes: RefCell<BTreeMap<NodeId, Rc<GraphNode<T>>>>,
    next_id: std::cell::Cell<usize>,
}

struct GraphNode<T> {
    id: NodeId,
    value: T,
    edges: RefCell<Vec<Weak<GraphNode<T>>>>,
}

/// The name of a node in a [`Graph`]; ids are never reused.
///
/// # Examples
///
/// ```
/// let graph = ownership_interior::Graph::new();
/// let id: ownership_interior::NodeId = graph.add_node(());
/// assert_eq!(id.to_string(), "n0");
/// assert_eq!(id.index(), 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(usize);

impl NodeId {
    /// Returns the id as a number: the count of nodes added to the graph before it.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// graph.add_node('a');
    /// assert_eq!(graph.add_node('b').index(), 1);
    /// ```
    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n{}", self.0)
    }
}

/// An operation named a node that is not in the [`Graph`] (never added, or removed).
///
/// # Examples
///
/// ```
/// let graph = ownership_interior::Graph::new();
/// let a = graph.add_node(1);
/// graph.remove_node(a);
/// let err = graph.add_edge(a, a).unwrap_err();
/// assert_eq!(err, ownership_interior::GraphError::UnknownNode(a));
/// assert_eq!(err.to_string(), "node n0 is not in the graph");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GraphError {
    /// The node with this id is not in the graph.
    UnknownNode(NodeId),
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::UnknownNode(id) => write!(f, "node {id} is not in the graph"),
        }
    }
}

impl Error for GraphError {}

impl<T> Graph<T> {
    /// Creates an empty graph.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph: ownership_interior::Graph<u8> = ownership_interior::Graph::new();
    /// assert!(graph.is_empty());
    /// ```
    pub fn new() -> Self {
        Self {
            nodes: RefCell::new(BTreeMap::new()),
            next_id: std::cell::Cell::new(0),
        }
    }

    /// Adds a node holding `value` and returns its id.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let id = graph.add_node("x");
    /// assert!(graph.contains(id));
    /// ```
    pub fn add_node(&self, value: T) -> NodeId {
        let id = NodeId(self.next_id.get());
        self.next_id.set(id.0 + 1);
        let node = Rc::new(GraphNode {
            id,
            value,
            edges: RefCell::new(Vec::new()),
        });
        self.nodes.borrow_mut().insert(id, node);
        id
    }

    /// Adds an undirected edge between `a` and `b` (a loop when `a == b`); returns `false`
    /// if it was already there.
    ///
    /// # Errors
    ///
    /// [`GraphError::UnknownNode`] if either node is not in the graph; nothing changes.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let (a, b) = (graph.add_node(1), graph.add_node(2));
    /// assert_eq!(graph.add_edge(a, b), Ok(true));
    /// assert_eq!(graph.add_edge(b, a), Ok(false));
    /// assert_eq!(graph.edge_count(), 1);
    /// ```
    pub fn add_edge(&self, a: NodeId, b: NodeId) -> Result<bool, GraphError> {
        let (na, nb) = {
            let nodes = self.nodes.borrow();
            let na = nodes.get(&a).ok_or(GraphError::UnknownNode(a))?;
            let nb = nodes.get(&b).ok_or(GraphError::UnknownNode(b))?;
            (Rc::clone(na), Rc::clone(nb))
        };
        if na
            .edges
            .borrow()
            .iter()
            .any(|e| e.as_ptr() == Rc::as_ptr(&nb))
        {
            return Ok(false);
        }
        na.edges.borrow_mut().push(Rc::downgrade(&nb));
        if a != b {
            nb.edges.borrow_mut().push(Rc::downgrade(&na));
        }
        Ok(true)
    }

    /// Removes a node and its edges; returns `false` if it was not in the graph. The value
    /// is dropped after every borrow is released.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let (a, b) = (graph.add_node(1), graph.add_node(2));
    /// graph.add_edge(a, b).unwrap();
    /// assert!(graph.remove_node(a));
    /// assert!(!graph.remove_node(a));
    /// assert_eq!(graph.neighbors(b), Some(vec![]));
    /// ```
    pub fn remove_node(&self, id: NodeId) -> bool {
        let removed = self.nodes.borrow_mut().remove(&id);
        let Some(node) = removed else {
            return false;
        };
        let edges = std::mem::take(&mut *node.edges.borrow_mut());
        for neighbor in edges.iter().filter_map(Weak::upgrade) {
            neighbor
                .edges
                .borrow_mut()
                .retain(|e| e.as_ptr() != Rc::as_ptr(&node));
        }
        drop(node);
        true
    }

    /// Returns the neighbors of `id` in the order their edges were added, or `None` if the
    /// node is not in the graph. A loop lists the node itself.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let (a, b) = (graph.add_node(1), graph.add_node(2));
    /// graph.add_edge(a, b).unwrap();
    /// assert_eq!(graph.neighbors(b), Some(vec![a]));
    /// ```
    pub fn neighbors(&self, id: NodeId) -> Option<Vec<NodeId>> {
        let node = self.node(id)?;
        let neighbors = node
            .edges
            .borrow()
            .iter()
            .filter_map(Weak::upgrade)
            .map(|n| n.id)
            .collect();
        Some(neighbors)
    }

    /// Runs `f` on the value of `id` with no borrow held (so `f` may change the graph), or
    /// returns `None` if the node is not in the graph.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let a = graph.add_node(String::from("alpha"));
    /// assert_eq!(graph.with_value(a, |s| s.len()), Some(5));
    /// ```
    pub fn with_value<R>(&self, id: NodeId, f: impl FnOnce(&T) -> R) -> Option<R> {
        let node = self.node(id)?;
        Some(f(&node.value))
    }

    /// Returns a clone of the value of `id`.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let a = graph.add_node(7);
    /// assert_eq!(graph.get(a), Some(7));
    /// ```
    pub fn get(&self, id: NodeId) -> Option<T>
    where
        T: Clone,
    {
        self.with_value(id, T::clone)
    }

    /// Returns `true` if `id` is in the graph.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let a = graph.add_node(());
    /// assert!(graph.contains(a));
    /// ```
    pub fn contains(&self, id: NodeId) -> bool {
        self.nodes.borrow().contains_key(&id)
    }

    /// Returns the ids of the nodes, in the order they were added.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let (a, b) = (graph.add_node(1), graph.add_node(2));
    /// assert_eq!(graph.node_ids(), [a, b]);
    /// ```
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.nodes.borrow().keys().copied().collect()
    }

    /// Returns the number of nodes.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// graph.add_node(1);
    /// assert_eq!(graph.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.nodes.borrow().len()
    }

    /// Returns `true` when the graph has no nodes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_interior::Graph::<()>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.nodes.borrow().is_empty()
    }

    /// Returns the number of edges, loops included.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let a = graph.add_node(1);
    /// graph.add_edge(a, a).unwrap();
    /// assert_eq!(graph.edge_count(), 1);
    /// ```
    pub fn edge_count(&self) -> usize {
        let nodes = self.nodes.borrow();
        let mut ends = 0;
        let mut loops = 0;
        for node in nodes.values() {
            for edge in node.edges.borrow().iter() {
                if edge.as_ptr() == Rc::as_ptr(node) {
                    loops += 1;
                } else {
                    ends += 1;
                }
            }
        }
        ends / 2 + loops
    }

    fn node(&self, id: NodeId) -> Option<Rc<GraphNode<T>>> {
        self.nodes.borrow().get(&id).map(Rc::clone)
    }
}

impl<T: fmt::Display> Graph<T> {
    /// Renders the graph as a Graphviz `digraph`: the graph's ownership of each node as a
    /// solid edge from a `Graph` box, each edge as two dashed (`Weak`) arrows, each node
    /// labelled with its id, value, and strong and weak counts.
    ///
    /// Values are formatted with `Display` while no borrow is held.
    ///
    /// # Examples
    ///
    /// ```
    /// let graph = ownership_interior::Graph::new();
    /// let (a, b) = (graph.add_node("a"), graph.add_node("b"));
    /// graph.add_edge(a, b).unwrap();
    /// let dot = graph.to_dot();
    /// assert!(dot.contains(r#"n0 [label="n0: a\nstrong=1 weak=1"]"#));
    /// assert!(dot.contains("owner -> n0 [style=solid"));
    /// assert!(dot.contains("n0 -> n1 [style=dashed"));
    /// assert!(dot.contains("n1 -> n0 [style=dashed"));
    /// ```
    pub fn to_dot(&self) -> String {
        let nodes: Vec<Rc<GraphNode<T>>> = self.nodes.borrow().values().cloned().collect();
        let mut out = String::from(
            "digraph ownership {\n  node [shape=box];\n  // solid: Rc (owns), dashed: Weak\n  \
             owner [label=\"Graph\", shape=folder];\n",
        );
        let mut edges = String::new();
        for node in &nodes {
            let id = node.id;
            // The clone in `nodes` is ours, not part of the picture.
            let strong = Rc::strong_count(node) - 1;
            let weak = Rc::weak_count(node);
            let label = escape(&node.value.to_string());
            // Writing to a `String` cannot fail.
            let _ = writeln!(
                out,
                "  {id} [label=\"{id}: {label}\\nstrong={strong} weak={weak}\"];"
            );
            let _ = writeln!(edges, "  owner -> {id} [style=solid, label=\"Rc\"];");
            let targets: Vec<NodeId> = node
                .edges
                .borrow()
                .iter()
                .filter_map(Weak::upgrade)
                .map(|n| n.id)
                .collect();
            for target in targets {
                let _ = writeln!(edges, "  {id} -> {target} [style=dashed, label=\"Weak\"];");
            }
        }
        out.push_str(&edges);
        out.push_str("}\n");
        out
    }
}

impl<T> Default for Graph<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for Graph<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes = self.nodes.try_borrow().map(|n| n.len());
        f.debug_struct("Graph")
            .field("nodes", &nodes.unwrap_or(0))
            .finish_non_exhaustive()
    }
}
