//! What an alert records about one hit of a token (reference §4.8 event dicts): the fields
//! every hit has, those of the kind's channel (HTTP, DNS or WireGuard), and those of the kind
//! itself. Attackers come from documentation address ranges, each with a place.

use crate::clock;
use crate::random;
use crate::tokens::Token;
use base64::prelude::{BASE64_STANDARD, Engine as _};
use serde_json::{Map, Value, json};

/// What a test may force about a hit, e.g. markup in a header.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Merged over the generated HTTP headers (HTTP kinds only).
    pub headers: Map<String, Value>,
    pub src_host: Option<String>,
}

/// One hit: where it came from and its event dict.
pub struct Hit {
    pub src_host: String,
    pub dst_port: u16,
    pub event: Value,
}

/// The channel a kind alerts through, which decides the event's shape.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Http,
    Dns,
    WireGuard,
}

impl Channel {
    pub fn of(token: &Token) -> Self {
        match token.kind.id {
            "wireguard" => Self::WireGuard,
            _ if token.kind.logtype / 1000 == 16 => Self::Dns,
            _ => Self::Http,
        }
    }

    fn port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Dns => 53,
            Self::WireGuard => 51820,
        }
    }
}

struct Source {
    /// The address without its last digit: `203.0.113.1` covers .10 to .19.
    prefix: &'static str,
    city: &'static str,
    region: &'static str,
    country: &'static str,
    code: &'static str,
    latitude: f64,
    longitude: f64,
    timezone: (&'static str, &'static str, &'static str),
    org: &'static str,
    /// Tor, VPN, proxy.
    blocklist: (bool, bool, bool),
}

#[rustfmt::skip]
const SOURCES: &[Source] = &[
    Source { prefix: "203.0.113.1", city: "Cape Town", region: "Western Cape", country: "South Africa", code: "ZA", latitude: -33.92, longitude: 18.42, timezone: ("Africa/Johannesburg", "SAST", "+0200"), org: "AS64496 Example Fibre (Pty) Ltd", blocklist: (false, false, false) },
    Source { prefix: "203.0.113.2", city: "São Paulo", region: "São Paulo", country: "Brazil", code: "BR", latitude: -23.55, longitude: -46.63, timezone: ("America/Sao_Paulo", "-03", "-0300"), org: "AS64497 Exemplo Telecom S.A.", blocklist: (false, false, false) },
    Source { prefix: "198.51.100.1", city: "Frankfurt am Main", region: "Hesse", country: "Germany", code: "DE", latitude: 50.11, longitude: 8.68, timezone: ("Europe/Berlin", "CET", "+0100"), org: "AS64498 Example Hosting GmbH", blocklist: (false, true, false) },
    Source { prefix: "198.51.100.2", city: "Amsterdam", region: "North Holland", country: "Netherlands", code: "NL", latitude: 52.37, longitude: 4.90, timezone: ("Europe/Amsterdam", "CET", "+0100"), org: "AS64499 Example Privacy Foundation", blocklist: (true, false, false) },
    Source { prefix: "192.0.2.1", city: "Ashburn", region: "Virginia", country: "United States", code: "US", latitude: 39.04, longitude: -77.49, timezone: ("America/New_York", "EST", "-0500"), org: "AS64500 Example Cloud, Inc.", blocklist: (false, false, true) },
    Source { prefix: "192.0.2.2", city: "Singapore", region: "", country: "Singapore", code: "SG", latitude: 1.29, longitude: 103.85, timezone: ("Asia/Singapore", "+08", "+0800"), org: "AS64501 Example Cloud, Inc.", blocklist: (false, false, false) },
    Source { prefix: "192.0.2.3", city: "Moscow", region: "Moscow", country: "Russia", code: "RU", latitude: 55.75, longitude: 37.62, timezone: ("Europe/Moscow", "MSK", "+0300"), org: "AS64502 Example Telecom PJSC", blocklist: (false, false, false) },
    Source { prefix: "2001:db8:4f1a::", city: "Sydney", region: "New South Wales", country: "Australia", code: "AU", latitude: -33.87, longitude: 151.21, timezone: ("Australia/Sydney", "AEDT", "+1100"), org: "AS64503 Example Broadband Pty Ltd", blocklist: (false, false, false) },
];

const PEOPLE: &[(&str, &str)] = &[
    ("jsmith", "LAPTOP-04217"),
    ("anaidoo", "DESKTOP-HR-07"),
    ("svc_backup", "SRV-BACKUP-01"),
    ("mbotha", "LAPTOP-FIN-12"),
];

const BROWSER: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const MOBILE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const IMAGE_PROXY: &str =
    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

/// The client a kind's hits usually come from.
fn user_agent(kind: &str) -> &'static str {
    match kind {
        "doc-msword" => "Microsoft Office Word 2014 (16.0.18129) Windows NT 10.0",
        "doc-msexcel" => "Microsoft Office Excel 2014 (16.0.18129) Windows NT 10.0",
        "signed-exe" => "Microsoft-CryptoAPI/10.0",
        "aws-id" => {
            "aws-cli/2.22.4 Python/3.12.6 Linux/6.8.0 exe/x86_64.ubuntu.24 command/sts.get-caller-identity"
        }
        "aws-s3" => "aws-cli/2.22.4 Python/3.12.6 Linux/6.8.0 exe/x86_64.ubuntu.24 command/s3.cp",
        "slack-api" => "Python/3.12 slack_sdk/3.33.4",
        "azure-id" => "AZURECLI/2.67.0 (DEB) azsdk-python-identity/1.19.0 Python/3.12.7",
        "office365mail" => {
            "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18129; Pro)"
        }
        "gmail"
        | "google-docs"
        | "google-sheets"
        | "autoreg-google-docs"
        | "autoreg-google-sheets" => IMAGE_PROXY,
        "qr-code" | "pwa" => MOBILE,
        "credit-card" => "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        "mysql-dump" => "",
        _ => BROWSER,
    }
}

