//! Cursor paging as the Console does it: `limit` items a page, opaque cursors, and
//! `next_link`s that embed the caller's key (clients must not follow those blindly). A cursor
//! carries the listing's filters, so a call with only `cursor` goes on with the same listing.

use crate::api::Call;
use crate::reply::{Reply, invalid};
use base64::prelude::{BASE64_URL_SAFE_NO_PAD, Engine as _};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const DEFAULT_LIMIT: usize = 10;

/// Where one page starts and what the listing is filtered by.
#[derive(Serialize, Deserialize, Clone)]
pub struct Listing {
    #[serde(rename = "p")]
    path: String,
    #[serde(rename = "o")]
    offset: usize,
    #[serde(rename = "l")]
    limit: usize,
    #[serde(rename = "q")]
    filters: BTreeMap<String, String>,
}

impl Listing {
    /// From the call's `cursor`, or else from its `limit` (`default_limit` without one) and
    /// the named filter parameters. The variant sets the largest `limit`.
    pub fn from_call(
        call: &Call,
        default_limit: usize,
        filter_names: &[&str],
    ) -> Result<Self, Reply> {
        let max = call.variant.max_limit();
        if let Some(cursor) = call.param("cursor") {
            return Self::decode(cursor)
                .filter(|listing| listing.path == call.path && listing.limit <= max)
                .ok_or_else(|| invalid("cursor", "is invalid"));
        }
        let limit = match call.param("limit") {
            None => default_limit,
            Some(raw) => raw.parse().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                invalid("limit", &format!("must be a whole number from 1 to {max}"))
            })?,
        };
        let filters = filter_names
            .iter()
            .filter_map(|name| call.param(name).map(|v| (name.to_string(), v.to_owned())))
            .collect();
        Ok(Self { path: call.path.clone(), offset: 0, limit, filters })
    }

    pub fn filter(&self, name: &str) -> Option<&str> {
        self.filters.get(name).map(String::as_str)
    }

    /// This page's share of everything the listing matched.
    pub fn page<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let start = self.offset.min(all.len());
        &all[start..(start + self.limit).min(all.len())]
    }

    pub fn page_number(&self) -> usize {
        self.offset / self.limit + 1
    }

    pub fn total_pages(&self, total: usize) -> usize {
        total.div_ceil(self.limit)
    }

    pub fn has_next(&self, total: usize) -> bool {
        self.offset + self.limit < total
    }

    /// `{next, prev}`, null where there is no such page.
    pub fn bare_cursor(&self, total: usize) -> Value {
        let (next, prev) = self.neighbours(total);
        json!({"next": next, "prev": prev})
    }

    fn neighbours(&self, total: usize) -> (Option<String>, Option<String>) {
        let next = self.has_next(total).then(|| self.at(self.offset + self.limit));
        let prev = (self.offset > 0).then(|| self.at(self.offset.saturating_sub(self.limit)));
        (next, prev)
    }

    /// `{next, next_link, prev, prev_link}`, null where there is no such page.
    pub fn cursor(&self, total: usize, call: &Call) -> Value {
        let (next, prev) = self.neighbours(total);
        let link = |cursor: &Option<String>| {
            cursor.as_ref().map(|c| {
                format!(
                    "http://{}/api/v1/{}?cursor={c}&auth_token={}",
                    call.host,
                    self.path,
                    call.credential()
                )
            })
        };
        json!({
            "next_link": link(&next),
            "prev_link": link(&prev),
            "next": next,
            "prev": prev,
        })
    }

    fn at(&self, offset: usize) -> String {
        let listing = Self { offset, ..self.clone() };
        let encoded = serde_json::to_vec(&listing).unwrap_or_default();
        BASE64_URL_SAFE_NO_PAD.encode(encoded)
    }

    fn decode(cursor: &str) -> Option<Self> {
        let bytes = BASE64_URL_SAFE_NO_PAD.decode(cursor).ok()?;
        serde_json::from_slice::<Self>(&bytes).ok().filter(|listing| listing.limit >= 1)
    }
}
