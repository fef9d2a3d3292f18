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

#[test]
fn median_of_even_count_is_mean_of_middle_values() {
    assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), 2.5);
    assert_eq!(median(&[10.0, 20.0]), 15.0);
    assert_eq!(median(&[7.0]), 7.0);
}

#[test]
fn percentile_nearest_rank() {
    let data: Vec<f64> = (1..=10).map(|v| v as f64 * 10.0).collect(); // 10, 20, ..., 100
    assert_eq!(percentile(&data, 0.0), 10.0);
    assert_eq!(percentile(&data, 10.0), 10.0);
    assert_eq!(percentile(&data, 11.0), 20.0);
    assert_eq!(percentile(&data, 50.0), 50.0);
    assert_eq!(percentile(&data, 90.0), 90.0);
    assert_eq!(percentile(&data, 91.0), 100.0);
    assert_eq!(percentile(&data, 100.0), 100.0);
}

#[test]
fn percentile_small_sets() {
    assert_eq!(percentile(&[4.0], 0.0), 4.0);
    assert_eq!(percentile(&[4.0], 99.0), 4.0);
    let data = [15.0, 20.0, 35.0, 40.0, 50.0];
    assert_eq!(percentile(&data, 5.0), 15.0);
    assert_eq!(percentile(&data, 30.0), 20.0);
    assert_eq!(percentile(&data, 40.0), 20.0);
    assert_eq!(percentile(&data, 50.0), 35.0);
}

#[test]
#[should_panic]
fn percentile_out_of_range_panics() {
    percentile(&[1.0, 2.0], 101.0);
}

#[test]
fn summary_of_a_load_test() {
    let mut samples: Vec<f64> = (1..=200).map(|v| v as f64).collect();
    samples.reverse();
    let s = Summary::from_samples(&samples).unwrap();
    assert_eq!(s.count, 200);
    assert_eq!(s.median, 100.5);
    assert_eq!(s.p90, 180.0);
    assert_eq!(s.p99, 198.0);
    assert_eq!(s.mean, 100.5);
}

#[test]
fn summary_with_outlier() {
    let s = Summary::from_samples(&[12.0, 11.0, 13.0, 900.0, 12.0, 14.0]).unwrap();
    assert_eq!(s.median, 12.5);
    assert_eq!(s.p90, 900.0);
    assert_eq!(s.min, 11.0);
}
