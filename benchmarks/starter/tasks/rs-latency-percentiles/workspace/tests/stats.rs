use latency_stats::{median, percentile, Summary};

#[test]
fn median_of_odd_count() {
    assert_eq!(median(&[1.0, 3.0, 8.0]), 3.0);
}

#[test]
fn summary_min_max_mean() {
    let s = Summary::from_samples(&[30.0, 10.0, 20.0]).unwrap();
    assert_eq!((s.count, s.min, s.max, s.mean), (3, 10.0, 30.0, 20.0));
}

#[test]
fn empty_or_nan_gives_none() {
    assert!(Summary::from_samples(&[]).is_none());
    assert!(Summary::from_samples(&[1.0, f64::NAN]).is_none());
}

#[test]
fn percentile_extremes() {
    let data = [5.0, 6.0, 7.0];
    assert_eq!(percentile(&data, 100.0), 7.0);
}
