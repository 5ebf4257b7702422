//! The table of kinds (reference §4.3 and §6). Kinds whose inputs or outputs the reference lists
//! as unknown get what is known and a memo; the result view shows every render the Console
//! sends, so nothing is lost when a kind says more than this table expects.

use super::field::{Choice, Field, Format, Input, Upload};
use super::{Creation, FileType, Kind, Redirect, Show};
use crate::api::mail::Provider;

pub fn find(id: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.id == id)
}

const fn kind(
    id: &'static str,
    label: &'static str,
    place: &'static str,
    keywords: &'static str,
) -> Kind {
    Kind {
        id,
        label,
        place,
        keywords,
        fields: &[],
        download: None,
        shows: &[Show::Url, Show::Hostname],
        creation: Creation::Plain,
        redirect: Redirect::None,
        needs_feature: None,
    }
}

impl Kind {
    const fn fields(mut self, fields: &'static [Field]) -> Self {
        self.fields = fields;
        self
    }

    const fn download(mut self, file: FileType) -> Self {
        self.download = Some(file);
        self
    }

    const fn shows(mut self, shows: &'static [Show]) -> Self {
        self.shows = shows;
        self
    }

    const fn console_only(mut self, why: &'static str) -> Self {
        self.creation = Creation::ConsoleOnly(why);
        self
    }

    const fn mail_flow(mut self, provider: Provider) -> Self {
        self.creation = Creation::MailFlow(provider);
        self
    }

    const fn redirect(mut self, redirect: Redirect) -> Self {
        self.redirect = redirect;
        self
    }

    /// Offered only where the Console's feature `flag` is on.
    const fn needs_feature(mut self, flag: &'static str) -> Self {
        self.needs_feature = Some(flag);
        self
    }
}

impl Field {
    /// Taken only where the Console's feature `flag` is on.
    const fn needs_feature(mut self, flag: &'static str) -> Self {
        self.needs_feature = Some(flag);
        self
    }
}

const fn text(
    name: &'static str,
    label: &'static str,
    required: bool,
    placeholder: &'static str,
    help: &'static str,
) -> Field {
    Field { name, label, input: Input::Text { placeholder }, required, help, needs_feature: None }
}

const fn field(
    name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
    help: &'static str,
) -> Field {
    Field { name, label, input, required, help, needs_feature: None }
}

const MB: usize = 1024 * 1024;
const URL: &[Show] = &[Show::Url];
const HOSTNAME: &[Show] = &[Show::Hostname];
/// For kinds whose answer is not documented: whatever address the token has.
const ADDRESS: &[Show] = &[Show::Url, Show::Hostname];

const fn choice(value: &'static str, label: &'static str) -> Choice {
    Choice { value, label }
}

const IDP_APPS: &[Choice] = &[
    choice("aws", "AWS"),
    choice("azure", "Azure"),
    choice("bitwarden", "Bitwarden"),
    choice("dropbox", "Dropbox"),
    choice("duo", "Duo"),
    choice("elasticsearch", "Elasticsearch"),
    choice("freshbooks", "FreshBooks"),
    choice("gcloud", "Google Cloud"),
    choice("gdrive", "Google Drive"),
    choice("github", "GitHub"),
    choice("gitlab", "GitLab"),
    choice("gmail", "Gmail"),
    choice("intune", "Intune"),
    choice("jamf", "Jamf"),
    choice("jira", "Jira"),
    choice("kibana", "Kibana"),
    choice("lastpass", "LastPass"),
    choice("ms365", "Microsoft 365"),
    choice("msteams", "Microsoft Teams"),
    choice("onedrive", "OneDrive"),
    choice("onepassword", "1Password"),
    choice("outlook", "Outlook"),
    choice("pagerduty", "PagerDuty"),
    choice("sage", "Sage"),
    choice("salesforce", "Salesforce"),
    choice("sap", "SAP"),
    choice("slack", "Slack"),
    choice("virtru", "Virtru"),
    choice("zendesk", "Zendesk"),
    choice("zoho", "Zoho"),
    choice("zoom", "Zoom"),
];

