//! Where a Console is: the origin that every API path hangs from.
//!
//! Users paste many shapes: a bare domain hash from Global Settings → API, a full Console page
//! URL copied from the address bar, or (for the hosted web page) the page's own origin, behind
//! which a reverse proxy forwards `/api/v1/` to the Console. All of them become one origin.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalised Console origin: `scheme://host[:port]`, lower-case host, default port dropped,
/// no path. API paths are appended with [`ConsoleUrl::api`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConsoleUrl(String);

/// Why a typed Console URL was refused; `Display` is the sentence shown under the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleUrlError {
    Empty,
    Scheme(String),
    Credentials,
    Host,
    Port,
}

impl fmt::Display for ConsoleUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => {
                f.write_str("Enter the Console URL (https://HASH.canary.tools) or its domain hash.")
            }
            Self::Scheme(s) => write!(
                f,
                "“{s}” is not a web address: use https:// (or http:// for a local test Console)."
            ),
            Self::Credentials => f.write_str(
                "Remove the user name or password from the URL: the API key goes in its own field.",
            ),
            Self::Host => f.write_str("That host name is not valid."),
            Self::Port => f.write_str("That port number is not valid."),
        }
    }
}

impl ConsoleUrl {
    /// Suffix a bare domain hash expands to.
    pub const HOSTED_SUFFIX: &'static str = ".canary.tools";

    pub fn parse(input: &str) -> Result<Self, ConsoleUrlError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ConsoleUrlError::Empty);
        }
        let (scheme, rest) = match input.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None if is_domain_hash(input) => {
                return Ok(Self(format!(
                    "https://{}{}",
                    input.to_ascii_lowercase(),
                    Self::HOSTED_SUFFIX
                )));
            }
            None => ("https".to_owned(), input),
        };
        if scheme != "https" && scheme != "http" {
            return Err(ConsoleUrlError::Scheme(scheme));
        }
        // Anything after the authority (a Console page path, `/api/v1`, a query) is dropped:
        // the API always lives at `<origin>/api/v1/`.
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(ConsoleUrlError::Credentials);
        }
        let (host, port) = split_port(authority)?;
        let host = host.to_ascii_lowercase();
        if !is_valid_host(&host) {
            return Err(ConsoleUrlError::Host);
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        Ok(Self(match port {
            Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
            _ => format!("{scheme}://{host}"),
        }))
    }

    /// `scheme://host[:port]`, exactly as a browser's `location.origin` spells it.
    pub fn origin(&self) -> &str {
        &self.0
    }

    /// The full URL of an API path such as `/canarytokens/list`.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.0)
    }

    /// `host[:port]`, for messages.
    pub fn host(&self) -> &str {
        self.0.split_once("://").map_or(&self.0, |(_, h)| h)
    }
}

