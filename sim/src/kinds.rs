//! Every kind of Canarytoken the simulated Console knows: its label, which catalogue offers
//! it, what a create call must or may send for it (reference §4.3 and §6), and the fields the
//! Console adds to a new token of that kind.

use crate::extras::{self, Extras};

pub struct Kind {
    pub id: &'static str,
    pub label: &'static str,
    pub offer: Offer,
    pub made: Made,
    /// The incident `logtype` its alerts carry (reference §4.8).
    pub logtype: u32,
    pub params: &'static [Param],
    pub file: Option<FileParam>,
    /// Fills in the fields the Console generates for this kind.
    pub extras: Option<Extras>,
}

/// Which catalogues name the kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Offer {
    /// In `/canarytokens/list` and `/canarytokens/factory/list`.
    Listed,
    /// Only in `/canarytokens/list`: a factory cannot mint a factory (tokenfactory).
    ListOnly,
    /// Only in `/canarytokens/factory/list`.
    FactoryOnly,
    /// In neither list, yet create documents its parameters (idp-app).
    Unlisted,
}

/// Which calls may make a token of the kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Made {
    /// `canarytoken/create` and the factory create paths.
    Create,
    /// Only a factory create: the Console's own factory mints them (reference §12, autoreg
    /// Google kinds).
    Factory,
    /// Only the kind's own flow, the endpoint named here (mailbox kinds, §4.5; tokenfactory).
    Flow(&'static str),
}

pub struct Param {
    pub name: &'static str,
    pub required: bool,
    pub check: Check,
}

/// How a parameter's value is checked before the token echoes it.
#[derive(Clone, Copy)]
pub enum Check {
    Text,
    /// A domain name with at least two labels (the cloned_web rule).
    Domain,
    /// An http(s) URL.
    Url,
    Bool,
    /// A duration in y, mo, w, d or h, such as `12h` or `6mo`.
    Expiry,
    OneOf(&'static [&'static str]),
    /// A comma-separated list of names, none empty.
    NameList,
    /// One email address.
    Email,
}

/// An uploaded file a kind takes, recognised by its first bytes.
pub struct FileParam {
    pub name: &'static str,
    pub required: bool,
    pub magics: &'static [&'static [u8]],
    /// Said in the refusal when the bytes match none of `magics`.
    pub expected: &'static str,
}

const fn required(name: &'static str, check: Check) -> Param {
    Param { name, required: true, check }
}

const fn optional(name: &'static str, check: Check) -> Param {
    Param { name, required: false, check }
}

const fn upload(
    name: &'static str,
    required: bool,
    magics: &'static [&'static [u8]],
    expected: &'static str,
) -> FileParam {
    FileParam { name, required, magics, expected }
}

/// First bytes of the file types uploads may have (a .docx is a zip).
const ZIP: &[u8] = b"PK\x03\x04";
const PDF: &[u8] = b"%PDF-";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG: &[u8] = b"\xff\xd8\xff";
const EXE: &[u8] = b"MZ";

pub const IDP_APP_TYPES: &[&str] = &[
    "aws",
    "azure",
    "bitwarden",
    "dropbox",
    "duo",
    "elasticsearch",
    "freshbooks",
    "gcloud",
    "gdrive",
    "github",
    "gitlab",
    "gmail",
    "intune",
    "jamf",
    "jira",
    "kibana",
    "lastpass",
    "ms365",
    "msteams",
    "onedrive",
    "onepassword",
    "outlook",
    "pagerduty",
    "sage",
    "salesforce",
    "sap",
    "slack",
    "virtru",
    "zendesk",
    "zoho",
    "zoom",
];

pub const INDUSTRIES: &[&str] = &[
    "corporate",
    "consulting",
    "education",
    "financial",
    "industrial",
    "legal",
    "medical",
    "tech",
];

macro_rules! kind {
    ($id:literal, $label:literal, $offer:expr, $logtype:literal
     $(, made: $made:expr)?
     $(, params: [$($param:expr),* $(,)?])?
     $(, file: $file:expr)?
     $(, extras: $extras:expr)? $(,)?) => {
        Kind {
            id: $id,
            label: $label,
            offer: $offer,
            made: kind!(@made $($made)?),
            logtype: $logtype,
            params: &[$($($param),*)?],
            file: kind!(@opt $($file)?),
            extras: kind!(@opt $($extras)?),
        }
    };
    (@made) => { Made::Create };
    (@made $made:expr) => { $made };
    (@opt) => { None };
    (@opt $value:expr) => { Some($value) };
}

use Offer::*;

