//! Reading answers. The Console signals errors with `result: error` (with any HTTP status,
//! 200 included) and sometimes only with a status; both become an [`ApiError`] here, in one
//! pure function that native tests and fuzzing exercise.

use super::disposition;
use super::error::ApiError;
use super::request::ApiRequest;
use super::types::Download;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The Console's message for a download of a kind without a file.
pub const NO_FILE: &str = "File generation not supported.";

/// What the transport read off the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            content_type: Some("application/json".into()),
            body: body.to_string().into_bytes(),
            ..Self::default()
        }
    }

    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A status a moment may cure: a rate limit or a server error (the statuses
    /// [`ApiError::is_transient`] counts; an error envelope sent with 200 never is).
    pub fn is_transient(&self) -> bool {
        matches!(self.status, 429 | 500 | 502 | 503 | 504)
    }

    fn looks_like_html(&self) -> bool {
        let declared = self.content_type.as_deref().is_some_and(|t| t.contains("html"));
        let start = self.body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
        declared || self.body.get(start) == Some(&b'<')
    }

    fn retry_after_secs(&self) -> Option<u32> {
        self.retry_after.as_deref()?.trim().parse().ok()
    }

    /// The error this response stands for, if any; otherwise its JSON body when it has one.
    pub fn check(&self) -> Result<Option<Value>, ApiError> {
        let value: Option<Value> = serde_json::from_slice(&self.body).ok();
        if let Some(envelope) = value.as_ref().and_then(Value::as_object)
            && envelope.get("result").and_then(Value::as_str) == Some("error")
        {
            let message = envelope.get("message").and_then(Value::as_str);
            return Err(match ApiError::from_console(self.status, message) {
                ApiError::RateLimited { .. } => {
                    ApiError::RateLimited { retry_after_secs: self.retry_after_secs() }
                }
                other => other,
            });
        }
        if self.status == 429 {
            return Err(ApiError::RateLimited { retry_after_secs: self.retry_after_secs() });
        }
        if !self.is_success() {
            return Err(match self.status {
                401 | 403 => ApiError::from_console(self.status, None),
                _ if value.is_none() && self.looks_like_html() => {
                    ApiError::Undecodable { status: self.status, html: true }
                }
                status => ApiError::Status { status },
            });
        }
        Ok(value)
    }

    /// The file this answer carries. A JSON answer instead of a file means the token has none.
    pub fn into_download(self, fallback: &str) -> Result<Download, ApiError> {
        let named = self.content_disposition.as_deref().and_then(disposition::filename);
        if named.is_none() || !self.is_success() {
            if self.check()?.is_some() {
                return Err(ApiError::Console { status: self.status, message: NO_FILE.into() });
            }
            if self.looks_like_html() {
                return Err(ApiError::Undecodable { status: self.status, html: true });
            }
        }
        Ok(Download {
            filename: named.unwrap_or_else(|| fallback.to_owned()),
            content_type: self.content_type.unwrap_or_else(|| "application/octet-stream".into()),
            bytes: self.body,
        })
    }

    /// Decodes a successful JSON answer into `T`.
    pub fn decode_json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let undecodable =
            || ApiError::Undecodable { status: self.status, html: self.looks_like_html() };
        let value = self.check()?.ok_or_else(undecodable)?;
        T::deserialize(value).map_err(|_| undecodable())
    }
}

/// An endpoint call: the request and how to read its answer.
pub struct Call<T> {
    pub request: ApiRequest,
    decode: Box<dyn Fn(RawResponse) -> Result<T, ApiError>>,
}

impl<T> Call<T> {
    pub fn new(
        request: ApiRequest,
        decode: impl Fn(RawResponse) -> Result<T, ApiError> + 'static,
    ) -> Self {
        Self { request, decode: Box::new(decode) }
    }

    pub fn decode(&self, raw: RawResponse) -> Result<T, ApiError> {
        (self.decode)(raw)
    }
}

impl<T: DeserializeOwned> Call<T> {
    /// A call whose answer is a JSON envelope decoded into `T`.
    pub fn json(request: ApiRequest) -> Self {
        Self::new(request, |raw| raw.decode_json::<T>())
    }
}

impl Call<Download> {
    /// A call whose answer is a file; `fallback` names it when the Console's name is missing
    /// or unreadable (an extension page may not see `Content-Disposition` cross-origin).
    pub fn file(request: ApiRequest, fallback: String) -> Self {
        Self::new(request, move |raw| raw.into_download(&fallback))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Kinds {
        canarytokens: std::collections::BTreeMap<String, String>,
    }

    fn raw(status: u16, content_type: &str, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some(content_type.into()),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn success_envelopes_decode() {
        let r =
            RawResponse::json(200, &json!({"result": "success", "canarytokens": {"dns": "DNS"}}));
        let kinds: Kinds = r.decode_json().unwrap();
        assert_eq!(kinds.canarytokens["dns"], "DNS");
    }

    #[test]
    fn error_envelope_wins_even_with_status_200() {
        let r =
            RawResponse::json(200, &json!({"result": "error", "message": "Invalid auth_token"}));
        assert_eq!(r.decode_json::<Kinds>(), Err(ApiError::InvalidKey { via_header: false }));
        let r = RawResponse::json(400, &json!({"result": "error", "message": "Something new"}));
        assert_eq!(
            r.decode_json::<Kinds>(),
            Err(ApiError::Console { status: 400, message: "Something new".into() })
        );
    }

    #[test]
    fn statuses_without_envelope() {
        assert_eq!(
            raw(401, "text/plain", "no").check(),
            Err(ApiError::InvalidKey { via_header: false })
        );
        assert_eq!(
            raw(403, "text/plain", "").check(),
            Err(ApiError::NoPermission { message: None })
        );
        assert_eq!(raw(500, "text/plain", "oops").check(), Err(ApiError::Status { status: 500 }));
        let mut limited = raw(429, "text/plain", "slow down");
        limited.retry_after = Some(" 7 ".into());
        assert_eq!(limited.check(), Err(ApiError::RateLimited { retry_after_secs: Some(7) }));
    }

    #[test]
    fn html_and_truncated_bodies_are_undecodable() {
        let html = raw(502, "text/html", "<html><body>Bad gateway</body></html>");
        assert_eq!(html.check(), Err(ApiError::Undecodable { status: 502, html: true }));
        let html200 = raw(200, "text/html; charset=utf-8", "\n<!doctype html><p>Sign in</p>");
        assert_eq!(
            html200.decode_json::<Kinds>(),
            Err(ApiError::Undecodable { status: 200, html: true })
        );
        let truncated = raw(200, "application/json", "{\"result\": \"success\", \"canarytok");
        assert_eq!(
            truncated.decode_json::<Kinds>(),
            Err(ApiError::Undecodable { status: 200, html: false })
        );
        let wrong_shape =
            RawResponse::json(200, &json!({"result": "success", "canarytokens": [1, 2]}));
        assert_eq!(
            wrong_shape.decode_json::<Kinds>(),
            Err(ApiError::Undecodable { status: 200, html: false })
        );
    }
}
