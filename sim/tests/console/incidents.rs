//! Firing tokens, searching alerts in the flattened shape, acknowledging them.

use crate::support::{Auth, demo, empty, id, key};
use canarytoken_sim::keys::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_fired_token_has_flattened_incidents() {
    let sim = empty().await;
    let token = sim.create("http", &[("memo", "finance wiki")]).await;
    let t = id(&token);
    let fired = sim.trigger(&t, 3).await;
    assert_eq!(fired["triggered_count"], 3);
    assert_eq!(fired["incidents"].as_array().unwrap().len(), 3);
    let (_, body) = sim.get("canarytoken/fetch", &[("canarytoken", &t)]).await;
    assert_eq!(body["token"]["triggered_count"], 3);

    let (status, body) = sim.get("incidents/search", &[("node_id", &t)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total_results"], 3);
    let incident = &body["incidents"][0];
    for field in [
        "key",
        "incident_key",
        "created",
        "created_printable",
        "created_age",
        "description",
        "events_list",
        "logtype",
        "src_host",
        "src_host_reverse",
        "memo",
        "node_id",
    ] {
        assert!(incident[field].is_string(), "{field}: {incident}");
    }
    assert_eq!(incident["key"], incident["incident_key"]);
    assert_eq!(incident["acknowledged"], "False");
    assert_eq!(incident["logtype"], "17000");
    assert_eq!(incident["node_id"], t.as_str());
    assert_eq!(incident["memo"], "finance wiki");
    assert!(incident["updated_id"].is_u64());
    let event = &incident["logdata"][0];
    assert_eq!(event["src_host"], incident["src_host"]);
    assert!(
        event["timestamp"].is_number()
            && event["headers"].is_object()
            && event["geoip"]["country_code"].is_string()
    );
}

#[tokio::test]
async fn incidents_are_filtered_by_state_and_acknowledged_by_analysts() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    let keys: Vec<String> = sim.trigger(&t, 4).await["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    let read_only = Auth::Param(key(Role::ReadOnly));
    let (status, _) =
        sim.json(Method::POST, "incident/acknowledge", read_only, &[("incident", &keys[0])]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let analyst = Auth::Header(key(Role::Analyst));
    let (status, body) =
        sim.json(Method::POST, "incident/acknowledge", analyst, &[("incident", &keys[0])]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"action": "acknowledged", "key": keys[0], "result": "success"}))
    );
    let (status, body) =
        sim.post("incident/acknowledge", &[("incident", "incident:canarytoken:none")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Incident not found"))
    );

    let count = |state: Option<&'static str>| {
        let sim = &sim;
        let t = t.clone();
        async move {
            let mut params = vec![("node_id", t.as_str())];
            params.extend(state.map(|s| ("filter_incident_state", s)));
            sim.get("incidents/search", &params).await.1["total_results"].as_u64().unwrap()
        }
    };
    assert_eq!(count(None).await, 3, "unacknowledged by default");
    assert_eq!(count(Some("unacknowledged")).await, 3);
    assert_eq!(count(Some("acknowledged")).await, 1);
    assert_eq!(count(Some("all")).await, 4);
    let (status, _) = sim.get("incidents/search", &[("filter_incident_state", "open")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, body) = sim.get("incidents/search", &[("filter_incident_state", "acknowledged")]).await;
    assert_eq!(body["incidents"][0]["acknowledged"], "True");
}

#[tokio::test]
async fn incidents_page_like_tokens() {
    let sim = demo().await;
    let (_, first) =
        sim.get("incidents/search", &[("filter_incident_state", "all"), ("limit", "3")]).await;
    let total = first["total_results"].as_u64().unwrap() as usize;
    assert!(total > 3);
    let mut keys = Vec::new();
    let mut page = first;
    for _ in 0..100 {
        keys.extend(page["incidents"].as_array().unwrap().iter().map(|i| i["key"].clone()));
        let Some(cursor) = page["cursor"]["next"].as_str().map(str::to_owned) else { break };
        page = sim.get("incidents/search", &[("cursor", &cursor)]).await.1;
    }
    let unique: std::collections::HashSet<String> = keys.iter().map(|k| k.to_string()).collect();
    assert_eq!((keys.len(), unique.len()), (total, total));
}

#[tokio::test]
async fn only_enabled_existing_tokens_fire() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    sim.post("canarytoken/disable", &[("canarytoken", &t)]).await;
    let (status, _) = sim.sim(Method::POST, "trigger", Some(json!({"canarytoken": t}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = sim.sim(Method::POST, "trigger", Some(json!({"canarytoken": "nope"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