pub const KINDS: &[Kind] = &[
    kind!("active-directory-login", "Active Directory Login", Listed, 16012,
        params: [required("tokened_usernames", Check::NameList)]),
    kind!("autoreg-google-docs", "Google Doc", Listed, 17006, made: Made::Factory),
    kind!("autoreg-google-sheets", "Google Sheet", Listed, 17007, made: Made::Factory),
    kind!("aws-id", "AWS API Key", Listed, 17012,
        params: [optional("expiry", Check::Expiry), optional("aws_id_username", Check::Text)],
        extras: extras::aws_id),
    kind!("aws-s3", "AWS S3 Bucket", Listed, 17005,
        params: [required("s3_source_bucket", Check::Text), required("s3_log_bucket", Check::Text)],
        extras: extras::aws_s3),
    kind!("azure-entra-login", "Azure Entra Login", Listed, 17026,
        params: [required("expected_referrer", Check::Text)],
        extras: extras::css_snippet),
    kind!("azure-id", "Azure Login Certificate and Config", Listed, 17024,
        params: [required("azure_id_cert_file_name", Check::Text)],
        extras: extras::azure_id),
    kind!("cloned-css", "CSS cloned site", Listed, 17025,
        params: [required("expected_referrer", Check::Text)],
        extras: extras::css_snippet),
    kind!("cloned-web", "Cloned Website", Listed, 17003,
        params: [required("cloned_web", Check::Domain)],
        extras: extras::cloned_web),
    kind!("credit-card", "Credit Card", Listed, 17027, extras: extras::credit_card),
    kind!("dns", "DNS", Listed, 16000),
    kind!("doc-msexcel", "MS Excel Document", Listed, 17023,
        file: upload("excel", false, &[ZIP], "a .xlsx workbook")),
    kind!("doc-msword", "MS Word Document", Listed, 17004,
        file: upload("doc", false, &[ZIP], "a .docx document")),
    kind!("fast-redirect", "Fast Redirect", Listed, 17016,
        params: [required("browser_redirect_url", Check::Url)]),
    kind!("gmail", "Gmail", Listed, 17021, made: Made::Flow("/canarytoken/gmail/create")),
    kind!("google-docs", "Google Doc", Listed, 17006,
        params: [optional("google_share_email_addr", Check::Email)]),
    kind!("google-sheets", "Google Sheet", Listed, 17007,
        params: [optional("google_share_email_addr", Check::Email)]),
    kind!("http", "Web Bug", Listed, 17000,
        params: [optional("browser_scanner_enabled", Check::Bool)],
        extras: extras::http),
    kind!("idp-app", "SAML IdP App", Unlisted, 17030,
        params: [required("idp_app_type", Check::OneOf(IDP_APP_TYPES))],
        extras: extras::idp_app),
    kind!("msexcel-macro", "MS Excel Macro Document", Listed, 16010),
    kind!("msword-macro", "MS Word Macro Document", Listed, 16009),
    kind!("mysql-dump", "MySQL Dump File", Listed, 17029,
        params: [optional("industry", Check::OneOf(INDUSTRIES))],
        extras: extras::mysql_dump),
    kind!("office365mail", "Office 365 Mail Bug", Listed, 17019,
        made: Made::Flow("/canarytoken/office365/create")),
    kind!("pdf-acrobat-reader", "Acrobat PDF", Listed, 16008,
        file: upload("pdf", false, &[PDF], "a PDF document")),
    kind!("pwa", "Fake App", Listed, 17028,
        params: [optional("pwa_app_name", Check::Text), optional("pwa_icon", Check::Text)]),
    kind!("qr-code", "QR Code", Listed, 17009,
        params: [optional("browser_redirect_url", Check::Url)],
        extras: extras::qr_code),
    kind!("sensitive-cmd", "Sensitive Command", Listed, 16011,
        params: [required("process_name", Check::Text)]),
    kind!("signed-exe", "Custom Exe/Binary", Listed, 17008,
        file: upload("exe", true, &[EXE], "a Windows executable")),
    kind!("slack-api", "Slack API Key", Listed, 17020),
    kind!("slow-redirect", "Slow Redirect", Listed, 17017,
        params: [required("browser_redirect_url", Check::Url)]),
    kind!("sql", "SQL Server", FactoryOnly, 16014),
    kind!("svn", "SVN Repo", FactoryOnly, 16013),
    kind!("tokenfactory", "Canarytoken Factory", ListOnly, 0,
        made: Made::Flow("/canarytoken/create_factory")),
    kind!("web-image", "Custom Web Image", Listed, 17001,
        file: upload("web_image", true, &[PNG, JPEG], "a PNG or JPEG image")),
    kind!("windows-dir", "Windows Folder", Listed, 16006),
    kind!("wireguard", "WireGuard VPN", Listed, 17022, extras: extras::wireguard),
];

pub fn find(id: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.id == id)
}

impl Kind {
    /// The parameter that holds a redirect target, if this kind has one. When it is optional
    /// the redirect may also be removed (qr-code; reference §4.2).
    pub fn redirect(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.name == "browser_redirect_url")
    }

    pub fn in_factory_list(&self) -> bool {
        matches!(self.offer, Listed | FactoryOnly)
    }

    pub fn in_list(&self) -> bool {
        matches!(self.offer, Listed | ListOnly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_the_reference_example_32_kinds_and_tokenfactory_and_the_factory_list_two_more()
    {
        assert_eq!(KINDS.iter().filter(|k| k.in_list()).count(), 33);
        let factory: Vec<_> = KINDS.iter().filter(|k| k.in_factory_list()).collect();
        assert_eq!(factory.len(), 34);
        assert!(factory.iter().any(|k| k.id == "sql") && factory.iter().any(|k| k.id == "svn"));
    }

    #[test]
    fn the_idp_app_list_has_31_types() {
        assert_eq!(IDP_APP_TYPES.len(), 31);
    }
}
