//! Inventory export: every token (or those of the current filter) as CSV or JSON, built page by
//! page as the inventory loads, so that the screen can show progress and never holds more than
//! the tokens and the output.
//!
//! # Secrets
//! Tokens carry bait secrets: an AWS secret access key, a WireGuard private key in its config,
//! card numbers and CVVs. They are left out unless `include_secrets` is chosen: whatever the
//! catalog marks secret for the token's kind
//! ([`Kind::is_secret`](crate::kinds::Kind::is_secret)), and, for kinds the catalog
//! does not know or fields it does not list, any field or render whose name says `secret`,
//! `private`, `password`, `card_number`, `cvv` or `session_token`.
//!
//! `factory_auth` and `auth_token` are removed **always**, even with `include_secrets`: a token
//! made through a factory carries its factory string, which is a credential to the Console itself
//! (it creates tokens in the flock and downloads their files, like an API key) rather than bait
//! meant to be planted. The design rule "the API key never appears in exported files" covers
//! anything that works like one.
//!
//! # CSV columns
//! `canarytoken, kind, memo, enabled, flock_id, created, triggered_count, url, hostname,
//! custom_domain, browser_redirect_url, details`. `created` is ISO-8601 UTC
//! (`2020-04-06T08:21:55Z`), computed with integer arithmetic. `details` holds what the catalog
//! shows for the kind (access key id, bucket names, the cloned-site snippet, ...) as a compact
//! JSON object, secrets filtered as above; the full record of every field is the JSON export.

use super::csv::write_row;
use crate::api::types::Token;
use crate::kinds::{Show, find, is_secret};
use crate::time::{civil, iso_utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// Fields that are credentials to the Console, never exported.
const NEVER_EXPORTED: &[&str] = &["factory_auth", "auth_token"];

/// The CSV export's columns.
pub const CSV_COLUMNS: [&str; 12] = [
    "canarytoken",
    "kind",
    "memo",
    "enabled",
    "flock_id",
    "created",
    "triggered_count",
    "url",
    "hostname",
    "custom_domain",
    "browser_redirect_url",
    "details",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv;charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

/// The file name for an export made at `epoch_secs`: `canarytokens-2026-03-04.csv`.
pub fn export_filename(format: Format, epoch_secs: i64) -> String {
    let (y, m, d, ..) = civil(epoch_secs);
    format!("canarytokens-{y:04}-{m:02}-{d:02}.{}", format.ext())
}

/// Builds an export from pages of tokens.
#[derive(Clone, Debug)]
pub struct Exporter {
    format: Format,
    include_secrets: bool,
    out: String,
    count: usize,
}

impl Exporter {
    pub fn new(format: Format, include_secrets: bool) -> Self {
        let mut out = String::new();
        match format {
            Format::Csv => write_row(&mut out, CSV_COLUMNS),
            Format::Json => out.push('['),
        }
        Self { format, include_secrets, out, count: 0 }
    }

    /// Adds a page of tokens.
    pub fn push(&mut self, page: &[Token]) {
        for token in page {
            match self.format {
                Format::Csv => self.csv_row(token),
                Format::Json => {
                    self.out.push_str(if self.count == 0 { "\n" } else { ",\n" });
                    let filtered = Filtered {
                        map: token.fields(),
                        kind: token.kind(),
                        include_secrets: self.include_secrets,
                        top: true,
                    };
                    // Serialising a map of JSON values into a string cannot fail.
                    self.out.push_str(&serde_json::to_string(&filtered).unwrap_or_default());
                }
            }
            self.count += 1;
        }
    }

    /// Tokens added so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Size of the output so far, in bytes.
    pub fn byte_len(&self) -> usize {
        self.out.len()
    }

    /// The finished file.
    pub fn finish(mut self) -> String {
        if self.format == Format::Json {
            self.out.push_str(if self.count == 0 { "]\n" } else { "\n]\n" });
        }
        self.out
    }

    fn csv_row(&mut self, token: &Token) {
        let created = token.created().map(|t| iso_utc(t.floor() as i64)).unwrap_or_default();
        let cells = [
            token.id().to_owned(),
            token.kind().to_owned(),
            token.memo().to_owned(),
            token.enabled().to_string(),
            token.flock_id().to_owned(),
            created,
            token.triggered_count().to_string(),
            token.url().unwrap_or_default().to_owned(),
            token.hostname().unwrap_or_default().to_owned(),
            token.custom_domain().unwrap_or_default().to_owned(),
            token.redirect_url().unwrap_or_default().to_owned(),
            self.details(token),
        ];
        write_row(&mut self.out, &cells);
    }

    /// What the catalog shows for the token's kind, as a JSON object (empty when nothing).
    fn details(&self, token: &Token) -> String {
        let Some(kind) = find(token.kind()) else { return String::new() };
        let renders = match token.fields().get("renders") {
            Some(Value::Object(r)) => Some(r),
            _ => None,
        };
        let mut details = Map::new();
        for show in kind.shows {
            let (key, value) = match *show {
                Show::Field { key, .. } => (key, token.fields().get(key)),
                Show::Render { key, .. } => (key, renders.and_then(|r| r.get(key))),
                _ => continue,
            };
            let keep = self.include_secrets || !is_secret(kind.id, key);
            match value {
                Some(v) if keep && !v.is_null() && !NEVER_EXPORTED.contains(&key) => {
                    details.insert(key.to_owned(), v.clone());
                }
                _ => {}
            }
        }
        match details.is_empty() {
            true => String::new(),
            false => Value::Object(details).to_string(),
        }
    }
}

/// A token's fields (or its `renders`) without what must not be exported.
struct Filtered<'a> {
    map: &'a Map<String, Value>,
    kind: &'a str,
    include_secrets: bool,
    /// The token itself, not its renders.
    top: bool,
}

impl Filtered<'_> {
    fn keeps(&self, key: &str) -> bool {
        !NEVER_EXPORTED.contains(&key) && (self.include_secrets || !is_secret(self.kind, key))
    }
}

