//! The Console's data: kinds on offer, flocks and tokens.

use crate::Seed;
use serde_json::{Value, json};

/// The kinds `/canarytokens/list` offers, as in the reference's example answer.
pub const KINDS: &[(&str, &str)] = &[
    ("active-directory-login", "Active Directory Login"),
    ("autoreg-google-docs", "Google Doc"),
    ("autoreg-google-sheets", "Google Sheet"),
    ("aws-id", "AWS API Key"),
    ("aws-s3", "AWS S3 Bucket"),
    ("azure-entra-login", "Azure Entra Login"),
    ("azure-id", "Azure Login Certificate and Config"),
    ("cloned-css", "CSS cloned site"),
    ("cloned-web", "Cloned Website"),
    ("credit-card", "Credit Card"),
    ("dns", "DNS"),
    ("doc-msexcel", "MS Excel Document"),
    ("doc-msword", "MS Word Document"),
    ("fast-redirect", "Fast Redirect"),
    ("gmail", "Gmail"),
    ("google-docs", "Google Doc"),
    ("google-sheets", "Google Sheet"),
    ("http", "Web Bug"),
    ("msexcel-macro", "MS Excel Macro Document"),
    ("msword-macro", "MS Word Macro Document"),
    ("mysql-dump", "MySQL Dump File"),
    ("office365mail", "Office 365 Mail Bug"),
    ("pdf-acrobat-reader", "Acrobat PDF"),
    ("pwa", "Fake App"),
    ("qr-code", "QR Code"),
    ("sensitive-cmd", "Sensitive Command"),
    ("signed-exe", "Custom Exe/Binary"),
    ("slack-api", "Slack API Key"),
    ("slow-redirect", "Slow Redirect"),
    ("web-image", "Custom Web Image"),
    ("windows-dir", "Windows Folder"),
    ("wireguard", "WireGuard VPN"),
];

pub struct Console {
    pub tokens: Vec<Value>,
}

impl Console {
    pub fn seeded(seed: Seed) -> Self {
        let tokens = match seed {
            Seed::Empty => Vec::new(),
            Seed::Demo => demo_tokens(),
        };
        Self { tokens }
    }

    pub fn kinds(&self) -> Value {
        Value::Object(
            KINDS
                .iter()
                .map(|(id, label)| (id.to_string(), json!(label)))
                .collect(),
        )
    }
}

fn demo_tokens() -> Vec<Value> {
    const PLACES: &[(&str, &str)] = &[
        ("http", "Intranet wiki: finance page"),
        ("dns", "DNS name in the build server's hosts file"),
        ("doc-msword", "Salaries 2026.docx on the HR share"),
        ("aws-id", "~/.aws/credentials on the jump host"),
        ("windows-dir", "\\\\fileserver\\projects\\Merger"),
        ("qr-code", "Poster by the lobby Wi-Fi"),
        ("pdf-acrobat-reader", "Board minutes.pdf in the CEO mailbox"),
        ("wireguard", "VPN profile on the sales laptops"),
    ];
    (0..36)
        .map(|i| {
            let (kind, place) = PLACES[i % PLACES.len()];
            let flock = if i % 3 == 2 {
                "flock:branch-offices"
            } else {
                "flock:default"
            };
            let id = format!("demo{i:02}{}", &"x3k9q7w2m5v8b1n4c6z0r3t"[..21]);
            json!({
                "canarytoken": id,
                "kind": kind,
                "memo": format!("{place} (#{})", i + 1),
                "flock_id": flock,
                "enabled": i % 7 != 6,
                "created": format!("{}.{:06}", 1_760_000_000 + i * 86_400, i * 137),
                "triggered_count": if i % 5 == 0 { 2 } else { 0 },
            })
        })
        .collect()
}
