//! Public API tests of `BoundedQueue`: FIFO, blocking, close wakes everyone, nothing lost.

mod common;

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use common::{ITERS, watchdog};
use ownership_sync_counter::BoundedQueue;
use ownership_sync_counter::queue::{Closed, Latch, PopError, TryPushError};

static_assertions::assert_impl_all!(BoundedQueue<String>: Send, Sync, std::fmt::Debug);
static_assertions::assert_impl_all!(Closed<String>: std::error::Error);
static_assertions::assert_impl_all!(TryPushError<String>: std::error::Error);
static_assertions::assert_impl_all!(PopError: std::error::Error, Copy);

fn queue<T>(capacity: usize) -> Arc<BoundedQueue<T>> {
    Arc::new(BoundedQueue::new(NonZeroUsize::new(capacity).unwrap()))
}

#[test]
fn producers_and_consumers_transfer_everything_exactly_once() {
    let mut received = watchdog("producers and consumers", || {
        let q = queue(4);
        let producers: Vec<_> = (0..2)
            .map(|p| {
                let q = Arc::clone(&q);
                thread::spawn(move || (0..ITERS).for_each(|i| q.push(p * ITERS + i).unwrap()))
            })
            .collect();
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let q = Arc::clone(&q);
                thread::spawn(move || std::iter::from_fn(|| q.pop()).collect::<Vec<_>>())
            })
            .collect();
        producers.into_iter().for_each(|p| p.join().unwrap());
        q.close();
        consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect::<Vec<_>>()
    });
    received.sort_unstable();
    assert_eq!(received, (0..2 * ITERS).collect::<Vec<_>>());
}

#[test]
fn close_wakes_every_blocked_consumer_and_producer() {
    watchdog("close with blocked threads", || {
        let empty = queue::<u32>(1);
        let full = queue::<u32>(1);
        full.push(0).unwrap();
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                let q = Arc::clone(&empty);
                thread::spawn(move || q.pop())
            })
            .collect();
        let producers: Vec<_> = (0..3)
            .map(|i| {
                let q = Arc::clone(&full);
                thread::spawn(move || q.push(i + 1))
            })
            .collect();
        // Whether or not they are already waiting, close must release them all.
        empty.close();
        full.close();
        for c in consumers {
            assert_eq!(c.join().unwrap(), None);
        }
        for (i, p) in producers.into_iter().enumerate() {
            assert_eq!(
                p.join().unwrap(),
                Err(Closed(i as u32 + 1)),
                "item handed back"
            );
        }
        assert_eq!(full.pop(), Some(0), "the item queued before close survives");
        assert_eq!(full.try_pop(), Err(PopError::Closed));
    });
}

#[test]
fn nothing_pushed_before_close_is_lost_when_close_races_with_producers() {
    let (accepted, received) = watchdog("close racing producers", || {
        let q = queue(8);
        let started = Arc::new(Latch::new());
        let producers: Vec<_> = (0..2)
            .map(|p| {
                let (q, started) = (Arc::clone(&q), Arc::clone(&started));
                thread::spawn(move || {
                    started.wait();
                    (0..ITERS)
                        .map(|i| p * ITERS + i)
                        .filter(|&item| q.push(item).is_ok())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let consumer = {
            let q = Arc::clone(&q);
            thread::spawn(move || std::iter::from_fn(|| q.pop()).collect::<Vec<_>>())
        };
        started.open();
        thread::yield_now();
        q.close();
        let mut accepted: Vec<usize> = producers
            .into_iter()
            .flat_map(|p| p.join().unwrap())
            .collect();
        let mut received = consumer.join().unwrap();
        accepted.sort_unstable();
        received.sort_unstable();
        (accepted, received)
    });
    assert_eq!(
        received, accepted,
        "every accepted push is popped, nothing else"
    );
}

#[test]
fn try_variants_and_timeout_report_why() {
    let q = BoundedQueue::new(NonZeroUsize::new(2).unwrap());
    assert_eq!(q.try_pop(), Err(PopError::Empty));
    assert_eq!(
        q.pop_timeout(Duration::from_millis(1)),
        Err(PopError::Empty)
    );
    q.try_push(1).unwrap();
    q.try_push(2).unwrap();
    let full = q.try_push(3).unwrap_err();
    assert_eq!(full, TryPushError::Full(3));
    assert!(full.to_string().contains("full"));
    assert_eq!(q.pop_timeout(Duration::from_millis(1)), Ok(1), "FIFO");
    q.close();
    assert_eq!(q.try_push(4), Err(TryPushError::Closed(4)));
    assert_eq!(q.len(), 1);
    assert_eq!(q.pop_timeout(Duration::from_secs(60)), Ok(2));
    assert_eq!(
        q.pop_timeout(Duration::from_secs(60)),
        Err(PopError::Closed)
    );
    assert!(q.is_closed() && q.is_empty());
}

#[test]
fn pop_timeout_beyond_what_instant_holds_waits_for_an_item_or_close() {
    // `Duration::MAX` overflows `Instant`: the wait has no deadline, and ends only with an
    // item or with `close`.
    watchdog("pop_timeout(Duration::MAX)", || {
        let q = queue::<u32>(1);
        let (waiting, consumer) = (Arc::new(Latch::new()), Arc::clone(&q));
        let w = Arc::clone(&waiting);
        let first = thread::spawn(move || {
            w.open();
            consumer.pop_timeout(Duration::MAX)
        });
        waiting.wait();
        q.push(7).unwrap();
        assert_eq!(first.join().unwrap(), Ok(7));

        let consumer = Arc::clone(&q);
        let second = thread::spawn(move || consumer.pop_timeout(Duration::MAX));
        q.close();
        assert_eq!(second.join().unwrap(), Err(PopError::Closed));
    });
}
