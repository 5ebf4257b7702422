//! Reading incidents: the nested feeds (`incidents/all`, `/unacknowledged`,
//! `/acknowledged`), the flattened `incidents/search`, and `incident/fetch`.

use super::Incident;
use super::filter::{self, Filter, Older};
use crate::api::Call;
use crate::clock;
use crate::paging::{DEFAULT_LIMIT, Listing};
use crate::reply::{Outcome, Reply, invalid, missing, not_found};
use crate::state::Console;
use serde_json::{Value, json};

#[derive(Clone, Copy)]
pub enum Feed {
    All,
    Unacknowledged,
    Acknowledged,
}

impl Feed {
    fn title(self) -> &'static str {
        match self {
            Self::All => "All Incidents",
            Self::Unacknowledged => "Unacknowledged Incidents",
            Self::Acknowledged => "Acknowledged Incidents",
        }
    }

    fn acknowledged(self) -> Option<bool> {
        match self {
            Self::All => None,
            Self::Unacknowledged => Some(false),
            Self::Acknowledged => Some(true),
        }
    }
}

/// Parameters the feeds carry in their cursors beyond the filter's.
const FEED_PARAMS: &[&str] = &["event_limit", "shrink", "tz"];

/// The incidents `filter` matches, newest first.
fn matching<'a>(console: &'a Console, filter: &Filter) -> Vec<&'a Incident> {
    let mut matched: Vec<&Incident> =
        console.incidents.iter().rev().filter(|i| filter.matches(i)).collect();
    matched.sort_by(|a, b| b.created.total_cmp(&a.created));
    matched
}

fn listing_filter(listing: &Listing, acknowledged: Option<bool>) -> Result<Filter, Reply> {
    let mut filter = Filter::parse(|name| listing.filter(name), Older::Timestamp, clock::now())?;
    filter.acknowledged = acknowledged;
    Ok(filter)
}

/// The nested feeds. Without `limit` or `cursor` the feed is whole and has no cursor; with
/// them it pages like the other listings.
pub fn feed(feed: Feed, console: &mut Console, call: &Call) -> Outcome {
    let names: Vec<&str> = filter::PARAMS.iter().chain(FEED_PARAMS).copied().collect();
    let listing = Listing::from_call(call, DEFAULT_LIMIT, &names)?;
    let filter = listing_filter(&listing, feed.acknowledged())?;
    if let Some(raw) = listing.filter("shrink") {
        crate::api::parse_bool(raw).ok_or_else(|| invalid("shrink", "must be true or false"))?;
    }
    let event_limit = match listing.filter("event_limit") {
        Some(raw) => Some(raw.parse().map_err(|_| invalid("event_limit", "must be a number"))?),
        None => None,
    };
    let matched = matching(console, &filter);
    let paged = call.param("limit").is_some() || call.param("cursor").is_some();
    let page = if paged { listing.page(&matched) } else { &matched[..] };
    let updated = matched.iter().map(|i| i.updated).reduce(f64::max).unwrap_or_else(clock::now);
    let mut body = json!({
        "feed": feed.title(),
        "incidents": page.iter().map(|i| i.nested(event_limit)).collect::<Vec<_>>(),
        "updated": clock::http_date(updated),
        "updated_std": clock::std(updated),
        "updated_timestamp": updated as u64,
    });
    if let Some(max) = page.iter().map(|i| i.updated_id).max() {
        body["max_updated_id"] = json!(max);
    }
    if paged {
        body["cursor"] = listing.cursor(matched.len(), call);
    }
    Ok(Reply::ok(body))
}

/// The flattened search, filtered by state (`unacknowledged` unless asked otherwise).
pub fn search(console: &mut Console, call: &Call) -> Outcome {
    let names: Vec<&str> =
        filter::PARAMS.iter().chain(&["filter_incident_state"]).copied().collect();
    let listing = Listing::from_call(call, DEFAULT_LIMIT, &names)?;
    let acknowledged = match listing.filter("filter_incident_state").unwrap_or("unacknowledged") {
        "unacknowledged" => Some(false),
        "acknowledged" => Some(true),
        "all" => None,
        _ => {
            return Err(invalid(
                "filter_incident_state",
                "must be unacknowledged, acknowledged or all",
            ));
        }
    };
    let filter = listing_filter(&listing, acknowledged)?;
    let matched = matching(console, &filter);
    let now = clock::now();
    let page: Vec<Value> = listing.page(&matched).iter().map(|i| i.flattened(now)).collect();
    Ok(Reply::ok(json!({
        "incidents": page,
        "incident_source_counts": {"canarytokens": matched.len(), "devices": 0},
        "cursor": listing.cursor(matched.len(), call),
        "page_number": listing.page_number(),
        "total_pages": listing.total_pages(matched.len()),
        "total_results": matched.len(),
    })))
}

/// One incident, named by its key (`incident`) or its `hash_id`.
pub fn fetch(console: &mut Console, call: &Call) -> Outcome {
    let found = match (call.param("incident"), call.param("hash_id")) {
        (Some(key), _) => console.incidents.iter().find(|i| i.key == key),
        (None, Some(hash)) => console.incidents.iter().find(|i| i.hash_id == hash),
        (None, None) => return Err(missing()),
    };
    let incident = found.ok_or_else(|| not_found("Incident not found"))?;
    Ok(Reply::ok(json!({"incident": incident.fetched(call.flag("extended_details")?)})))
}
