//! The Console's audit trail (reference §12, `GET /audit_trail/fetch`): who did what, when, and
//! from which address. Decoded as tolerantly as the other answers: every field defaults when
//! absent or `null`, and numbers stand in for text.

use super::loose;
use super::types::Cursor;
use serde::Deserialize;
use serde_json::Value;

/// One entry of the trail.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AuditEntry {
    /// Increases with each entry (the trail's order).
    #[serde(default, deserialize_with = "loose::de_opt_count")]
    pub id: Option<u64>,
    /// `canarytoken_create`, `flock_move`, ...
    #[serde(default, deserialize_with = "loose::de_string")]
    pub action_type: String,
    /// "Created a Web Bug Canarytoken <id>".
    #[serde(default, deserialize_with = "loose::de_string")]
    pub message: String,
    /// As the Console writes it (`2020-04-03 12:56:42 UTC+0000`); a number's digits if it
    /// sends seconds instead.
    #[serde(default, deserialize_with = "loose::de_string")]
    pub timestamp: String,
    /// The account or the key's note.
    #[serde(default, deserialize_with = "loose::de_string")]
    pub user: String,
    #[serde(default, deserialize_with = "loose::de_string")]
    pub user_ip: String,
    #[serde(default, deserialize_with = "loose::de_string")]
    pub user_browser_agent: String,
    #[serde(default, deserialize_with = "loose::de_string")]
    pub user_browser_language: String,
    #[serde(default, deserialize_with = "loose::de_opt_string")]
    pub flock_id: Option<String>,
    /// Details of some actions (`null` for most), kept as sent.
    #[serde(default)]
    pub additional_information: Value,
}

/// A page of the trail, newest first.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AuditTrail {
    #[serde(rename = "audit_trail", default, deserialize_with = "loose::de_list")]
    pub entries: Vec<AuditEntry>,
    /// `cursor.next` names the page of older entries.
    #[serde(default, deserialize_with = "Cursor::de_loose")]
    pub cursor: Cursor,
    #[serde(default, deserialize_with = "loose::de_opt_count")]
    pub page_count: Option<u64>,
    #[serde(default, deserialize_with = "loose::de_opt_count")]
    pub page_number: Option<u64>,
}

impl AuditTrail {
    /// The entries newest first, whatever order they came in (ids grow with time).
    pub fn newest_first(mut self) -> Vec<AuditEntry> {
        crate::sort::sort_by_key(&mut self.entries, |e| std::cmp::Reverse(e.id));
        self.entries
    }

    /// Older entries exist beyond this page.
    pub fn has_older(&self) -> bool {
        self.cursor.next.is_some()
    }
}
