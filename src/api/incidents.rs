//! Alerts (incidents) as the Console sends them (reference §4.8), in either of its forms: the
//! nested one of `incidents/all|unacknowledged|acknowledged` (and of Thinkst's Python client),
//! whose fields sit in a `description` object with the hits in `events`, and the flattened one
//! of `incidents/search`, with the hits in `logdata`. Both decode into one [`Incident`] that keeps
//! every field it was sent; [`Event`] reads one hit's details. Flags and counts may be strings
//! or numbers, an empty page may say `"incidents": null`.
//!
//! Also the alert filter ([`AlertFilter`]) and [`IncidentListing`], which pages through it with
//! `incidents/search` and falls back to the feeds (narrowing their answer itself) when the search
//! is refused or unknown.

use super::client::Client;
use super::endpoints;
use super::error::ApiError;
use super::listing::PAGE_SIZES;
use super::loose;
use super::request::{form_urldecode, form_urlencode};
use super::types::Cursor;
use crate::time::civil;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Which alerts, by the Console's `filter_incident_state` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncidentState {
    /// The Console's default.
    #[default]
    Unacknowledged,
    Acknowledged,
    All,
}

impl IncidentState {
    pub const ALL: [Self; 3] = [Self::Unacknowledged, Self::Acknowledged, Self::All];

    pub fn param(self) -> &'static str {
        match self {
            Self::Unacknowledged => "unacknowledged",
            Self::Acknowledged => "acknowledged",
            Self::All => "all",
        }
    }

    /// The state a `filter_incident_state` value names; anything else is the default.
    pub fn from_param(value: &str) -> Self {
        Self::ALL.into_iter().find(|s| s.param() == value).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unacknowledged => "Unacknowledged",
            Self::Acknowledged => "Acknowledged",
            Self::All => "All alerts",
        }
    }

    /// The feed listing the same alerts in the nested form.
    pub fn feed(self) -> &'static str {
        match self {
            Self::Unacknowledged => "/incidents/unacknowledged",
            Self::Acknowledged => "/incidents/acknowledged",
            Self::All => "/incidents/all",
        }
    }

    fn lets_through(self, acknowledged: bool) -> bool {
        match self {
            Self::Unacknowledged => !acknowledged,
            Self::Acknowledged => acknowledged,
            Self::All => true,
        }
    }
}

/// One alert: every field the Console sent, in the flattened form's names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incident {
    fields: Map<String, Value>,
    /// What the single-alert actions name (`incident=`).
    key: Box<str>,
    /// What the text filter searches, lower-case: memo, source, its name, node id, destination
    /// and key (the Console's `filter_str` looks at the same details).
    search: Box<str>,
}

impl From<Map<String, Value>> for Incident {
    /// The nested form's `description` object is lifted to the top (its fields win), its
    /// `events` become `logdata` and the outer `id` the `key`.
    fn from(fields: Map<String, Value>) -> Self {
        let fields = match fields.get("description") {
            Some(Value::Object(_)) => lift(fields),
            _ => fields,
        };
        let mut incident = Self { fields, key: Box::default(), search: Box::default() };
        let key = ["key", "incident_key", "id"].iter().find_map(|k| incident.text(k));
        incident.key = key.unwrap_or_default().into();
        incident.search = incident.haystack().into();
        incident
    }
}

/// The flattened form of a nested incident (built anew rather than edited in place: the page
/// then holds no code to remove map entries).
fn lift(outer: Map<String, Value>) -> Map<String, Value> {
    let mut flat = Map::new();
    let mut rest = Vec::new();
    for (key, value) in outer {
        match (key.as_str(), value) {
            ("description", Value::Object(inner)) => {
                for (key, value) in inner {
                    let key = if key == "events" { "logdata".to_owned() } else { key };
                    flat.insert(key, value);
                }
            }
            ("id", value) => {
                rest.push(("key".to_owned(), value.clone()));
                rest.push((key, value));
            }
            (_, value) => rest.push((key, value)),
        }
    }
    for (key, value) in rest {
        if !flat.contains_key(&key) {
            flat.insert(key, value);
        }
    }
    flat
}

