//! The Console variant: where the reference leaves a behaviour open, `default` keeps the
//! simulator's first guess and `documented` takes another plausible form, so that a client
//! that leans on a guess fails here rather than on a real Console. Most of the difference is
//! one reshaping of finished answers, [`shape`]; the rest is read by the handlers.

use crate::reply::Reply;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    #[default]
    Default,
    Documented,
}

/// The largest `limit` a listing takes: a guess (reference §11 #11) above the 2500 Thinkst's
/// own client sends; the documented variant allows exactly that much.
const DEFAULT_MAX_LIMIT: usize = 5000;
const DOCUMENTED_MAX_LIMIT: usize = 2500;

/// The Console's error messages that the reference records (§2), and nothing else is sent
/// under the documented variant.
const DOCUMENTED_MESSAGES: &[&str] = &[
    "Invalid auth_token",
    "Unauthorized",
    "Empty memo",
    "Supplied kind is not valid.",
    "Could not process the parameters",
    "Could not process the parameters. cloned_web is invalid, not enough domain labels",
    "Could not save Canarydrop",
    "Could not find the Canarytoken",
    "Could not decode the memo",
    "Could not delete Canarydrop",
    "File generation not supported.",
    "Incident not found",
    "Parameter older_than was invalid.",
    "Cannot use src_host and node_id together",
    "Flock does not exist.",
];

/// Counts the documented variant sends as strings, as webhook payloads drift (reference §12).
const COUNTS: &[&str] = &[
    "triggered_count",
    "unacked_alert_count",
    "total_results",
    "total_pages",
    "page_number",
    "page_num",
    "page_total",
    "page_count",
    "deleted_count",
];

impl Variant {
    pub fn max_limit(self) -> usize {
        match self {
            Self::Default => DEFAULT_MAX_LIMIT,
            Self::Documented => DOCUMENTED_MAX_LIMIT,
        }
    }

    pub fn documented(self) -> bool {
        self == Self::Documented
    }
}

/// A finished answer as the variant sends it.
pub fn shape(variant: Variant, reply: Reply) -> Reply {
    if variant == Variant::Default {
        return reply;
    }
    let (status, mut body) = match reply {
        Reply::Json(status, body) => (status, body),
        Reply::Text(text) => match serde_json::from_str(&text) {
            Ok(body) => (StatusCode::OK, body),
            Err(_) => return Reply::Text(text),
        },
        file @ Reply::File { .. } => return file,
    };
    if body["result"] == "error" {
        let message = body["message"].as_str().unwrap_or_default();
        body["message"] = json!(documented_message(message, status));
        return Reply::Json(StatusCode::OK, body);
    }
    if body.get("incidents").is_some_and(|list| list.as_array().is_some_and(Vec::is_empty)) {
        body["incidents"] = Value::Null;
    }
    reshape(&mut body);
    Reply::Json(status, body)
}

/// The documented message a refusal becomes: itself, the documented message it extends, or
/// a plain word for a permission refusal; anything else is the Console's generic one.
fn documented_message(message: &str, status: StatusCode) -> &'static str {
    if let Some(same) = DOCUMENTED_MESSAGES.iter().find(|m| **m == message) {
        return same;
    }
    let extended = DOCUMENTED_MESSAGES
        .iter()
        .filter(|m| message.strip_prefix(**m).is_some_and(|rest| rest.starts_with([':', '.'])))
        .max_by_key(|m| m.len());
    match (extended, status) {
        (Some(base), _) => base,
        (None, StatusCode::FORBIDDEN) => "Permission denied",
        (None, StatusCode::UNAUTHORIZED) => "Invalid auth_token",
        _ => "Could not process the parameters",
    }
}

/// Counts become strings and tokens lose `custom_domain`, wherever they sit in the answer.
fn reshape(value: &mut Value) {
    match value {
        Value::Object(map) => {
            reshape_object(map);
            map.values_mut().for_each(reshape);
        }
        Value::Array(items) => items.iter_mut().for_each(reshape),
        _ => {}
    }
}

fn reshape_object(map: &mut Map<String, Value>) {
    if map.contains_key("kind") && map.contains_key("canarytoken") {
        map.remove("custom_domain");
    }
    for name in COUNTS {
        if let Some(count) = map.get_mut(*name).filter(|v| v.is_number()) {
            *count = json!(count.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fall_back_to_documented_ones() {
        let cases = [
            (
                "Could not delete Canarydrop: delete its incidents first",
                409,
                "Could not delete Canarydrop",
            ),
            (
                "Could not process the parameters. limit must be 1-5",
                400,
                "Could not process the parameters",
            ),
            ("Incident not found", 404, "Incident not found"),
            ("This read-only API key does not have permission to use x", 403, "Permission denied"),
            (
                "Memo longer than maximum (10000 characters).",
                400,
                "Could not process the parameters",
            ),
        ];
        for (message, status, expected) in cases {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(documented_message(message, status), expected, "{message}");
        }
    }

    #[test]
    fn answers_are_reshaped() {
        let reply = Reply::ok(json!({
            "canarytokens": [{"canarytoken": "a", "kind": "dns", "custom_domain": "x", "triggered_count": 3}],
            "total_results": 12,
            "incidents": [],
        }));
        let Reply::Json(status, body) = shape(Variant::Documented, reply) else { panic!() };
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body,
            json!({"canarytokens": [{"canarytoken": "a", "kind": "dns", "triggered_count": "3"}],
                "total_results": "12", "incidents": null, "result": "success"})
        );
    }
}
