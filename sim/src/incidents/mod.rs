//! Alerts: what a token firing leaves behind (reference §4.8). One incident holds the events
//! of one source; it is shown nested (the `incidents/all` feeds), flattened
//! (`incidents/search`) or as fetched (`incident/fetch`), all from the same fields.

mod actions;
mod feeds;
mod filter;

pub use actions::{
    acknowledge, bulk_acknowledge, bulk_delete, bulk_unacknowledge, delete, unacknowledge,
};
pub use feeds::{Feed, feed, fetch, search};

use crate::clock;
use crate::events::{self, Overrides};
use crate::random;
use crate::state::{self, Console};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

pub struct Incident {
    pub key: String,
    pub hash_id: String,
    pub node_id: String,
    pub flock_id: String,
    memo: String,
    pub logtype: u32,
    dst_host: String,
    dst_port: u16,
    pub created: f64,
    /// When it last changed (made, acknowledged or unacknowledged).
    pub updated: f64,
    pub acknowledged: bool,
    pub updated_id: u64,
    pub src_host: String,
    events: Vec<Value>,
}

/// Fires token `index` at time `at` with `events` hits from one source: one incident, the
/// token's count bumped by the hits. Returns the incident's key.
pub fn trigger(
    console: &mut Console,
    index: usize,
    at: f64,
    events: usize,
    overrides: &Overrides,
) -> String {
    let (token, rng) = console.token_and_rng(index);
    let first = events::hit(token, at, rng, overrides);
    let same_source = Overrides { src_host: Some(first.src_host.clone()), ..overrides.clone() };
    let rest: Vec<Value> =
        (1..events).map(|n| events::hit(token, at + n as f64, rng, &same_source).event).collect();
    let incident = Incident {
        key: format!(
            "incident:canarytoken:{}:{}:{}",
            random::string(rng, random::HEX, 24),
            first.src_host,
            at as u64
        ),
        hash_id: random::string(rng, random::HEX, 32),
        node_id: token.id.clone(),
        flock_id: token.flock_id.clone(),
        memo: token.memo().to_owned(),
        logtype: token.kind.logtype,
        dst_host: token.hostname.clone(),
        dst_port: first.dst_port,
        created: at,
        updated: at + events.saturating_sub(1) as f64,
        acknowledged: false,
        updated_id: 0,
        src_host: first.src_host,
        events: std::iter::once(first.event).chain(rest).collect(),
    };
    let key = incident.key.clone();
    let updated_id = console.next_updated_id();
    console.incidents.push(Incident { updated_id, ..incident });
    console.change(index, |token| token.triggered_count += events as u64);
    key
}

fn flag(on: bool) -> &'static str {
    if on { "True" } else { "False" }
}

impl Incident {
    /// Acknowledges or unacknowledges it, numbering the change as the Console does.
    pub fn set_acknowledged(&mut self, acknowledged: bool, updated_id: u64, now: f64) {
        self.acknowledged = acknowledged;
        self.updated_id = updated_id;
        self.updated = now;
    }

    /// The nested `description` object: flags and counts are strings, as the Console sends
    /// them; `event_limit` caps the events listed, not their count.
    fn description(&self, event_limit: Option<usize>) -> Map<String, Value> {
        let created = (self.created as u64).to_string();
        let events_list: Vec<String> =
            self.events.iter().map(|e| e["timestamp"].to_string()).collect();
        let limit = event_limit.unwrap_or(usize::MAX);
        let fields = [
            ("acknowledged", json!(flag(self.acknowledged))),
            ("created", json!(created)),
            ("created_std", json!(clock::std(self.created))),
            ("description", json!("Canarytoken triggered")),
            ("dst_host", json!(self.dst_host)),
            ("dst_port", json!(self.dst_port.to_string())),
            ("events", json!(self.events.iter().take(limit).collect::<Vec<_>>())),
            ("events_count", json!(self.events.len().to_string())),
            ("events_list", json!(events_list.join(","))),
            ("flock_id", json!(self.flock_id)),
            ("flock_name", json!(state::flock_name(&self.flock_id).unwrap_or_default())),
            ("local_time", json!(clock::printable(self.created))),
            ("logtype", json!(self.logtype.to_string())),
            ("matched_annotations", json!({})),
            ("memo", json!(self.memo)),
            ("name", json!("N/A")),
            ("node_id", json!(self.node_id)),
            ("notified", json!("False")),
            ("src_host", json!(self.src_host)),
            ("src_host_reverse", json!(events::reverse_name(&self.src_host))),
            ("src_port", json!("0")),
        ];
        fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    fn updated_fields(&self) -> [(&'static str, Value); 5] {
        [
            ("summary", json!("Canarytoken triggered")),
            ("updated", json!(clock::http_date(self.updated))),
            ("updated_id", json!(self.updated_id)),
            ("updated_std", json!(clock::std(self.updated))),
            ("updated_time", json!((self.updated as u64).to_string())),
        ]
    }

    /// The shape of the `incidents/all` feeds.
    fn nested(&self, event_limit: Option<usize>) -> Value {
        let mut map: Map<String, Value> =
            self.updated_fields().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        map.insert("id".into(), json!(self.key));
        map.insert("hash_id".into(), json!(self.hash_id));
        map.insert("description".into(), Value::Object(self.description(event_limit)));
        Value::Object(map)
    }

    /// The flattened shape of `/incidents/search`: the description's fields at the top, the
    /// events as `logdata`.
    fn flattened(&self, now: f64) -> Value {
        let mut map = self.description(None);
        let events = map.remove("events").unwrap_or_default();
        let fields = [
            ("key", json!(self.key)),
            ("incident_key", json!(self.key)),
            ("hash_id", json!(self.hash_id)),
            ("created_printable", json!(clock::printable(self.created))),
            ("created_age", json!(clock::age(self.created, now))),
            ("created_age_seconds", json!((now - self.created).max(0.0) as u64)),
            ("summary", json!("Canarytoken triggered")),
            ("logdata", events),
            ("updated_id", json!(self.updated_id)),
        ];
        map.extend(fields.map(|(k, v)| (k.to_owned(), v)));
        Value::Object(map)
    }

    /// The shape of `/incident/fetch`: the description's fields and `id`, like the
    /// documentation's example; `extended` adds the feed's update fields.
    fn fetched(&self, extended: bool) -> Value {
        let mut map = self.description(None);
        map.insert("id".into(), json!(self.key));
        if extended {
            map.insert("hash_id".into(), json!(self.hash_id));
            map.extend(self.updated_fields().map(|(k, v)| (k.to_owned(), v)));
        }
        Value::Object(map)
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
