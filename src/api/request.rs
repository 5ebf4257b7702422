//! Requests as plain values. Every endpoint function returns an [`ApiRequest`]; turning it into
//! the bytes on the wire ([`ApiRequest::to_http`]) is pure too, so native tests see exactly what
//! a browser will send, key placement included. Only the transport touches the network.

use super::auth::{AuthStyle, Credentials};
use super::console_url::ConsoleUrl;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// A file the user attached, read into memory so that it can be checked before sending and
/// sent again on retry (and, in bulk runs, for many rows).
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Arc<[u8]>,
}

impl fmt::Debug for Attachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One API call described as data: method, path below `/api/v1`, parameters and file parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    pub path: &'static str,
    pub params: Vec<(&'static str, String)>,
    pub files: Vec<(&'static str, Attachment)>,
    /// False for factory calls, which authenticate with a `factory_auth` parameter instead.
    pub sends_key: bool,
}

impl ApiRequest {
    fn new(method: Method, path: &'static str) -> Self {
        Self { method, path, params: Vec::new(), files: Vec::new(), sends_key: true }
    }

    pub fn get(path: &'static str) -> Self {
        Self::new(Method::Get, path)
    }

    pub fn post(path: &'static str) -> Self {
        Self::new(Method::Post, path)
    }

    pub fn delete(path: &'static str) -> Self {
        Self::new(Method::Delete, path)
    }

    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    /// Adds the parameter only when there is a value: the Console treats an empty optional
    /// parameter differently from an absent one for some kinds.
    pub fn opt_param(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.param(name, v),
            None => self,
        }
    }

    pub fn file(mut self, name: &'static str, file: Attachment) -> Self {
        self.files.push((name, file));
        self
    }

    pub fn without_key(mut self) -> Self {
        self.sends_key = false;
        self
    }

    /// The value of the first parameter called `name`.
    pub fn param_value(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Reads are safe to repeat; anything else may have happened on the Console already.
    pub fn is_idempotent(&self) -> bool {
        self.method == Method::Get
    }

    /// The request as the browser sends it to `console` with `credentials`.
    ///
    /// GET parameters go in the query string; POST and DELETE parameters in a form body,
    /// multipart when a file is attached. The key goes in the `X-Canary-Auth-Token` header, or
    /// with [`AuthStyle::Param`] as `auth_token` beside the other parameters.
    pub fn to_http(&self, console: &ConsoleUrl, credentials: &Credentials) -> HttpRequest {
        let mut params: Vec<(&str, &str)> =
            self.params.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let mut headers = Vec::new();
        if self.sends_key {
            let key = credentials.key.expose();
            match credentials.style {
                AuthStyle::Header => headers.push((AuthStyle::HEADER_NAME, key.to_owned())),
                AuthStyle::Param => params.push((AuthStyle::PARAM_NAME, key)),
            }
        }
        let mut url = console.api(self.path);
        let body = match self.method {
            Method::Get => {
                if !params.is_empty() {
                    url.push('?');
                    url.push_str(&form_urlencode(&params));
                }
                Body::Empty
            }
            Method::Post | Method::Delete if !self.files.is_empty() => Body::Multipart(
                params
                    .iter()
                    .map(|(n, v)| Part::Text(n.to_string(), v.to_string()))
                    .chain(self.files.iter().map(|(n, f)| Part::File(n.to_string(), f.clone())))
                    .collect(),
            ),
            Method::Post | Method::Delete if params.is_empty() => Body::Empty,
            Method::Post | Method::Delete => Body::Form(form_urlencode(&params)),
        };
        HttpRequest { method: self.method, url, headers, body }
    }
}

/// A request ready for the wire. It carries the key: never log or display it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL and body may hold `auth_token`; show only what identifies the call.
        let path = self.url.split('?').next().unwrap_or_default();
        write!(f, "HttpRequest({} {path})", self.method.as_str())
    }
}

impl HttpRequest {
    /// The wait for an answer without attachments. The Console answers in well under a
    /// second; this only ends calls that hang (a dead proxy, a dropped connection).
    pub const PATIENCE: Duration = Duration::from_secs(60);

