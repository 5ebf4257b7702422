//! The kind catalog: every kind of Canarytoken the Console offers, as data. Forms, validation,
//! result views, download names and bulk-CSV checks are all driven by it; a kind the Console
//! lists but the catalog does not know still gets a memo-only form (see `ui::console_info`).

mod catalog;
mod field;
mod file_type;
mod group;
mod logtype;
pub mod planting;
mod submission;

use crate::api::mail::Provider;
use crate::api::types::Features;
pub use catalog::{KINDS, find};
pub use field::{Choice, Field, Format, Input, Upload, check_url, size_text, suggested};
pub use file_type::FileType;
pub use group::Group;
pub use logtype::{LOGTYPES, kind_of_logtype, logtype};
pub use submission::{Draft, FieldValue, MEMO_MAX, Problem, check_memo};

/// One kind of Canarytoken.
#[derive(Debug)]
pub struct Kind {
    /// The `kind` parameter.
    pub id: &'static str,
    pub label: &'static str,
    /// One line: where to plant it and what sets it off.
    pub place: &'static str,
    /// Extra words the kind picker's search matches.
    pub keywords: &'static str,
    /// The kind's own create parameters (memo, flock and custom domain are common to all).
    pub fields: &'static [Field],
    /// The file `/canarytoken/download` gives for this kind.
    pub download: Option<FileType>,
    /// Token fields and renders worth showing after creation, beyond the URL or hostname.
    pub shows: &'static [Show],
    pub creation: Creation,
    pub redirect: Redirect,
    /// The Console feature flag (`GET /console/features`) without which the Console does not
    /// offer the kind.
    pub needs_feature: Option<&'static str>,
}

/// Whether a plain `canarytoken/create` call can make the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Creation {
    Plain,
    /// Created only through a flow of the Console's own UI; says which.
    ConsoleOnly(&'static str),
    /// Created one per mailbox through the provider's mail flow (`api::mail`), which the
    /// workbench's mail screen drives.
    MailFlow(Provider),
}

impl Creation {
    /// Why a plain create (the Create form, a bulk row) cannot make the kind, if it cannot.
    pub fn refusal(self) -> Option<String> {
        match self {
            Self::Plain => None,
            Self::ConsoleOnly(why) => Some(why.to_owned()),
            Self::MailFlow(provider) => Some(format!(
                "{} tokens are made one per mailbox, by the Console's {} flow: open it on the \
                 workbench.",
                provider.label(),
                provider.label()
            )),
        }
    }
}

/// How the kind's redirect can be changed after creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redirect {
    None,
    /// `canarytoken/update/redirect_url` (fast and slow redirects always have one).
    Editable,
    /// Editable, and `canarytoken/remove/redirect_url` takes it away (QR codes).
    Removable,
}

/// A token field worth showing after creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// The URL, with a QR code of it.
    Url,
    Hostname,
    /// A QR code of the URL, shown without asking.
    QrCode,
    /// `renders[key]`: copy-paste text (a snippet, a config file).
    Render {
        key: &'static str,
        label: &'static str,
        secret: bool,
    },
    /// A top-level token field.
    Field {
        key: &'static str,
        label: &'static str,
        secret: bool,
    },
}

impl Kind {
    /// Whether the Console whose features these are offers this kind.
    pub fn offered_with(&self, features: &Features) -> bool {
        features.missing(self.needs_feature).is_none()
    }

    /// Does `query` (already lower-case) match this kind's id, label or keywords?
    pub fn matches(&self, query: &str) -> bool {
        query.split_whitespace().all(|word| {
            [self.id, self.label, self.keywords, self.place]
                .iter()
                .any(|text| text.to_ascii_lowercase().contains(word))
        })
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Is `key` a render or field holding a secret (left out of exports unless asked for)?
    pub fn is_secret(&self, key: &str) -> bool {
        self.shows.iter().any(|s| match s {
            Show::Render { key: k, secret, .. } | Show::Field { key: k, secret, .. } => {
                *secret && *k == key
            }
            _ => false,
        })
    }

    /// The name to save the kind's file under when the Console's name cannot be read.
    pub fn fallback_filename(&self, token_id: &str) -> String {
        format!("{token_id}.{}", self.download.map_or("bin", |f| f.ext))
    }
}

/// Words that mark a field or render as secret whatever the catalog says (kinds add fields).
const SECRET_WORDS: &[&str] =
    &["secret", "private", "password", "passwd", "card_number", "cvv", "session_token"];

/// Whether `key` (a top-level field or a render of a token of `kind`) holds a secret: one the
/// catalog marks (an AWS secret key, a config with a private key), one whose name says so, or a
/// factory string, which can create tokens like an API key. Secrets are masked on screen and
/// left out of exports unless asked for.
pub fn is_secret(kind: &str, key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    key == "factory_auth"
        || find(kind).is_some_and(|k| k.is_secret(key))
        || SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// The fallback file name for a token of `kind` (any kind id, known or not).
pub fn fallback_filename(kind: &str, token_id: &str) -> String {
    find(kind).map_or_else(|| format!("{token_id}.bin"), |k| k.fallback_filename(token_id))
}
