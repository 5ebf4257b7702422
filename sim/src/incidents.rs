//! Alerts: what a token firing leaves behind, searched in the flattened shape of
//! `/incidents/search` and acknowledged one at a time (reference §4.8).

use crate::api::Call;
use crate::clock;
use crate::paging::Listing;
use crate::random;
use crate::reply::{Outcome, Reply, invalid, not_found};
use crate::state::{self, Console};
use serde_json::{Value, json};
use std::collections::HashMap;

pub struct Incident {
    pub key: String,
    hash_id: String,
    pub node_id: String,
    pub flock_id: String,
    memo: String,
    logtype: u32,
    dst_host: String,
    created: f64,
    pub acknowledged: bool,
    updated_id: u64,
    src_host: String,
    event: Value,
}

/// Where simulated attackers come from: documentation address ranges, with a place each.
const SOURCES: &[(&str, &str, &str, &str, f64, f64, &str)] = &[
    ("203.0.113", "Cape Town", "South Africa", "ZA", -33.92, 18.42, "Africa/Johannesburg"),
    ("198.51.100", "Frankfurt am Main", "Germany", "DE", 50.11, 8.68, "Europe/Berlin"),
    ("192.0.2", "Ashburn", "United States", "US", 39.04, -77.49, "America/New_York"),
];

/// Fires token `index` at time `at`: one incident with one event, the token's count bumped.
pub fn trigger(console: &mut Console, index: usize, at: f64) -> String {
    let (prefix, city, country, code, lat, lon, tz) = SOURCES[console.rng.usize(..SOURCES.len())];
    let src_host = format!("{prefix}.{}", console.rng.u8(1..255));
    let hash_id = random::string(&mut console.rng, random::HEX, 32);
    let token = &console.tokens()[index];
    let geoip = json!({
        "city": city, "country": country, "country_code": code, "ip": src_host,
        "latitude": lat, "longitude": lon, "region": "",
        "timezone": {"id": tz}, "is_bogon": false, "is_v6": false, "valid": true,
    });
    let http = token.kind.logtype / 1000 == 17;
    let mut event = json!({
        "type": if http { "http" } else { "dns" },
        "canarytoken": token.id,
        "src_host": src_host,
        "timestamp": at,
        "timestamp_std": clock::datetime(at),
        "geoip": geoip,
    });
    if http {
        event["url"] = json!(token.url);
        event["headers"] = json!({
            "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "Accept": "*/*",
        });
        event["request_args"] = json!({});
        event["ip_blocklist"] = json!({"is_proxy": false, "is_tor": false, "is_vpn": false});
    } else {
        event["hostname"] = json!(token.hostname);
        event["generic_data"] = json!("");
    }
    let incident = Incident {
        key: format!("incident:canarytoken:{hash_id}:{src_host}:{}", at as u64),
        hash_id,
        node_id: token.id.clone(),
        flock_id: token.flock_id.clone(),
        memo: token.memo().to_owned(),
        logtype: token.kind.logtype,
        dst_host: token.hostname.clone(),
        created: at,
        acknowledged: false,
        updated_id: console.next_updated_id(),
        src_host,
        event,
    };
    let key = incident.key.clone();
    console.incidents.push(incident);
    console.change(index, |token| token.triggered_count += 1);
    key
}

impl Incident {
    /// The flattened shape of `/incidents/search`. Flags and counts are strings, as in the
    /// Console's nested incidents.
    fn to_json(&self, now: f64) -> Value {
        let created = format!("{}", self.created as u64);
        json!({
            "key": self.key,
            "incident_key": self.key,
            "hash_id": self.hash_id,
            "acknowledged": if self.acknowledged { "True" } else { "False" },
            "created": created,
            "created_std": format!("{} UTC+0000", clock::datetime(self.created)),
            "created_printable": clock::printable(self.created),
            "created_age": clock::age(self.created, now),
            "created_age_seconds": (now - self.created).max(0.0) as u64,
            "description": "Canarytoken triggered",
            "summary": "Canarytoken triggered",
            "name": "N/A",
            "notified": "False",
            "dst_host": self.dst_host,
            "dst_port": if self.logtype / 1000 == 17 { "80" } else { "53" },
            "src_host": self.src_host,
            "src_host_reverse": format!("host-{}.example.net", self.src_host.replace('.', "-")),
            "src_port": "0",
            "events_count": "1",
            "events_list": created,
            "logdata": [self.event],
            "logtype": self.logtype.to_string(),
            "local_time": clock::datetime(self.created),
            "memo": self.memo,
            "node_id": self.node_id,
            "flock_id": self.flock_id,
            "flock_name": state::flock_name(&self.flock_id).unwrap_or_default(),
            "updated_id": self.updated_id,
        })
    }
}

/// Unacknowledged incidents per token id.
pub fn unacked_counts(console: &Console) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for incident in console.incidents.iter().filter(|i| !i.acknowledged) {
        *counts.entry(incident.node_id.as_str()).or_default() += 1;
    }
    counts
}

pub fn search(console: &mut Console, call: &Call) -> Outcome {
    let listing = Listing::from_call(call, &["node_id", "flock_id", "filter_incident_state"])?;
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
    let flock = listing.filter("flock_id");
    flock.map(state::require_flock).transpose()?;
    let node = listing.filter("node_id");
    let matched: Vec<&Incident> = console
        .incidents
        .iter()
        .rev()
        .filter(|i| acknowledged.is_none_or(|a| i.acknowledged == a))
        .filter(|i| node.is_none_or(|n| i.node_id == n))
        .filter(|i| flock.is_none_or(|f| i.flock_id == f))
        .collect();
    let now = clock::now();
    let page: Vec<Value> = listing.page(&matched).iter().map(|i| i.to_json(now)).collect();
    Ok(Reply::ok(json!({
        "incidents": page,
        "incident_source_counts": {"canarytokens": matched.len(), "devices": 0},
        "cursor": listing.cursor(matched.len(), call),
        "page_number": listing.page_number(),
        "total_pages": listing.total_pages(matched.len()),
        "total_results": matched.len(),
    })))
}

pub fn acknowledge(console: &mut Console, call: &Call) -> Outcome {
    let key = call.required("incident")?;
    let index = console
        .incidents
        .iter()
        .position(|i| i.key == key)
        .ok_or_else(|| not_found("Incident not found"))?;
    let updated_id = console.next_updated_id();
    let incident = &mut console.incidents[index];
    incident.acknowledged = true;
    incident.updated_id = updated_id;
    Ok(Reply::ok(json!({"action": "acknowledged", "key": key})))
}
