//! The one place that talks to the network: a [`HttpRequest`] goes out through `fetch`
//! (gloo-net) and comes back as a [`RawResponse`], or not at all within its patience.
//! Everything before and after is pure.

use super::request::{Attachment, Body, HttpRequest, Method, Part};
use super::response::RawResponse;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Why no answer came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchFailed {
    /// `fetch` rejected: the browser gives no reason (offline, DNS, TLS, CORS all look alike).
    Unreachable,
    /// No complete answer within the call's patience: the call was abandoned.
    TimedOut,
}

/// Sends requests. The app uses [`Fetch`]; component tests substitute canned answers.
pub trait Transport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>>;
}

/// The browser's `fetch`, through gloo-net. A call that hangs is abandoned after
/// [`HttpRequest::patience`], so that no screen waits forever.
#[derive(Clone, Copy, Debug, Default)]
pub struct Fetch {
    /// A fixed patience instead of the request's own (tests of the time-out).
    pub patience: Option<Duration>,
}

impl Transport for Fetch {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>> {
        let patience = self.patience.unwrap_or_else(|| request.patience());
        Box::pin(fetch(request, patience))
    }
}

async fn fetch(request: HttpRequest, patience: Duration) -> Result<RawResponse, FetchFailed> {
    let controller = web_sys::AbortController::new().map_err(|_| FetchFailed::Unreachable)?;
    let deadline = Deadline::start(&controller, patience);
    let answer = send(request, &controller.signal()).await;
    drop(deadline);
    match answer {
        Err(_) if controller.signal().aborted() => Err(FetchFailed::TimedOut),
        answer => answer,
    }
}

async fn send(
    request: HttpRequest,
    signal: &web_sys::AbortSignal,
) -> Result<RawResponse, FetchFailed> {
    use gloo_net::http::{Method as M, RequestBuilder};
    use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials};

    let method = match request.method {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Delete => M::DELETE,
    };
    // No cookies (the key is the only credential), no caching of answers that hold secrets,
    // and no referrer telling the Console where the app is hosted.
    let builder = request.headers.iter().fold(
        RequestBuilder::new(&request.url)
            .method(method)
            .credentials(RequestCredentials::Omit)
            .cache(RequestCache::NoStore)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .abort_signal(Some(signal)),
        |b, (name, value)| b.header(name, value),
    );
    let built = match request.body {
        Body::Empty => builder.build(),
        Body::Form(encoded) => {
            builder.header("Content-Type", "application/x-www-form-urlencoded").body(encoded)
        }
        // The browser writes the multipart boundary into Content-Type itself.
        Body::Multipart(parts) => builder.body(form_data(&parts).ok_or(FetchFailed::Unreachable)?),
    };
    let response = built
        .map_err(|_| FetchFailed::Unreachable)?
        .send()
        .await
        .map_err(|_| FetchFailed::Unreachable)?;
    let headers = response.headers();
    Ok(RawResponse {
        status: response.status(),
        content_type: headers.get("content-type"),
        content_disposition: headers.get("content-disposition"),
        retry_after: headers.get("retry-after"),
        body: response.binary().await.map_err(|_| FetchFailed::Unreachable)?,
    })
}

/// Aborts a call when its time is up, unless dropped first (the answer came).
struct Deadline {
    timer: i32,
    _abort: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(controller: &web_sys::AbortController, after: Duration) -> Option<Self> {
        let controller = controller.clone();
        let abort = Closure::<dyn FnMut()>::new(move || controller.abort());
        let ms = i32::try_from(after.as_millis()).unwrap_or(i32::MAX);
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Self { timer, _abort: abort })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timer);
        }
    }
}

fn form_data(parts: &[Part]) -> Option<web_sys::FormData> {
    let form = web_sys::FormData::new().ok()?;
    for part in parts {
        match part {
            Part::Text(name, value) => form.append_with_str(name, value).ok()?,
            Part::File(name, file) => {
                form.append_with_blob_and_filename(name, &blob(file)?, &file.filename).ok()?
            }
        }
    }
    Some(form)
}

/// A `Blob` holding the attachment's bytes with its content type.
pub fn blob(file: &Attachment) -> Option<web_sys::Blob> {
    let bytes = js_sys::Uint8Array::from(&file.bytes[..]);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&file.content_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&bytes), &options)
        .ok()
}
