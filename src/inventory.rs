//! The tokens loaded from the Console and the filters over them: pure data, so that filtering
//! 100,000 tokens per keystroke stays within a frame and can be tested natively.
//!
//! A Console may hold 100,000 tokens (Thinkst's default limit for AWS keys alone), so each is
//! kept as a compact [`Row`] (what the list shows and filters by: some 100 bytes) rather than
//! the whole decoded object; the token screen reads the full token from the Console. The text
//! filter searches one lower-case buffer of every row's id and memo, a line per row, so that a
//! keystroke is one pass over a few megabytes instead of 100,000 small searches.

use crate::api::endpoints::TokenQuery;
use crate::api::request::{form_urldecode, form_urlencode};
use crate::api::types::Token;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What the inventory keeps of a token: what its row shows and what filters look at.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: Box<str>,
    pub memo: Box<str>,
    /// Indexes into [`Inventory::names`] (kinds and flocks repeat across thousands of rows).
    kind: u16,
    flock: u16,
    pub enabled: bool,
    /// Seconds since the epoch.
    pub created: Option<f64>,
    pub triggered: u32,
    /// Only from `canarytokens/search`.
    pub unacked: Option<u32>,
}

/// Enabled, disabled or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    Enabled,
    Disabled,
}

impl StateFilter {
    /// The value of an `active` parameter or control: `true`, `false`, anything else both.
    pub fn from_param(value: &str) -> Self {
        match value {
            "true" => Self::Enabled,
            "false" => Self::Disabled,
            _ => Self::All,
        }
    }

    pub fn active(self) -> Option<bool> {
        match self {
            Self::All => None,
            Self::Enabled => Some(true),
            Self::Disabled => Some(false),
        }
    }
}

/// What the user filters by. The same filters go to the Console's search when not everything
/// is loaded, and run here over what is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    pub kind: Option<String>,
    pub state: StateFilter,
    pub flock: Option<String>,
}

impl Filter {
    /// Every token.
    pub const EMPTY: Self =
        Self { text: String::new(), kind: None, state: StateFilter::All, flock: None };

    /// The filter as a query string (for an address: the export starts from the inventory's
    /// filter), named after the search's parameters; empty parts are left out.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.text.trim().is_empty() {
            pairs.push(("text", self.text.as_str()));
        }
        if let Some(kind) = &self.kind {
            pairs.push(("kind", kind.as_str()));
        }
        if let Some(on) = self.state.active() {
            pairs.push(("active", if on { "true" } else { "false" }));
        }
        if let Some(flock) = &self.flock {
            pairs.push(("flock_id", flock.as_str()));
        }
        form_urlencode(&pairs)
    }

    /// The filter [`Filter::to_query`] wrote; unknown parts are ignored.
    pub fn from_query(query: &str) -> Self {
        let mut filter = Self::EMPTY;
        for (name, value) in form_urldecode(query) {
            match name.as_str() {
                "text" => filter.text = value,
                "kind" => filter.kind = Some(value).filter(|k| !k.is_empty()),
                "active" => filter.state = StateFilter::from_param(&value),
                "flock_id" => filter.flock = Some(value).filter(|f| !f.is_empty()),
                _ => {}
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.kind.is_none()
            && self.state == StateFilter::All
            && self.flock.is_none()
    }

    /// The Console search asking for the same tokens (its text match is by word prefix, ours
    /// by substring; the Console's answer is narrowed again here).
    pub fn query(&self) -> TokenQuery {
        TokenQuery {
            search_string: Some(self.text.trim().to_owned()).filter(|t| !t.is_empty()),
            kind: self.kind.clone(),
            active: self.state.active(),
            flock_id: self.flock.clone(),
            ..TokenQuery::default()
        }
    }

    /// Whether this filter lets `token` through (the test the inventory's rows pass, for tokens
    /// that are not in it).
    pub fn lets_through(&self, token: &Token) -> bool {
        self.kind.as_deref().is_none_or(|k| token.kind() == k)
            && self.flock.as_deref().is_none_or(|f| token.flock_id() == f)
            && self.state.active().is_none_or(|on| token.enabled() == on)
            && has_words(token.id(), token.memo(), &self.words())
    }

    /// The lower-case words of the text filter, the longest first (it narrows most).
    fn words(&self) -> Vec<String> {
        let mut words: Vec<String> = self.text.split_whitespace().map(str::to_lowercase).collect();
        let longest = words.iter().enumerate().max_by_key(|(_, w)| w.len()).map(|(i, _)| i);
        if let Some(i) = longest {
            words.swap(0, i);
        }
        words
    }

    /// Whether every row `self` lets through is also let through by `wider` (typing on), so
    /// that narrowing `wider`'s matches gives this filter's.
    pub fn narrows(&self, wider: &Filter) -> bool {
        self.kind == wider.kind
            && self.state == wider.state
            && self.flock == wider.flock
            && wider
                .words()
                .iter()
                .all(|w| self.words().iter().any(|mine| mine.contains(w.as_str())))
    }
}

/// Loaded tokens in the Console's order (newest first), each once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    rows: Vec<Row>,
    index: HashMap<Box<str>, u32>,
    /// Kind ids and flock ids, each once.
    names: Vec<Box<str>>,
    /// `id memo\n` of every row, lower-case, and where each row's line starts; rebuilt after
    /// changes, before the next text search.
    haystack: String,
    starts: Vec<u32>,
    stale: bool,
    /// Counts changes, so that a view can tell its matches are still good.
    version: u64,
}

