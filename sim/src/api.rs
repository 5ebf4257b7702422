//! The `/api/v1/` surface: every request is read into one [`Call`] (method, parameters from the
//! query and the form body, uploaded files, the key from header or parameter), checked for a
//! valid key, and dispatched on its path.

use crate::Shared;
use crate::keys::{self, Key};
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Form, Json, Router};
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/{*path}", any(handle))
        .with_state(shared)
}

/// A file part of a multipart request.
pub struct Upload {
    pub filename: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// One API request as the simulator sees it.
pub struct Call {
    pub method: Method,
    pub params: HashMap<String, String>,
    pub files: HashMap<String, Upload>,
    pub key: &'static Key,
}

/// A JSON answer: status and envelope.
pub struct Reply(pub StatusCode, pub Value);

impl Reply {
    pub fn ok(mut body: Value) -> Self {
        body["result"] = json!("success");
        Self(StatusCode::OK, body)
    }

    pub fn error(status: StatusCode, message: &str) -> Self {
        Self(status, json!({"result": "error", "message": message}))
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

async fn handle(
    State(shared): State<Shared>,
    Path(path): Path<String>,
    request: Request,
) -> Response {
    let (method, headers) = (request.method().clone(), request.headers().clone());
    let (params, files) = match read_params(request).await {
        Ok(read) => read,
        Err(reply) => return reply.into_response(),
    };
    let key = match authenticate(&headers, &params) {
        Ok(key) => key,
        Err(reply) => return reply.into_response(),
    };
    let call = Call {
        method,
        params,
        files,
        key,
    };
    let console = shared.lock().await;
    dispatch(&console, &path, &call).into_response()
}

fn dispatch(console: &crate::state::Console, path: &str, call: &Call) -> Reply {
    match (&call.method, path) {
        (&Method::GET, "ping") => Reply::ok(json!({})),
        (&Method::GET, "canarytokens/list") => Reply::ok(json!({"canarytokens": console.kinds()})),
        _ => Reply::error(StatusCode::NOT_FOUND, "Unknown endpoint"),
    }
}

/// The Console takes the key as `X-Canary-Auth-Token` or as the `auth_token` parameter and
/// words the refusal differently for each (reference §1).
fn authenticate(
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<&'static Key, Reply> {
    if let Some(value) = headers.get("x-canary-auth-token") {
        let key = value.to_str().ok().and_then(keys::find);
        return key.ok_or_else(|| Reply::error(StatusCode::UNAUTHORIZED, "Unauthorized"));
    }
    params
        .get("auth_token")
        .and_then(|k| keys::find(k))
        .ok_or_else(|| Reply::error(StatusCode::UNAUTHORIZED, "Invalid auth_token"))
}

type Params = (HashMap<String, String>, HashMap<String, Upload>);

async fn read_params(request: Request) -> Result<Params, Reply> {
    let bad = || Reply::error(StatusCode::BAD_REQUEST, "Could not process the parameters");
    let Query(query) =
        Query::<Vec<(String, String)>>::try_from_uri(request.uri()).map_err(|_| bad())?;
    let mut params: HashMap<String, String> = query.into_iter().collect();
    let mut files = HashMap::new();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|_| bad())?;
        while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(filename) => {
                    let content_type = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_owned();
                    let bytes = field.bytes().await.map_err(|_| bad())?;
                    files.insert(
                        name,
                        Upload {
                            filename,
                            content_type,
                            bytes,
                        },
                    );
                }
                None => {
                    params.insert(name, field.text().await.map_err(|_| bad())?);
                }
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(form) = Form::<Vec<(String, String)>>::from_request(request, &())
            .await
            .map_err(|_| bad())?;
        params.extend(form);
    }
    Ok((params, files))
}
