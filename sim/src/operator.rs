//! `/_sim/`: the operator's controls, outside the Console API and without auth. Tests read the
//! request log, switch faults and features, reseed, fire tokens and grant the Office 365
//! consent here.

use crate::events::Overrides;
use crate::incidents;
use crate::requests::Entry;
use crate::seed::{self, Scale, Seed};
use crate::variant::Variant;
use crate::{Shared, clock, lock};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(faults).post(set_faults))
        .route("/features", get(features).post(set_features))
        .route("/reset", post(reset))
        .route("/trigger", post(trigger))
        .route("/office365/consent", get(consent))
        .with_state(shared)
}

fn refuse(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({"error": error}))).into_response()
}

async fn requests(State(shared): State<Shared>) -> Json<Vec<Entry>> {
    Json(lock(&shared.log).entries())
}

async fn clear_requests(State(shared): State<Shared>) -> Json<Value> {
    Json(json!({"cleared": lock(&shared.log).clear()}))
}

async fn faults(State(shared): State<Shared>) -> Json<Value> {
    Json(json!(lock(&shared.faults).switches()))
}

async fn set_faults(State(shared): State<Shared>, Json(patch): Json<Value>) -> Response {
    let mut faults = lock(&shared.faults);
    match faults.update(&patch) {
        Ok(()) => Json(json!(faults.switches())).into_response(),
        Err(error) => refuse(StatusCode::BAD_REQUEST, &error),
    }
}

async fn features(State(shared): State<Shared>) -> Json<Value> {
    Json(json!(lock(&shared.console).features))
}

async fn set_features(State(shared): State<Shared>, Json(patch): Json<Value>) -> Response {
    let mut console = lock(&shared.console);
    match console.features.update(&patch) {
        Ok(()) => Json(json!(console.features)).into_response(),
        Err(error) => refuse(StatusCode::BAD_REQUEST, &error),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reset {
    #[serde(default)]
    seed: Seed,
    tokens: Option<usize>,
    incidents: Option<usize>,
    /// Absent: the variant stays as it is.
    variant: Option<Variant>,
}

/// Replaces the Console's data; the variant changes only when named, and the features,
/// faults and request log stay.
async fn reset(State(shared): State<Shared>, Json(reset): Json<Reset>) -> Json<Value> {
    let size = Scale {
        tokens: reset.tokens.unwrap_or(shared.scale.tokens),
        incidents: reset.incidents.or(shared.scale.incidents),
    };
    let mut console = seed::seeded(reset.seed, size, shared.rng());
    let mut current = lock(&shared.console);
    console.variant = reset.variant.unwrap_or(current.variant);
    console.features = current.features.clone();
    let answer = json!({
        "seed": reset.seed,
        "tokens": console.tokens().len(),
        "incidents": console.incidents.len(),
        "variant": console.variant,
    });
    *current = console;
    Json(answer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Trigger {
    canarytoken: String,
    #[serde(default = "one")]
    count: u32,
    /// Hits in each incident (one source hitting several times).
    #[serde(default = "one")]
    events: u32,
    /// Merged over the generated HTTP headers, to inject payloads.
    #[serde(default)]
    headers: Map<String, Value>,
    src_host: Option<String>,
}

const MAX_TRIGGERS: u32 = 1000;
const MAX_EVENTS: u32 = 100;

fn one() -> u32 {
    1
}

/// Fires a token as an attacker would: one new incident per hit. A disabled token does not
/// alert, so firing it is refused.
async fn trigger(State(shared): State<Shared>, Json(trigger): Json<Trigger>) -> Response {
    if !(1..=MAX_TRIGGERS).contains(&trigger.count) {
        return refuse(StatusCode::BAD_REQUEST, "count must be from 1 to 1000");
    }
    if !(1..=MAX_EVENTS).contains(&trigger.events) {
        return refuse(StatusCode::BAD_REQUEST, "events must be from 1 to 100");
    }
    let mut console = lock(&shared.console);
    let Ok(index) = console.token_index(&trigger.canarytoken) else {
        return refuse(StatusCode::NOT_FOUND, "no such canarytoken");
    };
    if !console.tokens()[index].enabled {
        return refuse(StatusCode::CONFLICT, "the canarytoken is disabled");
    }
    let now = clock::now();
    let events = trigger.events as usize;
    let overrides = Overrides { headers: trigger.headers, src_host: trigger.src_host };
    let keys: Vec<String> = (0..trigger.count)
        .map(|_| incidents::trigger(&mut console, index, now, events, &overrides))
        .collect();
    Json(json!({
        "canarytoken": trigger.canarytoken,
        "triggered_count": console.tokens()[index].triggered_count,
        "incidents": keys,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct ConsentQuery {
    state: String,
}

/// Where the simulator's Office 365 sign-in lands (the consent URL `initiate` gives): opening
/// it grants the consent, as Microsoft's redirect back to the Console would.
async fn consent(State(shared): State<Shared>, Query(query): Query<ConsentQuery>) -> Response {
    if lock(&shared.console).mail.grant(&query.state, None) {
        let page = "<!doctype html><title>Consent granted</title><h1>Consent granted</h1>\
            <p>The Console may now read this organisation's mailboxes. You can close this page \
            and list the users.</p>";
        Html(page).into_response()
    } else {
        let page = "<!doctype html><title>Unknown sign-in</title><h1>Unknown sign-in</h1>\
            <p>This Console did not start that sign-in.</p>";
        (StatusCode::NOT_FOUND, Html(page)).into_response()
    }
}
