//! Time for the bulk screen: a monotonic clock for the scheduler, today's date for file names,
//! and durations in words, all in integers (float formatting costs bundle size).

use crate::time::civil;

/// Milliseconds since the page loaded (`performance.now()`), which never goes backwards.
pub fn now_ms() -> u64 {
    let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    now as u64
}

/// Seconds since the epoch, for dated file names.
pub fn epoch_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// `bulk-results-2026-11-22.csv` for `("bulk-results", "csv")`.
pub fn dated_name(stem: &str, ext: &str) -> String {
    let (y, m, d, ..) = civil(epoch_secs());
    format!("{stem}-{y:04}-{m:02}-{d:02}.{ext}")
}

/// "about 40 s", "about 3 min 5 s", "about 2 h 10 min".
pub fn about(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    match secs {
        0..=59 => format!("about {secs} s"),
        60..=3599 => match secs % 60 {
            0 => format!("about {} min", secs / 60),
            s => format!("about {} min {s} s", secs / 60),
        },
        _ => format!("about {} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(about(0), "about 0 s");
        assert_eq!(about(1), "about 1 s");
        assert_eq!(about(59_000), "about 59 s");
        assert_eq!(about(60_000), "about 1 min");
        assert_eq!(about(185_000), "about 3 min 5 s");
        assert_eq!(about(7_800_000), "about 2 h 10 min");
    }
}
