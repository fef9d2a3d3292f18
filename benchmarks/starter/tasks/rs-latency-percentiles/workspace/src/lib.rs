//! Latency statistics for the load-test report.

/// Summary of a set of latency samples (milliseconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
    pub p99: f64,
}

impl Summary {
    /// Summarises `samples` (in any order). Returns `None` when there are no samples or when a
    /// sample is not a finite number.
    pub fn from_samples(samples: &[f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|s| !s.is_finite()) {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        Some(Summary {
            count: sorted.len(),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
            median: median(&sorted),
            p90: percentile(&sorted, 90.0),
            p99: percentile(&sorted, 99.0),
        })
    }
}

/// Median of sorted, non-empty data: the middle value, or the mean of the two middle values when
/// the number of values is even.
pub fn median(sorted: &[f64]) -> f64 {
    sorted[sorted.len() / 2]
}

/// Percentile of sorted, non-empty data using the nearest-rank method: the smallest value such
/// that at least `p` percent of the data is less than or equal to it, i.e. the value at rank
/// `ceil(p / 100 * n)` (ranks start at 1), with rank 1 for `p == 0`.
///
/// Panics when `p` is outside `0.0..=100.0`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    assert!((0.0..=100.0).contains(&p), "percentile out of range: {p}");
    let n = sorted.len();
    let rank = (p / 100.0 * n as f64).ceil() as usize;
    sorted[rank.min(n - 1)]
}
