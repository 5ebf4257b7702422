//! Dates for people and files, from the Console's epoch seconds, by integer arithmetic: no date
//! library, and no floating-point formatting (which costs the bundle ~10 KB).

/// (year, month, day, hour, minute, second) in UTC for seconds since the epoch, by Howard
/// Hinnant's `civil_from_days`: proleptic Gregorian calendar.
pub fn civil(epoch_secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = epoch_secs.div_euclid(86_400);
    let secs = epoch_secs.rem_euclid(86_400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `2020-04-06T08:21:55Z`, for files.
pub fn iso_utc(epoch_secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch_secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `2020-04-06 08:21`, for people (the Console sends fractional seconds).
pub fn utc_minutes(epoch_secs: f64) -> String {
    let (y, mo, d, h, mi, _) = civil(epoch_secs.floor() as i64);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
}

/// `bulk-results-2026-11-22.csv` for `("bulk-results", "csv")` on that day.
pub fn dated_name(stem: &str, ext: &str, epoch_secs: i64) -> String {
    let (y, m, d, ..) = civil(epoch_secs);
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
        assert_eq!(dated_name("bulk-results", "csv", 1_795_340_350), "bulk-results-2026-11-22.csv");
    }

    #[test]
    fn dates_in_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso_utc(4_102_444_800), "2100-01-01T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(utc_minutes(1586161315.087693), "2020-04-06 08:21");
        assert_eq!(utc_minutes(1795167502.0), "2026-11-20 09:38");
    }

    #[test]
    fn every_day_for_a_thousand_years_follows_the_last() {
        let mut last = civil(-86_400);
        for day in 0..365_250 {
            let now = civil(day * 86_400);
            let next_day = now.2 == last.2 + 1 && now.1 == last.1;
            let next_month = now.2 == 1 && (now.1 == last.1 + 1 || (now.1 == 1 && last.1 == 12));
            assert!(next_day || next_month, "{last:?} → {now:?}");
            last = now;
        }
    }
}
