//! A doubly linked list with strong `next` links and weak `prev` links.

use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};

/// A doubly linked list built from `Rc` (forward links, which own) and `Weak` (backward
/// links, which do not), so the two directions never form a cycle and every node is freed.
///
/// Changing the list takes `&mut self`, like `VecDeque`; the `RefCell`s inside let a node be
/// reached from both neighbors. Dropping is iterative, so a list of a million nodes drops
/// without deep recursion. Use `VecDeque` for speed: this type is a leak-free rendering of
/// the linked structure, one allocation per element.
///
/// # Examples
///
/// ```
/// use ownership_interior::DList;
///
/// let mut list = DList::new();
/// list.push_back(2);
/// list.push_back(3);
/// list.push_front(1);
/// assert_eq!(list.to_vec(), [1, 2, 3]);
/// assert_eq!(list.pop_back(), Some(3));
/// assert_eq!(list.pop_front(), Some(1));
/// assert_eq!(list.len(), 1);
/// ```
pub struct DList<T> {
    head: Option<Rc<ListNode<T>>>,
    tail: Weak<ListNode<T>>,
    len: usize,
}

struct ListNode<T> {
    value: T,
    next: RefCell<Option<Rc<ListNode<T>>>>,
    prev: RefCell<Weak<ListNode<T>>>,
}

/// Moves the value out of a node that was unlinked from the list.
fn into_value<T>(node: Rc<ListNode<T>>) -> T {
    // Only the list's links own nodes (`tail` is weak, no handle escapes, and every
    // temporary `Rc` is dropped before this call), so an unlinked node has one owner.
    match Rc::try_unwrap(node) {
        Ok(node) => node.value,
        Err(_) => unreachable!("an unlinked list node has exactly one owner"),
    }
}

impl<T> DList<T> {
    /// Creates an empty list.
    ///
    /// # Examples
    ///
    /// ```
    /// let list: ownership_interior::DList<u8> = ownership_interior::DList::new();
    /// assert!(list.is_empty());
    /// ```
    pub fn new() -> Self {
        Self {
            head: None,
            tail: Weak::new(),
            len: 0,
        }
    }

    /// Adds `value` at the back.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut list = ownership_interior::DList::new();
    /// list.push_back('a');
    /// list.push_back('b');
    /// assert_eq!(list.to_vec(), ['a', 'b']);
    /// ```
    pub fn push_back(&mut self, value: T) {
        let node = Rc::new(ListNode {
            value,
            next: RefCell::new(None),
            prev: RefCell::new(self.tail.clone()),
        });
        let new_tail = Rc::downgrade(&node);
        match self.tail.upgrade() {
            Some(old_tail) => *old_tail.next.borrow_mut() = Some(node),
            None => self.head = Some(node),
        }
        self.tail = new_tail;
        self.len += 1;
    }

    /// Adds `value` at the front.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut list = ownership_interior::DList::new();
    /// list.push_front(2);
    /// list.push_front(1);
    /// assert_eq!(list.to_vec(), [1, 2]);
    /// ```
    pub fn push_front(&mut self, value: T) {
        let node = Rc::new(ListNode {
            value,
            next: RefCell::new(self.head.take()),
            prev: RefCell::new(Weak::new()),
        });
        match &*node.next.borrow() {
            Some(old_head) => *old_head.prev.borrow_mut() = Rc::downgrade(&node),
            None => self.tail = Rc::downgrade(&node),
        }
        self.head = Some(node);
        self.len += 1;
    }

    /// Removes and returns the front value, or `None` if the list is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut list: ownership_interior::DList<_> = [1, 2].into_iter().collect();
    /// assert_eq!(list.pop_front(), Some(1));
    /// assert_eq!(list.pop_front(), Some(2));
    /// assert_eq!(list.pop_front(), None);
    /// ```
    pub fn pop_front(&mut self) -> Option<T> {
        let node = self.head.take()?;
        let next = node.next.borrow_mut().take();
        match next {
            Some(next) => {
                *next.prev.borrow_mut() = Weak::new();
                self.head = Some(next);
            }
            None => self.tail = Weak::new(),
        }
        self.len -= 1;
        Some(into_value(node))
    }

    /// Removes and returns the back value, or `None` if the list is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut list: ownership_interior::DList<_> = [1, 2].into_iter().collect();
    /// assert_eq!(list.pop_back(), Some(2));
    /// assert_eq!(list.pop_back(), Some(1));
    /// assert_eq!(list.pop_back(), None);
    /// ```
    pub fn pop_back(&mut self) -> Option<T> {
        let tail = self.tail.upgrade()?;
        let prev = std::mem::take(&mut *tail.prev.borrow_mut()).upgrade();
        drop(tail);
        let node = match prev {
            Some(prev) => {
                self.tail = Rc::downgrade(&prev);
                prev.next.borrow_mut().take()
            }
            None => {
                self.tail = Weak::new();
                self.head.take()
            }
        };
        self.len -= 1;
        node.map(into_value)
    }

    /// Returns the number of values.
    ///
    /// # Examples
    ///
    /// ```
    /// let list: ownership_interior::DList<_> = (0..3).collect();
    /// assert_eq!(list.len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Returns `true` when the list is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(ownership_interior::DList::<()>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` on each value, front to back.
    ///
    /// # Examples
    ///
    /// ```
    /// let list: ownership_interior::DList<_> = (1..=4).collect();
    /// let mut sum = 0;
    /// list.for_each(|v| sum += v);
    /// assert_eq!(sum, 10);
    /// ```
    pub fn for_each(&self, mut f: impl FnMut(&T)) {
        let mut current = self.head.clone();
        while let Some(node) = current {
            f(&node.value);
            current = node.next.borrow().clone();
        }
    }

    /// Returns the values front to back as a `Vec`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut list = ownership_interior::DList::new();
    /// list.push_back("x");
    /// assert_eq!(list.to_vec(), ["x"]);
    /// ```
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        let mut out = Vec::with_capacity(self.len);
        self.for_each(|v| out.push(v.clone()));
        out
    }
}

impl<T> Drop for DList<T> {
    fn drop(&mut self) {
        // Unlink front to back, so each node drops with no successor: a loop, not a
        // recursion as deep as the list.
        let mut current = self.head.take();
        while let Some(node) = current {
            current = node.next.borrow_mut().take();
        }
    }
}

impl<T> Default for DList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Extend<T> for DList<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        iter.into_iter().for_each(|v| self.push_back(v));
    }
}

impl<T> FromIterator<T> for DList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = Self::new();
        list.extend(iter);
        list
    }
}

impl<T: Clone> Clone for DList<T> {
    fn clone(&self) -> Self {
        self.to_vec().into_iter().collect()
    }
}

impl<T: fmt::Debug> fmt::Debug for DList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        self.for_each(|v| {
            list.entry(v);
        });
        list.finish()
    }
}
