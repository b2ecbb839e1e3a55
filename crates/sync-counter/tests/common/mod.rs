//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub)] // each test file uses a subset

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Iterations per thread for stress tests: small under Miri, which is ~1000× slower.
pub const ITERS: usize = if cfg!(miri) { 40 } else { 10_000 };

/// Runs `f` on a new thread and fails the test if it has not finished within 30 s: a test that
/// would deadlock fails instead of hanging the suite.
pub fn watchdog<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let result = f();
        // The receiver is gone only if we already failed on timeout.
        let _ = tx.send(result);
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(result) => {
            worker.join().expect("the watched thread finished");
            result
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the watched thread sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("deadlock: {what} did not finish in 30 s"),
    }
}

/// A key or value that runs `on_drop` each time one of its copies is dropped, so a test can
/// put code that uses a container into the container's own drops. Compares and hashes by `id`.
#[derive(Clone)]
pub struct Probe {
    pub id: u32,
    on_drop: std::sync::Arc<dyn Fn() + Send + Sync>,
}

impl Probe {
    pub fn new(id: u32, on_drop: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            id,
            on_drop: std::sync::Arc::new(on_drop),
        }
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        (self.on_drop)();
    }
}

impl PartialEq for Probe {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Probe {}

impl std::hash::Hash for Probe {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Probe({})", self.id)
    }
}

/// Runs the closure when dropped: puts code into a callback's `Drop`.
pub struct OnDrop<F: FnMut()>(pub F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}
