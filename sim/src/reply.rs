//! What an API handler answers: a JSON envelope or a file, and the Console's error wordings.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

#[derive(Debug)]
pub enum Reply {
    Json(StatusCode, Value),
    /// A success envelope already serialized; see [`Reply::ok_with_list`].
    Text(String),
    File {
        name: String,
        content_type: &'static str,
        bytes: Vec<u8>,
    },
}

/// Handlers return the error answer as `Err` so that `?` can stop them at the first problem.
pub type Outcome = Result<Reply, Reply>;

impl Reply {
    /// A success envelope around `body`'s fields.
    pub fn ok(mut body: Value) -> Self {
        body["result"] = json!("success");
        Self::Json(StatusCode::OK, body)
    }

    /// A success envelope with `rest`'s fields and a `name` list of ready JSON texts: putting a
    /// thousand tokens through `serde_json::Value` takes longer than a listing may in a debug
    /// build.
    pub fn ok_with_list(
        name: &str,
        items: impl IntoIterator<Item = impl AsRef<str>>,
        mut rest: Value,
    ) -> Self {
        rest["result"] = json!("success");
        let mut body = format!("{{{}:[", Value::from(name));
        for (n, item) in items.into_iter().enumerate() {
            if n > 0 {
                body.push(',');
            }
            body.push_str(item.as_ref());
        }
        // `rest` is an object with at least `result` in it: "{...}" minus its "{".
        body.push_str("],");
        body.push_str(&rest.to_string()[1..]);
        Self::Text(body)
    }

    pub fn error(status: StatusCode, message: &str) -> Self {
        Self::Json(status, json!({"result": "error", "message": message}))
    }

    pub fn into_parts(self) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut headers = HeaderMap::new();
        match self {
            Self::Json(status, body) => {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                (status, headers, body.to_string().into_bytes())
            }
            Self::Text(body) => {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                (StatusCode::OK, headers, body.into_bytes())
            }
            Self::File { name, content_type, bytes } => {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                if let Ok(value) = HeaderValue::from_str(&content_disposition(&name)) {
                    headers.insert(header::CONTENT_DISPOSITION, value);
                }
                (StatusCode::OK, headers, bytes)
            }
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        self.into_parts().into_response()
    }
}

/// RFC 5987 `attr-char`: what `filename*` may carry unescaped.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename=NAME` as the Python client expects it; a name that plain form cannot
/// carry (spaces, quotes, non-ASCII) gets a quoted ASCII fallback plus RFC 6266 `filename*`.
pub fn content_disposition(name: &str) -> String {
    let plain = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | ';' | '\\' | ',');
    if !name.is_empty() && name.chars().all(plain) {
        return format!("attachment; filename={name}");
    }
    let fallback: String = name
        .chars()
        .map(|c| match c {
            '"' | '\\' => '_',
            c if c == ' ' || c.is_ascii_graphic() => c,
            _ => '_',
        })
        .collect();
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A parameter the call needs is absent or empty: the Console's generic wording.
pub fn missing() -> Reply {
    Reply::error(StatusCode::BAD_REQUEST, "Could not process the parameters")
}

/// A parameter is present but wrong, worded like the Console's cloned_web refusal.
pub fn invalid(param: &str, problem: &str) -> Reply {
    Reply::error(
        StatusCode::BAD_REQUEST,
        &format!("Could not process the parameters. {param} {problem}"),
    )
}

pub fn bad_request(message: &str) -> Reply {
    Reply::error(StatusCode::BAD_REQUEST, message)
}

pub fn not_found(message: &str) -> Reply {
    Reply::error(StatusCode::NOT_FOUND, message)
}

pub fn conflict(message: &str) -> Reply {
    Reply::error(StatusCode::CONFLICT, message)
}

pub fn no_token() -> Reply {
    not_found("Could not find the Canarytoken")
}

pub fn forbidden(message: &str) -> Reply {
    Reply::error(StatusCode::FORBIDDEN, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_texts_makes_one_json_document() {
        let Reply::Text(body) = Reply::ok_with_list("tokens", ["{\"a\":1}", "{}"], json!({"n": 2}))
        else {
            panic!("not text");
        };
        let parsed: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed, json!({"tokens": [{"a": 1}, {}], "n": 2, "result": "success"}));
    }

    #[test]
    fn plain_names_stay_unquoted() {
        assert_eq!(content_disposition("abc.docx"), "attachment; filename=abc.docx");
    }

    #[test]
    fn other_names_get_a_fallback_and_utf8_form() {
        assert_eq!(
            content_disposition("Board pack é.pdf"),
            "attachment; filename=\"Board pack _.pdf\"; filename*=UTF-8''Board%20pack%20%C3%A9.pdf"
        );
    }
}
