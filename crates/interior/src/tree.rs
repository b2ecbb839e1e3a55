//! A tree whose children are owned (`Rc`) and whose parent links are weak.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::rc::{Rc, Weak};

use crate::dot::escape;

/// A handle to a node of a tree: children are held by `Rc`, the parent by `Weak`, so a tree
/// is freed when the last handle to its root goes, and no parent/child pair forms a cycle.
///
/// Cloning a `Tree` clones the handle (like `Rc::clone`), not the subtree. A node lives while
/// its parent holds it or some handle to it exists. Dropping is iterative: a chain of a
/// million nodes drops without deep recursion. Nodes hold their value immutably; put a `Cell`
/// or `RefCell` in `T` to change it.
///
/// # Examples
///
/// ```
/// use ownership_interior::Tree;
///
/// let root = Tree::new("root");
/// let a = root.add_child("a");
/// let a1 = a.add_child("a1");
/// root.add_child("b");
/// assert_eq!(a1.depth(), 2);
/// assert_eq!(a1.parent().unwrap().value(), &"a");
/// let order: Vec<_> = root.iter().map(|n| *n.value()).collect();
/// assert_eq!(order, ["root", "a", "a1", "b"]);
/// assert!(root.to_dot().contains("style=dashed"));
/// ```
pub struct Tree<T> {
    node: Rc<Node<T>>,
}

struct Node<T> {
    value: T,
    parent: RefCell<Weak<Node<T>>>,
    children: RefCell<Vec<Rc<Node<T>>>>,
}

impl<T> Drop for Node<T> {
    fn drop(&mut self) {
        // Take each uniquely owned child's children before it drops, so dropping a deep
        // chain loops here instead of recursing once per level.
        let mut pending = std::mem::take(self.children.get_mut());
        while let Some(child) = pending.pop() {
            if let Some(mut child) = Rc::into_inner(child) {
                pending.append(child.children.get_mut());
            }
        }
    }
}

impl<T> Tree<T> {
    /// Creates a root node holding `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(1);
    /// assert!(root.parent().is_none());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            node: Rc::new(Node {
                value,
                parent: RefCell::new(Weak::new()),
                children: RefCell::new(Vec::new()),
            }),
        }
    }

    /// Returns the node's value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(ownership_interior::Tree::new('x').value(), &'x');
    /// ```
    pub fn value(&self) -> &T {
        &self.node.value
    }

    /// Adds a last child holding `value` and returns a handle to it.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// let child = root.add_child(1);
    /// assert!(child.parent().unwrap().ptr_eq(&root));
    /// ```
    pub fn add_child(&self, value: T) -> Tree<T> {
        let child = Rc::new(Node {
            value,
            parent: RefCell::new(Rc::downgrade(&self.node)),
            children: RefCell::new(Vec::new()),
        });
        self.node.children.borrow_mut().push(Rc::clone(&child));
        Tree { node: child }
    }

    /// Returns the parent, or `None` for a root or a detached node.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// assert_eq!(root.add_child(1).parent().map(|p| *p.value()), Some(0));
    /// ```
    pub fn parent(&self) -> Option<Tree<T>> {
        let node = self.node.parent.borrow().upgrade()?;
        Some(Tree { node })
    }

    /// Returns handles to the children, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// root.add_child(1);
    /// root.add_child(2);
    /// let values: Vec<i32> = root.children().iter().map(|c| *c.value()).collect();
    /// assert_eq!(values, [1, 2]);
    /// ```
    pub fn children(&self) -> Vec<Tree<T>> {
        self.node
            .children
            .borrow()
            .iter()
            .map(|node| Tree {
                node: Rc::clone(node),
            })
            .collect()
    }

    /// Returns the number of children.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// root.add_child(1);
    /// assert_eq!(root.child_count(), 1);
    /// ```
    pub fn child_count(&self) -> usize {
        self.node.children.borrow().len()
    }

    /// Removes this node (with its subtree) from its parent, making it a root; returns
    /// `false` if it had no parent. The subtree then lives as long as handles to it do.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new("root");
    /// let branch = root.add_child("branch");
    /// branch.add_child("leaf");
    /// assert!(branch.detach());
    /// assert_eq!(root.child_count(), 0);
    /// assert!(branch.parent().is_none());
    /// assert_eq!(branch.child_count(), 1);
    /// assert!(!branch.detach());
    /// ```
    pub fn detach(&self) -> bool {
        let parent = std::mem::take(&mut *self.node.parent.borrow_mut()).upgrade();
        let Some(parent) = parent else {
            return false;
        };
        let removed = {
            let mut siblings = parent.children.borrow_mut();
            let index = siblings.iter().position(|c| Rc::ptr_eq(c, &self.node));
            index.map(|i| siblings.remove(i))
        };
        // `self` keeps the node alive: dropping the parent's `Rc` only decrements.
        drop(removed);
        true
    }

    /// Returns the number of ancestors: 0 for a root.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// let grandchild = root.add_child(1).add_child(2);
    /// assert_eq!(grandchild.depth(), 2);
    /// ```
    pub fn depth(&self) -> usize {
        let mut depth = 0;
        let mut current = self.node.parent.borrow().upgrade();
        while let Some(node) = current {
            depth += 1;
            current = node.parent.borrow().upgrade();
        }
        depth
    }

    /// Returns the root of the tree this node belongs to (itself for a root).
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// let leaf = root.add_child(1).add_child(2);
    /// assert!(leaf.root().ptr_eq(&root));
    /// ```
    pub fn root(&self) -> Tree<T> {
        let mut node = Rc::clone(&self.node);
        loop {
            let parent = node.parent.borrow().upgrade();
            match parent {
                Some(parent) => node = parent,
                None => return Tree { node },
            }
        }
    }

    /// Iterates over this node and its descendants in preorder (a node before its children,
    /// children in order).
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(1);
    /// let two = root.add_child(2);
    /// two.add_child(3);
    /// root.add_child(4);
    /// let values: Vec<i32> = root.iter().map(|n| *n.value()).collect();
    /// assert_eq!(values, [1, 2, 3, 4]);
    /// ```
    pub fn iter(&self) -> Preorder<T> {
        Preorder {
            stack: vec![Rc::clone(&self.node)],
        }
    }

    /// Returns `true` when both handles point at the same node.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// assert!(root.ptr_eq(&root.clone()));
    /// assert!(!root.ptr_eq(&ownership_interior::Tree::new(0)));
    /// ```
    pub fn ptr_eq(&self, other: &Tree<T>) -> bool {
        Rc::ptr_eq(&self.node, &other.node)
    }

    /// Returns the node's strong count: its parent's link plus every handle to it.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// let child = root.add_child(1);
    /// assert_eq!(child.strong_count(), 2); // the parent's link and `child`
    /// ```
    pub fn strong_count(&self) -> usize {
        Rc::strong_count(&self.node)
    }

    /// Returns the node's weak count: one per child (each child's parent link).
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new(0);
    /// root.add_child(1);
    /// root.add_child(2);
    /// assert_eq!(root.weak_count(), 2);
    /// ```
    pub fn weak_count(&self) -> usize {
        Rc::weak_count(&self.node)
    }
}

