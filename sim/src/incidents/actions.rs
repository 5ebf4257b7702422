//! Changing incidents: acknowledge, unacknowledge and delete, one by key or many by filter
//! (reference §4.8). Analysts may do all of it; every change goes to the audit trail.

use super::Incident;
use super::filter::{Filter, Older};
use crate::api::Call;
use crate::audit::Action;
use crate::clock;
use crate::reply::{Outcome, Reply, bad_request, missing, not_found};
use crate::state::Console;
use serde_json::json;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Acknowledge,
    Unacknowledge,
    Delete,
}

impl Change {
    fn past(self) -> &'static str {
        match self {
            Self::Acknowledge => "acknowledged",
            Self::Unacknowledge => "unacknowledged",
            Self::Delete => "deleted",
        }
    }

    fn audit_type(self) -> &'static str {
        match self {
            Self::Acknowledge => "incident_acknowledge",
            Self::Unacknowledge => "incident_unacknowledge",
            Self::Delete => "incident_delete",
        }
    }
}

pub fn acknowledge(console: &mut Console, call: &Call) -> Outcome {
    change_one(console, call, Change::Acknowledge)
}

pub fn unacknowledge(console: &mut Console, call: &Call) -> Outcome {
    change_one(console, call, Change::Unacknowledge)
}

/// Any incident may be deleted by key; the Python client refuses unacknowledged ones itself.
pub fn delete(console: &mut Console, call: &Call) -> Outcome {
    change_one(console, call, Change::Delete)
}

pub fn bulk_acknowledge(console: &mut Console, call: &Call) -> Outcome {
    change_many(console, call, Change::Acknowledge)
}

pub fn bulk_unacknowledge(console: &mut Console, call: &Call) -> Outcome {
    change_many(console, call, Change::Unacknowledge)
}

/// Deletes acknowledged incidents, and unacknowledged ones too with `include_unacknowledged`.
pub fn bulk_delete(console: &mut Console, call: &Call) -> Outcome {
    change_many(console, call, Change::Delete)
}

fn change_one(console: &mut Console, call: &Call, change: Change) -> Outcome {
    let key = call.required("incident")?;
    let index = console
        .incidents
        .iter()
        .position(|i| i.key == key)
        .ok_or_else(|| not_found("Incident not found"))?;
    let flock = console.incidents[index].flock_id.clone();
    apply(console, &[index], change);
    Action::new(change.audit_type(), format!("Incident {key} was {}", change.past()))
        .flock(&flock)
        .record(console, call);
    Ok(Reply::ok(json!({"action": change.past(), "key": key})))
}

/// Parameters of which the documented variant wants at least one (the documentation's tip).
const BULK_FILTERS: &[&str] =
    &["flock_id", "node_id", "src_host", "older_than", "filter_str", "filter_logtypes"];

fn change_many(console: &mut Console, call: &Call, change: Change) -> Outcome {
    if call.param("node_id").is_some() && call.param("src_host").is_some() {
        return Err(bad_request("Cannot use src_host and node_id together"));
    }
    if call.variant.documented() && BULK_FILTERS.iter().all(|p| call.param(p).is_none()) {
        return Err(missing());
    }
    let mut filter = Filter::parse(|name| call.param(name), Older::Period, clock::now())?;
    filter.acknowledged = match change {
        Change::Acknowledge => Some(false),
        Change::Unacknowledge => Some(true),
        Change::Delete if call.flag("include_unacknowledged")? => None,
        Change::Delete => Some(true),
    };
    let indices: Vec<usize> =
        (0..console.incidents.len()).filter(|&n| filter.matches(&console.incidents[n])).collect();
    let keys: Vec<String> = indices.iter().map(|&n| console.incidents[n].key.clone()).collect();
    apply(console, &indices, change);
    Action::new(change.audit_type(), format!("{} incidents were {}", keys.len(), change.past()))
        .info(json!({"keys": keys}))
        .record(console, call);
    Ok(Reply::ok(json!({"action": change.past(), "keys": keys})))
}

/// Makes the change to the incidents at `indices` (ascending).
fn apply(console: &mut Console, indices: &[usize], change: Change) {
    if change == Change::Delete {
        let mut n = 0;
        console.incidents.retain(|_| {
            n += 1;
            indices.binary_search(&(n - 1)).is_err()
        });
        return;
    }
    let now = clock::now();
    for &index in indices {
        let updated_id = console.next_updated_id();
        let incident: &mut Incident = &mut console.incidents[index];
        incident.set_acknowledged(change == Change::Acknowledge, updated_id, now);
    }
}