/// Fires `token` once at `at`: picks a source and builds the event.
pub fn hit(token: &Token, at: f64, rng: &mut fastrand::Rng, overrides: &Overrides) -> Hit {
    let source = &SOURCES[rng.usize(..SOURCES.len())];
    let src_host = match &overrides.src_host {
        Some(ip) => ip.clone(),
        None => format!("{}{}", source.prefix, rng.u8(0..10)),
    };
    let source = SOURCES.iter().find(|s| src_host.starts_with(s.prefix));
    let channel = Channel::of(token);
    let mut event = Map::new();
    let common = [
        ("type", json!(token.kind.id)),
        ("canarytoken", json!(token.id)),
        ("src_host", json!(src_host)),
        ("timestamp", json!(at as u64)),
        ("timestamp_std", json!(clock::std(at))),
        ("geoip", geoip(source, &src_host)),
    ];
    event.extend(common.map(|(k, v)| (k.to_owned(), v)));
    let person = PEOPLE[rng.usize(..PEOPLE.len())];
    match channel {
        Channel::Http => http(&mut event, token, source, &overrides.headers, rng),
        Channel::Dns => dns(&mut event, token, person, rng),
        Channel::WireGuard => {
            event.insert(
                "client_public_key".into(),
                json!(BASE64_STANDARD.encode(random::bytes(rng, 32))),
            );
            event.insert("client_session_index".into(), json!(rng.u32(1..u32::MAX).to_string()));
        }
    }
    Hit { src_host, dst_port: channel.port(), event: Value::Object(event) }
}

/// The made-up reverse DNS name of an address.
pub fn reverse_name(ip: &str) -> String {
    format!("host-{}.example.net", ip.replace(['.', ':'], "-"))
}

fn geoip(source: Option<&Source>, ip: &str) -> Value {
    let is_v6 = ip.contains(':');
    let Some(s) = source else {
        // An address outside the simulator's table: the lookup knows nothing about it.
        return json!({"ip": ip, "city": "", "country": "", "country_code": "", "region": "",
            "latitude": null, "longitude": null, "is_bogon": false, "is_v6": is_v6, "valid": false});
    };
    let (id, abbreviation, utc_offset) = s.timezone;
    json!({
        "ip": ip, "city": s.city, "region": s.region, "country": s.country, "country_code": s.code,
        "latitude": s.latitude, "longitude": s.longitude, "org": s.org,
        "hostname": reverse_name(ip),
        "timezone": {"id": id, "abbreviation": abbreviation, "utc_offset": utc_offset},
        "is_bogon": false, "is_v6": is_v6, "valid": true,
    })
}

fn http(
    event: &mut Map<String, Value>,
    token: &Token,
    source: Option<&Source>,
    forced: &Map<String, Value>,
    rng: &mut fastrand::Rng,
) {
    let kind = token.kind.id;
    let accept =
        if kind == "web-image" { "image/avif,image/webp,image/png,*/*;q=0.8" } else { "*/*" };
    let mut headers = Map::new();
    for (name, value) in [
        ("Host", token.hostname.as_str()),
        ("User-Agent", user_agent(kind)),
        ("Accept", accept),
        ("Accept-Encoding", "gzip, deflate, br"),
        ("Accept-Language", "en-GB,en;q=0.9"),
        ("Connection", "close"),
    ] {
        headers.insert(name.into(), json!(value));
    }
    headers.extend(forced.clone());
    let (tor, vpn, proxy) = source.map_or((false, false, false), |s| s.blocklist);
    let user_agent = headers.get("User-Agent").cloned().unwrap_or_default();
    let src_host = event["src_host"].clone();
    let fields = [
        ("kind", json!(kind)),
        ("url", json!(token.url)),
        ("dst_port", json!(80)),
        ("headers", Value::Object(headers)),
        ("ip_blocklist", json!({"is_tor": tor, "is_vpn": vpn, "is_proxy": proxy})),
        ("request_args", json!({})),
    ];
    event.extend(fields.map(|(k, v)| (k.to_owned(), v)));
    let extra = match kind {
        "cloned-web" | "cloned-css" | "azure-entra-login" => cloned(token, &mut *event),
        "credit-card" => json!({
            "masked_card_number": format!("**** **** **** {}", last4(token.text("card_number"))),
            "transaction_amount": format!("{}.{:02}", rng.u32(5..500), rng.u32(0..100)),
            "transaction_currency": "USD",
            "transaction_date": clock::std(event["timestamp"].as_f64().unwrap_or_default()),
            "transaction_type": "purchase",
            "merchant": "Example Electronics Online",
        }),
        "pwa" => {
            json!({"location": source.map(|s| json!({"latitude": s.latitude, "longitude": s.longitude}))})
        }
        _ => json!({"additional_info": additional_info(token, &user_agent, &src_host)}),
    };
    if let Value::Object(extra) = extra {
        event.extend(extra.into_iter().filter(|(_, v)| !v.is_null()));
    }
}

