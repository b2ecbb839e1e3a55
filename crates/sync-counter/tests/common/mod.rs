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