const INDUSTRIES: &[Choice] = &[
    choice("corporate", "Corporate"),
    choice("consulting", "Consulting"),
    choice("education", "Education"),
    choice("financial", "Financial"),
    choice("industrial", "Industrial"),
    choice("legal", "Legal"),
    choice("medical", "Medical"),
    choice("tech", "Technology"),
];

/// Icon ids for fake apps: canarytokens.org's, and the Console's 47 (Thinkst's Python client
/// lists `bumble`, `hinge` and `tinder` besides); an id not listed here is sent as typed.
const PWA_ICONS: &[Choice] = &[
    choice("absa", "Absa"),
    choice("amex", "American Express"),
    choice("applemail", "Apple Mail"),
    choice("applewallet", "Apple Wallet"),
    choice("axis", "Axis Bank"),
    choice("boa", "Bank of America"),
    choice("bumble", "Bumble"),
    choice("bunq", "bunq"),
    choice("capitec", "Capitec"),
    choice("chase", "Chase"),
    choice("cred", "CRED"),
    choice("dashlane", "Dashlane"),
    choice("discord", "Discord"),
    choice("facebook", "Facebook"),
    choice("fnb", "FNB"),
    choice("gmail", "Gmail"),
    choice("googlepay", "Google Pay"),
    choice("googlewallet", "Google Wallet"),
    choice("hdfc", "HDFC Bank"),
    choice("hinge", "Hinge"),
    choice("icici", "ICICI Bank"),
    choice("instagram", "Instagram"),
    choice("messenger", "Messenger"),
    choice("monzo", "Monzo"),
    choice("n26", "N26"),
    choice("nedbank", "Nedbank"),
    choice("nordpass", "NordPass"),
    choice("oldmutual", "Old Mutual"),
    choice("onepassword", "1Password"),
    choice("paypal", "PayPal"),
    choice("paytm", "Paytm"),
    choice("phonepe", "PhonePe"),
    choice("protonpass", "Proton Pass"),
    choice("rbc", "RBC"),
    choice("revolut", "Revolut"),
    choice("sbi", "SBI"),
    choice("signal", "Signal"),
    choice("snapchat", "Snapchat"),
    choice("snapscan", "SnapScan"),
    choice("standard", "Standard Bank"),
    choice("starling", "Starling"),
    choice("telegram", "Telegram"),
    choice("tiktok", "TikTok"),
    choice("tinder", "Tinder"),
    choice("twitter", "Twitter / X"),
    choice("whatsapp", "WhatsApp"),
    choice("zapper", "Zapper"),
];

const REDIRECT_URL: Field = field(
    "browser_redirect_url",
    "Redirect to",
    Input::Url,
    true,
    "Where visitors land after the token fires, so nothing looks amiss.",
);

const EXPECTED_REFERRER: Field = field(
    "expected_referrer",
    "Your site's domain",
    Input::Domain,
    true,
    "The domain your real login page is served from; a copy served elsewhere fires the token.",
);