impl<T: fmt::Display> Tree<T> {
    /// Renders this node and its descendants as a Graphviz `digraph`: owning (`Rc`) edges
    /// parent → child solid, weak edges child → parent dashed, each node labelled with its
    /// value and its strong and weak counts (the handles held outside the tree included, the
    /// rendering's own not).
    ///
    /// Write it to a file and run `dot -Tsvg tree.dot -o tree.svg` to see it. Values are
    /// formatted with `Display` while no borrow is held.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = ownership_interior::Tree::new("root");
    /// root.add_child("leaf");
    /// let dot = root.to_dot();
    /// assert!(dot.starts_with("digraph ownership {"));
    /// assert!(dot.contains(r#"n0 [label="root\nstrong=1 weak=1"]"#));
    /// assert!(dot.contains(r#"n1 [label="leaf\nstrong=1 weak=0"]"#));
    /// assert!(dot.contains("n0 -> n1 [style=solid"));
    /// assert!(dot.contains("n1 -> n0 [style=dashed"));
    /// ```
    pub fn to_dot(&self) -> String {
        let mut out = String::from(
            "digraph ownership {\n  node [shape=box];\n  // solid: Rc (owns), dashed: Weak\n",
        );
        let mut edges = String::new();
        let mut ids: HashMap<*const Node<T>, usize> = HashMap::new();
        let mut stack = vec![Rc::clone(&self.node)];
        while let Some(node) = stack.pop() {
            let id = ids.len();
            ids.insert(Rc::as_ptr(&node), id);
            // Our own clone (the one popped) is not part of the picture.
            let strong = Rc::strong_count(&node) - 1;
            let weak = Rc::weak_count(&node);
            let label = escape(&node.value.to_string());
            // Writing to a `String` cannot fail.
            let _ = writeln!(
                out,
                "  n{id} [label=\"{label}\\nstrong={strong} weak={weak}\"];"
            );
            let parent = node.parent.borrow().upgrade();
            if let Some(&pid) = parent.and_then(|p| ids.get(&Rc::as_ptr(&p))) {
                let _ = writeln!(edges, "  n{pid} -> n{id} [style=solid, label=\"Rc\"];");
                let _ = writeln!(edges, "  n{id} -> n{pid} [style=dashed, label=\"Weak\"];");
            }
            let children: Vec<Rc<Node<T>>> = node.children.borrow().clone();
            stack.extend(children.into_iter().rev());
        }
        out.push_str(&edges);
        out.push_str("}\n");
        out
    }
}

impl<T> Clone for Tree<T> {
    /// Clones the handle: both point at the same node.
    fn clone(&self) -> Self {
        Self {
            node: Rc::clone(&self.node),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Tree<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let children = self.node.children.try_borrow().map(|c| c.len());
        f.debug_struct("Tree")
            .field("value", &self.node.value)
            .field("children", &children.unwrap_or(0))
            .finish()
    }
}

/// A preorder iterator over a subtree, from [`Tree::iter`].
///
/// It holds handles to the nodes still to visit, so the tree may change during iteration
/// (a node detached meanwhile is still visited if it was already queued).
///
/// # Examples
///
/// ```
/// let root = ownership_interior::Tree::new(0);
/// root.add_child(1);
/// let mut it: ownership_interior::Preorder<i32> = root.iter();
/// assert_eq!(it.next().map(|n| *n.value()), Some(0));
/// ```
pub struct Preorder<T> {
    stack: Vec<Rc<Node<T>>>,
}

impl<T> Iterator for Preorder<T> {
    type Item = Tree<T>;

    fn next(&mut self) -> Option<Tree<T>> {
        let node = self.stack.pop()?;
        self.stack
            .extend(node.children.borrow().iter().rev().map(Rc::clone));
        Some(Tree { node })
    }
}

impl<T> fmt::Debug for Preorder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Preorder")
            .field("pending", &self.stack.len())
            .finish()
    }
}