/// A copy of the protected site served elsewhere: the snippet reports where it runs.
fn cloned(token: &Token, event: &mut Map<String, Value>) -> Value {
    let original = match token.kind.id {
        "cloned-web" => token.text("cloned_web"),
        _ => token.text("expected_referrer"),
    };
    let bare = original.trim_start_matches("https://").trim_start_matches("http://");
    let clone = format!("https://{}.login-verify.example.org/signin", bare.replace('.', "-"));
    event.insert("request_args".into(), json!({"l": clone, "r": clone}));
    json!({"cloned_site": clone, "original_site": original, "referer": clone})
}

fn last4(number: &str) -> &str {
    &number[number.len().saturating_sub(4)..]
}

/// Service-side details for kinds whose hits come through a cloud API, like CloudTrail's.
fn additional_info(token: &Token, user_agent: &Value, src_host: &Value) -> Value {
    match token.kind.id {
        "aws-id" => json!({
            "eventName": "GetCallerIdentity", "eventSource": "sts.amazonaws.com",
            "awsRegion": "us-east-1", "userAgent": user_agent, "sourceIPAddress": src_host,
            "userIdentity": {"accessKeyId": token.text("access_key_id"), "userName": token.text("username")},
        }),
        "aws-s3" => json!({
            "eventName": "GetObject", "operation": "REST.GET.OBJECT",
            "bucket": token.text("s3_source_bucket"), "key": "exports/customers-2026-q3.csv",
            "userAgent": user_agent, "sourceIPAddress": src_host,
        }),
        "azure-id" => json!({
            "appId": token.text("app_id"), "tenantId": token.text("tenant_id"),
            "resourceDisplayName": "Microsoft Graph", "status": "Failure", "ipAddress": src_host,
        }),
        "slack-api" => json!({"method": "auth.test", "userAgent": user_agent}),
        "mysql-dump" => json!({"mysql_username": token.id, "mysql_client": "mysql 8.0.36"}),
        _ => Value::Null,
    }
}

/// A DNS lookup of the token's hostname, with what the kind encodes in front of it.
fn dns(
    event: &mut Map<String, Value>,
    token: &Token,
    (user, computer): (&str, &str),
    rng: &mut fastrand::Rng,
) {
    let host = &token.hostname;
    let (hostname, extra) = match token.kind.id {
        "dns" => {
            (format!("MFRGGZDFMY.G{:02}.{host}", rng.u8(10..99)), json!({"generic_data": "abcdef"}))
        }
        "windows-dir" => (
            format!("{user}.{computer}.CORP.INI.{host}"),
            json!({"windows_desktopini_access_username": user,
                "windows_desktopini_access_domain": "CORP",
                "windows_desktopini_computer_name": computer}),
        ),
        "msword-macro" | "msexcel-macro" => (
            host.clone(),
            json!({"ms_macro_os": "Windows 10", "ms_macro_username": user,
                "ms_macro_ip": format!("10.20.{}.{}", rng.u8(0..255), rng.u8(1..255))}),
        ),
        "sensitive-cmd" => (
            format!("{computer}.UN.{user}.CMD.{host}"),
            json!({"cmd_computer_name": computer, "cmd_user_name": user,
                "cmd_invocation_id": random::string(rng, random::HEX, 8)}),
        ),
        "active-directory-login" => {
            let tokened = token.text("tokened_usernames").split(',').next().unwrap_or(user);
            (
                host.clone(),
                json!({"cmd_resolved_ip": format!("10.20.{}.{}", rng.u8(0..255), rng.u8(1..255)),
                    "cmd_workstation": computer, "cmd_user_name": tokened.trim(),
                    "cmd_machine_name": "DC01.corp.example.com",
                    "cmd_event_record_id": rng.u32(100_000..9_999_999).to_string()}),
            )
        }
        _ => (host.clone(), json!({})),
    };
    event.insert("hostname".into(), json!(hostname));
    if let Value::Object(extra) = extra {
        event.extend(extra);
    }
}
