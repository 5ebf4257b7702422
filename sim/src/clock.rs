//! Wall-clock time in the shapes the Console prints it: epoch seconds as a string float, and
//! `YYYY-MM-DD HH:MM:SS (UTC)` for people.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// `2020-04-06 08:21:55`, UTC.
pub fn datetime(epoch: f64) -> String {
    let secs = epoch.max(0.0) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// What `created_printable` holds.
pub fn printable(epoch: f64) -> String {
    format!("{} (UTC)", datetime(epoch))
}

/// A rough "how long ago", as an alert list shows it.
pub fn age(epoch: f64, now: f64) -> String {
    let secs = (now - epoch).max(0.0) as u64;
    let (amount, unit) = match secs {
        0..60 => (secs, "second"),
        60..3600 => (secs / 60, "minute"),
        3600..86_400 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    let plural = if amount == 1 { "" } else { "s" };
    format!("{amount} {unit}{plural} ago")
}

/// Howard Hinnant's days-to-civil conversion: no date crate for one function.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_reference_examples() {
        assert_eq!(printable(1_586_161_315.087_693), "2020-04-06 08:21:55 (UTC)");
        assert_eq!(printable(1_585_947_523.255_526), "2020-04-03 20:58:43 (UTC)");
        assert_eq!(datetime(951_782_400.0), "2000-02-29 00:00:00");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(0.0, 1.0), "1 second ago");
        assert_eq!(age(0.0, 7200.0), "2 hours ago");
        assert_eq!(age(0.0, 3.0 * 86_400.0), "3 days ago");
    }
}