impl<'de> Deserialize<'de> for Incident {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Object(fields) => Ok(Self::from(fields)),
            _ => Err(D::Error::custom("an incident is an object")),
        }
    }
}

impl Serialize for Incident {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields.serialize(s)
    }
}

impl Incident {
    pub fn text(&self, key: &str) -> Option<String> {
        self.fields.get(key).and_then(loose::text).filter(|t| !t.trim().is_empty())
    }

    /// What the single-alert actions name (`incident=`).
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn acknowledged(&self) -> bool {
        self.fields.get("acknowledged").and_then(loose::flag).unwrap_or(false)
    }

    /// Seconds since the epoch: `created`, else the first hit's `timestamp`.
    pub fn created(&self) -> Option<f64> {
        let first = || self.events().first().and_then(|e| e.get("timestamp")).and_then(loose::time);
        self.fields.get("created").and_then(loose::time).or_else(first)
    }

    /// The node the alert is filed under (a token's node id is its token id).
    pub fn node_id(&self) -> Option<String> {
        self.text("node_id").or_else(|| self.token_id())
    }

    /// The token that fired: the hits name it, else the node id.
    pub fn token_id(&self) -> Option<String> {
        let hit = self.events().iter().find_map(|e| e.get("canarytoken").and_then(loose::text));
        hit.filter(|t| !t.is_empty()).or_else(|| self.text("node_id"))
    }

    pub fn memo(&self) -> String {
        self.text("memo").unwrap_or_default()
    }

    pub fn logtype(&self) -> Option<u32> {
        self.fields.get("logtype").and_then(loose::count).and_then(|n| u32::try_from(n).ok())
    }

    /// The kind that fired, by its logtype, else as the first hit names it.
    pub fn kind(&self) -> Option<String> {
        let by_logtype = self.logtype().and_then(crate::kinds::kind_of_logtype).map(str::to_owned);
        by_logtype
            .or_else(|| self.events().first().and_then(|e| e.get("kind")).and_then(loose::text))
    }

    pub fn src_host(&self) -> Option<String> {
        self.text("src_host").or_else(|| self.first_event().and_then(|e| e.text("src_host")))
    }

    /// The source's reverse DNS name: the Console's lookup, else the geo data's.
    pub fn src_host_reverse(&self) -> Option<String> {
        let geo = || self.first_event().and_then(|e| e.geo_text("hostname"));
        self.text("src_host_reverse").or_else(geo)
    }

    pub fn flock_id(&self) -> Option<String> {
        self.text("flock_id")
    }

    /// The hits, with their headers, geo data and kind-specific fields.
    pub fn events(&self) -> &[Value] {
        match self.fields.get("logdata") {
            Some(Value::Array(events)) => events,
            Some(one @ Value::Object(_)) => std::slice::from_ref(one),
            _ => &[],
        }
    }

    pub fn first_event(&self) -> Option<Event<'_>> {
        self.events().iter().find_map(Event::of)
    }

    /// How many hits: the Console's count, which `event_limit` can make larger than the list.
    pub fn events_count(&self) -> u64 {
        let listed = self.events().len() as u64;
        self.fields.get("events_count").and_then(loose::count).unwrap_or(listed).max(listed)
    }

    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// Records a change the Console has confirmed.
    pub fn set_acknowledged(&mut self, acknowledged: bool) {
        let flag = if acknowledged { "True" } else { "False" };
        self.fields.insert("acknowledged".into(), flag.into());
    }

    /// Whether every lower-case word is in the alert's searched details.
    pub fn has_words(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.search.contains(w.as_str()))
    }

    fn haystack(&self) -> String {
        let parts = [
            Some(self.memo()),
            self.src_host(),
            self.src_host_reverse(),
            self.node_id(),
            self.text("dst_host"),
            Some(self.key.to_string()),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join("\n").to_lowercase()
    }
}

