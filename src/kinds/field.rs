//! A kind's own create parameters: how each is entered and what makes a value acceptable.

use super::submission::FieldValue;
use crate::api::Attachment;
use crate::api::types::Features;

/// One create parameter of a kind, named exactly as the API names it.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    pub help: &'static str,
    /// The Console feature flag without which the Console does not take this parameter
    /// (`GET /console/features`); the form leaves the field out where it is off.
    pub needs_feature: Option<&'static str>,
}

#[derive(Debug)]
pub enum Input {
    Text {
        placeholder: &'static str,
    },
    /// Typed like a password (an AWS secret key): never stored, masked while typed.
    Secret,
    /// An `http(s)://` URL.
    Url,
    /// A host name with at least two labels; a pasted URL is reduced to its host.
    Domain,
    /// An S3 bucket name.
    Bucket,
    /// A lifetime such as `12h`, `30d`, `2w`, `6mo`, `1y`.
    Expiry,
    /// Comma-separated values.
    List {
        placeholder: &'static str,
    },
    Select(&'static [Choice]),
    /// Text with the known values suggested: a value the app does not know is sent as typed
    /// (the Console's lists grow faster than ours).
    Suggest(&'static [Choice]),
    Checkbox {
        default: bool,
    },
    File(Upload),
}

#[derive(Debug)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// What a file field takes.
#[derive(Debug)]
pub struct Upload {
    /// The file picker's `accept` attribute.
    pub accept: &'static str,
    pub formats: &'static [Format],
    pub max_bytes: usize,
}

/// File formats recognised by their first bytes, not their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    /// An Office Open XML package (a ZIP); the name must end in `.docx`.
    Docx,
    /// The same for a workbook: `.xlsx`.
    Xlsx,
    Pdf,
    /// A Windows PE file (`MZ`): `.exe` or `.dll`.
    Exe,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Jpeg => "JPEG image",
            Self::Docx => "Word document (.docx)",
            Self::Xlsx => "Excel workbook (.xlsx)",
            Self::Pdf => "PDF document",
            Self::Exe => "Windows executable (.exe or .dll)",
        }
    }

    pub fn matches(self, file: &Attachment) -> bool {
        let b = &file.bytes[..];
        let name = file.filename.to_ascii_lowercase();
        match self {
            Self::Png => b.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Jpeg => b.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Docx => b.starts_with(b"PK\x03\x04") && name.ends_with(".docx"),
            Self::Xlsx => b.starts_with(b"PK\x03\x04") && name.ends_with(".xlsx"),
            Self::Pdf => b.starts_with(b"%PDF-"),
            Self::Exe => b.starts_with(b"MZ") && (name.ends_with(".exe") || name.ends_with(".dll")),
        }
    }
}

/// A known value by its id or its label (any case), else the text as typed.
pub fn suggested<'a>(choices: &'a [Choice], text: &'a str) -> &'a str {
    choices
        .iter()
        .find(|c| c.value.eq_ignore_ascii_case(text) || c.label.eq_ignore_ascii_case(text))
        .map_or(text, |c| c.value)
}

impl Field {
    /// Whether the Console whose features these are takes this parameter.
    pub fn offered_with(&self, features: &Features) -> bool {
        features.missing(self.needs_feature).is_none()
    }

    /// The value to send for this field, `None` to leave it out, or what is wrong with it.
    pub fn accept(&self, value: &FieldValue) -> Result<Option<Accepted>, String> {
        let text = match value {
            FieldValue::Flag(on) => return Ok(Some(Accepted::Text(on.to_string()))),
            FieldValue::File(file) => return self.accept_file(file.as_ref()),
            FieldValue::Text(t) => t.trim(),
        };
        if text.is_empty() {
            return match self.required {
                true => Err(format!("{} is required.", self.label)),
                false => Ok(None),
            };
        }
        let normalised = match &self.input {
            Input::Url => check_url(text)?,
            Input::Domain => check_domain(text)?,
            Input::Bucket => check_bucket(text)?,
            Input::Expiry => check_expiry(text)?,
            Input::List { .. } => check_list(text)?,
            Input::Select(choices) => match choices.iter().find(|c| c.value == text) {
                Some(c) => c.value.to_owned(),
                None => return Err(format!("Choose one of the listed values for {}.", self.label)),
            },
            Input::Suggest(choices) => suggested(choices, text).to_owned(),
            Input::Text { .. } | Input::Secret | Input::Checkbox { .. } | Input::File(_) => {
                text.to_owned()
            }
        };
        Ok(Some(Accepted::Text(normalised)))
    }