pub static KINDS: &[Kind] = &[
    kind("http", "Web Bug", "A URL: paste it into documents, emails or wiki pages; it fires when fetched.", "url link web bug pixel email tracking")
        .fields(&[field("browser_scanner_enabled", "Fingerprint the visitor's browser", Input::Checkbox { default: true }, false,
            "Runs a JavaScript scanner on the visitor's browser for more detail in the alert.")])
        .shows(URL),
    kind("dns", "DNS", "A hostname: put it in config files, scripts or hosts files; it fires when resolved.", "hostname domain resolve nslookup")
        .shows(HOSTNAME),
    kind("cloned-web", "Cloned Website", "JavaScript for your login page: fires when a phishing copy of the page is served elsewhere.", "phishing clone site javascript snippet")
        .fields(&[field("cloned_web", "Domain to protect", Input::Domain, true,
            "The domain of the real site, e.g. login.example.com.")])
        .shows(&[Show::Render { key: "cloned-web", label: "Snippet for your site's pages", secret: false }]),
    kind("cloned-css", "CSS cloned site", "CSS for your login page: fires when a cloned copy of the page loads it from another site.", "phishing clone css stylesheet")
        .fields(&[EXPECTED_REFERRER])
        .shows(&[Show::Render { key: "cloned-css", label: "CSS for your site", secret: false }, Show::Url]),
    kind("doc-msword", "MS Word Document", "A Word document for file shares or mailboxes: fires when opened.", "word docx office document file")
        .fields(&[field("doc", "Your own document (optional)", Input::File(Upload { accept: ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document", formats: &[Format::Docx], max_bytes: 20 * MB }), false,
            "Leave empty for a generated document, or attach a .docx to token it.")])
        .download(FileType::DOCX).shows(HOSTNAME),
    kind("doc-msexcel", "MS Excel Document", "An Excel workbook for file shares or mailboxes: fires when opened.", "excel xlsx spreadsheet office file")
        .fields(&[field("excel", "Your own workbook (optional)", Input::File(Upload { accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", formats: &[Format::Xlsx], max_bytes: 20 * MB }), false,
            "Leave empty for a generated workbook, or attach an .xlsx to token it.")])
        .download(FileType::XLSX).shows(HOSTNAME),
    kind("msword-macro", "MS Word Macro Document", "A macro-enabled Word document: fires when its macros are allowed to run.", "word docm macro office file")
        .download(FileType::DOCM).shows(HOSTNAME),
    kind("msexcel-macro", "MS Excel Macro Document", "A macro-enabled Excel workbook: fires when its macros are allowed to run.", "excel xlsm macro spreadsheet file")
        .download(FileType::XLSM).shows(HOSTNAME),
    kind("pdf-acrobat-reader", "Acrobat PDF", "A PDF for file shares or mailboxes: fires when opened in Acrobat Reader.", "pdf acrobat adobe document file")
        .fields(&[field("pdf", "Your own PDF (optional)", Input::File(Upload { accept: ".pdf,application/pdf", formats: &[Format::Pdf], max_bytes: 20 * MB }), false,
            "Leave empty for a generated PDF, or attach one to token it.")])
        .download(FileType::PDF).shows(HOSTNAME),
    kind("web-image", "Custom Web Image", "An image URL for web pages or emails: fires when the image is loaded.", "image picture png jpeg web bug")
        .fields(&[field("web_image", "Image", Input::File(Upload { accept: ".png,.jpg,.jpeg,image/png,image/jpeg", formats: &[Format::Png, Format::Jpeg], max_bytes: 10 * MB }), true,
            "The PNG or JPEG image the token URL serves.")])
        .shows(URL),
    kind("windows-dir", "Windows Folder", "A folder to unzip on a share or desktop: fires when it is browsed in Windows Explorer.", "folder directory desktop.ini explorer share zip")
        .download(FileType::ZIP).shows(HOSTNAME),
    kind("aws-s3", "AWS S3 Bucket", "An S3 bucket watched through its access logs: fires when it is read.", "amazon aws s3 bucket cloud storage")
        .fields(&[
            field("s3_source_bucket", "Bucket to watch", Input::Bucket, true, "The S3 bucket that attackers would read."),
            field("s3_log_bucket", "Bucket for its logs", Input::Bucket, true, "Where the watched bucket's access logs go."),
            text("aws_region", "AWS region (optional)", false, "us-east-1", "With the credentials below, the Console sets the buckets up itself."),
            text("aws_access_key", "AWS access key ID (optional)", false, "AKIA…", "Used once to set up the buckets; not stored by the Console."),
            field("aws_secret_key", "AWS secret access key (optional)", Input::Secret, false, "Used once; not stored by the Console or by this app."),
            field("aws_session_token", "AWS session token (optional)", Input::Secret, false, "Only for temporary credentials."),
        ])
        .download(FileType::SCRIPT).shows(&[
            Show::Field { key: "s3_source_bucket", label: "Watched bucket", secret: false },
            Show::Field { key: "s3_log_bucket", label: "Log bucket", secret: false },
        ]),
    kind("aws-id", "AWS API Key", "AWS credentials for ~/.aws/credentials, scripts or CI secrets: fire when used.", "amazon aws key credentials access secret iam")
        .fields(&[
            field("expiry", "Expires after (optional)", Input::Expiry, false, "For example 12h, 30d, 6mo or 1y; empty means never."),
            text("aws_id_username", "IAM user name (optional)", false, "", "Name of the IAM user behind the key; random when empty.")
                .needs_feature("awsidtoken_username"),
        ])
        .download(FileType::TXT).shows(&[
            Show::Field { key: "access_key_id", label: "Access key ID", secret: false },
            Show::Field { key: "secret_access_key", label: "Secret access key", secret: true },
            Show::Field { key: "username", label: "IAM user", secret: false },
            Show::Render { key: "aws-id", label: "Credentials file", secret: true },
        ])
        .needs_feature("awsidtoken"),
    kind("azure-id", "Azure Login Certificate and Config", "An Azure service-principal certificate and config: fires when used to sign in.", "microsoft azure certificate login service principal")
        .fields(&[text("azure_id_cert_file_name", "Certificate file path", true, "C:\\Users\\svc\\azure.pem",
            "The path the config will name for the certificate on the machine you plant it on.")])
        .download(FileType::ZIP).shows(&[
            Show::Field { key: "app_id", label: "Application ID", secret: false },
            Show::Field { key: "tenant_id", label: "Tenant ID", secret: false },
        ]),
    kind("azure-entra-login", "Azure Entra Login", "Branding CSS for your Entra ID sign-in page: fires when a phishing copy of it loads.", "microsoft azure entra login phishing css")
        .fields(&[EXPECTED_REFERRER])
        .shows(ADDRESS),
    kind("qr-code", "QR Code", "A QR code to print on posters, badges or documents: fires when scanned and opened.", "qr code scan print poster")
        .download(FileType::PNG).shows(&[Show::QrCode, Show::Url]).redirect(Redirect::Removable),
    kind("fast-redirect", "Fast Redirect", "A URL that fires and immediately forwards the visitor to a real page.", "redirect url link forward")
        .fields(&[REDIRECT_URL]).shows(URL).redirect(Redirect::Editable),
    kind("slow-redirect", "Slow Redirect", "A URL that fingerprints the browser, fires, then forwards the visitor to a real page.", "redirect url link forward fingerprint")
        .fields(&[REDIRECT_URL]).shows(URL).redirect(Redirect::Editable),
    kind("sensitive-cmd", "Sensitive Command", "A registry file for Windows hosts: fires when the named program runs.", "windows command process registry exe")
        .fields(&[text("process_name", "Program to watch", true, "klist.exe", "The executable name, such as klist.exe or whoami.exe.")])
        .download(FileType::REG).shows(HOSTNAME),
    kind("signed-exe", "Custom Exe/Binary", "Your Windows program, tokened: fires when it is run.", "windows exe dll binary program executable")
        .fields(&[field("exe", "Program", Input::File(Upload { accept: ".exe,.dll,application/vnd.microsoft.portable-executable,application/x-msdownload", formats: &[Format::Exe], max_bytes: 50 * MB }), true,
            "The .exe or .dll to token.")])
        .download(FileType::EXE).shows(HOSTNAME),
    kind("slack-api", "Slack API Key", "A Slack API token for scripts and config files: fires when used.", "slack api key token chat")
        .download(FileType::TXT).shows(ADDRESS)
        .needs_feature("slackapitoken"),
    kind("wireguard", "WireGuard VPN", "A WireGuard client configuration for laptops or phones: fires when it connects.", "vpn wireguard config network")
        .download(FileType::CONF).shows(&[Show::Render { key: "wg_conf", label: "WireGuard configuration", secret: true }]),
    kind("mysql-dump", "MySQL Dump File", "A database dump for servers and backups: fires when it is loaded into MySQL.", "mysql database sql dump backup")
        .fields(&[field("industry", "Make the data look like (optional)", Input::Select(INDUSTRIES), false, "The kind of business the fake records come from.")])
        .download(FileType::SQL_GZ).shows(HOSTNAME),
    kind("credit-card", "Credit Card", "Card details for finance systems or spreadsheets: fire when the card is used.", "credit card payment finance")
        .download(FileType::TXT).shows(&[
            Show::Field { key: "name_on_card", label: "Name on card", secret: false },
            Show::Field { key: "card_number", label: "Card number", secret: true },
            Show::Field { key: "expiry_month", label: "Expiry month", secret: false },
            Show::Field { key: "expiry_year", label: "Expiry year", secret: false },
            Show::Field { key: "cvv", label: "CVV", secret: true },
        ]),
    kind("pwa", "Fake App", "An installable fake app for phones: fires when it is opened.", "pwa app mobile phone install")
        .fields(&[
            text("pwa_app_name", "App name (optional)", false, "Payroll", "The name shown under the icon."),
            field("pwa_icon", "Icon (optional)", Input::Suggest(PWA_ICONS), false, "An icon id such as paypal or whatsapp; your Console may offer others."),
        ])
        .shows(URL),
    kind("idp-app", "SAML IdP App", "A fake app in your identity provider's portal: fires when someone signs in to it.", "saml sso identity provider okta app login")
        .fields(&[field("idp_app_type", "App to imitate", Input::Select(IDP_APPS), true, "The app the tile in your IdP portal will look like.")])
        .shows(&[Show::Field { key: "entity_id", label: "Entity ID", secret: false }, Show::Url]),
    kind("active-directory-login", "Active Directory Login", "Decoy Active Directory accounts: fire when someone signs in with them.", "windows active directory ad login account user")
        .fields(&[field("tokened_usernames", "User names", Input::List { placeholder: "svc-backup, adm-legacy" }, true,
            "Comma-separated Active Directory user names to watch.")])
        .shows(ADDRESS),
    kind("svn", "SVN Repo", "A Subversion repository URL: fires when it is checked out.", "subversion svn repository source code")
        .shows(ADDRESS),
    kind("sql", "SQL Server", "A SQL Server table, view or function: fires when queried.", "microsoft sql server database query")
        .shows(ADDRESS),
    kind("google-docs", "Google Doc", "A Google Doc shared with you: fires when it is opened.", "google docs document drive")
        .fields(&[text("google_share_email_addr", "Share with (optional)", false, "you@example.com", "An email address the tokened document is shared with.")])
        .shows(ADDRESS),
    kind("google-sheets", "Google Sheet", "A Google Sheet shared with you: fires when it is opened.", "google sheets spreadsheet drive")
        .fields(&[text("google_share_email_addr", "Share with (optional)", false, "you@example.com", "An email address the tokened document is shared with.")])
        .shows(ADDRESS),
    kind("autoreg-google-docs", "Google Doc (auto-registered)", "A Google Doc registered automatically in your Workspace: fires when opened.", "google docs document drive workspace")
        .shows(ADDRESS)
        .console_only("These Google Docs are made by the Console's own Google Workspace factory, not by a plain create: set them up on the Console.")
        .needs_feature("gdoc_factory_tokens"),
    kind("autoreg-google-sheets", "Google Sheet (auto-registered)", "A Google Sheet registered automatically in your Workspace: fires when opened.", "google sheets spreadsheet drive workspace")
        .shows(ADDRESS)
        .console_only("These Google Sheets are made by the Console's own Google Workspace factory, not by a plain create: set them up on the Console.")
        .needs_feature("gdoc_factory_tokens"),
    kind("tokenfactory", "Canarytoken Factory", "A factory string with which scripts mint tokens in one flock, without an API key.", "factory mint deploy script automation")
        .console_only("A Canarytoken factory is a factory string, not a token: make one on the workbench, under Advanced → Canarytoken factory strings.")
        .needs_feature("tokenfactory"),
    kind("gmail", "Gmail", "Decoy emails in Gmail mailboxes: fire when they are opened.", "google gmail email mailbox workspace")
        .mail_flow(Provider::Gmail),
    kind("office365mail", "Office 365 Mail Bug", "Decoy emails in Office 365 mailboxes: fire when they are opened.", "microsoft office 365 outlook email mailbox")
        .mail_flow(Provider::Office365)
        .needs_feature("office365_mail_token"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::FieldValue;
    use crate::kinds::field::Accepted;
    use std::collections::BTreeSet;

    /// Every kind the reference names (§6), including factory-only and Console-flow kinds.
    const REFERENCE_KINDS: &[&str] = &[
        "http",
        "dns",
        "cloned-web",
        "cloned-css",
        "doc-msword",
        "doc-msexcel",
        "msword-macro",
        "msexcel-macro",
        "pdf-acrobat-reader",
        "web-image",
        "windows-dir",
        "aws-s3",
        "aws-id",
        "azure-id",
        "azure-entra-login",
        "qr-code",
        "fast-redirect",
        "slow-redirect",
        "sensitive-cmd",
        "signed-exe",
        "slack-api",
        "wireguard",
        "mysql-dump",
        "credit-card",
        "pwa",
        "idp-app",
        "active-directory-login",
        "svn",
        "sql",
        "google-docs",
        "google-sheets",
        "autoreg-google-docs",
        "autoreg-google-sheets",
        "gmail",
        "office365mail",
        "tokenfactory",
    ];

    #[test]
    fn the_catalog_covers_every_kind_in_the_reference_once() {
        let ids: BTreeSet<_> = KINDS.iter().map(|k| k.id).collect();
        assert_eq!(ids.len(), KINDS.len(), "duplicate ids");
        assert_eq!(ids, REFERENCE_KINDS.iter().copied().collect());
        // The picker, filters and alerts name kinds by label: two alike could not be told apart.
        let labels: BTreeSet<_> = KINDS.iter().map(|k| k.label).collect();
        assert_eq!(labels.len(), KINDS.len(), "two kinds share a label");
    }

    #[test]
    fn required_parameters_follow_the_reference() {
        let required = |id: &str| -> Vec<&str> {
            find(id).unwrap().fields.iter().filter(|f| f.required).map(|f| f.name).collect()
        };
        assert_eq!(required("cloned-web"), ["cloned_web"]);
        assert_eq!(required("cloned-css"), ["expected_referrer"]);
        assert_eq!(required("azure-entra-login"), ["expected_referrer"]);
        assert_eq!(required("fast-redirect"), ["browser_redirect_url"]);
        assert_eq!(required("slow-redirect"), ["browser_redirect_url"]);
        assert_eq!(required("web-image"), ["web_image"]);
        assert_eq!(required("signed-exe"), ["exe"]);
        assert_eq!(required("aws-s3"), ["s3_source_bucket", "s3_log_bucket"]);
        assert_eq!(required("azure-id"), ["azure_id_cert_file_name"]);
        assert_eq!(required("sensitive-cmd"), ["process_name"]);
        assert_eq!(required("active-directory-login"), ["tokened_usernames"]);
        assert_eq!(required("idp-app"), ["idp_app_type"]);
        assert!(required("http").is_empty() && required("doc-msword").is_empty());
    }

    #[test]
    fn select_lists_are_complete() {
        let choices = |id: &str, name: &str| match find(id).unwrap().field(name).unwrap().input {
            Input::Select(c) | Input::Suggest(c) => c.len(),
            _ => 0,
        };
        assert_eq!(choices("idp-app", "idp_app_type"), 31);
        assert_eq!(choices("mysql-dump", "industry"), 8);
        assert_eq!(choices("pwa", "pwa_icon"), 47);
        // An icon the Console has and we do not is sent as typed; a known one by id or label.
        let icon = find("pwa").unwrap().field("pwa_icon").unwrap();
        let sent = |typed: &str| match icon.accept(&FieldValue::Text(typed.into())) {
            Ok(Some(Accepted::Text(t))) => t,
            other => panic!("{typed}: {other:?}"),
        };
        assert_eq!(
            (sent("Tinder"), sent("hinge"), sent("newbank")),
            ("tinder".into(), "hinge".into(), "newbank".into())
        );
    }

    #[test]
    fn downloadable_kinds_match_the_reference() {
        let downloads: BTreeSet<_> =
            KINDS.iter().filter(|k| k.download.is_some()).map(|k| k.id).collect();
        // Thinkst's list (canary-utils#71) plus doc-msexcel, azure-id, sensitive-cmd, signed-exe, aws-s3.
        let expected = [
            "aws-id",
            "credit-card",
            "doc-msword",
            "msexcel-macro",
            "msword-macro",
            "mysql-dump",
            "pdf-acrobat-reader",
            "qr-code",
            "slack-api",
            "windows-dir",
            "wireguard",
            "doc-msexcel",
            "azure-id",
            "sensitive-cmd",
            "signed-exe",
            "aws-s3",
        ];
        assert_eq!(downloads, expected.into_iter().collect());
        assert_eq!(super::super::fallback_filename("doc-msword", "abc"), "abc.docx");
        assert_eq!(super::super::fallback_filename("mysql-dump", "abc"), "abc.sql.gz");
        assert_eq!(super::super::fallback_filename("new-kind", "abc"), "abc.bin");
    }

    #[test]
    fn every_kind_can_be_found_by_words() {
        for kind in KINDS {
            assert!(kind.matches(&kind.label.to_ascii_lowercase()), "{}", kind.id);
            assert!(!kind.place.is_empty() && kind.place.len() < 140, "{}: one line", kind.id);
        }
        assert!(find("aws-id").unwrap().matches("amazon key"));
        assert!(!find("dns").unwrap().matches("excel"));
        assert_eq!(find("gmail").map(|k| k.creation), Some(Creation::MailFlow(Provider::Gmail)));
        assert!(find("office365mail").is_some_and(|k| k.creation.refusal().is_some()));
    }

    #[test]
    fn feature_flags_gate_the_kinds_and_fields_that_need_them() {
        let features = |flags| {
            serde_json::from_value::<crate::api::types::Features>(serde_json::json!({
                "features": flags
            }))
            .unwrap()
        };
        let off = features(serde_json::json!({
            "awsidtoken": false, "awsidtoken_username": false, "slackapitoken": false,
            "gdoc_factory_tokens": false, "tokenfactory": false, "office365_mail_token": false
        }));
        let unknown = crate::api::types::Features::default();
        let username = find("aws-id").unwrap().field("aws_id_username").unwrap();
        assert!(!username.offered_with(&off) && username.offered_with(&unknown));
        assert!(find("aws-id").unwrap().field("expiry").unwrap().offered_with(&off));
        let gated: Vec<_> = KINDS
            .iter()
            .filter(|k| k.needs_feature.is_some_and(|flag| !off.has(flag)))
            .map(|k| k.id)
            .collect();
        assert_eq!(
            gated,
            [
                "aws-id",
                "slack-api",
                "autoreg-google-docs",
                "autoreg-google-sheets",
                "tokenfactory",
                "office365mail"
            ]
        );
        assert!(KINDS.iter().filter_map(|k| k.needs_feature).all(|flag| unknown.has(flag)));
    }
}
