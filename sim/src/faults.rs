//! Failures the operator switches on to see how the app copes: latency, failed and HTML
//! answers, cut-off bodies, errors sent with HTTP 200, and a rate limit. They act on
//! `/api/v1` only, before a request is carried out, so a failed create creates nothing; a cut
//! body is the exception, since cutting needs a real answer.

use crate::reply::Reply;
use crate::{Shared, lock};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Switches {
    /// Added to every request.
    pub latency_ms: u64,
    pub fail_next: FailNext,
    /// The next N requests get a 502 HTML page, as a proxy in front of the Console would send.
    pub html_next: u32,
    /// The next N successful answers are cut in half.
    pub truncate_next: u32,
    /// Errors keep their envelope but come with HTTP 200 (the Python client's view of errors).
    pub errors_with_200: bool,
    /// Requests per second before 429s; 0 is no limit.
    pub rate_limit_per_sec: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FailNext {
    pub count: u32,
    pub status: u16,
}

impl Default for FailNext {
    fn default() -> Self {
        Self { count: 0, status: 500 }
    }
}

pub struct Faults {
    switches: Switches,
    bucket: Bucket,
}

impl Faults {
    pub fn new(switches: Switches) -> Self {
        let bucket = Bucket::full(switches.rate_limit_per_sec);
        Self { switches, bucket }
    }

    pub fn switches(&self) -> &Switches {
        &self.switches
    }

    /// Sets the switches `patch` names and leaves the rest; `null` puts one back to off.
    pub fn update(&mut self, patch: &Value) -> Result<(), String> {
        let mut merged = serde_json::to_value(&self.switches).map_err(|e| e.to_string())?;
        merge(&mut merged, patch);
        let switches: Switches = serde_json::from_value(merged).map_err(|e| e.to_string())?;
        if !(400..=599).contains(&switches.fail_next.status) {
            return Err("fail_next.status must be an HTTP error status (400-599)".into());
        }
        if switches.rate_limit_per_sec != self.switches.rate_limit_per_sec {
            self.bucket = Bucket::full(switches.rate_limit_per_sec);
        }
        self.switches = switches;
        Ok(())
    }
}

fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (name, value) in patch {
                if value.is_null() {
                    target.remove(name);
                } else {
                    merge(target.entry(name.clone()).or_insert(Value::Null), value);
                }
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// A token bucket holding one second's worth of requests.
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn full(rate: u32) -> Self {
        Self { tokens: f64::from(rate), last: Instant::now() }
    }

    /// Takes a token, or says how many seconds until there is one.
    fn take(&mut self, rate: u32) -> Result<(), u64> {
        let rate = f64::from(rate);
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * rate).min(rate);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - self.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// The faults that replace an answer: returns the replacement, if any.
pub async fn before(shared: &Shared) -> Option<Response> {
    let latency = lock(&shared.faults).switches.latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let mut guard = lock(&shared.faults);
    let faults = &mut *guard;
    let rate = faults.switches.rate_limit_per_sec;
    if rate > 0
        && let Err(retry_after) = faults.bucket.take(rate)
    {
        return Some(too_many(retry_after, "Rate limit exceeded"));
    }
    let fail = &mut faults.switches.fail_next;
    if fail.count > 0 {
        fail.count -= 1;
        let status = StatusCode::from_u16(fail.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Some(too_many(1, "Too many requests"));
        }
        return Some(Reply::error(status, "Simulated failure").into_response());
    }
    if faults.switches.html_next > 0 {
        faults.switches.html_next -= 1;
        return Some((StatusCode::BAD_GATEWAY, Html(BAD_GATEWAY_PAGE)).into_response());
    }
    None
}

/// The faults that change a real answer.
pub fn after(shared: &Shared, mut reply: Reply) -> Response {
    let mut faults = lock(&shared.faults);
    if faults.switches.errors_with_200
        && let Reply::Json(status, _) = &mut reply
    {
        *status = StatusCode::OK;
    }
    let (status, headers, mut body) = reply.into_parts();
    if status == StatusCode::OK && faults.switches.truncate_next > 0 {
        faults.switches.truncate_next -= 1;
        body.truncate(body.len() / 2);
    }
    (status, headers, body).into_response()
}

fn too_many(retry_after: u64, message: &str) -> Response {
    let mut response = Reply::error(StatusCode::TOO_MANY_REQUESTS, message).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_patch_sets_only_what_it_names() {
        let mut faults = Faults::new(Switches::default());
        faults.update(&json!({"fail_next": {"count": 2}})).unwrap();
        faults.update(&json!({"latency_ms": 5})).unwrap();
        let s = faults.switches();
        assert_eq!((s.fail_next.count, s.fail_next.status, s.latency_ms), (2, 500, 5));
        faults.update(&json!({"fail_next": null})).unwrap();
        assert_eq!(faults.switches().fail_next, FailNext::default());
        assert!(faults.update(&json!({"fail_next": {"status": 200}})).is_err());
        assert!(faults.update(&json!({"no_such": 1})).is_err());
    }

    #[test]
    fn the_bucket_holds_one_second_of_requests() {
        let mut bucket = Bucket::full(3);
        assert!((0..3).all(|_| bucket.take(3).is_ok()));
        assert_eq!(bucket.take(3), Err(1));
    }
}
