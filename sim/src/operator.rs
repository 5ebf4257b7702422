//! `/_sim/`: the operator's controls, outside the Console API and without auth. Tests read the
//! request log, switch faults, reseed and fire tokens here.

use crate::incidents;
use crate::requests::Entry;
use crate::seed::{self, Seed};
use crate::{Shared, clock, lock};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(faults).post(set_faults))
        .route("/reset", post(reset))
        .route("/trigger", post(trigger))
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reset {
    #[serde(default)]
    seed: Seed,
    tokens: Option<usize>,
}

/// Replaces the Console's data; faults and the request log have their own controls.
async fn reset(State(shared): State<Shared>, Json(reset): Json<Reset>) -> Json<Value> {
    let count = reset.tokens.unwrap_or(shared.scale_tokens);
    let console = seed::seeded(reset.seed, count, shared.rng());
    let answer = json!({
        "seed": reset.seed,
        "tokens": console.tokens().len(),
        "incidents": console.incidents.len(),
    });
    *lock(&shared.console) = console;
    Json(answer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Trigger {
    canarytoken: String,
    #[serde(default = "one")]
    count: u32,
}

const MAX_TRIGGERS: u32 = 1000;

fn one() -> u32 {
    1
}

/// Fires a token as an attacker would: one new incident per hit. A disabled token does not
/// alert, so firing it is refused.
async fn trigger(State(shared): State<Shared>, Json(trigger): Json<Trigger>) -> Response {
    if !(1..=MAX_TRIGGERS).contains(&trigger.count) {
        return refuse(StatusCode::BAD_REQUEST, "count must be from 1 to 1000");
    }
    let mut console = lock(&shared.console);
    let Ok(index) = console.token_index(&trigger.canarytoken) else {
        return refuse(StatusCode::NOT_FOUND, "no such canarytoken");
    };
    if !console.tokens()[index].enabled {
        return refuse(StatusCode::CONFLICT, "the canarytoken is disabled");
    }
    let now = clock::now();
    let keys: Vec<String> =
        (0..trigger.count).map(|_| incidents::trigger(&mut console, index, now)).collect();
    Json(json!({
        "canarytoken": trigger.canarytoken,
        "triggered_count": console.tokens()[index].triggered_count,
        "incidents": keys,
    }))
    .into_response()
}
