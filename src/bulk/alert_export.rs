//! Alerts export, for SIEM hand-off and audits: one row per alert, built page by page as the
//! alerts are read, as CSV or JSON.
//!
//! # Columns
//! [`ALERT_COLUMNS`]: the alert (`incident_key`, the token's id as `canarytoken`, `memo`, `kind`,
//! `logtype`, `created` in ISO-8601 UTC, `state`, `src_host`, `src_host_reverse`, `flock_id`,
//! `events_count`), then its first hit flattened: `user_agent`, `url`, `request_args` and
//! `headers` (each one JSON cell), the geo data and the Tor/VPN/proxy flags, then the
//! kind-specific fields under the reference's names (§4.8: AWS `additional_info` as JSON, DNS
//! `hostname`, Windows folder user and computer, sensitive-command user and computer, card
//! transaction, ...), and `other`: whatever else the hit carries, as JSON. The JSON export has
//! the same names, objects as objects, and every hit in full under `events`.
//!
//! Nothing here is a credential: the Console's answers carry no key, and a field named
//! `auth_token` or `factory_auth`, wherever it sits, is dropped anyway.

use super::csv::{write_cell, write_row};
use super::export::Format;
use crate::api::incidents::{Event, Incident, PLACED};
use crate::time::{dated_name, iso_utc};
use serde_json::{Map, Value};

/// The kind-specific hit fields that get their own columns (reference §4.8).
const KIND_FIELDS: [&str; 28] = [
    "hostname",
    "generic_data",
    "windows_desktopini_access_username",
    "windows_desktopini_access_domain",
    "windows_desktopini_computer_name",
    "ms_macro_os",
    "ms_macro_username",
    "ms_macro_ip",
    "cmd_computer_name",
    "cmd_user_name",
    "cmd_invocation_id",
    "cmd_resolved_ip",
    "cmd_workstation",
    "cmd_machine_name",
    "cmd_event_record_id",
    "client_public_key",
    "client_session_index",
    "cloned_site",
    "original_site",
    "referer",
    "masked_card_number",
    "transaction_amount",
    "transaction_currency",
    "transaction_date",
    "transaction_type",
    "merchant",
    "location",
    "additional_info",
];

const GEO: [&str; 7] =
    ["city", "region", "country", "country_code", "org", "latitude", "longitude"];

/// Fields that are credentials to the Console, never exported.
const NEVER_EXPORTED: [&str; 2] = ["auth_token", "factory_auth"];

/// Every column, in order.
pub const ALERT_COLUMNS: [&str; 54] = [
    "incident_key",
    "canarytoken",
    "memo",
    "kind",
    "logtype",
    "created",
    "state",
    "src_host",
    "src_host_reverse",
    "flock_id",
    "events_count",
    "user_agent",
    "url",
    "request_args",
    "headers",
    "geo_city",
    "geo_region",
    "geo_country",
    "geo_country_code",
    "geo_org",
    "geo_latitude",
    "geo_longitude",
    "is_tor",
    "is_vpn",
    "is_proxy",
    KIND_FIELDS[0],
    KIND_FIELDS[1],
    KIND_FIELDS[2],
    KIND_FIELDS[3],
    KIND_FIELDS[4],
    KIND_FIELDS[5],
    KIND_FIELDS[6],
    KIND_FIELDS[7],
    KIND_FIELDS[8],
    KIND_FIELDS[9],
    KIND_FIELDS[10],
    KIND_FIELDS[11],
    KIND_FIELDS[12],
    KIND_FIELDS[13],
    KIND_FIELDS[14],
    KIND_FIELDS[15],
    KIND_FIELDS[16],
    KIND_FIELDS[17],
    KIND_FIELDS[18],
    KIND_FIELDS[19],
    KIND_FIELDS[20],
    KIND_FIELDS[21],
    KIND_FIELDS[22],
    KIND_FIELDS[23],
    KIND_FIELDS[24],
    KIND_FIELDS[25],
    KIND_FIELDS[26],
    KIND_FIELDS[27],
    "other",
];

/// The file name for an alerts export made at `epoch_secs`: `canarytoken-alerts-2026-12-01.csv`.
pub fn alerts_filename(format: Format, epoch_secs: i64) -> String {
    dated_name("canarytoken-alerts", format.ext(), epoch_secs)
}

/// Builds an export from pages of alerts.
#[derive(Clone, Debug)]
pub struct AlertExporter {
    format: Format,
    out: String,
    count: usize,
}

impl AlertExporter {
    pub fn new(format: Format) -> Self {
        let mut out = String::new();
        match format {
            Format::Csv => write_row(&mut out, ALERT_COLUMNS),
            Format::Json => out.push('['),
        }
        Self { format, out, count: 0 }
    }

