//! [`proptest_config`]: the workspace's proptest settings.

use proptest::test_runner::Config;

/// How many cases a property runs under Miri, which interprets each one thousands of times
/// slower than native code: enough to reach every path once more, not to search.
pub const MIRI_CASES: u32 = 4;

/// Proptest settings for the workspace's property tests: `cases` natively, [`MIRI_CASES`]
/// under Miri, and no failure-persistence files.
///
/// Persistence is off because Miri's isolation forbids the file access, and so that a failing
/// run never writes `proptest-regressions/` into a crate's source tree; a failure still prints
/// its minimal input and seed.
///
/// # Examples
///
/// ```
/// use test_support::proptest_config;
/// use proptest::prelude::*;
///
/// // In a test file: `proptest! { #![proptest_config(proptest_config(64))] #[test] fn .. }`.
/// proptest!(proptest_config(64), |(v in prop::collection::vec(any::<u8>(), 0..32))| {
///     let mut w = v.clone();
///     w.reverse();
///     w.reverse();
///     prop_assert_eq!(v, w);
/// });
/// ```
pub fn proptest_config(cases: u32) -> Config {
    Config {
        cases: if cfg!(miri) {
            cases.min(MIRI_CASES)
        } else {
            cases
        },
        failure_persistence: None,
        ..Config::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_runs_keep_their_cases_and_miri_runs_few() {
        let config = proptest_config(256);
        let expected = if cfg!(miri) { MIRI_CASES } else { 256 };
        assert_eq!(config.cases, expected);
        assert!(config.failure_persistence.is_none());
        assert_eq!(
            proptest_config(2).cases,
            2,
            "never more cases than asked for"
        );
    }
}