impl Inventory {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Changes with every change to the rows.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Adds a page; a token seen before is replaced where it stands.
    pub fn extend(&mut self, tokens: impl IntoIterator<Item = Token>) {
        self.version += 1;
        for token in tokens {
            let row = self.row(&token);
            match self.index.get(&row.id) {
                Some(&i) => {
                    self.rows[i as usize] = row;
                    self.stale = true;
                }
                None => {
                    self.index.insert(row.id.clone(), self.rows.len() as u32);
                    if !self.stale {
                        self.push_line(&row);
                    }
                    self.rows.push(row);
                }
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Row> {
        self.index.get(id).map(|&i| &self.rows[i as usize])
    }

    pub fn row_at(&self, position: u32) -> &Row {
        &self.rows[position as usize]
    }

    pub fn kind(&self, row: &Row) -> &str {
        &self.names[row.kind as usize]
    }

    pub fn flock(&self, row: &Row) -> &str {
        &self.names[row.flock as usize]
    }

    /// What is known of a row as a token (for a screen to show before the Console's copy
    /// arrives).
    pub fn token(&self, row: &Row) -> Token {
        let fields: [(&str, Value); 8] = [
            ("canarytoken", row.id.as_ref().into()),
            ("kind", self.kind(row).into()),
            ("memo", row.memo.as_ref().into()),
            ("enabled", row.enabled.into()),
            ("flock_id", self.flock(row).into()),
            ("triggered_count", row.triggered.into()),
            ("created", row.created.map(|c| c.to_string()).into()),
            ("unacked_alert_count", row.unacked.into()),
        ];
        // Inserted one by one: collecting into a map would compile a sort for the pairs.
        let mut known = Map::new();
        for (name, value) in fields.into_iter().filter(|(_, v)| !v.is_null()) {
            known.insert(name.to_owned(), value);
        }
        Token::from(known)
    }

    /// Applies a change the Console confirmed (a new memo, enabled state, ...).
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Token)) {
        let Some(&i) = self.index.get(id) else { return };
        let mut token = self.token(&self.rows[i as usize]);
        let unacked = self.rows[i as usize].unacked;
        change(&mut token);
        let mut row = self.row(&token);
        // A token from `canarytoken/fetch` has no unacknowledged count: keep the search's.
        row.unacked = row.unacked.or(unacked);
        self.rows[i as usize] = row;
        self.stale = true;
        self.version += 1;
    }

    /// Puts a newly created token first.
    pub fn insert_first(&mut self, token: Token) {
        self.remove(token.id());
        let row = self.row(&token);
        self.rows.insert(0, row);
        self.reindex();
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let Some(i) = self.index.remove(id) else { return false };
        self.rows.remove(i as usize);
        self.reindex();
        true
    }

    fn reindex(&mut self) {
        self.index = self.rows.iter().enumerate().map(|(i, r)| (r.id.clone(), i as u32)).collect();
        self.stale = true;
        self.version += 1;
    }

    fn row(&mut self, token: &Token) -> Row {
        Row {
            id: token.id().into(),
            memo: token.memo().into(),
            kind: self.name(token.kind()),
            flock: self.name(token.flock_id()),
            enabled: token.enabled(),
            created: token.created(),
            triggered: token.triggered_count().min(u64::from(u32::MAX)) as u32,
            unacked: token.unacked_alert_count().map(|n| n.min(u64::from(u32::MAX)) as u32),
        }
    }

    fn name(&mut self, name: &str) -> u16 {
        match self.names.iter().position(|n| n.as_ref() == name) {
            Some(i) => i as u16,
            None => {
                self.names.push(name.into());
                (self.names.len() - 1) as u16
            }
        }
    }

    fn push_line(&mut self, row: &Row) {
        self.starts.push(self.haystack.len() as u32);
        for part in [&row.id, &row.memo] {
            // Lower-cased in place; a line break in a memo must not end the row's line.
            self.haystack.extend(part.chars().flat_map(char::to_lowercase).map(|c| match c {
                '\n' => ' ',
                c => c,
            }));
            self.haystack.push(' ');
        }
        self.haystack.push('\n');
    }

    /// Makes the search buffer current; the next text search needs it.
    pub fn prepare(&mut self) {
        if !self.stale {
            return;
        }
        self.haystack.clear();
        self.starts.clear();
        let rows = std::mem::take(&mut self.rows);
        for row in &rows {
            self.push_line(row);
        }
        self.rows = rows;
        self.stale = false;
    }

    /// The positions of the rows `filter` lets through, in order. `within`, when given, holds
    /// the matches of a filter this one [`narrows`](Filter::narrows): only those are looked at.
    /// Call [`Inventory::prepare`] after changes first (a stale buffer finds nothing by text).
    pub fn matching(&self, filter: &Filter, within: Option<&[u32]>) -> Vec<u32> {
        let kind = filter.kind.as_deref().map(|k| self.names.iter().position(|n| n.as_ref() == k));
        let flock =
            filter.flock.as_deref().map(|f| self.names.iter().position(|n| n.as_ref() == f));
        // A kind or flock no row has: nothing matches.
        if matches!(kind, Some(None)) || matches!(flock, Some(None)) {
            return Vec::new();
        }
        let (kind, flock) = (kind.flatten().map(|k| k as u16), flock.flatten().map(|f| f as u16));
        let active = filter.state.active();
        let passes = |i: u32| {
            let row = &self.rows[i as usize];
            kind.is_none_or(|k| row.kind == k)
                && flock.is_none_or(|f| row.flock == f)
                && active.is_none_or(|on| row.enabled == on)
        };
        let words = filter.words();
        let line = |i: u32| {
            let start = self.starts[i as usize] as usize;
            let end = self.starts.get(i as usize + 1).map_or(self.haystack.len(), |e| *e as usize);
            &self.haystack[start..end]
        };
        let has_words =
            |i: u32, from: usize| words[from..].iter().all(|w| line(i).contains(w.as_str()));
        if self.stale || self.starts.len() != self.rows.len() {
            // Not prepared: look row by row (correct, only slower).
            return (0..self.rows.len() as u32)
                .filter(|&i| passes(i) && self.row_has_words(i, &words))
                .collect();
        }
        match (within, words.first()) {
            (Some(within), _) => {
                within.iter().copied().filter(|&i| passes(i) && has_words(i, 0)).collect()
            }
            (None, None) => (0..self.rows.len() as u32).filter(|&i| passes(i)).collect(),
            (None, Some(longest)) => {
                // One search over the whole buffer for the longest word; a hit skips to the next
                // row, whose line the other words and filters then check.
                let mut found = Vec::new();
                let mut from = 0;
                while let Some(at) = self.haystack[from..].find(longest.as_str()) {
                    let at = from + at;
                    let row = self.starts.partition_point(|&s| s as usize <= at) as u32 - 1;
                    if passes(row) && has_words(row, 1) {
                        found.push(row);
                    }
                    from = self
                        .starts
                        .get(row as usize + 1)
                        .map_or(self.haystack.len(), |s| *s as usize);
                }
                found
            }
        }
    }

    fn row_has_words(&self, i: u32, words: &[String]) -> bool {
        let row = &self.rows[i as usize];
        has_words(&row.id, &row.memo, words)
    }

    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter()
    }
}

