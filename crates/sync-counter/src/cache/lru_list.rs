//! The O(1) least-recently-used list behind `BoundedCache`: a slab of nodes linked by index.
//!
//! Indices instead of pointers keep it free of `unsafe`: a `HashMap<K, usize>` finds a node,
//! `prev`/`next` indices move it, and freed slots are reused.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::Duration;

/// The "no node" link.
const NIL: usize = usize::MAX;

#[derive(Debug)]
struct Node<K, V> {
    key: K,
    value: V,
    deadline: Option<Duration>,
    /// Towards the most recently used end.
    prev: usize,
    /// Towards the least recently used end.
    next: usize,
}

/// An entry taken out by [`LruList::remove`].
pub(crate) struct Removed<K, V> {
    pub(crate) key: K,
    pub(crate) value: V,
    /// The second copy of the key, which the map held.
    pub(crate) map_key: K,
}

#[derive(Debug)]
pub(crate) struct LruList<K, V> {
    map: HashMap<K, usize>,
    slots: Vec<Option<Node<K, V>>>,
    free: Vec<usize>,
    /// Most recently used.
    head: usize,
    /// Least recently used: the next to evict.
    tail: usize,
}

impl<K, V> LruList<K, V> {
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

impl<K: Hash + Eq + Clone, V> LruList<K, V> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            map: HashMap::with_capacity(capacity),
            slots: Vec::with_capacity(capacity),
            free: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    pub(crate) fn find(&self, key: &K) -> Option<usize> {
        self.map.get(key).copied()
    }

    fn node(&self, index: usize) -> &Node<K, V> {
        self.slots[index]
            .as_ref()
            .expect("LruList: a linked index names a live slot")
    }

    fn node_mut(&mut self, index: usize) -> &mut Node<K, V> {
        self.slots[index]
            .as_mut()
            .expect("LruList: a linked index names a live slot")
    }

    pub(crate) fn value(&self, index: usize) -> &V {
        &self.node(index).value
    }

    pub(crate) fn deadline(&self, index: usize) -> Option<Duration> {
        self.node(index).deadline
    }

    /// The least recently used entry.
    pub(crate) fn tail(&self) -> Option<usize> {
        (self.tail != NIL).then_some(self.tail)
    }

    /// Every live index, in no particular order.
    pub(crate) fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.map.values().copied()
    }

    fn unlink(&mut self, index: usize) {
        let (prev, next) = {
            let node = self.node(index);
            (node.prev, node.next)
        };
        match prev {
            NIL => self.head = next,
            p => self.node_mut(p).next = next,
        }
        match next {
            NIL => self.tail = prev,
            n => self.node_mut(n).prev = prev,
        }
    }

    fn link_front(&mut self, index: usize) {
        let old_head = self.head;
        {
            let node = self.node_mut(index);
            node.prev = NIL;
            node.next = old_head;
        }
        match old_head {
            NIL => self.tail = index,
            h => self.node_mut(h).prev = index,
        }
        self.head = index;
    }

    /// Marks `index` as the most recently used.
    pub(crate) fn touch(&mut self, index: usize) {
        if self.head != index {
            self.unlink(index);
            self.link_front(index);
        }
    }

    /// Replaces the value and deadline of `index`, marks it used, returns the old value.
    pub(crate) fn replace(&mut self, index: usize, value: V, deadline: Option<Duration>) -> V {
        self.touch(index);
        let node = self.node_mut(index);
        node.deadline = deadline;
        std::mem::replace(&mut node.value, value)
    }

    /// Adds a key that is not present as the most recently used.
    pub(crate) fn push_front(&mut self, key: K, value: V, deadline: Option<Duration>) {
        let node = Node {
            key: key.clone(),
            value,
            deadline,
            prev: NIL,
            next: NIL,
        };
        let index = match self.free.pop() {
            Some(index) => {
                self.slots[index] = Some(node);
                index
            }
            None => {
                self.slots.push(Some(node));
                self.slots.len() - 1
            }
        };
        let previous = self.map.insert(key, index);
        debug_assert!(previous.is_none(), "push_front of a present key");
        self.link_front(index);
    }

    /// Removes `index` and returns its key and value, and the map's copy of the key: nothing
    /// is dropped here, so a caller holding a lock can drop them after releasing it.
    pub(crate) fn remove(&mut self, index: usize) -> Removed<K, V> {
        self.unlink(index);
        let node = self.slots[index]
            .take()
            .expect("LruList: a linked index names a live slot");
        let (map_key, _) = self
            .map
            .remove_entry(&node.key)
            .expect("LruList: a live node's key is in the map");
        self.free.push(index);
        Removed {
            key: node.key,
            value: node.value,
            map_key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks the list both ways and checks it against the map.
    fn keys_in_order(list: &LruList<u32, u32>) -> Vec<u32> {
        let mut forward = Vec::new();
        let mut at = list.head;
        while at != NIL {
            forward.push(list.node(at).key);
            at = list.node(at).next;
        }
        let mut backward = Vec::new();
        let mut at = list.tail;
        while at != NIL {
            backward.push(list.node(at).key);
            at = list.node(at).prev;
        }
        backward.reverse();
        assert_eq!(forward, backward, "prev and next links agree");
        assert_eq!(forward.len(), list.len(), "every mapped key is linked");
        forward
    }

    #[test]
    fn links_stay_consistent_and_slots_are_reused() {
        let mut list = LruList::with_capacity(3);
        for k in 1..=3 {
            list.push_front(k, k * 10, None);
        }
        assert_eq!(keys_in_order(&list), [3, 2, 1]);
        list.touch(list.find(&1).unwrap());
        assert_eq!(keys_in_order(&list), [1, 3, 2]);
        let tail = list.tail().unwrap();
        let removed = list.remove(tail);
        assert_eq!((removed.key, removed.value, removed.map_key), (2, 20, 2));
        assert_eq!(keys_in_order(&list), [1, 3]);
        list.push_front(4, 40, None);
        assert_eq!(list.slots.len(), 3, "the freed slot was reused");
        assert_eq!(keys_in_order(&list), [4, 1, 3]);
        let middle = list.find(&1).unwrap();
        assert_eq!(list.replace(middle, 11, None), 10);
        assert_eq!(keys_in_order(&list), [1, 4, 3]);
        while let Some(tail) = list.tail() {
            list.remove(tail);
        }
        assert_eq!(keys_in_order(&list), Vec::<u32>::new());
        assert_eq!((list.head, list.free.len()), (NIL, 3));
    }
}