    pub fn push(&mut self, page: &[Incident]) {
        for incident in page {
            let row = row(incident);
            match self.format {
                Format::Csv => csv_row(&mut self.out, &row),
                Format::Json => {
                    self.out.push_str(if self.count == 0 { "\n" } else { ",\n" });
                    let mut object: Map<String, Value> =
                        row.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                    let events = incident.events().iter().map(scrub).collect();
                    object.insert("events".into(), Value::Array(events));
                    self.out.push_str(&Value::Object(object).to_string());
                }
            }
            self.count += 1;
        }
    }

    pub fn count(&self) -> usize {
        self.count
    }

    pub fn finish(mut self) -> String {
        if self.format == Format::Json {
            self.out.push_str(if self.count == 0 { "]\n" } else { "\n]\n" });
        }
        self.out
    }
}

/// One CSV line: text as it is (defused against formulas), numbers as they are (a negative
/// latitude is no formula), objects and lists as compact JSON, nothing for null.
fn csv_row(out: &mut String, row: &[(&str, Value)]) {
    for (i, (_, value)) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match value {
            Value::Null => {}
            Value::String(s) => write_cell(out, s),
            Value::Number(n) => out.push_str(&n.to_string()),
            other => write_cell(out, &other.to_string()),
        }
    }
    out.push_str("\r\n");
}

/// The alert's columns and values, in [`ALERT_COLUMNS`] order.
fn row(incident: &Incident) -> Vec<(&'static str, Value)> {
    let hit = incident.first_event();
    let text = |v: Option<String>| v.map_or(Value::Null, Value::String);
    let field = |key: &str| hit.and_then(|h| h.raw(key)).map_or(Value::Null, scrub);
    let geo = |key: &str| field("geoip").get(key).cloned().unwrap_or(Value::Null);
    let flag = |flag: &str| Value::Bool(hit.is_some_and(|h| h.flags().contains(&flag)));
    let state = if incident.acknowledged() { "acknowledged" } else { "unacknowledged" };
    let mut row: Vec<(&'static str, Value)> = vec![
        ("incident_key", incident.key().into()),
        ("canarytoken", text(incident.token_id())),
        ("memo", Value::String(incident.memo())),
        ("kind", text(incident.kind())),
        ("logtype", incident.logtype().map_or(Value::Null, Value::from)),
        ("created", text(incident.created().map(|t| iso_utc(t.floor() as i64)))),
        ("state", state.into()),
        ("src_host", text(incident.src_host())),
        ("src_host_reverse", text(incident.src_host_reverse())),
        ("flock_id", text(incident.flock_id())),
        ("events_count", incident.events_count().into()),
        ("user_agent", text(hit.and_then(|h| h.user_agent()))),
        ("url", text(hit.and_then(|h| h.url()))),
        ("request_args", field("request_args")),
        ("headers", field("headers")),
    ];
    let geo_columns = &ALERT_COLUMNS[15..22];
    row.extend(geo_columns.iter().zip(GEO).map(|(column, key)| (*column, geo(key))));
    row.extend([("is_tor", flag("Tor")), ("is_vpn", flag("VPN")), ("is_proxy", flag("proxy"))]);
    row.extend(KIND_FIELDS.map(|key| (key, field(key))));
    row.push(("other", hit.map_or(Value::Null, other)));
    row
}

/// The hit's fields that have no column, as one object (null when there are none).
fn other(hit: Event<'_>) -> Value {
    let rest: Map<String, Value> = hit
        .fields()
        .iter()
        .filter(|(k, _)| !PLACED.contains(&k.as_str()) && !KIND_FIELDS.contains(&k.as_str()))
        .filter(|(k, _)| !NEVER_EXPORTED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), scrub(v)))
        .collect();
    if rest.is_empty() { Value::Null } else { Value::Object(rest) }
}

