//! The audit trail (reference §12, `GET /audit_trail/fetch`): one entry for each change made
//! through the API, with who made it, from where and with which browser.

use crate::api::Call;
use crate::auth::Caller;
use crate::clock;
use crate::paging::Listing;
use crate::reply::{Outcome, Reply, invalid};
use crate::state::Console;
use serde_json::{Value, json};

pub struct Entry {
    id: u64,
    action_type: String,
    message: String,
    flock_id: Option<String>,
    info: Value,
    timestamp: f64,
    actor: Actor,
}

/// Who did something, as the trail records it.
#[derive(Clone)]
pub struct Actor {
    pub user: String,
    pub ip: String,
    pub agent: String,
    pub language: String,
}

impl Actor {
    fn of(call: &Call) -> Self {
        let user = match &call.caller {
            Caller::Key(key) => key.note.to_owned(),
            Caller::Factory { auth, .. } => {
                format!("Canarytoken factory {}", auth.get(..8).unwrap_or(auth))
            }
        };
        Self {
            user,
            ip: call.client_ip.clone(),
            agent: call.header("user-agent").to_owned(),
            language: call.header("accept-language").to_owned(),
        }
    }

    /// The person the seeds pretend made the demo data in the Console's UI.
    pub fn console_user() -> Self {
        Self {
            user: "admin@example.com".into(),
            ip: "192.0.2.10".into(),
            agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15".into(),
            language: "en-GB,en;q=0.9".into(),
        }
    }
}

/// An entry being written: `Action::new(type, message).flock(id).record(console, call)`.
pub struct Action {
    action_type: &'static str,
    message: String,
    flock_id: Option<String>,
    info: Value,
}

impl Action {
    pub fn new(action_type: &'static str, message: String) -> Self {
        Self { action_type, message, flock_id: None, info: Value::Null }
    }

    pub fn flock(mut self, flock_id: &str) -> Self {
        self.flock_id = Some(flock_id.to_owned());
        self
    }

    pub fn info(mut self, info: Value) -> Self {
        self.info = info;
        self
    }

    pub fn record(self, console: &mut Console, call: &Call) {
        self.record_as(console, Actor::of(call), clock::now());
    }

    pub fn record_as(self, console: &mut Console, actor: Actor, at: f64) {
        let id = console.audit.last().map_or(1, |e| e.id + 1);
        console.audit.push(Entry {
            id,
            action_type: self.action_type.to_owned(),
            message: self.message,
            flock_id: self.flock_id,
            info: self.info,
            timestamp: at,
            actor,
        });
    }
}

impl Entry {
    fn to_json(&self) -> Value {
        json!({
            "action_type": self.action_type,
            "additional_information": self.info,
            "flock_id": self.flock_id,
            "id": self.id,
            "message": self.message,
            "timestamp": clock::std(self.timestamp),
            "user": self.actor.user,
            "user_browser_agent": self.actor.agent,
            "user_browser_language": self.actor.language,
            "user_ip": self.actor.ip,
        })
    }

    /// `search_term` matches any field's text, case-insensitively.
    fn mentions(&self, term: &str) -> bool {
        let info = self.info.to_string();
        let fields = [
            self.action_type.as_str(),
            &self.message,
            &self.actor.user,
            &self.actor.ip,
            self.flock_id.as_deref().unwrap_or_default(),
            &info,
        ];
        fields.iter().any(|f| f.to_lowercase().contains(term))
    }
}

const DEFAULT_LIMIT: usize = 100;

/// Newest first. `after_id` and the dates narrow the trail; `start_date` counts from the
/// start of its day, `end_date` up to the start of its day.
pub fn fetch(console: &mut Console, call: &Call) -> Outcome {
    if call.param("after_id").is_some() && call.param("cursor").is_some() {
        return Err(invalid("after_id", "cannot be used with a cursor"));
    }
    let names = ["search_term", "action_filter", "after_id", "start_date", "end_date", "tz"];
    let listing = Listing::from_call(call, DEFAULT_LIMIT, &names)?;
    let date = |name: &str| match listing.filter(name) {
        Some(raw) => clock::parse_date(raw).map(Some).ok_or_else(|| invalid(name, "is invalid")),
        None => Ok(None),
    };
    let (start, end) = (date("start_date")?, date("end_date")?);
    let after: Option<u64> = match listing.filter("after_id") {
        Some(raw) => Some(raw.parse().map_err(|_| invalid("after_id", "is invalid"))?),
        None => None,
    };
    let term = listing.filter("search_term").map(str::to_lowercase);
    let action = listing.filter("action_filter");
    let matched: Vec<&Entry> = console
        .audit
        .iter()
        .rev()
        .filter(|e| action.is_none_or(|a| e.action_type == a))
        .filter(|e| after.is_none_or(|a| e.id > a))
        .filter(|e| start.is_none_or(|s| e.timestamp >= s) && end.is_none_or(|t| e.timestamp < t))
        .filter(|e| term.as_deref().is_none_or(|t| e.mentions(t)))
        .collect();
    let page: Vec<Value> = listing.page(&matched).iter().map(|e| e.to_json()).collect();
    Ok(Reply::ok(json!({
        "audit_trail": page,
        "cursor": listing.bare_cursor(matched.len()),
        "page_count": listing.total_pages(matched.len()),
        "page_number": listing.page_number(),
    })))
}