/// Hit fields that lists and exports show in places of their own (or as the alert's own
/// fields), rather than among the kind-specific ones.
pub const PLACED: [&str; 11] = [
    "type",
    "kind",
    "canarytoken",
    "src_host",
    "timestamp",
    "timestamp_std",
    "headers",
    "url",
    "request_args",
    "geoip",
    "ip_blocklist",
];

/// One hit (an event dict): what the request looked like and where it came from.
#[derive(Clone, Copy, Debug)]
pub struct Event<'a>(&'a Map<String, Value>);

impl<'a> Event<'a> {
    pub fn of(value: &'a Value) -> Option<Self> {
        value.as_object().map(Self)
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.0.get(key).and_then(loose::text).filter(|t| !t.trim().is_empty())
    }

    /// The request headers, as sent (HTTP-channel kinds).
    pub fn headers(&self) -> Vec<(String, String)> {
        pairs(self.0.get("headers"))
    }

    /// The User-Agent header (any case), or the field some kinds carry it in.
    pub fn user_agent(&self) -> Option<String> {
        let header = self.headers().into_iter().find(|(n, _)| n.eq_ignore_ascii_case("user-agent"));
        header.map(|(_, v)| v).filter(|v| !v.trim().is_empty()).or_else(|| self.text("useragent"))
    }

    pub fn url(&self) -> Option<String> {
        self.text("url")
    }

    /// The query arguments of the request.
    pub fn query(&self) -> Vec<(String, String)> {
        pairs(self.0.get("request_args"))
    }

    /// The geo data, flattened (`timezone.id`).
    pub fn geo(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(Value::Object(geo)) = self.0.get("geoip") {
            flatten("", geo, &mut out);
        }
        out
    }

    fn geo_text(&self, key: &str) -> Option<String> {
        self.0.get("geoip")?.get(key).and_then(loose::text).filter(|t| !t.trim().is_empty())
    }

    /// "Cape Town, Western Cape, South Africa".
    pub fn place(&self) -> Option<String> {
        let parts: Vec<String> =
            ["city", "region", "country"].iter().filter_map(|k| self.geo_text(k)).collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// Which of Tor, VPN and proxy the source is known as.
    pub fn flags(&self) -> Vec<&'static str> {
        let list = self.0.get("ip_blocklist");
        let on = |k: &str| list.and_then(|l| l.get(k)).and_then(loose::flag).unwrap_or(false);
        [("is_tor", "Tor"), ("is_vpn", "VPN"), ("is_proxy", "proxy")]
            .into_iter()
            .filter(|(k, _)| on(k))
            .map(|(_, name)| name)
            .collect()
    }

    /// Whether the Console says anything about Tor, VPN and proxies.
    pub fn has_blocklist(&self) -> bool {
        self.0.get("ip_blocklist").is_some_and(Value::is_object)
    }

    /// Everything else the hit carries, kind-specific or unknown, under its own name (nested
    /// objects flattened: `additional_info.eventName`).
    pub fn details(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, value) in self.0 {
            // The port is the channel's (80, 53): no news in a summary.
            if !PLACED.contains(&key.as_str()) && key != "dst_port" {
                push_value(key, value, &mut out, 0);
            }
        }
        out
    }

    /// Every field of the hit, as sent.
    pub fn fields(&self) -> &'a Map<String, Value> {
        self.0
    }

    /// Every field of the hit, flattened under its own names (`headers.User-Agent`,
    /// `geoip.timezone.id`): the request and its source first, then the rest as sent.
    pub fn everything(&self) -> Vec<(String, String)> {
        const FIRST: [&str; 5] = ["url", "request_args", "headers", "geoip", "ip_blocklist"];
        let mut out = Vec::new();
        let first = FIRST.iter().filter_map(|k| self.0.get_key_value(*k));
        let rest = self.0.iter().filter(|(k, _)| !FIRST.contains(&k.as_str()));
        for (key, value) in first.chain(rest) {
            push_value(key, value, &mut out, 0);
        }
        out
    }

    /// A field of the hit, as JSON.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
}

/// An object's fields as text pairs (nested values as JSON); anything else gives none.
fn pairs(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else { return Vec::new() };
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), loose::text(v).unwrap_or_else(|| v.to_string())))
        .collect()
}