impl fmt::Display for ConsoleUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ConsoleUrl {
    type Error = ConsoleUrlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ConsoleUrl> for String {
    fn from(u: ConsoleUrl) -> String {
        u.0
    }
}

/// The Console's "domain hash" is a short run of hex digits; accept any lower-case alphanumeric
/// run so that a mistyped hash still becomes a URL the user can see and correct.
fn is_domain_hash(s: &str) -> bool {
    s.len() <= 63 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn split_port(authority: &str) -> Result<(&str, Option<u16>), ConsoleUrlError> {
    // An IPv6 literal keeps its colons inside brackets.
    let port_sep = if authority.starts_with('[') {
        authority.find(']').map(|end| end + 1).filter(|&i| i < authority.len())
    } else {
        authority.rfind(':')
    };
    match port_sep {
        Some(i) if authority.as_bytes()[i] == b':' => {
            let port = &authority[i + 1..];
            let parsed = port
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0 && port.bytes().all(|b| b.is_ascii_digit()));
            parsed.map(|p| (&authority[..i], Some(p))).ok_or(ConsoleUrlError::Port)
        }
        Some(_) => Err(ConsoleUrlError::Host),
        None => Ok((authority, None)),
    }
}

fn is_valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        ConsoleUrl::parse(input).unwrap().origin().to_owned()
    }

    #[test]
    fn domain_hash_becomes_hosted_console() {
        assert_eq!(ok("ab12cd34"), "https://ab12cd34.canary.tools");
        assert_eq!(ok("  AB12CD34 "), "https://ab12cd34.canary.tools");
    }

    #[test]
    fn full_urls_are_reduced_to_their_origin() {
        assert_eq!(ok("https://ab12cd34.canary.tools"), "https://ab12cd34.canary.tools");
        assert_eq!(ok("https://AB12cd34.Canary.Tools/"), "https://ab12cd34.canary.tools");
        assert_eq!(
            ok("https://ab12cd34.canary.tools/nest/incidents?x=1#y"),
            "https://ab12cd34.canary.tools"
        );
        assert_eq!(ok("https://ab12cd34.canary.tools/api/v1/"), "https://ab12cd34.canary.tools");
        assert_eq!(ok("HTTPS://ab12cd34.canary.tools:443"), "https://ab12cd34.canary.tools");
    }

    #[test]
    fn bare_host_gets_https() {
        assert_eq!(ok("ab12cd34.canary.tools"), "https://ab12cd34.canary.tools");
        assert_eq!(ok("canary.intranet.example"), "https://canary.intranet.example");
    }

    #[test]
    fn local_and_proxied_origins_keep_scheme_and_port() {
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://localhost:80/"), "http://localhost");
        assert_eq!(
            ok("https://tools.corp.example:8443/canary/"),
            "https://tools.corp.example:8443"
        );
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000");
    }

    #[test]
    fn api_paths_hang_from_the_origin() {
        let url = ConsoleUrl::parse("ab12cd34").unwrap();
        assert_eq!(url.api("/ping"), "https://ab12cd34.canary.tools/api/v1/ping");
        assert_eq!(url.host(), "ab12cd34.canary.tools");
        let local = ConsoleUrl::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(local.host(), "127.0.0.1:8080");
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(ConsoleUrl::parse("   "), Err(ConsoleUrlError::Empty));
        assert_eq!(
            ConsoleUrl::parse("ftp://x.canary.tools"),
            Err(ConsoleUrlError::Scheme("ftp".into()))
        );
        assert_eq!(
            ConsoleUrl::parse("javascript://alert(1)"),
            Err(ConsoleUrlError::Scheme("javascript".into()))
        );
        assert_eq!(
            ConsoleUrl::parse("https://me:pw@x.canary.tools"),
            Err(ConsoleUrlError::Credentials)
        );
        assert_eq!(ConsoleUrl::parse("https://x.canary.tools:99999"), Err(ConsoleUrlError::Port));
        assert_eq!(ConsoleUrl::parse("https://x.canary.tools:"), Err(ConsoleUrlError::Port));
        assert_eq!(ConsoleUrl::parse("https://bad_host.example"), Err(ConsoleUrlError::Host));
        assert_eq!(ConsoleUrl::parse("https://-x.example"), Err(ConsoleUrlError::Host));
        assert_eq!(ConsoleUrl::parse("https://a..b"), Err(ConsoleUrlError::Host));
        assert_eq!(ConsoleUrl::parse("https:///path"), Err(ConsoleUrlError::Host));
        assert!(ConsoleUrlError::Empty.to_string().contains("domain hash"));
    }

    #[test]
    fn serde_round_trips_and_revalidates() {
        let url = ConsoleUrl::parse("ab12cd34").unwrap();
        let json = serde_json::to_string(&url).unwrap();
        assert_eq!(json, "\"https://ab12cd34.canary.tools\"");
        assert_eq!(serde_json::from_str::<ConsoleUrl>(&json).unwrap(), url);
        assert!(serde_json::from_str::<ConsoleUrl>("\"ftp://x\"").is_err());
    }
}
