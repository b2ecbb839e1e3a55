//! `Transaction`: an undo log over some state, rolled back unless committed.

use std::boxed::Box;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::vec::Vec;

/// An undo action: it gets the state back to how it was before one change.
type Undo<'a, S> = Box<dyn FnOnce(&mut S) + 'a>;

/// An undo log over a state `S`: changes are made through it, each with an undo action.
///
/// Dropping the transaction without [`commit`](Self::commit) (an early return, a `?`, a panic)
/// runs the undo actions newest first, so several changes that must happen together either all
/// stay or are all undone. [`savepoint`](Self::savepoint) opens a nested scope that can be
/// rolled back on its own.
///
/// The transaction borrows the state and derefs to it: the undo actions get `&mut S` when they
/// run, so they never need to hold a borrow of their own.
///
/// Undo actions should not panic. If one does, the rollback stops there: it has run once and
/// never runs again, and the older actions are not run by this rollback. A `Transaction`
/// drops them without running them; a [`Savepoint`] leaves them in the enclosing log, so a
/// later rollback there still undoes those changes (exactly once) and a commit keeps them.
/// During unwinding a panic in a destructor aborts the process, as everywhere in Rust.
///
/// # Examples
///
/// Add a user to a `Vec` and an index `HashMap` together, or to neither:
///
/// ```
/// use ownership_raii_guards::Transaction;
/// use std::collections::HashMap;
///
/// #[derive(Default)]
/// struct Users {
///     names: Vec<String>,
///     by_email: HashMap<String, usize>,
/// }
///
/// fn add(users: &mut Users, name: &str, email: &str) -> Result<(), String> {
///     let mut tx = Transaction::new(users);
///     tx.names.push(name.to_owned());
///     tx.on_rollback(|u| {
///         u.names.pop();
///     });
///     let id = tx.names.len() - 1;
///     if tx.by_email.contains_key(email) {
///         return Err(format!("{email} is taken")); // the push above is undone
///     }
///     let key = email.to_owned();
///     tx.by_email.insert(key.clone(), id);
///     tx.on_rollback(move |u| {
///         u.by_email.remove(&key);
///     });
///     tx.commit();
///     Ok(())
/// }
///
/// let mut users = Users::default();
/// add(&mut users, "ann", "ann@example.org").unwrap();
/// assert!(add(&mut users, "bob", "ann@example.org").is_err());
/// assert_eq!(users.names, ["ann"]); // bob's half-done insert was rolled back
/// assert_eq!(users.by_email.len(), 1);
/// ```
#[must_use = "a transaction dropped without commit() rolls back at once"]
pub struct Transaction<'a, S: ?Sized> {
    state: &'a mut S,
    undo: Vec<Undo<'a, S>>,
}

/// A nested part of a [`Transaction`] that can be rolled back on its own.
///
/// Dropped without [`commit`](Self::commit), it undoes only the changes recorded since it was
/// opened. Committed, its undo actions join the enclosing transaction (or savepoint), so a
/// rollback there still undoes them. It derefs to the state, and can open savepoints itself.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::Transaction;
///
/// let mut log = vec!["start"];
/// let mut tx = Transaction::new(&mut log);
/// tx.push("kept");
/// tx.on_rollback(|l| {
///     l.pop();
/// });
/// {
///     let mut sp = tx.savepoint();
///     sp.push("tentative");
///     sp.on_rollback(|l| {
///         l.pop();
///     });
///     // dropped without commit: only "tentative" is undone
/// }
/// tx.commit();
/// assert_eq!(log, ["start", "kept"]);
/// ```
#[must_use = "a savepoint dropped without commit() rolls back at once"]
pub struct Savepoint<'t, 'a, S: ?Sized> {
    tx: &'t mut Transaction<'a, S>,
    /// The undo log's length when the savepoint was opened: entries above it are ours.
    mark: usize,
}

impl<'a, S: ?Sized> Transaction<'a, S> {
    /// Starts a transaction over `state`, with an empty undo log.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 1;
    /// let tx = Transaction::new(&mut n);
    /// assert_eq!(*tx, 1);
    /// assert!(tx.is_empty());
    /// # tx.commit();
    /// ```
    pub fn new(state: &'a mut S) -> Self {
        Transaction {
            state,
            undo: Vec::new(),
        }
    }

    /// Records an undo action, to run (newest first) if the transaction rolls back.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut total = 10;
    /// {
    ///     let mut tx = Transaction::new(&mut total);
    ///     *tx += 5;
    ///     tx.on_rollback(|t| *t -= 5);
    /// } // no commit
    /// assert_eq!(total, 10);
    /// ```
    pub fn on_rollback(&mut self, undo: impl FnOnce(&mut S) + 'a) {
        self.undo.push(Box::new(undo));
    }

    /// Returns how many undo actions are recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v = vec![1];
    /// let mut tx = Transaction::new(&mut v);
    /// tx.on_rollback(|v| v.clear());
    /// assert_eq!(tx.len(), 1);
    /// # tx.commit();
    /// ```
    pub fn len(&self) -> usize {
        self.undo.len()
    }

    /// Returns whether no undo action is recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v: Vec<u8> = Vec::new();
    /// assert!(Transaction::new(&mut v).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }

    /// Opens a savepoint: a nested scope whose changes can be rolled back on their own.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v = vec![1];
    /// let mut tx = Transaction::new(&mut v);
    /// let mut sp = tx.savepoint();
    /// sp.push(2);
    /// sp.on_rollback(|v| {
    ///     v.pop();
    /// });
    /// sp.commit();
    /// drop(tx); // the whole transaction rolls back, the savepoint's change included
    /// assert_eq!(v, [1]);
    /// ```
    pub fn savepoint(&mut self) -> Savepoint<'_, 'a, S> {
        let mark = self.undo.len();
        Savepoint { tx: self, mark }
    }