/// Whether every (lower-case) word is in the token's id or memo.
fn has_words(id: &str, memo: &str, words: &[String]) -> bool {
    let line = format!("{id} {memo}").to_lowercase();
    words.iter().all(|w| line.contains(w.as_str()))
}

/// `12,340`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token(id: &str, kind: &str, memo: &str, enabled: bool, flock: &str) -> Token {
        serde_json::from_value(json!({"canarytoken": id, "kind": kind, "memo": memo, "enabled": enabled, "flock_id": flock})).unwrap()
    }

    fn sample() -> Inventory {
        let mut inv = Inventory::default();
        inv.extend([
            token("aaa111", "dns", "Laptop 001 finance", true, "flock:default"),
            token("bbb222", "aws-id", "CI secrets", false, "flock:default"),
            token("ccc333", "dns", "laptop 002 HR", true, "flock:branch"),
        ]);
        inv.prepare();
        inv
    }

    fn ids(inv: &Inventory, filter: &Filter) -> Vec<String> {
        inv.matching(filter, None).into_iter().map(|i| inv.row_at(i).id.to_string()).collect()
    }

    #[test]
    fn filters_combine() {
        let inv = sample();
        assert_eq!(ids(&inv, &Filter::default()).len(), 3);
        let text = Filter { text: "LAPTOP".into(), ..Filter::default() };
        assert_eq!(ids(&inv, &text), ["aaa111", "ccc333"]);
        let words = Filter { text: "laptop hr".into(), ..Filter::default() };
        assert_eq!(ids(&inv, &words), ["ccc333"]);
        let by_id = Filter { text: "bbb2".into(), ..Filter::default() };
        assert_eq!(ids(&inv, &by_id), ["bbb222"]);
        let disabled = Filter { state: StateFilter::Disabled, ..Filter::default() };
        assert_eq!(ids(&inv, &disabled), ["bbb222"]);
        let flock_and_kind = Filter {
            kind: Some("dns".into()),
            flock: Some("flock:branch".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&inv, &flock_and_kind), ["ccc333"]);
        for filter in [&text, &words, &by_id, &disabled, &flock_and_kind] {
            let let_through: Vec<_> = ["aaa111", "bbb222", "ccc333"]
                .into_iter()
                .filter(|id| filter.lets_through(&inv.token(inv.get(id).unwrap())))
                .collect();
            assert_eq!(let_through, ids(&inv, filter), "{filter:?}");
        }
        let unknown_kind = Filter { kind: Some("nope".into()), ..Filter::default() };
        assert!(ids(&inv, &unknown_kind).is_empty());
        // A word spanning the id and the memo, or two rows, matches nothing.
        assert!(ids(&inv, &Filter { text: "111 laptop".into(), ..Filter::default() }).len() == 1);
        assert!(ids(&inv, &Filter { text: "finance bbb".into(), ..Filter::default() }).is_empty());
    }

    #[test]
    fn narrowing_reuses_the_wider_matches() {
        let inv = sample();
        let wide = Filter { text: "lap".into(), ..Filter::default() };
        let narrow = Filter { text: "lapto 002".into(), ..Filter::default() };
        assert!(narrow.narrows(&wide));
        assert!(!wide.narrows(&narrow));
        assert!(!Filter { kind: Some("dns".into()), ..narrow.clone() }.narrows(&wide));
        let within = inv.matching(&wide, None);
        assert_eq!(inv.matching(&narrow, Some(&within)), inv.matching(&narrow, None));
    }

    #[test]
    fn filters_become_the_consoles_search_and_an_address() {
        let filter = Filter {
            text: "  laptop ".into(),
            kind: Some("dns".into()),
            state: StateFilter::Enabled,
            flock: None,
        };
        let q = filter.query();
        assert_eq!(
            (q.search_string.as_deref(), q.kind.as_deref(), q.active),
            (Some("laptop"), Some("dns"), Some(true))
        );
        assert!(Filter { text: "   ".into(), ..Filter::default() }.is_empty());
        assert!(!filter.is_empty());
        assert_eq!(Filter::from_query(&filter.to_query()), filter);
        assert_eq!(Filter::from_query(""), Filter::EMPTY);
        assert_eq!(Filter::from_query("active=maybe&other=1").state, StateFilter::All);
    }

    #[test]
    fn pages_replace_repeated_tokens_and_changes_apply_in_place() {
        let mut inv = sample();
        inv.extend([token("aaa111", "dns", "Laptop 001 moved", true, "flock:default")]);
        assert_eq!(inv.len(), 3);
        assert_eq!(&*inv.get("aaa111").unwrap().memo, "Laptop 001 moved");
        inv.update("bbb222", |t| t.set("enabled", true));
        assert!(inv.get("bbb222").unwrap().enabled);
        inv.prepare();
        assert_eq!(ids(&inv, &Filter { text: "moved".into(), ..Filter::default() }), ["aaa111"]);
        assert!(ids(&inv, &Filter { text: "finance".into(), ..Filter::default() }).is_empty());
        assert!(inv.remove("aaa111") && !inv.remove("aaa111"));
        inv.insert_first(token("new999", "http", "fresh", true, "flock:default"));
        assert_eq!(ids(&inv, &Filter::default()), ["new999", "bbb222", "ccc333"]);
        assert_eq!(&*inv.get("ccc333").unwrap().memo, "laptop 002 HR");
        // Unprepared, the text filter still answers (row by row).
        assert_eq!(ids(&inv, &Filter { text: "FRESH".into(), ..Filter::default() }), ["new999"]);
    }

    #[test]
    fn a_row_gives_back_what_it_knows_as_a_token() {
        let mut inv = Inventory::default();
        let full: Token = serde_json::from_value(json!({
            "canarytoken": "x1", "kind": "aws-id", "memo": "m", "enabled": "False",
            "flock_id": "flock:default", "created": "1586161315.087693", "triggered_count": "4",
            "unacked_alert_count": 2, "secret_access_key": "kept out"
        }))
        .unwrap();
        inv.extend([full]);
        let row = inv.get("x1").unwrap();
        assert_eq!((row.enabled, row.triggered, row.unacked), (false, 4, Some(2)));
        let token = inv.token(row);
        assert_eq!(
            (token.id(), token.kind(), token.memo(), token.enabled()),
            ("x1", "aws-id", "m", false)
        );
        assert_eq!(token.created(), Some(1586161315.087693));
        assert_eq!(token.text("secret_access_key"), None);
        // A fetched copy without the search's count keeps the count.
        inv.update("x1", |t| t.set("memo", "new"));
        assert_eq!(inv.get("x1").unwrap().unacked, Some(2));
    }

    #[test]
    fn a_hundred_thousand_rows_filter_within_a_frame() {
        let tokens: Vec<Token> = (0..100_000)
            .map(|i| {
                token(
                    &format!("tok{i:06}abcdefghijklmnopq"),
                    if i % 2 == 0 { "dns" } else { "http" },
                    &format!("Laptop {i:05} (finance)"),
                    i % 7 != 0,
                    "flock:default",
                )
            })
            .collect();
        let mut inv = Inventory::default();
        inv.extend(tokens.iter().cloned());
        inv.prepare();
        let filter =
            Filter { text: "laptop 0999".into(), kind: Some("dns".into()), ..Filter::default() };
        let started = std::time::Instant::now();
        let found = inv.matching(&filter, None);
        let everything = inv.matching(&Filter { text: "laptop".into(), ..Filter::default() }, None);
        let elapsed = started.elapsed();
        let expected: Vec<u32> = (0..tokens.len() as u32)
            .filter(|&i| filter.lets_through(&tokens[i as usize]))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(everything.len(), 100_000);
        assert!(elapsed.as_millis() < 200, "{elapsed:?} even in a debug build");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_340), "12,340");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