/// `value` without credential fields at any depth.
fn scrub(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !NEVER_EXPORTED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), scrub(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(scrub).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::csv::parse;
    use serde_json::json;

    fn incidents() -> Vec<Incident> {
        let flat = json!({
            "key": "incident:canarytoken:aa:203.0.113.14:1767229200", "acknowledged": "False",
            "created": "1767229200", "logtype": "17012", "memo": "=HYPERLINK(\"x\") CI keys",
            "node_id": "tok1", "src_host": "203.0.113.14", "src_host_reverse": "host.example.net",
            "flock_id": "flock:default", "events_count": "2",
            "logdata": [{
                "canarytoken": "tok1", "src_host": "203.0.113.14", "timestamp": 1767229200,
                "headers": {"User-Agent": "<script>alert(1)</script>", "X-Auth": "a,b"},
                "request_args": {"q": "1"}, "url": "http://x/y?q=1",
                "geoip": {"city": "Cape Town", "country": "South Africa", "country_code": "ZA", "latitude": -33.92},
                "ip_blocklist": {"is_tor": "True", "is_vpn": false, "is_proxy": 0},
                "additional_info": {"eventName": "GetCallerIdentity", "auth_token": "LEAK"},
                "surprise": {"nested": true}, "auth_token": "LEAK",
            }, {"timestamp": 1767229201}],
        });
        let nested = json!({"id": "incident:canarytoken:bb:198.51.100.3:1", "description": {
            "acknowledged": "True", "created": 1, "logtype": 16011, "memo": "Jump host",
            "node_id": "tok2", "src_host": "198.51.100.3",
            "events": [{"hostname": "PC.UN.jsmith.CMD.tok2", "cmd_user_name": "jsmith", "cmd_computer_name": "PC"}],
        }});
        let bare = json!({"key": "k3"});
        [flat, nested, bare].into_iter().map(|v| serde_json::from_value(v).unwrap()).collect()
    }

    fn export(format: Format) -> String {
        let mut exporter = AlertExporter::new(format);
        let all = incidents();
        exporter.push(&all[..1]);
        exporter.push(&all[1..]);
        exporter.push(&[]);
        assert_eq!(exporter.count(), 3);
        exporter.finish()
    }

    #[test]
    fn csv_has_one_row_per_alert_with_the_hit_flattened() {
        let text = export(Format::Csv);
        assert!(!text.contains("LEAK"), "credential fields never go out: {text}");
        let table = parse(&text);
        assert_eq!(table.header, ALERT_COLUMNS);
        assert_eq!(table.records.len(), 3);
        let row = |n: usize, column: &str| {
            let at = ALERT_COLUMNS.iter().position(|c| *c == column).unwrap();
            table.records[n].cells[at].clone()
        };
        assert_eq!(row(0, "canarytoken"), "tok1");
        assert_eq!(row(0, "memo"), "'=HYPERLINK(\"x\") CI keys", "formulas are defused");
        assert_eq!(row(0, "kind"), "aws-id");
        assert_eq!(row(0, "created"), "2026-01-01T01:00:00Z");
        assert_eq!(row(0, "state"), "unacknowledged");
        assert_eq!(row(0, "src_host_reverse"), "host.example.net");
        assert_eq!(row(0, "events_count"), "2");
        assert_eq!(row(0, "user_agent"), "<script>alert(1)</script>");
        let headers: Value = serde_json::from_str(&row(0, "headers")).unwrap();
        assert_eq!(headers["X-Auth"], "a,b");
        assert_eq!(row(0, "geo_city"), "Cape Town");
        assert_eq!(row(0, "geo_latitude"), "-33.92");
        assert_eq!(row(0, "geo_org"), "");
        assert_eq!((row(0, "is_tor"), row(0, "is_vpn")), ("true".into(), "false".into()));
        let info: Value = serde_json::from_str(&row(0, "additional_info")).unwrap();
        assert_eq!(info, json!({"eventName": "GetCallerIdentity"}));
        assert_eq!(row(0, "other"), r#"{"surprise":{"nested":true}}"#);
        assert_eq!(row(1, "state"), "acknowledged");
        assert_eq!(row(1, "kind"), "sensitive-cmd");
        assert_eq!(
            (row(1, "cmd_user_name"), row(1, "cmd_computer_name")),
            ("jsmith".into(), "PC".into())
        );
        assert_eq!(row(1, "hostname"), "PC.UN.jsmith.CMD.tok2");
        assert_eq!(row(1, "other"), "");
        assert_eq!(row(2, "incident_key"), "k3");
        assert_eq!(row(2, "created"), "");
    }

    #[test]
    fn json_has_the_same_names_and_every_hit() {
        let text = export(Format::Json);
        assert!(!text.contains("LEAK"));
        let all: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0]["headers"]["User-Agent"], "<script>alert(1)</script>");
        assert_eq!(all[0]["events"].as_array().unwrap().len(), 2);
        assert_eq!(all[0]["is_tor"], true);
        assert_eq!(all[1]["events"][0]["cmd_user_name"], "jsmith");
        for column in ALERT_COLUMNS {
            assert!(all[2].get(column).is_some(), "{column}");
        }
        let empty = AlertExporter::new(Format::Json).finish();
        assert_eq!(serde_json::from_str::<Vec<Value>>(&empty).unwrap(), Vec::<Value>::new());
        assert_eq!(parse(&AlertExporter::new(Format::Csv).finish()).header, ALERT_COLUMNS);
    }

    #[test]
    fn files_are_named_by_date() {
        assert_eq!(
            alerts_filename(Format::Csv, 1_795_340_350),
            "canarytoken-alerts-2026-11-22.csv"
        );
    }
}