    /// Keeps every change: the undo actions are dropped without running.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v = vec![1];
    /// let mut tx = Transaction::new(&mut v);
    /// tx.push(2);
    /// tx.on_rollback(|v| {
    ///     v.pop();
    /// });
    /// tx.commit();
    /// assert_eq!(v, [1, 2]);
    /// ```
    pub fn commit(mut self) {
        self.undo.clear();
    }

    /// Undoes every change now, newest first; the same as dropping without commit.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v = vec![1];
    /// let mut tx = Transaction::new(&mut v);
    /// tx.push(2);
    /// tx.on_rollback(|v| {
    ///     v.pop();
    /// });
    /// tx.rollback();
    /// assert_eq!(v, [1]);
    /// ```
    pub fn rollback(self) {
        drop(self);
    }

    /// Runs the undo actions above `mark`, newest first, removing each before it runs.
    fn roll_back_to(&mut self, mark: usize) {
        while self.undo.len() > mark {
            if let Some(undo) = self.undo.pop() {
                undo(self.state);
            }
        }
    }
}

impl<S: ?Sized> Drop for Transaction<'_, S> {
    fn drop(&mut self) {
        self.roll_back_to(0);
    }
}

impl<S: ?Sized> Deref for Transaction<'_, S> {
    type Target = S;

    fn deref(&self) -> &S {
        self.state
    }
}

impl<S: ?Sized> DerefMut for Transaction<'_, S> {
    fn deref_mut(&mut self) -> &mut S {
        self.state
    }
}

impl<S: ?Sized + fmt::Debug> fmt::Debug for Transaction<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transaction")
            .field("state", &self.state)
            .field("undo_actions", &self.undo.len())
            .finish()
    }
}

impl<'a, S: ?Sized> Savepoint<'_, 'a, S> {
    /// Records an undo action for this savepoint (and, once committed, for its parent).
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 0;
    /// let mut tx = Transaction::new(&mut n);
    /// {
    ///     let mut sp = tx.savepoint();
    ///     *sp += 1;
    ///     sp.on_rollback(|n| *n -= 1);
    /// }
    /// assert_eq!(*tx, 0);
    /// # tx.commit();
    /// ```
    pub fn on_rollback(&mut self, undo: impl FnOnce(&mut S) + 'a) {
        self.tx.on_rollback(undo);
    }

    /// Returns how many undo actions this savepoint recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 0;
    /// let mut tx = Transaction::new(&mut n);
    /// tx.on_rollback(|_| {});
    /// let mut sp = tx.savepoint();
    /// sp.on_rollback(|_| {});
    /// assert_eq!(sp.len(), 1);
    /// # sp.commit(); tx.commit();
    /// ```
    pub fn len(&self) -> usize {
        self.tx.undo.len() - self.mark
    }

    /// Returns whether this savepoint recorded no undo action.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 0;
    /// let mut tx = Transaction::new(&mut n);
    /// assert!(tx.savepoint().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Opens a savepoint nested in this one.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut v = Vec::new();
    /// let mut tx = Transaction::new(&mut v);
    /// let mut outer = tx.savepoint();
    /// outer.push('a');
    /// outer.on_rollback(|v| { v.pop(); });
    /// {
    ///     let mut inner = outer.savepoint();
    ///     inner.push('b');
    ///     inner.on_rollback(|v| { v.pop(); });
    /// } // inner rolled back
    /// outer.commit();
    /// tx.commit();
    /// assert_eq!(v, ['a']);
    /// ```
    pub fn savepoint(&mut self) -> Savepoint<'_, 'a, S> {
        self.tx.savepoint()
    }

    /// Keeps this savepoint's changes, handing its undo actions to the enclosing scope.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 0;
    /// let mut tx = Transaction::new(&mut n);
    /// let mut sp = tx.savepoint();
    /// *sp = 5;
    /// sp.on_rollback(|n| *n = 0);
    /// sp.commit();
    /// assert_eq!(tx.len(), 1, "the parent can still undo it");
    /// tx.commit();
    /// assert_eq!(n, 5);
    /// ```
    pub fn commit(mut self) {
        // The entries stay in the shared log, now below no mark of ours: the parent owns them.
        self.mark = self.tx.undo.len();
    }

    /// Undoes this savepoint's changes now, newest first; the same as dropping it.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::Transaction;
    ///
    /// let mut n = 1;
    /// let mut tx = Transaction::new(&mut n);
    /// let mut sp = tx.savepoint();
    /// *sp = 2;
    /// sp.on_rollback(|n| *n = 1);
    /// sp.rollback();
    /// assert_eq!(*tx, 1);
    /// # tx.commit();
    /// ```
    pub fn rollback(self) {
        drop(self);
    }
}

impl<S: ?Sized> Drop for Savepoint<'_, '_, S> {
    fn drop(&mut self) {
        self.tx.roll_back_to(self.mark);
    }
}

impl<S: ?Sized> Deref for Savepoint<'_, '_, S> {
    type Target = S;

    fn deref(&self) -> &S {
        self.tx.state
    }
}

impl<S: ?Sized> DerefMut for Savepoint<'_, '_, S> {
    fn deref_mut(&mut self) -> &mut S {
        self.tx.state
    }
}

impl<S: ?Sized + fmt::Debug> fmt::Debug for Savepoint<'_, '_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Savepoint")
            .field("state", &self.tx.state)
            .field("undo_actions", &self.len())
            .finish()
    }
}
