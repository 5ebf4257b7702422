//! The one place that talks to the network: a [`HttpRequest`] goes out through `fetch`
//! (gloo-net) and comes back as a [`RawResponse`]. Everything before and after is pure.

use super::request::{Attachment, Body, HttpRequest, Method, Part};
use super::response::RawResponse;
use std::future::Future;
use std::pin::Pin;

pub type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// `fetch` rejected: the browser gives no reason (offline, DNS, TLS, CORS all look alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchFailed;

/// Sends requests. The app uses [`Fetch`]; component tests substitute canned answers.
pub trait Transport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>>;
}

/// The browser's `fetch`, through gloo-net.
pub struct Fetch;

impl Transport for Fetch {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>> {
        Box::pin(fetch(request))
    }
}

async fn fetch(request: HttpRequest) -> Result<RawResponse, FetchFailed> {
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
            .referrer_policy(ReferrerPolicy::NoReferrer),
        |b, (name, value)| b.header(name, value),
    );
    let built = match request.body {
        Body::Empty => builder.build(),
        Body::Form(encoded) => {
            builder.header("Content-Type", "application/x-www-form-urlencoded").body(encoded)
        }
        // The browser writes the multipart boundary into Content-Type itself.
        Body::Multipart(parts) => builder.body(form_data(&parts).ok_or(FetchFailed)?),
    };
    let response = built.map_err(|_| FetchFailed)?.send().await.map_err(|_| FetchFailed)?;
    let headers = response.headers();
    Ok(RawResponse {
        status: response.status(),
        content_type: headers.get("content-type"),
        content_disposition: headers.get("content-disposition"),
        retry_after: headers.get("retry-after"),
        body: response.binary().await.map_err(|_| FetchFailed)?,
    })
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
