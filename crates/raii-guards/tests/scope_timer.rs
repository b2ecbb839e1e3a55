//! `ScopeTimer`: exactly one report on drop or `stop()`, none after `discard()`.
#![cfg(feature = "std")]

use ownership_raii_guards::{ScopeTimer, TimerSink};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

/// Records every report, so tests count them (never time them).
#[derive(Default)]
struct Recorder {
    reports: RefCell<Vec<(String, Duration)>>,
}

impl TimerSink for &Recorder {
    fn report(&mut self, label: &str, elapsed: Duration) {
        self.reports.borrow_mut().push((label.to_owned(), elapsed));
    }
}

impl Recorder {
    fn labels(&self) -> Vec<String> {
        self.reports
            .borrow()
            .iter()
            .map(|(l, _)| l.clone())
            .collect()
    }
}

#[test]
fn reports_once_on_normal_exit() {
    let rec = Recorder::default();
    {
        let _t = ScopeTimer::new("scope", &rec);
        assert!(rec.labels().is_empty(), "nothing before the end");
    }
    assert_eq!(rec.labels(), ["scope"]);
}

#[test]
fn reports_once_on_early_return() {
    fn work(rec: &Recorder) -> Option<()> {
        let _t = ScopeTimer::new("early", rec);
        None?;
        Some(())
    }
    let rec = Recorder::default();
    assert_eq!(work(&rec), None);
    assert_eq!(rec.labels(), ["early"]);
}

#[test]
fn reports_once_on_unwind() {
    let rec = Recorder::default();
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let _t = ScopeTimer::new("panicked", &rec);
        panic!("boom");
    }));
    assert!(caught.is_err());
    assert_eq!(rec.labels(), ["panicked"]);
}

#[test]
fn stop_reports_once_and_returns_the_reported_duration() {
    let rec = Recorder::default();
    let t = ScopeTimer::new(format!("step {}", 2), &rec);
    let took = t.stop();
    let reports = rec.reports.borrow();
    assert_eq!(
        reports.len(),
        1,
        "stop reported, and the drop inside it did not report again"
    );
    assert_eq!(reports[0], ("step 2".to_owned(), took));
}

#[test]
fn discard_reports_nothing() {
    let rec = Recorder::default();
    ScopeTimer::new("discarded", &rec).discard();
    assert!(rec.labels().is_empty());
}

#[test]
fn a_closure_is_a_sink() {
    let mut seen = Vec::new();
    drop(ScopeTimer::new("closure", |label: &str, _| {
        seen.push(label.to_owned())
    }));
    assert_eq!(seen, ["closure"]);
}

#[test]
fn nested_timers_report_inner_first() {
    let rec = Recorder::default();
    {
        let _outer = ScopeTimer::new("outer", &rec);
        let _inner = ScopeTimer::new("inner", &rec);
    }
    assert_eq!(rec.labels(), ["inner", "outer"]);
}

#[test]
fn a_panicking_sink_is_called_once_on_stop_and_on_drop() {
    let calls = std::cell::Cell::new(0);
    let sink = |_: &str, _| {
        calls.set(calls.get() + 1);
        panic!("the metrics backend is down");
    };
    let caught = panic::catch_unwind(AssertUnwindSafe(|| ScopeTimer::new("stop", sink).stop()));
    assert!(caught.is_err());
    assert_eq!(
        calls.get(),
        1,
        "stop reported once; the drop during unwind did not again"
    );
    let caught = panic::catch_unwind(AssertUnwindSafe(|| drop(ScopeTimer::new("drop", sink))));
    assert!(caught.is_err());
    assert_eq!(calls.get(), 2);
}

#[test]
fn a_sink_whose_drop_panics_is_dropped_once_after_reporting() {
    let drops = test_support::DropCounter::new();
    struct Exploding<'a> {
        reports: &'a std::cell::Cell<u32>,
        _tracked: test_support::Tracked<()>,
    }
    impl TimerSink for Exploding<'_> {
        fn report(&mut self, _: &str, _: Duration) {
            self.reports.set(self.reports.get() + 1);
        }
    }
    impl Drop for Exploding<'_> {
        fn drop(&mut self) {
            panic!("the sink's drop fails");
        }
    }
    let reports = std::cell::Cell::new(0);
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        drop(ScopeTimer::new(
            "t",
            Exploding {
                reports: &reports,
                _tracked: drops.track(()),
            },
        ));
    }));
    assert!(caught.is_err());
    assert_eq!(reports.get(), 1);
    drops.assert_all_dropped_once();
}
