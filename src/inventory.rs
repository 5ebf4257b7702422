//! The tokens loaded from the Console and the filters over them: pure data, so that filtering
//! 10,000 tokens per keystroke stays cheap (each row keeps its searchable text pre-lowered) and
//! can be tested natively.

use crate::api::endpoints::TokenQuery;
use crate::api::types::Token;
use std::collections::HashMap;

/// A loaded token and what text filters look at.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub token: Token,
    /// Lower-case id and memo.
    haystack: String,
}

impl Row {
    fn new(token: Token) -> Self {
        let haystack = format!("{} {}", token.id(), token.memo()).to_lowercase();
        Self { token, haystack }
    }
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

    pub fn matches(&self, row: &Row) -> bool {
        let token = &row.token;
        self.kind.as_deref().is_none_or(|k| token.kind() == k)
            && self.flock.as_deref().is_none_or(|f| token.flock_id() == f)
            && self.state.active().is_none_or(|on| token.enabled() == on)
            && self.text.split_whitespace().all(|word| row.haystack.contains(&word.to_lowercase()))
    }
}

/// Loaded tokens in the Console's order (newest first), each once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    rows: Vec<Row>,
    index: HashMap<String, usize>,
}

impl Inventory {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds a page; a token seen before is replaced where it stands.
    pub fn extend(&mut self, tokens: impl IntoIterator<Item = Token>) {
        for token in tokens {
            match self.index.get(token.id()) {
                Some(&i) => self.rows[i] = Row::new(token),
                None => {
                    self.index.insert(token.id().to_owned(), self.rows.len());
                    self.rows.push(Row::new(token));
                }
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Token> {
        self.index.get(id).map(|&i| &self.rows[i].token)
    }

    /// Applies a change the Console confirmed (a new memo, enabled state, ...).
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Token)) {
        if let Some(&i) = self.index.get(id) {
            let mut token = self.rows[i].token.clone();
            change(&mut token);
            self.rows[i] = Row::new(token);
        }
    }

    /// Puts a newly created token first.
    pub fn insert_first(&mut self, token: Token) {
        self.remove(token.id());
        self.rows.insert(0, Row::new(token));
        self.reindex();
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let Some(i) = self.index.remove(id) else { return false };
        self.rows.remove(i);
        self.reindex();
        true
    }

    fn reindex(&mut self) {
        self.index =
            self.rows.iter().enumerate().map(|(i, r)| (r.token.id().to_owned(), i)).collect();
    }

    /// The rows `filter` lets through, in order.
    pub fn matching<'a>(&'a self, filter: &'a Filter) -> impl Iterator<Item = &'a Token> + 'a {
        self.rows.iter().filter(|r| filter.matches(r)).map(|r| &r.token)
    }

    pub fn tokens(&self) -> impl Iterator<Item = &Token> {
        self.rows.iter().map(|r| &r.token)
    }
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
        inv
    }

    fn ids(inv: &Inventory, filter: &Filter) -> Vec<String> {
        inv.matching(filter).map(|t| t.id().to_owned()).collect()
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
    }

    #[test]
    fn filters_become_the_consoles_search() {
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
    }

    #[test]
    fn pages_replace_repeated_tokens_and_changes_apply_in_place() {
        let mut inv = sample();
        inv.extend([token("aaa111", "dns", "Laptop 001 moved", true, "flock:default")]);
        assert_eq!(inv.len(), 3);
        assert_eq!(inv.get("aaa111").unwrap().memo(), "Laptop 001 moved");
        inv.update("bbb222", |t| t.set("enabled", true));
        assert!(inv.get("bbb222").unwrap().enabled());
        assert_eq!(ids(&inv, &Filter { text: "moved".into(), ..Filter::default() }), ["aaa111"]);
        assert!(inv.remove("aaa111") && !inv.remove("aaa111"));
        inv.insert_first(token("new999", "http", "fresh", true, "flock:default"));
        assert_eq!(ids(&inv, &Filter::default()), ["new999", "bbb222", "ccc333"]);
        assert_eq!(inv.get("ccc333").unwrap().memo(), "laptop 002 HR");
    }

    #[test]
    fn ten_thousand_rows_filter_quickly() {
        let mut inv = Inventory::default();
        inv.extend((0..10_000).map(|i| {
            token(
                &format!("tok{i:05}"),
                if i % 2 == 0 { "dns" } else { "http" },
                &format!("Laptop {i:05} (finance)"),
                i % 7 != 0,
                "flock:default",
            )
        }));
        let started = std::time::Instant::now();
        let filter =
            Filter { text: "laptop 0999".into(), kind: Some("dns".into()), ..Filter::default() };
        let found = inv.matching(&filter).count();
        assert_eq!(found, 5);
        assert!(
            started.elapsed().as_millis() < 50,
            "{:?} even in a debug build",
            started.elapsed()
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_340), "12,340");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
