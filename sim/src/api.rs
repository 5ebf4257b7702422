//! The `/api/v1/` surface. Every request is read into one [`Call`] (method, parameters from
//! the query and the form body, uploaded files, the caller), then, in order: logged, put
//! through the operator's faults, authenticated, checked against the route's access, handed
//! to the route's handler, and shaped by the Console variant.

use crate::auth::{Access, Caller, Credential, permit};
use crate::faults;
use crate::keys;
use crate::reply::{Outcome, Reply, invalid, missing, not_found};
use crate::requests::Entry;
use crate::routes::{self, Route};
use crate::state::Console;
use crate::variant::{self, Variant};
use crate::{Shared, lock};
use axum::Form;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State,
};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::any;
use std::collections::HashMap;
use std::net::SocketAddr;

/// Uploads are documents and programs; the default 2 MB would refuse ordinary ones.
pub const UPLOAD_LIMIT_BYTES: usize = 20 * 1024 * 1024;

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/{*path}", any(handle))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES))
        .with_state(shared)
}

/// A file part of a multipart request.
#[derive(Clone)]
pub struct Upload {
    pub filename: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// One authenticated API request.
pub struct Call {
    pub method: Method,
    pub path: String,
    pub params: HashMap<String, String>,
    pub files: HashMap<String, Upload>,
    /// The `Host` the request was sent to, for the links the Console puts in cursors.
    pub host: String,
    /// For the audit trail: who called, from where, with which browser.
    pub headers: HeaderMap,
    pub client_ip: String,
    pub caller: Caller,
    /// Set from the Console's variant before the handler runs.
    pub variant: Variant,
}

impl Call {
    /// A parameter that is present and not empty.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    pub fn required(&self, name: &str) -> Result<&str, Reply> {
        self.param(name).ok_or_else(missing)
    }

    /// A header's text, or "" (the audit trail records what the browser sent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// A boolean parameter; absent means false.
    pub fn flag(&self, name: &str) -> Result<bool, Reply> {
        self.param(name).map_or(Ok(false), |raw| {
            parse_bool(raw).ok_or_else(|| invalid(name, "must be true or false"))
        })
    }

    /// The token named by the `canarytoken` parameter.
    pub fn token(&self, console: &Console) -> Result<usize, Reply> {
        console.token_index(self.required("canarytoken")?)
    }

    /// The credential to embed in `next_link`, as the real Console does.
    pub fn credential(&self) -> &str {
        match &self.caller {
            Caller::Key(key) => key.key,
            Caller::Factory { auth, .. } => auth,
        }
    }
}

pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

async fn handle(
    State(shared): State<Shared>,
    Path(path): Path<String>,
    request: Request,
) -> Response {
    let method = request.method().clone();
    let headers = request.headers().clone();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let host = host.to_owned();
    let client_ip = client_ip(&request);
    let route = routes::find(&path, &method);
    let factory = route.is_some_and(|r| r.access == Access::Factory);
    let (params, files, unreadable) = match read_params(request).await {
        Ok((params, files)) => (params, files, None),
        Err(reply) => (HashMap::new(), HashMap::new(), Some(reply)),
    };
    let credential = Credential::of(&headers, &params, factory);
    let caller = identify(&shared, &credential);
    let entry = Entry::new(&method, &path, &params, &files, caller.as_ref(), credential.via());
    let response = match faults::before(&shared).await {
        faults::Verdict::Answer(response) => response,
        faults::Verdict::Hang => {
            // Logged now, with no status, since it will never finish.
            lock(&shared.log).push(entry);
            return std::future::pending().await;
        }
        faults::Verdict::Pass => {
            let (outcome, variant) = match (unreadable, caller) {
                (Some(reply), _) => (Err(reply), lock(&shared.console).variant),
                (None, None) => (Err(credential.refusal(factory)), lock(&shared.console).variant),
                (None, Some(caller)) => {
                    let call = Call {
                        method,
                        path,
                        params,
                        files,
                        host,
                        headers,
                        client_ip,
                        caller,
                        variant: Variant::Default,
                    };
                    process(&shared, route, call)
                }
            };
            let reply = variant::shape(variant, outcome.unwrap_or_else(|reply| reply));
            faults::after(&shared, reply)
        }
    };
    lock(&shared.log).push(entry.finished(response.status()));
    response
}

/// Runs the route's handler under the Console's lock; gives its answer and the variant that
/// shapes it.
fn process(shared: &Shared, route: Option<&Route>, mut call: Call) -> (Outcome, Variant) {
    let mut console = lock(&shared.console);
    call.variant = console.variant;
    (run(&mut console, route, &call), call.variant)
}

fn run(console: &mut Console, route: Option<&Route>, call: &Call) -> Outcome {
    let route = route.ok_or_else(|| not_found("Unknown endpoint"))?;
    if !route.methods.contains(&call.method) {
        return Err(Reply::error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed"));
    }
    permit(&call.caller, route.access, route.path)?;
    (route.handler)(console, call)
}

/// Where the request came from: a proxy's `X-Forwarded-For`, else the peer address.
fn client_ip(request: &Request) -> String {
    let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let first = forwarded.and_then(|list| list.split(',').next()).map(str::trim);
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    first.map(str::to_owned).or(peer).unwrap_or_else(|| "127.0.0.1".to_owned())
}

fn identify(shared: &Shared, credential: &Credential) -> Option<Caller> {
    match credential {
        Credential::Header(key) | Credential::Param(key) => keys::find(key).map(Caller::Key),
        Credential::Factory(auth) => lock(&shared.console)
            .factories
            .iter()
            .find(|f| f.auth == *auth)
            .map(|f| Caller::Factory { auth: f.auth.clone(), flock: f.flock_id.clone() }),
        Credential::None => None,
    }
}

type Params = (HashMap<String, String>, HashMap<String, Upload>);

async fn read_params(request: Request) -> Result<Params, Reply> {
    let Query(query) =
        Query::<Vec<(String, String)>>::try_from_uri(request.uri()).map_err(|_| missing())?;
    let mut params: HashMap<String, String> = query.into_iter().collect();
    let mut files = HashMap::new();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &()).await.map_err(|_| missing())?;
        while let Some(field) = multipart.next_field().await.map_err(|_| missing())? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let content_type =
                        field.content_type().unwrap_or("application/octet-stream").to_owned();
                    let bytes = field.bytes().await.map_err(|_| missing())?;
                    let upload = Upload { filename, content_type, bytes };
                    files.insert(name, upload);
                }
                None => {
                    params.insert(name, field.text().await.map_err(|_| missing())?);
                }
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(form) = Form::<Vec<(String, String)>>::from_request(request, &())
            .await
            .map_err(|_| missing())?;
        params.extend(form);
    }
    Ok((params, files))
}
