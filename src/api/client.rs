//! A connection to one Console: where, with which key, through which transport. `send` runs a
//! [`Call`], retrying reads after transient failures; writes are never repeated automatically.

use super::auth::Credentials;
use super::console_url::ConsoleUrl;
use super::error::{ApiError, Unreachable};
use super::request::ApiRequest;
use super::response::{Call, RawResponse};
use super::transport::{FetchFailed, Transport};
use crate::platform;
use std::rc::Rc;

#[derive(Clone)]
pub struct Client {
    console: ConsoleUrl,
    credentials: Credentials,
    transport: Rc<dyn Transport>,
}

impl Client {
    pub fn new(
        console: ConsoleUrl,
        credentials: Credentials,
        transport: Rc<dyn Transport>,
    ) -> Self {
        Self { console, credentials, transport }
    }

    pub fn console(&self) -> &ConsoleUrl {
        &self.console
    }

    pub async fn send<T>(&self, call: Call<T>) -> Result<T, ApiError> {
        let raw = self.exchange(&call.request).await?;
        call.decode(raw)
    }

    /// Sends `request` and reads the answer off the wire, repeating a read after a transient
    /// failure (the network, a silent Console, a rate limit or a server error). Not generic
    /// over what the answer decodes into, so the page holds one copy of it.
    async fn exchange(&self, request: &ApiRequest) -> Result<RawResponse, ApiError> {
        let http = request.to_http(&self.console, &self.credentials);
        let mut attempt = 0;
        loop {
            let (failure, answer) = match self.transport.send(http.clone()).await {
                Ok(raw) if !raw.is_transient() => return Ok(raw),
                Ok(raw) => (
                    raw.check().err().unwrap_or(ApiError::Status { status: raw.status }),
                    Some(raw),
                ),
                Err(FetchFailed::TimedOut) => {
                    (ApiError::TimedOut { console: self.console.host().to_owned() }, None)
                }
                Err(FetchFailed::Unreachable) => (
                    ApiError::Unreachable {
                        console: self.console.host().to_owned(),
                        why: classify_unreachable(
                            &self.console,
                            platform::page_origin().as_deref(),
                        ),
                    },
                    None,
                ),
            };
            let delay =
                request.is_idempotent().then(|| retry_delay_ms(attempt, &failure)).flatten();
            match (delay, answer) {
                (Some(ms), _) => {
                    platform::sleep(ms).await;
                    attempt += 1;
                }
                // The answer itself says what went wrong, once decoded.
                (None, Some(raw)) => return Ok(raw),
                (None, None) => return Err(failure),
            }
        }
    }
}

/// A failed `fetch` from a web page to another origin is almost always CORS; from the same
/// origin or an extension page (which has host permission) it is the network.
pub fn classify_unreachable(console: &ConsoleUrl, page_origin: Option<&str>) -> Unreachable {
    match page_origin {
        Some(page) if !platform::is_extension_origin(page) && page != console.origin() => {
            Unreachable::CrossOrigin { page_origin: page.to_owned() }
        }
        _ => Unreachable::Network,
    }
}

/// How long to wait before repeating a read that failed with `error` on try `attempt` (0-based),
/// or `None` to give up. An unreachable or silent Console gets one retry (a blip), rate limits and
/// server errors a few with exponential backoff, honouring `Retry-After`.
pub fn retry_delay_ms(attempt: u32, error: &ApiError) -> Option<u32> {
    if !error.is_transient() {
        return None;
    }
    let retries = if matches!(error, ApiError::Unreachable { .. } | ApiError::TimedOut { .. }) {
        1
    } else {
        4
    };
    if attempt >= retries {
        return None;
    }
    let backoff = 300 * 3u32.pow(attempt);
    Some(match error {
        ApiError::RateLimited { retry_after_secs: Some(s) } => {
            s.saturating_mul(1000).clamp(backoff, 30_000)
        }
        _ => backoff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_from_another_web_origin_means_cors() {
        let console = ConsoleUrl::parse("ab12cd34").unwrap();
        assert_eq!(
            classify_unreachable(&console, Some("https://tools.corp")),
            Unreachable::CrossOrigin { page_origin: "https://tools.corp".into() }
        );
        assert_eq!(
            classify_unreachable(&console, Some("chrome-extension://abcdef")),
            Unreachable::Network
        );
        assert_eq!(
            classify_unreachable(&console, Some("moz-extension://1234")),
            Unreachable::Network
        );
        assert_eq!(
            classify_unreachable(&console, Some("https://ab12cd34.canary.tools")),
            Unreachable::Network
        );
    }

    #[test]
    fn retries_back_off_and_stop() {
        let limited = ApiError::RateLimited { retry_after_secs: None };
        let delays: Vec<_> = (0..6).map(|a| retry_delay_ms(a, &limited)).collect();
        assert_eq!(delays, [Some(300), Some(900), Some(2700), Some(8100), None, None]);
        let told = ApiError::RateLimited { retry_after_secs: Some(5) };
        assert_eq!(retry_delay_ms(0, &told), Some(5000));
        assert_eq!(
            retry_delay_ms(0, &ApiError::RateLimited { retry_after_secs: Some(3600) }),
            Some(30_000)
        );
        let down = ApiError::Unreachable { console: "x".into(), why: Unreachable::Network };
        assert_eq!((retry_delay_ms(0, &down), retry_delay_ms(1, &down)), (Some(300), None));
        let silent = ApiError::TimedOut { console: "x".into() };
        assert_eq!((retry_delay_ms(0, &silent), retry_delay_ms(1, &silent)), (Some(300), None));
        assert_eq!(retry_delay_ms(0, &ApiError::InvalidKey { via_header: true }), None);
    }
}