    fn accept_file(&self, file: Option<&Attachment>) -> Result<Option<Accepted>, String> {
        let Input::File(upload) = &self.input else {
            return Err(format!("{} takes text, not a file.", self.label));
        };
        let Some(file) = file else {
            return match self.required {
                true => Err(format!("Attach a {}.", describe(upload.formats))),
                false => Ok(None),
            };
        };
        if !upload.formats.iter().any(|f| f.matches(file)) {
            return Err(format!("“{}” is not a {}.", file.filename, describe(upload.formats)));
        }
        if file.bytes.len() > upload.max_bytes {
            return Err(format!(
                "“{}” is {}; the limit is {}.",
                file.filename,
                size_text(file.bytes.len()),
                size_text(upload.max_bytes)
            ));
        }
        Ok(Some(Accepted::File(file.clone())))
    }
}

/// A field value ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accepted {
    Text(String),
    File(Attachment),
}

fn describe(formats: &[Format]) -> String {
    let names: Vec<_> = formats.iter().map(|f| f.name()).collect();
    names.join(" or ")
}

/// `1.5 MB`, `12.3 KB`, `800 bytes`, without floating-point formatting (it costs the bundle
/// ~10 KB).
pub fn size_text(bytes: usize) -> String {
    let (unit, name) = match bytes {
        b if b >= 1 << 20 => (1 << 20, "MB"),
        b if b >= 1 << 10 => (1 << 10, "KB"),
        _ => return format!("{bytes} bytes"),
    };
    let tenths = bytes * 10 / unit;
    format!("{}.{} {name}", tenths / 10, tenths % 10)
}

/// A web address the Console can redirect to: `http(s)://` and a host.
pub fn check_url(text: &str) -> Result<String, String> {
    let lower = text.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !text.contains(char::is_whitespace) =>
        {
            Ok(text.to_owned())
        }
        _ => Err("Enter a full web address starting with https:// (or http://).".into()),
    }
}

fn check_domain(text: &str) -> Result<String, String> {
    let host = text.split_once("://").map_or(text, |(_, rest)| rest);
    let host = host.split(['/', '?', '#', ':']).next().unwrap_or_default().to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let valid = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    match valid {
        true => Ok(host),
        false => Err("Enter a domain with at least two labels, such as login.example.com.".into()),
    }
}

fn check_bucket(text: &str) -> Result<String, String> {
    let ok = (3..=63).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.ends_with(|c: char| c.is_ascii_alphanumeric())
        && !text.contains("..");
    match ok {
        true => Ok(text.to_owned()),
        false => {
            Err("S3 bucket names are 3–63 lower-case letters, digits, dots and hyphens.".into())
        }
    }
}

fn check_expiry(text: &str) -> Result<String, String> {
    let lower = text.to_ascii_lowercase();
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = lower.split_at(digits);
    match (number.parse::<u32>(), unit) {
        (Ok(n), "y" | "mo" | "w" | "d" | "h") if n > 0 => Ok(lower),
        _ => Err("Write the lifetime as a number and a unit: 12h, 30d, 2w, 6mo or 1y.".into()),
    }
}

fn check_list(text: &str) -> Result<String, String> {
    let items: Vec<&str> =
        text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect();
    match items.is_empty() {
        true => Err("Enter at least one value.".into()),
        false => Ok(items.join(",")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_text(800), "800 bytes");
        assert_eq!(size_text(12_595), "12.2 KB");
        assert_eq!(size_text(20 << 20), "20.0 MB");
    }

    #[test]
    fn text_checks_normalise_or_explain() {
        assert_eq!(check_url("https://example.com/x?y"), Ok("https://example.com/x?y".into()));
        assert!(check_url("example.com").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert_eq!(check_domain("https://Login.Example.com/path"), Ok("login.example.com".into()));
        assert!(check_domain("localhost").is_err());
        assert!(check_domain("bad_domain.com").is_err());
        assert_eq!(check_bucket("my-logs.2026"), Ok("my-logs.2026".into()));
        assert!(check_bucket("My_Bucket").is_err());
        assert!(check_bucket("ab").is_err());
        assert_eq!(check_expiry("6MO"), Ok("6mo".into()));
        assert!(check_expiry("0d").is_err());
        assert!(check_expiry("12 hours").is_err());
        assert_eq!(check_list(" alice, bob ,,carol\n"), Ok("alice,bob,carol".into()));
        assert!(check_list(" , ").is_err());
    }
}
