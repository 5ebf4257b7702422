//! What the Console answers, decoded tolerantly: fields default when absent, the Console's
//! loose typing is accepted (see [`super::loose`]), and fields this app does not know are kept,
//! because kinds add fields over time and the token detail shows everything.

use super::loose;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// An answer that only says `result: success`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Ack {}

/// `GET /canarytokens/list`: kind id → the Console's label for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct KindList {
    #[serde(
        rename = "canarytokens",
        alias = "factory_canarytokens",
        default,
        deserialize_with = "loose::de_labels"
    )]
    pub kinds: BTreeMap<String, String>,
}

impl KindList {
    /// `(id, label)` pairs in the order people scan them: by label.
    pub fn by_label(&self) -> Vec<(&str, &str)> {
        let mut kinds: Vec<_> =
            self.kinds.iter().map(|(id, label)| (id.as_str(), label.as_str())).collect();
        crate::sort::sort_by_key(&mut kinds, |(id, label)| (label.to_ascii_lowercase(), *id));
        kinds
    }
}

/// A Canarytoken exactly as the Console described it (reference §5): every field it sent, read
/// through accessors that accept the Console's loose typing. Kinds add fields over time; the
/// token detail and the JSON export show them all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(Map<String, Value>);

impl From<Map<String, Value>> for Token {
    fn from(fields: Map<String, Value>) -> Self {
        Self(fields)
    }
}

impl Token {
    fn str(&self, key: &str) -> &str {
        self.0.get(key).and_then(Value::as_str).unwrap_or_default()
    }

    fn opt_str(&self, key: &str) -> Option<&str> {
        Some(self.str(key)).filter(|s| !s.is_empty())
    }

    /// The token id ("token code").
    pub fn id(&self) -> &str {
        self.str("canarytoken")
    }

    pub fn kind(&self) -> &str {
        self.str("kind")
    }

    pub fn memo(&self) -> &str {
        self.str("memo")
    }

    /// Tokens are enabled unless the Console says otherwise.
    pub fn enabled(&self) -> bool {
        self.0.get("enabled").and_then(loose::flag).unwrap_or(true)
    }

    pub fn flock_id(&self) -> &str {
        self.str("flock_id")
    }

    /// Seconds since the epoch (the Console sends a string float).
    pub fn created(&self) -> Option<f64> {
        self.0.get("created").and_then(loose::time)
    }

    pub fn hostname(&self) -> Option<&str> {
        self.opt_str("hostname")
    }

    pub fn url(&self) -> Option<&str> {
        self.opt_str("url")
    }

    /// The id incidents are filed under; the token id when the Console sends none.
    pub fn node_id(&self) -> &str {
        self.opt_str("node_id").unwrap_or_else(|| self.id())
    }

    pub fn triggered_count(&self) -> u64 {
        self.0.get("triggered_count").and_then(loose::count).unwrap_or_default()
    }

    /// Only in `/canarytokens/search` results.
    pub fn unacked_alert_count(&self) -> Option<u64> {
        self.0.get("unacked_alert_count").and_then(loose::count)
    }

    pub fn redirect_url(&self) -> Option<&str> {
        self.opt_str("browser_redirect_url")
    }

    pub fn custom_domain(&self) -> Option<&str> {
        self.opt_str("custom_domain")
    }

    /// Any field as text (strings, numbers and flags).
    pub fn text(&self, key: &str) -> Option<String> {
        self.0.get(key).and_then(loose::text).filter(|t| !t.is_empty())
    }

    /// Kind-specific copy-paste texts (`aws-id` credentials, the `cloned-web` snippet,
    /// `wg_conf`); a render that is not text is shown as its JSON.
    pub fn renders(&self) -> Vec<(&str, String)> {
        let Some(Value::Object(renders)) = self.0.get("renders") else { return Vec::new() };
        renders
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.as_str(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect()
    }

    /// Every field, as sent.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }

    /// Records a change the Console has confirmed without sending the token back.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(key.to_owned(), value.into());
    }
}

/// `GET /canarytokens/fetch`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TokenList {
    #[serde(default, deserialize_with = "loose::de_list")]
    pub tokens: Vec<Token>,
}

/// `canarytoken/fetch` and `canarytoken/update`; `update/redirect_url` may omit the token.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TokenAnswer {
    #[serde(default)]
    pub token: Option<Token>,
}