impl Serialize for Filtered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.map {
            if !self.keeps(key) {
                continue;
            }
            match value {
                Value::Object(renders) if self.top && key == "renders" => {
                    map.serialize_entry(key, &Filtered { map: renders, top: false, ..*self })?
                }
                _ => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::csv::parse;
    use serde_json::json;

    fn token(v: Value) -> Token {
        serde_json::from_value(v).unwrap()
    }

    fn sample() -> Vec<Token> {
        vec![
            token(json!({
                "canarytoken": "aaa", "kind": "aws-id", "memo": "=cmd|' /C calc'!A0",
                "enabled": true, "flock_id": "flock:default", "created": "1586161315.087693",
                "triggered_count": "2", "access_key_id": "AKIAEXAMPLE",
                "secret_access_key": "wJalrSECRET", "username": "svc",
                "renders": {"aws-id": "[default]\naws_secret_access_key=wJalrSECRET"},
                "factory_auth": "factorySTRING", "auth_token": "APIKEY",
            })),
            token(json!({
                "canarytoken": "bbb", "kind": "wireguard", "memo": "VPN, laptop",
                "enabled": "False", "created": 0,
                "renders": {"wg_conf": "[Interface]\nPrivateKey = PRIVATE", "note": "ok"},
            })),
            token(json!({
                "canarytoken": "ccc", "kind": "credit-card", "memo": "Finance",
                "name_on_card": "J Doe", "card_number": "4111111111111111", "cvv": "123",
            })),
            token(json!({
                "canarytoken": "ddd", "kind": "future-kind", "memo": "New",
                "hostname": "ddd.example.com", "private_key": "PRIVATE2", "color": "blue",
            })),
            token(
                json!({"canarytoken": "eee", "kind": "http", "memo": "Wiki", "url": "https://x/y"}),
            ),
        ]
    }

    const SECRETS: &[&str] = &["wJalrSECRET", "PRIVATE", "4111111111111111", "\"123\""];
    const CREDENTIALS: &[&str] = &["factorySTRING", "APIKEY"];

    fn export(format: Format, include_secrets: bool) -> String {
        let tokens = sample();
        let mut exporter = Exporter::new(format, include_secrets);
        exporter.push(&tokens[..2]);
        assert_eq!(exporter.count(), 2);
        exporter.push(&tokens[2..]);
        exporter.push(&[]);
        assert_eq!(exporter.count(), 5);
        assert!(exporter.byte_len() > 0);
        exporter.finish()
    }

    #[test]
    fn json_leaves_secrets_out_unless_asked() {
        let text = export(Format::Json, false);
        let all: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(all.len(), 5);
        for s in SECRETS.iter().chain(CREDENTIALS) {
            assert!(!text.contains(s), "{s} leaked: {text}");
        }
        assert_eq!(all[0]["access_key_id"], "AKIAEXAMPLE");
        assert_eq!(all[0]["renders"], json!({}));
        assert_eq!(all[1]["renders"], json!({"note": "ok"}));
        assert_eq!(all[2]["name_on_card"], "J Doe");
        assert_eq!(all[3]["color"], "blue");
        assert!(all[3].get("private_key").is_none());

        let text = export(Format::Json, true);
        for s in SECRETS {
            assert!(text.contains(s), "{s} missing");
        }
        for s in CREDENTIALS {
            assert!(!text.contains(s), "{s} is never exported");
        }
        let all: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(all[1]["renders"]["wg_conf"], "[Interface]\nPrivateKey = PRIVATE");
    }

    #[test]
    fn empty_exports_are_valid() {
        let json = Exporter::new(Format::Json, false).finish();
        assert_eq!(serde_json::from_str::<Vec<Value>>(&json).unwrap(), Vec::<Value>::new());
        let csv = Exporter::new(Format::Csv, false).finish();
        assert_eq!(parse(&csv).header, CSV_COLUMNS);
    }

    #[test]
    fn csv_has_one_row_per_token_with_readable_columns() {
        let text = export(Format::Csv, false);
        for s in SECRETS.iter().chain(CREDENTIALS) {
            assert!(!text.contains(s), "{s} leaked");
        }
        let table = parse(&text);
        assert_eq!(table.header, CSV_COLUMNS);
        let rows: Vec<&Vec<String>> = table.records.iter().map(|r| &r.cells).collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[0][..9],
            [
                "aaa",
                "aws-id",
                "'=cmd|' /C calc'!A0",
                "true",
                "flock:default",
                "2020-04-06T08:21:55Z",
                "2",
                "",
                ""
            ]
        );
        let details: Value = serde_json::from_str(&rows[0][11]).unwrap();
        assert_eq!(details, json!({"access_key_id": "AKIAEXAMPLE", "username": "svc"}));
        assert_eq!(rows[1][2..6], ["VPN, laptop", "false", "", "1970-01-01T00:00:00Z"]);
        assert_eq!(rows[1][11], "");
        assert_eq!(rows[2][11], r#"{"name_on_card":"J Doe"}"#);
        assert_eq!(rows[3][8], "ddd.example.com");
        assert_eq!(rows[4][7], "https://x/y");
        assert_eq!(rows[4][5], "", "no created time, no date");

        let text = export(Format::Csv, true);
        let table = parse(&text);
        let details: Value = serde_json::from_str(&table.records[0].cells[11]).unwrap();
        assert_eq!(details["secret_access_key"], "wJalrSECRET");
        assert!(details["aws-id"].as_str().unwrap().contains("wJalrSECRET"));
        assert!(table.records[2].cells[11].contains("4111111111111111"));
        assert!(!text.contains("factorySTRING"));
    }

    #[test]
    fn files_are_named_by_date() {
        assert_eq!(export_filename(Format::Json, 1_586_161_315), "canarytokens-2020-04-06.json");
    }

    #[test]
    fn secret_names_are_recognised() {
        assert!(is_secret("aws-id", "secret_access_key"));
        assert!(is_secret("aws-id", "aws-id"));
        assert!(!is_secret("aws-id", "access_key_id"));
        assert!(is_secret("wireguard", "wg_conf"));
        assert!(is_secret("credit-card", "cvv"));
        assert!(is_secret("anything", "Private_Key"));
        assert!(!is_secret("http", "url"));
    }
}
