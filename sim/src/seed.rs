//! The data a Console starts with. Every seeded token is made by [`tokens::create`], the
//! create endpoint's own path, so it carries the same fields as one the app creates; its
//! creation is in the audit trail as if done in the Console's UI.

use crate::api::Upload;
use crate::audit::{Action, Actor};
use crate::clock;
use crate::events::Overrides;
use crate::factories::Apeeper;
use crate::files;
use crate::incidents;
use crate::ooxml;
use crate::state::{Console, FLOCKS, USER_DOMAINS};
use crate::tokens::{self, NewToken, Via};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Seed {
    /// No tokens.
    Empty,
    /// Thirty tokens of many kinds in two flocks, some disabled, some on custom domains, some
    /// with alerts.
    #[default]
    Demo,
    /// Many tokens (`--scale-tokens`) for paging and search at size.
    Scale,
}

pub const DEFAULT_SCALE_TOKENS: usize = 10_000;

/// The size of the scale seed.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub tokens: usize,
    /// Exactly this many incidents over the tokens; `None`: about 2% of tokens have one.
    pub incidents: Option<usize>,
}

/// Legacy ApeeperFactory hashes, fixed so that tests can name them.
pub const APEEPER_HASHES: &[&str] =
    &["a9ee9e4f0c7a11e89d3e0242ac120001", "a9ee9e4f0c7a11e89d3e0242ac120002"];

pub fn seeded(seed: Seed, size: Scale, rng: fastrand::Rng) -> Console {
    let mut console = Console::new(rng);
    match seed {
        Seed::Empty => {}
        Seed::Demo => demo(&mut console),
        Seed::Scale => scale(&mut console, size),
    }
    if seed != Seed::Empty {
        let created = clock::now() - 400.0 * 86_400.0;
        console.apeepers = APEEPER_HASHES
            .iter()
            .zip(FLOCKS)
            .map(|(hash, (flock, _))| Apeeper {
                hash: (*hash).to_owned(),
                memo: format!("EC2 metadata apeeper ({flock})"),
                flock_id: (*flock).to_owned(),
                created,
            })
            .collect();
    }
    console
}

/// One demo token: kind, memo, flock (index into FLOCKS), custom domain (index into
/// USER_DOMAINS), enabled, unacknowledged and acknowledged alerts, kind parameters.
type Demo = (
    &'static str,
    &'static str,
    usize,
    Option<usize>,
    bool,
    u32,
    u32,
    &'static [(&'static str, &'static str)],
);

#[rustfmt::skip]
const DEMO: &[Demo] = &[
    ("http",               "Intranet wiki: finance page",                     0, Some(0), true,  2, 1, &[]),
    ("dns",                "DNS name in the build server's hosts file",       0, Some(1), true,  0, 0, &[]),
    ("doc-msword",         "Salaries 2026 – final.docx on the HR share",      0, None,    true,  1, 0, &[]),
    ("aws-id",             "~/.aws/credentials on the jump host",             0, None,    true,  1, 1, &[]),
    ("windows-dir",        "\\\\fileserver\\projects\\Merger",                1, None,    true,  1, 0, &[]),
    ("qr-code",            "Poster by the lobby Wi-Fi",                       0, None,    true,  0, 0, &[("browser_redirect_url", "https://intranet.example.com/wifi")]),
    ("pdf-acrobat-reader", "Board minutes.pdf in the CEO mailbox",            0, None,    true,  0, 2, &[]),
    ("wireguard",          "VPN profile on the sales laptops",                1, None,    true,  1, 0, &[]),
    ("fast-redirect",      "Link in the phishing-awareness newsletter",       0, Some(0), true,  1, 0, &[("browser_redirect_url", "https://www.example.com/")]),
    ("slow-redirect",      "Old HR portal bookmark",                          1, None,    false, 0, 0, &[("browser_redirect_url", "https://hr.example.com/")]),
    ("cloned-web",         "Login page clone detector",                       0, None,    true,  0, 1, &[("cloned_web", "login.example.com")]),
    ("sensitive-cmd",      "klist.exe on domain controllers",                 0, None,    true,  0, 0, &[("process_name", "klist.exe")]),
    ("mysql-dump",         "prod-db-dump.sql.gz in the backup bucket",        0, None,    true,  0, 0, &[("industry", "financial")]),
    ("slack-api",          "Slack token in the deploy bot's .env",            1, None,    true,  0, 1, &[]),
    ("doc-msexcel",        "Q3 forecast.xlsx on the finance share",           0, None,    false, 0, 0, &[]),
    ("credit-card",        "Company card in the travel desk's notes",         1, None,    true,  1, 0, &[]),
    ("http",               "Web bug in the branch-office email signature",    1, Some(1), true,  0, 0, &[]),
    ("dns",                "Hostname in the old router config backup",        1, None,    false, 0, 0, &[]),
    ("aws-id",             "CI runner environment variables",                 1, None,    true,  0, 0, &[("expiry", "6mo")]),
    ("windows-dir",        "Laptop 00042 (finance) Documents folder",         0, None,    true,  0, 0, &[]),
    ("msword-macro",       "Macro template in the shared templates folder",   0, None,    true,  0, 0, &[]),
    ("msexcel-macro",      "Budget macro sheet on the branch NAS",            1, None,    true,  0, 0, &[]),
    ("pdf-acrobat-reader", "Network diagram.pdf on the IT wiki",              1, None,    true,  0, 0, &[]),
    ("http",               "Tracking pixel on the internal job board",        0, None,    false, 0, 0, &[("browser_scanner_enabled", "false")]),
    ("wireguard",          "Contractor VPN config in the shared drive",       0, None,    true,  0, 0, &[]),
    ("qr-code",            "Sticker on the server room door",                 1, None,    true,  0, 0, &[]),
    ("dns",                "Fake backup server in DNS",                       0, Some(0), true,  0, 1, &[]),
    ("aws-s3",             "Customer exports bucket",                         0, None,    true,  0, 1, &[("s3_source_bucket", "acme-customer-exports"), ("s3_log_bucket", "acme-canary-logs")]),
    ("sensitive-cmd",      "whoami.exe on the jump hosts",                    1, None,    true,  0, 0, &[("process_name", "whoami.exe")]),
    ("azure-id",           "Azure service principal cert on the build agent", 0, None,    true,  0, 0, &[("azure_id_cert_file_name", "C:\\certs\\deploy.pem")]),
];

