//! From what the user entered to a create request: the memo rule, each field's check, and the
//! parameters and file parts to send. The create form and bulk CSV rows both go through here.

use super::field::{Accepted, Input};
use super::find;
use crate::api::Attachment;
use crate::api::endpoints::NewToken;

/// The Console's memo limit, in characters.
pub const MEMO_MAX: usize = 10_000;

/// Why `memo` cannot be sent, if it cannot.
pub fn check_memo(memo: &str) -> Result<(), String> {
    let chars = memo.chars().count();
    if memo.trim().is_empty() {
        Err("Write a memo: where this token will be placed, so that an alert tells you what was touched.".into())
    } else if chars > MEMO_MAX {
        Err(format!(
            "The memo has {chars} characters; the Console accepts at most {MEMO_MAX}. Shorten it by {}.",
            chars - MEMO_MAX
        ))
    } else {
        Ok(())
    }
}

/// A value entered for a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Flag(bool),
    File(Option<Attachment>),
}

/// A create request as entered, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub kind: String,
    pub memo: String,
    pub flock_id: Option<String>,
    pub custom_domain: Option<String>,
    /// Values by API parameter name; fields left out take their defaults.
    pub values: Vec<(&'static str, FieldValue)>,
}

/// Something to fix before sending, tied to the parameter it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl Draft {
    fn value(&self, name: &str) -> Option<&FieldValue> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The request to send, or everything that must be fixed first.
    pub fn prepare(&self) -> Result<NewToken, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut token = NewToken {
            kind: self.kind.clone(),
            memo: self.memo.clone(),
            flock_id: self.flock_id.clone().filter(|f| !f.is_empty()),
            custom_domain: self.custom_domain.clone().filter(|d| !d.is_empty()),
            ..NewToken::default()
        };
        if let Err(message) = check_memo(&self.memo) {
            problems.push(Problem { field: "memo", message });
        }
        let kind = find(&self.kind);
        if let Some(message) = kind.and_then(|k| k.creation.refusal()) {
            problems.push(Problem { field: "kind", message });
        }
        for field in kind.map_or(&[][..], |k| k.fields) {
            let default = match field.input {
                Input::Checkbox { default } => FieldValue::Flag(default),
                Input::File(_) => FieldValue::File(None),
                _ => FieldValue::Text(String::new()),
            };
            match field.accept(self.value(field.name).unwrap_or(&default)) {
                Ok(Some(Accepted::Text(v))) => token.params.push((field.name, v)),
                Ok(Some(Accepted::File(f))) => token.files.push((field.name, f)),
                Ok(None) => {}
                Err(message) => problems.push(Problem { field: field.name, message }),
            }
        }
        if problems.is_empty() { Ok(token) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Creation, Format, KINDS};
    use std::sync::Arc;

    fn file(format: Format) -> Attachment {
        let (name, bytes): (&str, &[u8]) = match format {
            Format::Png => ("logo.png", b"\x89PNG\r\n\x1a\n...."),
            Format::Jpeg => ("photo.jpg", b"\xff\xd8\xff\xe0...."),
            Format::Docx => ("Salaries.docx", b"PK\x03\x04...."),
            Format::Xlsx => ("Budget.xlsx", b"PK\x03\x04...."),
            Format::Pdf => ("Minutes.pdf", b"%PDF-1.7 ...."),
            Format::Exe => ("setup.exe", b"MZ\x90\x00...."),
        };
        Attachment {
            filename: name.into(),
            content_type: "application/octet-stream".into(),
            bytes: Arc::from(bytes),
        }
    }

    /// A value each input accepts.
    fn valid(input: &Input) -> FieldValue {
        match input {
            Input::Text { .. } | Input::Secret => FieldValue::Text("value".into()),
            Input::Url => FieldValue::Text("https://intranet.example.com/landing".into()),
            Input::Domain => FieldValue::Text("login.example.com".into()),
            Input::Bucket => FieldValue::Text("finance-archive".into()),
            Input::Expiry => FieldValue::Text("30d".into()),
            Input::List { .. } => FieldValue::Text("alice, bob".into()),
            Input::Select(choices) | Input::Suggest(choices) => {
                FieldValue::Text(choices[0].value.into())
            }
            Input::Checkbox { default } => FieldValue::Flag(!default),
            Input::File(upload) => FieldValue::File(Some(file(upload.formats[0]))),
        }
    }

    fn draft(kind: &str, memo: &str, values: Vec<(&'static str, FieldValue)>) -> Draft {
        Draft { kind: kind.into(), memo: memo.into(), values, ..Draft::default() }
    }

    #[test]
    fn every_kind_builds_its_request_from_valid_values() {
        for kind in KINDS {
            let values: Vec<_> = kind.fields.iter().map(|f| (f.name, valid(&f.input))).collect();
            let result = draft(kind.id, "Placed on the finance share", values).prepare();
            if kind.creation.refusal().is_some() {
                let problems = result.unwrap_err();
                assert_eq!(problems.len(), 1, "{}", kind.id);
                assert_eq!(problems[0].field, "kind");
                continue;
            }
            let token = result.unwrap_or_else(|p| panic!("{}: {p:?}", kind.id));
            assert_eq!(
                (token.kind.as_str(), token.memo.as_str()),
                (kind.id, "Placed on the finance share")
            );
            for field in kind.fields {
                let sent_text = token.params.iter().any(|(n, _)| *n == field.name);
                let sent_file = token.files.iter().any(|(n, _)| *n == field.name);
                match field.input {
                    Input::File(_) => assert!(
                        sent_file && !sent_text,
                        "{}.{} goes as a file part",
                        kind.id,
                        field.name
                    ),
                    _ => assert!(
                        sent_text && !sent_file,
                        "{}.{} goes as a parameter",
                        kind.id,
                        field.name
                    ),
                }
            }
        }
    }

    #[test]
    fn every_required_field_is_asked_for_by_name() {
        for kind in KINDS.iter().filter(|k| k.creation == Creation::Plain) {
            let problems = draft(kind.id, "memo", Vec::new()).prepare().err().unwrap_or_default();
            let named: Vec<_> = problems.iter().map(|p| p.field).collect();
            let required: Vec<_> = kind
                .fields
                .iter()
                .filter(|f| f.required && !matches!(f.input, Input::Checkbox { .. }))
                .map(|f| f.name)
                .collect();
            assert_eq!(named, required, "{}", kind.id);
        }
    }

    #[test]
    fn optional_fields_left_empty_are_not_sent() {
        let token = draft("aws-id", "CI secrets", Vec::new()).prepare().unwrap();
        assert!(token.params.is_empty());
        let token = draft("http", "wiki", Vec::new()).prepare().unwrap();
        assert_eq!(
            token.params,
            [("browser_scanner_enabled", "true".to_owned())],
            "checkboxes send their default"
        );
    }

    #[test]
    fn memo_rules() {
        assert_eq!(check_memo(&"x".repeat(MEMO_MAX)), Ok(()));
        let long = check_memo(&"é".repeat(MEMO_MAX + 1)).unwrap_err();
        assert!(long.contains("10001 characters") && long.contains("Shorten it by 1"), "{long}");
        assert!(check_memo(" \n ").is_err());
        let problems = draft("dns", "", Vec::new()).prepare().unwrap_err();
        assert_eq!(problems[0].field, "memo");
    }

    #[test]
    fn files_of_the_wrong_type_are_refused_before_sending() {
        let not_an_image = FieldValue::File(Some(file(Format::Pdf)));
        let problems =
            draft("web-image", "lobby", vec![("web_image", not_an_image)]).prepare().unwrap_err();
        assert_eq!(problems[0].field, "web_image");
        assert!(problems[0].message.contains("PNG image or JPEG image"), "{}", problems[0].message);
        let renamed = Attachment { filename: "setup.txt".into(), ..file(Format::Exe) };
        assert!(
            draft("signed-exe", "m", vec![("exe", FieldValue::File(Some(renamed)))])
                .prepare()
                .is_err()
        );
        let huge = Attachment { bytes: Arc::from(vec![0xFF; 11 << 20]), ..file(Format::Jpeg) };
        let huge_bytes = FieldValue::File(Some(Attachment {
            bytes: Arc::from([&[0xFF, 0xD8, 0xFF][..], &huge.bytes[..]].concat()),
            ..huge
        }));
        let problems =
            draft("web-image", "m", vec![("web_image", huge_bytes)]).prepare().unwrap_err();
        assert!(problems[0].message.contains("the limit is 10.0 MB"), "{}", problems[0].message);
    }

    #[test]
    fn values_are_normalised_and_options_kept() {
        let d = Draft {
            kind: "cloned-web".into(),
            memo: "login page".into(),
            flock_id: Some("flock:x".into()),
            custom_domain: Some(String::new()),
            values: vec![(
                "cloned_web",
                FieldValue::Text(" https://Login.Example.com/sso ".into()),
            )],
        };
        let token = d.prepare().unwrap();
        assert_eq!(token.params, [("cloned_web", "login.example.com".to_owned())]);
        assert_eq!((token.flock_id.as_deref(), token.custom_domain), (Some("flock:x"), None));
    }

    #[test]
    fn unknown_kinds_take_a_memo_only() {
        let token = draft("brand-new-kind", "m", vec![("whatever", FieldValue::Text("x".into()))])
            .prepare()
            .unwrap();
        assert!(token.params.is_empty() && token.files.is_empty());
    }
}