/// `canarytoken/create` and factory create.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Created {
    #[serde(rename = "canarytoken")]
    pub token: Token,
}

/// Where the next and previous pages are. The Console's `*_link` URLs embed the key, so they are
/// not read; the cursor alone asks for the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Cursor {
    #[serde(default, deserialize_with = "loose::de_opt_string")]
    pub next: Option<String>,
    #[serde(default, deserialize_with = "loose::de_opt_string")]
    pub prev: Option<String>,
}

impl Cursor {
    /// A cursor object, or none for anything else (`null` on a last page, a bare string).
    pub fn de_loose<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Cursor, D::Error> {
        Ok(serde_json::from_value(Value::deserialize(d)?).unwrap_or_default())
    }
}

/// One page of `/canarytokens/paginate` (`page_num`, `page_total`) or `/canarytokens/search`
/// (`page_number`, `total_pages`, `total_results`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TokenPage {
    #[serde(rename = "canarytokens", default, deserialize_with = "loose::de_list")]
    pub tokens: Vec<Token>,
    #[serde(default, deserialize_with = "Cursor::de_loose")]
    pub cursor: Cursor,
    #[serde(alias = "page_num", default, deserialize_with = "loose::de_opt_count")]
    pub page_number: Option<u64>,
    #[serde(alias = "page_total", default, deserialize_with = "loose::de_opt_count")]
    pub total_pages: Option<u64>,
    #[serde(default, deserialize_with = "loose::de_opt_count")]
    pub total_results: Option<u64>,
}

/// `GET /flocks/list`: flock id → name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Flocks {
    #[serde(default, deserialize_with = "loose::de_labels")]
    pub flocks: BTreeMap<String, String>,
}

/// `GET /settings/canarytokens/user_domains/list`: custom token domains linked to the Console.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UserDomains {
    #[serde(default, deserialize_with = "loose::de_list")]
    pub user_domains: Vec<String>,
}

/// `POST /canarytokens/delete`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct BulkDeleted {
    #[serde(default, deserialize_with = "loose::de_count")]
    pub deleted_count: u64,
}

/// `POST /canarytoken/create_factory`: the factory string is shown once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct FactoryCreated {
    #[serde(default, deserialize_with = "loose::de_string")]
    pub factory_auth: String,
    #[serde(default, deserialize_with = "loose::de_opt_string")]
    pub factory_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Factory {
    #[serde(default, deserialize_with = "loose::de_string")]
    pub factory_auth: String,
    #[serde(default, deserialize_with = "loose::de_string")]
    pub flock_id: String,
    #[serde(default, deserialize_with = "loose::de_string")]
    pub memo: String,
}

/// `GET /canarytoken/list_factories`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Factories {
    #[serde(default, deserialize_with = "loose::de_list")]
    pub factories: Vec<Factory>,
}

/// A generated file: its bytes and the name to save it under.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Download({}, {}, {} bytes)", self.filename, self.content_type, self.bytes.len())
    }
}

/// `GET /console/features` (reference §12): which of the Console's features are on. The flags
/// come as booleans (`"True"`/`"False"` strings are read too); a flag that is neither is left
/// out. The default names none, for a Console that could not be asked: see [`Features::has`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Features {
    #[serde(rename = "features", default, deserialize_with = "de_feature_flags")]
    flags: BTreeMap<String, bool>,
}

impl Features {
    /// Whether the Console offers `name`. A feature it did not name is on: an older Console
    /// without the endpoint, a key refused it or an answer that could not be read leave the
    /// app as it was before it asked, offering everything.
    pub fn has(&self, name: &str) -> bool {
        self.flags.get(name).copied().unwrap_or(true)
    }

    /// The flag of `needs` (a kind's or parameter's) that this Console has off, if any.
    pub fn missing(&self, needs: Option<&'static str>) -> Option<&'static str> {
        needs.filter(|flag| !self.has(flag))
    }
}

fn de_feature_flags<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, bool>, D::Error> {
    let Value::Object(flags) = Value::deserialize(d)? else { return Ok(BTreeMap::new()) };
    // Inserted one by one: collecting into a map would compile a sort for the pairs.
    let mut known = BTreeMap::new();
    for (name, v) in flags {
        if let Some(on) = loose::flag(&v) {
            known.insert(name, on);
        }
    }
    Ok(known)
}
