//! Everything that can go wrong with a Console call, as one type whose `Display` is the
//! sentence a user reads. No variant holds a URL with parameters or the key.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `fetch` failed: the browser could not reach the Console or would not let the page read
    /// the answer. Browsers don't say which; `why` is our best reading of the situation.
    Unreachable {
        console: String,
        why: Unreachable,
    },
    /// No answer within the call's patience ([`HttpRequest::patience`]). The Console may still
    /// have carried the call out.
    ///
    /// [`HttpRequest::patience`]: super::request::HttpRequest::patience
    TimedOut {
        console: String,
    },
    /// The Console refused the key (`Invalid auth_token` or `Unauthorized`, or HTTP 401).
    InvalidKey {
        via_header: bool,
    },
    /// The key is valid but its role or flock does not allow the call.
    NoPermission {
        message: Option<String>,
    },
    RateLimited {
        retry_after_secs: Option<u32>,
    },
    /// `result: error` with the Console's own message (whatever the HTTP status).
    Console {
        status: u16,
        message: String,
    },
    /// A non-2xx status without an error envelope.
    Status {
        status: u16,
    },
    /// A body we could not read as the expected data: an HTML error page, truncated JSON, a
    /// proxy's login page.
    Undecodable {
        status: u16,
        html: bool,
    },
    /// No profile is active: nothing was sent.
    NotConnected,
    /// A listing's next page was one it had already read: the Console's cursor went in a
    /// circle, so the listing stopped instead of looping.
    RepeatedCursor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// Same origin or extension page: a network problem.
    Network,
    /// A web page calling another origin: almost always CORS.
    CrossOrigin { page_origin: String },
}

/// The Console's known error messages (reference §2) and what to tell the user instead.
/// The parameter is the form field the message is about, for field-level errors.
const KNOWN_MESSAGES: &[(&str, &str, Option<&str>)] = &[
    ("Empty memo", "The memo is empty: say where this token will be placed.", Some("memo")),
    (
        "Supplied kind is not valid.",
        "This Console does not offer that kind of token.",
        Some("kind"),
    ),
    (
        "Could not process the parameters. cloned_web is invalid, not enough domain labels",
        "The domain to protect needs at least two labels, such as example.com.",
        Some("cloned_web"),
    ),
    (
        "Could not process the parameters",
        "The Console could not process the form: check this kind's fields.",
        None,
    ),
    (
        "Could not save Canarydrop",
        "The Console could not save the token. Try again in a moment.",
        None,
    ),
    (
        "Could not find the Canarytoken",
        "The Console has no such token: it may have been deleted.",
        None,
    ),
    (
        "Could not decode the memo",
        "The Console could not read the memo: remove unusual characters.",
        Some("memo"),
    ),
    ("Could not delete Canarydrop", "The Console could not delete the token.", None),
    ("File generation not supported.", "This kind of token has no file to download.", None),
    ("Incident not found", "That alert no longer exists.", None),
    ("Flock does not exist.", "That flock does not exist on this Console.", Some("flock_id")),
];

impl ApiError {
    /// Reads a `result: error` envelope. Auth and permission messages become their own variants
    /// so that screens can react to them (ask for another key, disable actions).
    pub fn from_console(status: u16, message: Option<&str>) -> Self {
        let message = message.map(str::trim).unwrap_or_default();
        match message {
            "Invalid auth_token" => Self::InvalidKey { via_header: false },
            "Unauthorized" => Self::InvalidKey { via_header: true },
            _ if status == 401 => Self::InvalidKey { via_header: false },
            _ if status == 403 || mentions_permission(message) => {
                Self::NoPermission { message: (!message.is_empty()).then(|| message.to_owned()) }
            }
            _ if status == 429 => Self::RateLimited { retry_after_secs: None },
            "" => Self::Status { status },
            _ => Self::Console { status, message: message.to_owned() },
        }
    }

    /// Worth another try for a read: the failure may be gone in a moment.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable { why: Unreachable::Network, .. }
            | Self::TimedOut { .. }
            | Self::RateLimited { .. } => true,
            Self::Status { status }
            | Self::Console { status, .. }
            | Self::Undecodable { status, .. } => {
                matches!(status, 500 | 502 | 503 | 504)
            }
            _ => false,
        }
    }

    /// The API parameter this error is about, when the Console's message names one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Console { message, .. } => known(message).and_then(|(_, _, field)| *field),
            _ => None,
        }
    }
}

fn known(message: &str) -> Option<&'static (&'static str, &'static str, Option<&'static str>)> {
    KNOWN_MESSAGES.iter().find(|(m, _, _)| m.eq_ignore_ascii_case(message.trim()))
}

