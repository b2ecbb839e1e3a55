//! `ScopeTimer`: measure a scope and report the time exactly once.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, Instant};

/// Where a [`ScopeTimer`] sends its one report.
///
/// Any `FnMut(&str, Duration)` closure is a sink; implement the trait for a type of your own
/// to feed a metrics registry.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::{ScopeTimer, TimerSink};
/// use std::time::Duration;
///
/// #[derive(Default)]
/// struct Histogram {
///     samples: Vec<(String, Duration)>,
/// }
///
/// impl TimerSink for &mut Histogram {
///     fn report(&mut self, label: &str, elapsed: Duration) {
///         self.samples.push((label.to_owned(), elapsed));
///     }
/// }
///
/// let mut h = Histogram::default();
/// drop(ScopeTimer::new("parse", &mut h));
/// assert_eq!(h.samples.len(), 1);
/// assert_eq!(h.samples[0].0, "parse");
/// ```
pub trait TimerSink {
    /// Receives the label and the measured duration; called at most once per timer.
    fn report(&mut self, label: &str, elapsed: Duration);
}

impl<F: FnMut(&str, Duration)> TimerSink for F {
    fn report(&mut self, label: &str, elapsed: Duration) {
        self(label, elapsed);
    }
}

/// Measures the time from its creation to its end and reports `(label, duration)` once.
///
/// The report goes to the sink when the timer is dropped (so an early return or a panic is
/// still measured), or when [`stop`](Self::stop) is called, which also returns the duration.
/// [`discard`](Self::discard) ends it without a report. Each of these consumes the timer, so
/// it can never report twice.
///
/// # Examples
///
/// ```
/// use ownership_raii_guards::ScopeTimer;
///
/// let mut reports = Vec::new();
/// {
///     let _t = ScopeTimer::new("load", |label: &str, took| reports.push((label.to_owned(), took)));
///     // ... the work being measured
/// }
/// assert_eq!(reports.len(), 1);
/// assert_eq!(reports[0].0, "load");
/// ```
#[must_use = "a timer dropped at once measures nothing; bind it to a variable"]
pub struct ScopeTimer<K: TimerSink> {
    label: Cow<'static, str>,
    start: Instant,
    /// `None` once the report was sent or discarded: that is what makes it exactly once.
    sink: Option<K>,
}

impl<K: TimerSink> ScopeTimer<K> {
    /// Starts a timer that will report to `sink` under `label`.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::ScopeTimer;
    ///
    /// let id = 7;
    /// let t = ScopeTimer::new(format!("request {id}"), |label: &str, _| assert_eq!(label, "request 7"));
    /// assert_eq!(t.label(), "request 7");
    /// ```
    pub fn new(label: impl Into<Cow<'static, str>>, sink: K) -> Self {
        ScopeTimer {
            label: label.into(),
            start: Instant::now(),
            sink: Some(sink),
        }
    }

    /// Returns the label.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::ScopeTimer;
    ///
    /// let t = ScopeTimer::new("render", |_: &str, _| {});
    /// assert_eq!(t.label(), "render");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Returns the time since the timer started, without reporting.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::ScopeTimer;
    ///
    /// let t = ScopeTimer::new("render", |_: &str, _| {});
    /// let so_far = t.elapsed();
    /// assert!(t.stop() >= so_far);
    /// ```
    pub fn elapsed(&self) -> std::time::Duration {
        self.start.elapsed()
    }

    /// Stops the timer, reports to the sink, and returns the duration.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::ScopeTimer;
    ///
    /// let mut reported = None;
    /// let took = ScopeTimer::new("step", |_: &str, d| reported = Some(d)).stop();
    /// assert_eq!(reported, Some(took));
    /// ```
    pub fn stop(mut self) -> Duration {
        self.report()
    }

    /// Ends the timer without reporting anything.
    ///
    /// # Examples
    ///
    /// ```
    /// use ownership_raii_guards::ScopeTimer;
    ///
    /// let mut reports = 0;
    /// ScopeTimer::new("cache hit", |_: &str, _| reports += 1).discard();
    /// assert_eq!(reports, 0);
    /// ```
    pub fn discard(mut self) {
        self.sink = None;
    }

    fn report(&mut self) -> Duration {
        let elapsed = self.start.elapsed();
        if let Some(mut sink) = self.sink.take() {
            sink.report(&self.label, elapsed);
        }
        elapsed
    }
}

impl<K: TimerSink> Drop for ScopeTimer<K> {
    fn drop(&mut self) {
        self.report();
    }
}

impl<K: TimerSink> fmt::Debug for ScopeTimer<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeTimer")
            .field("label", &self.label)
            .field("start", &self.start)
            .field("finished", &self.sink.is_none())
            .finish()
    }
}
