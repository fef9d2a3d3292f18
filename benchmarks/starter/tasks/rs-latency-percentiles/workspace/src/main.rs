//! `latency-report FILE`: reads one latency sample (milliseconds) per line and prints a summary.

use std::env;
use std::fs;
use std::process::ExitCode;

use latency_stats::Summary;

fn main() -> ExitCode {
    let Some(path) = env::args().nth(1) else {
        eprintln!("usage: latency-report FILE");
        return ExitCode::from(2);
    };
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let samples: Result<Vec<f64>, _> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.trim().parse::<f64>()).collect();
    match samples.ok().as_deref().and_then(Summary::from_samples) {
        Some(s) => {
            println!("count  {}", s.count);
            println!("min    {:.1}", s.min);
            println!("median {:.1}", s.median);
            println!("mean   {:.1}", s.mean);
            println!("p90    {:.1}", s.p90);
            println!("p99    {:.1}", s.p99);
            println!("max    {:.1}", s.max);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("no valid samples in {path}");
            ExitCode::from(1)
        }
    }
}