/// Alerts beyond the table's: hits whose headers carry markup (which a client must show as
/// text), and a command run three times. Demo index, hits, headers.
type DemoHit = (usize, usize, &'static [(&'static str, &'static str)]);

const DEMO_HITS: &[DemoHit] = &[
    (8, 1, &[("User-Agent", "<img src=x onerror=alert(1)>")]),
    (
        5,
        1,
        &[
            ("User-Agent", "<script>alert('ua')</script>"),
            ("Referer", "javascript:alert(document.domain)"),
        ],
    ),
    (11, 3, &[]),
];

fn demo(console: &mut Console) {
    let now = clock::now();
    let step = 2.0 * 86_400.0;
    let mut indices = Vec::new();
    for (i, &(kind, memo, flock, domain, enabled, unacked, acked, extra)) in DEMO.iter().enumerate()
    {
        let created = now - (DEMO.len() - i) as f64 * step;
        let mut params = HashMap::from([("kind", kind), ("memo", memo)]);
        params.extend(extra.iter().copied());
        if let Some(domain) = domain {
            params.insert("custom_domain", USER_DOMAINS[domain]);
        }
        let index = add(console, &params, FLOCKS[flock].0, created);
        if kind == "doc-msword" {
            // As if the memo's document had been uploaded: its download keeps that name.
            let upload = Upload {
                filename: "Salaries 2026 – final.docx".to_owned(),
                content_type: files::spec(kind)
                    .map(|f| f.content_type.to_owned())
                    .unwrap_or_default(),
                bytes: ooxml::docx(&console.tokens()[index]).into(),
            };
            console.change(index, |token| token.upload = Some(upload));
        }
        for alert in 0..unacked + acked {
            let at = created + f64::from(alert + 1) * 3600.0;
            incidents::trigger(console, index, at, 1, &Overrides::default());
            if alert >= unacked {
                acknowledge_last(console, at + 86_400.0);
            }
        }
        if !enabled {
            console.change(index, |token| token.enabled = false);
        }
        indices.push((index, created));
    }
    for &(n, hits, headers) in DEMO_HITS {
        let (index, created) = indices[n];
        let headers: Map<_, _> = headers.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
        let overrides = Overrides { headers, src_host: None };
        incidents::trigger(console, index, created + 7200.0, hits, &overrides);
    }
}

/// Acknowledges the newest incident, as the Console's user would have.
fn acknowledge_last(console: &mut Console, at: f64) {
    let updated_id = console.next_updated_id();
    let incident = console.incidents.last_mut().expect("just added");
    incident.set_acknowledged(true, updated_id, at);
    let message = format!("Incident {} was acknowledged", incident.key);
    let flock = incident.flock_id.clone();
    Action::new("incident_acknowledge", message).flock(&flock).record_as(
        console,
        Actor::console_user(),
        at,
    );
}

/// Kinds and the parameters they need, for the scale seed. QR codes are left out: drawing
/// thousands of them would make startup slow.
const SCALE_KINDS: &[(&str, &[(&str, &str)])] = &[
    ("http", &[]),
    ("dns", &[]),
    ("doc-msword", &[]),
    ("doc-msexcel", &[]),
    ("aws-id", &[]),
    ("windows-dir", &[]),
    ("pdf-acrobat-reader", &[]),
    ("wireguard", &[]),
    ("fast-redirect", &[("browser_redirect_url", "https://www.example.com/")]),
    ("slow-redirect", &[("browser_redirect_url", "https://www.example.com/")]),
    ("cloned-web", &[("cloned_web", "login.example.com")]),
    ("sensitive-cmd", &[("process_name", "klist.exe")]),
    ("mysql-dump", &[]),
    ("slack-api", &[]),
    ("credit-card", &[]),
    ("msword-macro", &[]),
    ("msexcel-macro", &[]),
];

const DEVICES: &[&str] = &["Laptop", "Desktop", "Server", "File share", "Mailbox", "VPN profile"];
const TEAMS: &[&str] = &["finance", "hr", "legal", "sales", "engineering", "ops"];

fn scale(console: &mut Console, size: Scale) {
    let now = clock::now();
    let count = size.tokens;
    for i in 0..count {
        let (kind, extra) = SCALE_KINDS[i % SCALE_KINDS.len()];
        let memo =
            format!("{} {i:05} ({})", DEVICES[i % DEVICES.len()], TEAMS[i / 7 % TEAMS.len()]);
        let mut params = HashMap::from([("kind", kind), ("memo", memo.as_str())]);
        params.extend(extra.iter().copied());
        let created = now - (count - i) as f64 * 60.0;
        let index = add(console, &params, FLOCKS[usize::from(i % 3 == 2)].0, created);
        if size.incidents.is_none() && (i % 97 == 0 || i % 89 == 0) {
            incidents::trigger(console, index, created + 30.0, 1, &Overrides::default());
            if i % 97 != 0 {
                acknowledge_last(console, created + 60.0);
            }
        }
        if i % 20 == 19 {
            console.change(index, |token| token.enabled = false);
        }
    }
    if let Some(total) = size.incidents.filter(|_| count > 0) {
        // Spread over the tokens by a stride prime to any count, a minute apart, newest now;
        // a third acknowledged.
        for k in 0..total {
            let index = (k * 7919 + 13) % count;
            let at = now - (total - k) as f64 * 60.0;
            incidents::trigger(console, index, at, 1, &Overrides::default());
            if k % 3 == 0 {
                acknowledge_last(console, at + 30.0);
            }
        }
    }
}

fn add(console: &mut Console, params: &HashMap<&str, &str>, flock_id: &str, created: f64) -> usize {
    let params = params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let files = HashMap::new();
    let new = NewToken { params: &params, files: &files, flock_id, via: Via::Create, created };
    // The tables above are fixed and valid; a failure here is a bug in them.
    let index = tokens::create(console, &new).expect("seed token");
    let token = &console.tokens()[index];
    let message = format!("Created a {} Canarytoken {}", token.kind.label, token.id);
    Action::new("canarytoken_create", message).flock(flock_id).record_as(
        console,
        Actor::console_user(),
        created,
    );
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_token_is_created() {
        let console = seeded(Seed::Demo, SMALL, fastrand::Rng::with_seed(1));
        assert_eq!(console.tokens().len(), DEMO.len());
        assert_eq!(console.incidents.iter().filter(|i| !i.acknowledged).count(), 11);
        assert_eq!(console.incidents.iter().filter(|i| i.acknowledged).count(), 8);
        assert_eq!(console.audit.len(), DEMO.len() + 8);
    }

    #[test]
    fn scale_memos_look_like_the_brief() {
        let console =
            seeded(Seed::Scale, Scale { tokens: 40, ..SMALL }, fastrand::Rng::with_seed(1));
        assert_eq!(console.tokens().len(), 40);
        assert_eq!(console.tokens()[0].memo(), "Laptop 00000 (finance)");
    }

    #[test]
    fn scale_can_have_a_set_number_of_incidents() {
        let size = Scale { tokens: 30, incidents: Some(100) };
        let console = seeded(Seed::Scale, size, fastrand::Rng::with_seed(1));
        assert_eq!(console.incidents.len(), 100);
        let total: u64 = console.tokens().iter().map(|t| t.triggered_count).sum();
        assert_eq!(total, 100);
    }

    const SMALL: Scale = Scale { tokens: 0, incidents: None };
}
