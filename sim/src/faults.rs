//! Failures the operator switches on to see how the app copes: latency, requests that never
//! answer, failed (the next few, or scattered ones) and HTML answers, cut-off bodies, errors
//! sent with HTTP 200, and a rate limit. They act on `/api/v1` only, before a request is
//! carried out, so a failed create creates nothing; a cut body is the exception, since
//! cutting needs a real answer.

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
    /// The next N requests are never answered: the client must give up by itself.
    pub hang_next: u32,
    pub fail_next: FailNext,
    /// Scattered failures, so that a bulk run sees some requests fail among many.
    pub fail_some: FailSome,
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

/// Fails every `every`-th request (0: none) and, apart from those, each request with
/// probability `ratio`, drawn from the `--rng-seed` generator so that a run can be repeated.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FailSome {
    pub every: u32,
    pub ratio: f64,
    pub status: u16,
}

impl Default for FailSome {
    fn default() -> Self {
        Self { every: 0, ratio: 0.0, status: 500 }
    }
}

pub struct Faults {
    switches: Switches,
    bucket: Bucket,
    /// API requests seen, for `fail_some.every`.
    seen: u64,
    rng: fastrand::Rng,
}

/// What the faults make of a request before it is carried out.
pub enum Verdict {
    Pass,
    Answer(Response),
    Hang,
}

impl Faults {
    pub fn new(switches: Switches, rng: fastrand::Rng) -> Self {
        let bucket = Bucket::full(switches.rate_limit_per_sec);
        Self { switches, bucket, seen: 0, rng }
    }

    pub fn switches(&self) -> &Switches {
        &self.switches
    }

    /// Sets the switches `patch` names and leaves the rest; `null` puts one back to off.
    pub fn update(&mut self, patch: &Value) -> Result<(), String> {
        let mut merged = serde_json::to_value(&self.switches).map_err(|e| e.to_string())?;
        merge(&mut merged, patch);
        let switches: Switches = serde_json::from_value(merged).map_err(|e| e.to_string())?;
        for (name, status) in
            [("fail_next", switches.fail_next.status), ("fail_some", switches.fail_some.status)]
        {
            if !(400..=599).contains(&status) {
                return Err(format!("{name}.status must be an HTTP error status (400-599)"));
            }
        }
        if !(0.0..=1.0).contains(&switches.fail_some.ratio) {
            return Err("fail_some.ratio must be from 0 to 1".into());
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

/// The faults that replace an answer, in order: latency, rate limit, hang, the next few
/// failures, scattered failures, HTML pages.
pub async fn before(shared: &Shared) -> Verdict {
    let latency = lock(&shared.faults).switches.latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let mut guard = lock(&shared.faults);
    let faults = &mut *guard;
    faults.seen += 1;
    let rate = faults.switches.rate_limit_per_sec;
    if rate > 0
        && let Err(retry_after) = faults.bucket.take(rate)
    {
        return Verdict::Answer(too_many(retry_after, "Rate limit exceeded"));
    }
    if faults.switches.hang_next > 0 {
        faults.switches.hang_next -= 1;
        return Verdict::Hang;
    }
    let fail = &mut faults.switches.fail_next;
    if fail.count > 0 {
        fail.count -= 1;
        return Verdict::Answer(failure(fail.status));
    }
    let some = &faults.switches.fail_some;
    let every = some.every > 0 && faults.seen.is_multiple_of(u64::from(some.every));
    if every || (some.ratio > 0.0 && faults.rng.f64() < some.ratio) {
        return Verdict::Answer(failure(some.status));
    }
    if faults.switches.html_next > 0 {
        faults.switches.html_next -= 1;
        return Verdict::Answer((StatusCode::BAD_GATEWAY, Html(BAD_GATEWAY_PAGE)).into_response());
    }
    Verdict::Pass
}

fn failure(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::TOO_MANY_REQUESTS {
        return too_many(1, "Too many requests");
    }
    Reply::error(status, "Simulated failure").into_response()
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
        let mut faults = Faults::new(Switches::default(), fastrand::Rng::with_seed(1));
        faults.update(&json!({"fail_next": {"count": 2}})).unwrap();
        faults.update(&json!({"latency_ms": 5})).unwrap();
        let s = faults.switches();
        assert_eq!((s.fail_next.count, s.fail_next.status, s.latency_ms), (2, 500, 5));
        faults.update(&json!({"fail_next": null})).unwrap();
        assert_eq!(faults.switches().fail_next, FailNext::default());
        assert!(faults.update(&json!({"fail_next": {"status": 200}})).is_err());
        assert!(faults.update(&json!({"no_such": 1})).is_err());
        assert!(faults.update(&json!({"fail_some": {"ratio": 2.0}})).is_err());
    }

    #[test]
    fn the_bucket_holds_one_second_of_requests() {
        let mut bucket = Bucket::full(3);
        assert!((0..3).all(|_| bucket.take(3).is_ok()));
        assert_eq!(bucket.take(3), Err(1));
    }
}