fn mentions_permission(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    ["permission", "not permitted", "not allowed", "forbidden", "read-only", "read only"]
        .iter()
        .any(|w| m.contains(w))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { console, why: Unreachable::Network } => write!(
                f,
                "Could not reach the Console at {console}. Check the address and your network connection."
            ),
            Self::Unreachable { console, why: Unreachable::CrossOrigin { page_origin } } => write!(
                f,
                "The browser blocked this page's call to {console} (or could not reach it). The Console \
                 does not accept calls from web pages on other addresses: use the Canarytoken Manager \
                 browser extension, or host this page behind the reverse proxy (see deploy/README.md) \
                 and enter this page's own address, {page_origin}, as the Console URL."
            ),
            Self::TimedOut { console } => write!(
                f,
                "{console} did not answer in time, so the call was given up. Check your network and \
                 try again; if you were changing something, check whether it was done first."
            ),
            Self::InvalidKey { via_header } => {
                f.write_str("Invalid API key: the Console refused it. Check the key under Global Settings → API.")?;
                if *via_header {
                    f.write_str(" If a proxy strips the X-Canary-Auth-Token header, set this profile to send the key as a parameter.")?;
                }
                Ok(())
            }
            Self::NoPermission { message } => {
                f.write_str("This API key cannot do that: its role or flock does not allow it.")?;
                match message {
                    Some(m) => write!(f, " (The Console said: {m})"),
                    None => Ok(()),
                }
            }
            Self::RateLimited { retry_after_secs: Some(s) } => {
                write!(f, "The Console is rate limiting requests. Try again in {s} s.")
            }
            Self::RateLimited { retry_after_secs: None } => {
                f.write_str("The Console is rate limiting requests. Try again in a moment.")
            }
            Self::Console { message, .. } => match known(message) {
                Some((_, sentence, _)) => f.write_str(sentence),
                None => write!(f, "The Console said: {message}"),
            },
            Self::Status { status } if *status >= 500 => {
                write!(f, "The Console had an internal error (HTTP {status}). Try again in a moment.")
            }
            Self::Status { status: 404 } => f.write_str(
                "The Console has no such API endpoint (HTTP 404): check the Console URL, or the Console may not offer this feature.",
            ),
            Self::Status { status } => write!(f, "The Console refused the request (HTTP {status})."),
            Self::Undecodable { status, html: true } => write!(
                f,
                "The Console answered with a web page instead of data (HTTP {status}). Check the Console URL; a proxy or login page may be in the way."
            ),
            Self::NotConnected => {
                f.write_str("No Console is connected: open Connect and test a connection first.")
            }
            Self::RepeatedCursor => f.write_str(
                "The Console sent a page it had sent before, so the listing stopped here rather than loop. What was read is kept; try again later.",
            ),
            Self::Undecodable { status, html: false } => write!(
                f,
                "The Console's answer could not be read (HTTP {status}): it was incomplete or not what this app expects."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_messages_become_invalid_key() {
        assert_eq!(
            ApiError::from_console(200, Some("Invalid auth_token")),
            ApiError::InvalidKey { via_header: false }
        );
        assert_eq!(
            ApiError::from_console(401, Some("Unauthorized")),
            ApiError::InvalidKey { via_header: true }
        );
        assert_eq!(ApiError::from_console(401, None), ApiError::InvalidKey { via_header: false });
        assert!(ApiError::InvalidKey { via_header: true }.to_string().contains("parameter"));
    }

    #[test]
    fn permission_refusals_are_recognised_by_status_or_words() {
        assert_eq!(ApiError::from_console(403, None), ApiError::NoPermission { message: None });
        let e =
            ApiError::from_console(200, Some("This API key does not have permission to do that"));
        assert!(matches!(e, ApiError::NoPermission { .. }));
        assert!(e.to_string().starts_with("This API key cannot do that"));
    }

    #[test]
    fn known_messages_get_a_sentence_and_a_field() {
        let e = ApiError::from_console(
            400,
            Some(
                "Could not process the parameters. cloned_web is invalid, not enough domain labels",
            ),
        );
        assert_eq!(e.field(), Some("cloned_web"));
        assert!(e.to_string().contains("example.com"));
        let e = ApiError::from_console(200, Some("Empty memo"));
        assert_eq!(e.field(), Some("memo"));
        assert_eq!(e.to_string(), "The memo is empty: say where this token will be placed.");
    }

    #[test]
    fn unknown_messages_are_shown_as_written() {
        let e = ApiError::from_console(200, Some("Quota of tokens <exceeded>"));
        assert_eq!(e.to_string(), "The Console said: Quota of tokens <exceeded>");
        assert_eq!(e.field(), None);
    }

    #[test]
    fn cross_origin_failures_name_both_fixes() {
        let e = ApiError::Unreachable {
            console: "ab12cd34.canary.tools".into(),
            why: Unreachable::CrossOrigin { page_origin: "https://tools.corp".into() },
        };
        let text = e.to_string();
        assert!(
            text.contains("browser extension")
                && text.contains("reverse proxy")
                && text.contains("https://tools.corp")
        );
    }

    #[test]
    fn a_time_out_says_the_change_may_have_been_made() {
        let text = ApiError::TimedOut { console: "ab12cd34.canary.tools".into() }.to_string();
        assert!(text.starts_with("ab12cd34.canary.tools did not answer in time"), "{text}");
        assert!(text.contains("check whether it was done"), "{text}");
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(ApiError::RateLimited { retry_after_secs: None }.is_transient());
        assert!(ApiError::Status { status: 503 }.is_transient());
        assert!(ApiError::Undecodable { status: 502, html: true }.is_transient());
        assert!(ApiError::TimedOut { console: "c".into() }.is_transient());
        assert!(!ApiError::InvalidKey { via_header: false }.is_transient());
        assert!(!ApiError::from_console(200, Some("Empty memo")).is_transient());
        assert!(!ApiError::Undecodable { status: 200, html: false }.is_transient());
    }
}