fn flatten(prefix: &str, map: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        push_value(&name, value, out, 1);
    }
}

fn push_value(name: &str, value: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    match value {
        Value::Null => {}
        Value::Object(inner) if depth < 3 => flatten(name, inner, out),
        other => {
            out.push((name.to_owned(), loose::text(other).unwrap_or_else(|| other.to_string())))
        }
    }
}

/// A page of alerts, from the search or a feed.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct IncidentPage {
    #[serde(default, deserialize_with = "loose::de_list")]
    pub incidents: Vec<Incident>,
    #[serde(default, deserialize_with = "Cursor::de_loose")]
    pub cursor: Cursor,
    /// Only from the search.
    #[serde(default, deserialize_with = "loose::de_opt_count")]
    pub total_results: Option<u64>,
}

/// Which alerts a list shows, named after the search's parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertFilter {
    pub state: IncidentState,
    /// One token's alerts.
    pub node_id: Option<String>,
    pub flock_id: Option<String>,
    /// `filter_logtypes`: the alerts of one kind.
    pub logtype: Option<u32>,
    /// `filter_str`.
    pub text: String,
    /// Seconds since the epoch (sent as the Console's `yyyy-mm-dd-hh:mm:ss`, UTC).
    pub newer_than: Option<i64>,
    pub older_than: Option<i64>,
}

impl AlertFilter {
    /// The parameters the search takes, in order; empty ones are left out. The feeds take the
    /// same but `filter_str` and `filter_logtypes`, and name the state by their path.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("filter_incident_state", self.state.param().to_owned())];
        let mut add = |name, value: Option<String>| out.extend(value.map(|v| (name, v)));
        add("node_id", self.node_id.clone());
        add("flock_id", self.flock_id.clone());
        add("filter_logtypes", self.logtype.map(|t| t.to_string()));
        add("filter_str", Some(self.text.trim().to_owned()).filter(|t| !t.is_empty()));
        add("newer_than", self.newer_than.map(console_time));
        add("older_than", self.older_than.map(console_time));
        out
    }

    /// The filter as a query string, for an address (the export starts from the list's filter).
    pub fn to_query(&self) -> String {
        let params = self.params();
        let pairs: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
        form_urlencode(&pairs)
    }

    /// The filter [`AlertFilter::to_query`] wrote; unknown or unreadable parts are ignored.
    pub fn from_query(query: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in form_urldecode(query) {
            let text = Some(value.clone()).filter(|v| !v.is_empty());
            match name.as_str() {
                "filter_incident_state" => filter.state = IncidentState::from_param(&value),
                "node_id" => filter.node_id = text,
                "flock_id" => filter.flock_id = text,
                "filter_logtypes" => filter.logtype = value.parse().ok(),
                "filter_str" => filter.text = value,
                "newer_than" => filter.newer_than = parse_time(&value),
                "older_than" => filter.older_than = parse_time(&value),
                _ => {}
            }
        }
        filter
    }

    /// The lower-case words of the text filter.
    pub fn words(&self) -> Vec<String> {
        self.text.split_whitespace().map(str::to_lowercase).collect()
    }

    /// The test the Console's search applies, for answers that were not filtered by it (the
    /// feeds). The time range the feeds apply themselves.
    pub fn lets_through(&self, incident: &Incident) -> bool {
        let same = |want: &Option<String>, have: Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
        };
        self.state.lets_through(incident.acknowledged())
            && same(&self.node_id, incident.node_id())
            && same(&self.flock_id, incident.flock_id())
            && self.logtype.is_none_or(|t| incident.logtype() == Some(t))
            && incident.has_words(&self.words())
    }

    /// The same filter, but for the text.
    pub fn without_text(&self) -> Self {
        Self { text: String::new(), ..self.clone() }
    }
}

/// `2026-11-22-09:39:10`: how the Console takes times (UTC).
pub fn console_time(epoch_secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch_secs);
    format!("{y:04}-{mo:02}-{d:02}-{h:02}:{mi:02}:{s:02}")
}

