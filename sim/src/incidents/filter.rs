//! Which incidents a query or a bulk action names. The listings and the bulk actions share
//! the parameters, except `older_than`: a timestamp in listings, a period (`1h`, `2d`, `1w`)
//! in bulk actions (reference §4.8).

use super::Incident;
use crate::clock;
use crate::reply::{Reply, bad_request, invalid};
use crate::state;

#[derive(Default)]
pub struct Filter {
    /// `Some(true)`: acknowledged ones only.
    pub acknowledged: Option<bool>,
    node: Option<String>,
    flock: Option<String>,
    src_host: Option<String>,
    since: Option<u64>,
    newer: Option<f64>,
    older: Option<f64>,
    /// Lower-cased.
    text: Option<String>,
    logtypes: Option<Vec<u32>>,
}

/// How `older_than` is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Older {
    Timestamp,
    Period,
}

/// The parameters a filter reads, for listings to carry in their cursors.
pub const PARAMS: &[&str] = &[
    "node_id",
    "flock_id",
    "src_host",
    "incidents_since",
    "newer_than",
    "older_than",
    "filter_str",
    "filter_logtypes",
];

impl Filter {
    /// Reads the filter parameters through `get` (a call's or a cursor's).
    pub fn parse<'a>(
        get: impl Fn(&str) -> Option<&'a str>,
        older: Older,
        now: f64,
    ) -> Result<Self, Reply> {
        let flock = get("flock_id");
        flock.map(state::require_flock).transpose()?;
        let since = match get("incidents_since") {
            Some(raw) => Some(
                raw.parse().map_err(|_| invalid("incidents_since", "must be a whole number"))?,
            ),
            None => None,
        };
        let timestamp = |name: &str| match get(name) {
            Some(raw) => clock::parse_timestamp(raw)
                .map(Some)
                .ok_or_else(|| bad_request(&format!("Parameter {name} was invalid."))),
            None => Ok(None),
        };
        let older = match older {
            Older::Timestamp => timestamp("older_than")?,
            Older::Period => match get("older_than") {
                Some(raw) => Some(
                    now - period_seconds(raw)
                        .ok_or_else(|| bad_request("Parameter older_than was invalid."))?,
                ),
                None => None,
            },
        };
        let logtypes = match get("filter_logtypes") {
            Some(raw) => Some(
                raw.split(',')
                    .map(|t| t.trim().parse().ok())
                    .collect::<Option<Vec<u32>>>()
                    .ok_or_else(|| invalid("filter_logtypes", "must be logtype numbers"))?,
            ),
            None => None,
        };
        Ok(Self {
            acknowledged: None,
            node: get("node_id").map(str::to_owned),
            flock: flock.map(str::to_owned),
            src_host: get("src_host").map(str::to_owned),
            since,
            newer: timestamp("newer_than")?,
            older,
            text: get("filter_str").map(str::to_lowercase),
            logtypes,
        })
    }

    pub fn matches(&self, incident: &Incident) -> bool {
        let i = incident;
        self.acknowledged.is_none_or(|a| i.acknowledged == a)
            && self.node.as_ref().is_none_or(|n| i.node_id == *n)
            && self.flock.as_ref().is_none_or(|f| i.flock_id == *f)
            && self.src_host.as_ref().is_none_or(|s| i.src_host == *s)
            && self.since.is_none_or(|s| i.updated_id > s)
            && self.newer.is_none_or(|t| i.created > t)
            && self.older.is_none_or(|t| i.created < t)
            && self.logtypes.as_ref().is_none_or(|l| l.contains(&i.logtype))
            && self.text.as_ref().is_none_or(|t| i.mentions(t))
    }
}

impl Incident {
    /// `filter_str` matches "incident details such as Source IP, Canary Name, Token Name,
    /// NodeID and Reverse IP Lookup": here any of those, or the destination, case-insensitively.
    fn mentions(&self, text: &str) -> bool {
        let reverse = crate::events::reverse_name(&self.src_host);
        [&self.src_host, &reverse, &self.node_id, &self.memo, &self.dst_host, &self.key]
            .iter()
            .any(|field| field.to_lowercase().contains(text))
    }
}

/// `12h`, `2d`, `1w` in seconds.
fn period_seconds(raw: &str) -> Option<f64> {
    let at = raw.len().checked_sub(1).filter(|at| raw.is_char_boundary(*at))?;
    let (number, unit) = raw.split_at(at);
    let unit = match unit {
        "h" => 3600.0,
        "d" => 86_400.0,
        "w" => 7.0 * 86_400.0,
        _ => return None,
    };
    number.parse::<u32>().ok().filter(|n| *n > 0).map(|n| f64::from(n) * unit)
}

#[cfg(test)]
mod tests {
    #[test]
    fn periods_are_hours_days_or_weeks() {
        assert_eq!(super::period_seconds("2h"), Some(7200.0));
        assert_eq!(super::period_seconds("1w"), Some(604_800.0));
        for bad in ["", "h", "0d", "1m", "1.5h", "-1d", "d1", "1é"] {
            assert_eq!(super::period_seconds(bad), None, "{bad}");
        }
    }
}
