//! Wall-clock time in the shapes the Console prints and reads it: epoch seconds as a string
//! float, `YYYY-MM-DD HH:MM:SS (UTC)` for people, `... UTC+0000` in `_std` fields, HTTP dates
//! in incident feeds, and the `yyyy-mm-dd-hh:mm:ss` and `yyyy-mm-dd` of query parameters.

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

/// What the `_std` fields hold: `2020-04-07 08:53:43 UTC+0000`. Always UTC: the simulator
/// accepts `tz` but does not convert.
pub fn std(epoch: f64) -> String {
    format!("{} UTC+0000", datetime(epoch))
}

/// `Tue, 07 Apr 2020 08:53:43 GMT`, as incident feeds give `updated`.
pub fn http_date(epoch: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = epoch.max(0.0) as i64;
    let days = secs.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let time = &datetime(epoch)[11..];
    let weekday = DAYS[days.rem_euclid(7) as usize];
    format!("{weekday}, {day:02} {} {year} {time} GMT", MONTHS[month as usize - 1])
}

/// `2019-12-25-12:00:00` (UTC), the incident filters' format.
pub fn parse_timestamp(text: &str) -> Option<f64> {
    let (date, time) = (text.get(..10)?, text.get(10..)?);
    let time = time.strip_prefix('-')?;
    let parts: Vec<u32> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, s] = parts[..] else { return None };
    (h < 24 && m < 60 && s < 60 && time.len() == 8)
        .then_some(())
        .and(parse_date(date))
        .map(|day| day + f64::from(h * 3600 + m * 60 + s))
}

/// `2026-11-22`: the start of that day, UTC.
pub fn parse_date(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if (y.len(), m.len(), d.len()) != (4, 2, 2) {
        return None;
    }
    let (year, month, day): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(year, month, day)?;
    Some(days as f64 * 86_400.0)
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

/// The inverse of [`civil_from_days`]; `None` for a day the month does not have.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (civil_from_days(days) == (year, month, day)).then_some(days)
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
    fn reads_the_query_formats() {
        assert_eq!(parse_date("2020-04-06"), Some(1_586_131_200.0));
        assert_eq!(parse_timestamp("2020-04-06-08:21:55"), Some(1_586_161_315.0));
        for bad in ["2020-02-30", "2020-4-06", "yesterday", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in ["2020-04-06", "2020-04-06 08:21:55", "2020-04-06-25:00:00", "2020-04-06-8:1:5"]
        {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_name_the_weekday() {
        assert_eq!(http_date(1_586_249_623.0), "Tue, 07 Apr 2020 08:53:43 GMT");
        assert_eq!(std(1_586_249_623.0), "2020-04-07 08:53:43 UTC+0000");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(0.0, 1.0), "1 second ago");
        assert_eq!(age(0.0, 7200.0), "2 hours ago");
        assert_eq!(age(0.0, 3.0 * 86_400.0), "3 days ago");
    }
}