/// Seconds since the epoch of `2026-11-22-09:39:10`, `2026-11-22T09:39` or `2026-11-22 09:39`
/// (a date and a time of day, seconds optional), read as UTC.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = (text.get(..10)?, text.get(11..)?);
    if !matches!(text.as_bytes().get(10), Some(b'-' | b'T' | b' ')) {
        return None;
    }
    let number = |s: &str| s.parse::<i64>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
    let mut day = date.split('-').map(number);
    let (y, m, d) = (day.next()??, day.next()??, day.next()??);
    let mut clock = time.split(':').map(number);
    let (h, mi) = (clock.next()??, clock.next()??);
    let s = clock.next().unwrap_or(Some(0))?;
    let valid = (1..=12).contains(&m) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 60;
    (valid && day.next().is_none() && clock.next().is_none())
        .then(|| days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Where the alerts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Search,
    /// The search was refused or is unknown: the nested feed of the state, narrowed here.
    Feed,
}

/// The alerts of a filter, page after page: call [`IncidentListing::next`] until it gives `None`.
#[derive(Debug)]
pub struct IncidentListing {
    filter: AlertFilter,
    /// Index into [`PAGE_SIZES`].
    size: usize,
    limit: u32,
    source: Source,
    cursor: Option<String>,
    seen: Vec<String>,
    done: bool,
}

impl IncidentListing {
    /// The alerts of `filter` in pages of at most `largest`.
    pub fn new(filter: AlertFilter, largest: u32) -> Self {
        let size = PAGE_SIZES.iter().position(|s| *s <= largest).unwrap_or(PAGE_SIZES.len() - 1);
        let limit = largest.min(PAGE_SIZES[size]).max(1);
        Self {
            filter,
            size,
            limit,
            source: Source::Search,
            cursor: None,
            seen: Vec::new(),
            done: false,
        }
    }

    /// Goes on from `cursor` of an earlier listing ("Load more").
    pub fn resume(filter: AlertFilter, largest: u32, cursor: String, source: Source) -> Self {
        Self { cursor: Some(cursor), source, ..Self::new(filter, largest) }
    }

    pub fn source(&self) -> Source {
        self.source
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The next page, or `None` after the last one (or after an error, which ends it).
    pub async fn next(&mut self, client: &Client) -> Option<Result<IncidentPage, ApiError>> {
        while !self.done {
            let (filter, cursor) = (&self.filter, self.cursor.as_deref());
            let call = match self.source {
                Source::Search => endpoints::search_incidents(filter, self.limit, cursor),
                Source::Feed => endpoints::incident_feed(filter, self.limit, cursor),
            };
            match client.send(call).await {
                Ok(page) => return Some(self.advance(page)),
                Err(e) if self.retry_after(&e) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }

    fn advance(&mut self, mut page: IncidentPage) -> Result<IncidentPage, ApiError> {
        if self.source == Source::Feed {
            page.incidents.retain(|i| self.filter.lets_through(i));
            page.total_results = None;
        }
        self.cursor = page.cursor.next.clone().filter(|c| !c.is_empty());
        self.done = self.cursor.is_none();
        if let Some(next) = &self.cursor {
            if self.seen.contains(next) {
                self.done = true;
                return Err(ApiError::RepeatedCursor);
            }
            self.seen.push(next.clone());
        }
        Ok(page)
    }

    /// Whether to ask again after `error` on the first page: smaller, or from the feed.
    fn retry_after(&mut self, error: &ApiError) -> bool {
        if self.cursor.is_some() {
            return false;
        }
        let status = match error {
            ApiError::Console { status, .. } | ApiError::Status { status } => *status,
            ApiError::NoPermission { .. } => 403,
            _ => return false,
        };
        match status {
            400 if self.size + 1 < PAGE_SIZES.len() && self.limit > PAGE_SIZES[self.size + 1] => {
                self.size += 1;
                self.limit = PAGE_SIZES[self.size];
                true
            }
            403 | 404 if self.source == Source::Search => {
                self.source = Source::Feed;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