    /// How long to wait for the whole answer before giving up: [`Self::PATIENCE`], plus time
    /// to upload attached files at a slow 100 KB/s (an executable can be tens of megabytes).
    pub fn patience(&self) -> Duration {
        let uploaded: usize = match &self.body {
            Body::Multipart(parts) => parts
                .iter()
                .map(|part| match part {
                    Part::File(_, file) => file.bytes.len(),
                    Part::Text(..) => 0,
                })
                .sum(),
            _ => 0,
        };
        Self::PATIENCE + Duration::from_millis(uploaded as u64 / 100)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Empty,
    /// `application/x-www-form-urlencoded`, already encoded.
    Form(String),
    Multipart(Vec<Part>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String, String),
    File(String, Attachment),
}

/// `application/x-www-form-urlencoded` serialisation (the WHATWG URL standard's byte set).
pub fn form_urlencode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

/// The pairs of an `application/x-www-form-urlencoded` string; bytes that do not decode to
/// UTF-8 are replaced.
pub fn form_urldecode(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::auth::ApiKey;

    fn console() -> ConsoleUrl {
        ConsoleUrl::parse("ab12cd34").unwrap()
    }

    fn creds(style: AuthStyle) -> Credentials {
        Credentials { key: ApiKey::new("s3cret"), style }
    }

    fn png() -> Attachment {
        Attachment {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            bytes: Arc::from(&b"\x89PNG"[..]),
        }
    }

    #[test]
    fn get_with_header_keeps_the_key_out_of_the_url() {
        let req = ApiRequest::get("/canarytokens/search").param("search_string", "web & dns");
        let http = req.to_http(&console(), &creds(AuthStyle::Header));
        assert_eq!(
            http.url,
            "https://ab12cd34.canary.tools/api/v1/canarytokens/search?search_string=web+%26+dns"
        );
        assert_eq!(http.headers, vec![("X-Canary-Auth-Token", "s3cret".to_owned())]);
        assert_eq!(http.body, Body::Empty);
    }

    #[test]
    fn get_with_param_style_puts_auth_token_in_the_query() {
        let http = ApiRequest::get("/ping").to_http(&console(), &creds(AuthStyle::Param));
        assert_eq!(http.url, "https://ab12cd34.canary.tools/api/v1/ping?auth_token=s3cret");
        assert!(http.headers.is_empty());
    }

    #[test]
    fn post_with_param_style_puts_auth_token_in_the_form_body_not_the_url() {
        let req = ApiRequest::post("/canarytoken/update")
            .param("canarytoken", "abc")
            .param("memo", "ü/=");
        let http = req.to_http(&console(), &creds(AuthStyle::Param));
        assert_eq!(http.url, "https://ab12cd34.canary.tools/api/v1/canarytoken/update");
        assert_eq!(
            http.body,
            Body::Form("canarytoken=abc&memo=%C3%BC%2F%3D&auth_token=s3cret".into())
        );
    }

    #[test]
    fn calls_that_upload_files_get_time_to_send_them() {
        let ping = ApiRequest::get("/ping").to_http(&console(), &creds(AuthStyle::Header));
        assert_eq!(ping.patience(), HttpRequest::PATIENCE);
        let exe = Attachment { bytes: Arc::from(vec![0u8; 20_000_000]), ..png() };
        let upload = ApiRequest::post("/canarytoken/create")
            .param("kind", "signed-exe")
            .file("exe", exe)
            .to_http(&console(), &creds(AuthStyle::Header));
        // 20 MB at 100 KB/s: 200 s on top.
        assert_eq!(upload.patience(), HttpRequest::PATIENCE + Duration::from_secs(200));
    }

    #[test]
    fn a_file_makes_the_body_multipart_with_every_param_as_a_part() {
        let req = ApiRequest::post("/canarytoken/create")
            .param("kind", "web-image")
            .file("web_image", png());
        let http = req.to_http(&console(), &creds(AuthStyle::Param));
        assert_eq!(
            http.body,
            Body::Multipart(vec![
                Part::Text("kind".into(), "web-image".into()),
                Part::Text("auth_token".into(), "s3cret".into()),
                Part::File("web_image".into(), png()),
            ])
        );
    }

    #[test]
    fn factory_calls_send_no_key() {
        let req = ApiRequest::get("/canarytoken/factory/download")
            .param("factory_auth", "f")
            .without_key();
        for style in [AuthStyle::Header, AuthStyle::Param] {
            let http = req.to_http(&console(), &creds(style));
            assert!(http.headers.is_empty());
            assert!(!http.url.contains("s3cret"));
        }
    }

    #[test]
    fn debug_output_hides_query_and_body() {
        let http = ApiRequest::get("/ping").to_http(&console(), &creds(AuthStyle::Param));
        let shown = format!("{http:?}");
        assert_eq!(shown, "HttpRequest(GET https://ab12cd34.canary.tools/api/v1/ping)");
    }

    #[test]
    fn urlencoding_follows_the_form_byte_set() {
        assert_eq!(form_urlencode(&[("a b", "x+y*z~")]), "a+b=x%2By*z%7E");
        assert_eq!(form_urlencode(&[("k", ""), ("e", "é")]), "k=&e=%C3%A9");
    }

    #[test]
    fn urldecoding_reverses_encoding_and_tolerates_junk() {
        let pairs = [("a b", "x+y*z~"), ("k", ""), ("e", "é & ü=%")];
        let encoded = form_urlencode(&pairs);
        let decoded = form_urldecode(&encoded);
        let expected: Vec<_> = pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        assert_eq!(decoded, expected);
        assert_eq!(
            form_urldecode("a=%zz&b=%4&&c"),
            [("a".into(), "%zz".into()), ("b".into(), "%4".into()), ("c".into(), String::new())]
        );
        assert_eq!(form_urldecode("x=%FF"), [("x".into(), "\u{fffd}".into())]);
    }
}
