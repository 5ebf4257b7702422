//! The documented variant's other answers, the console features and their switches, and the
//! newer faults (hangs, scattered failures).

use crate::support::{Auth, Sim, admin, empty, id, key, start};
use canarytoken_sim::faults::{FailSome, Switches};
use canarytoken_sim::keys::Role;
use canarytoken_sim::{Config, Seed, Variant};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

async fn documented() -> Sim {
    start(Config {
        seed: Seed::Demo,
        rng_seed: Some(7),
        variant: Variant::Documented,
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn documented_errors_come_with_200_and_documented_words() {
    let sim = documented().await;
    let (_, body) = sim.get("canarytokens/search", &[("search_string", "Intranet wiki")]).await;
    let fired = id(&body["canarytokens"][0]);
    let long_memo = "m".repeat(10_001);
    let cases = [
        (
            Method::POST,
            "canarytoken/delete",
            vec![("canarytoken", fired.as_str())],
            "Could not delete Canarydrop",
        ),
        (
            Method::GET,
            "canarytoken/fetch",
            vec![("canarytoken", "nope")],
            "Could not find the Canarytoken",
        ),
        (
            Method::GET,
            "canarytokens/search",
            vec![("limit", "2501")],
            "Could not process the parameters",
        ),
        (
            Method::POST,
            "canarytoken/create",
            vec![("kind", "dns"), ("memo", long_memo.as_str())],
            "Could not process the parameters",
        ),
        (Method::GET, "no/such/endpoint", vec![], "Could not process the parameters"),
    ];
    for (method, path, params, message) in cases {
        let (status, body) = sim.json(method, path, Auth::Param(admin()), &params).await;
        assert_eq!(
            (status, &body),
            (StatusCode::OK, &json!({"result": "error", "message": message})),
            "{path}"
        );
    }
    let read_only = Auth::Param(key(Role::ReadOnly));
    let (status, body) =
        sim.json(Method::POST, "canarytoken/disable", read_only, &[("canarytoken", &fired)]).await;
    assert_eq!((status, body["message"].as_str()), (StatusCode::OK, Some("Permission denied")));
    let (status, body) = sim.json(Method::GET, "ping", Auth::Param("wrong"), &[]).await;
    assert_eq!((status, body["message"].as_str()), (StatusCode::OK, Some("Invalid auth_token")));
}

#[tokio::test]
async fn documented_answers_have_string_counts_and_no_custom_domain() {
    let sim = documented().await;
    let (_, page) = sim.get("canarytokens/search", &[("limit", "2500")]).await;
    assert_eq!(page["total_results"], "30");
    let tokens = page["canarytokens"].as_array().unwrap();
    assert!(
        tokens
            .iter()
            .all(|t| t["triggered_count"].is_string() && t["unacked_alert_count"].is_string())
    );
    assert!(tokens.iter().all(|t| t.get("custom_domain").is_none()));
    let (_, all) = sim.get("canarytokens/fetch", &[]).await;
    assert!(all["tokens"].as_array().unwrap().iter().all(|t| t.get("custom_domain").is_none()));
    let (_, none) = sim.get("incidents/all", &[("node_id", "nothing")]).await;
    assert!(none["incidents"].is_null());
    let (_, none) = sim.get("incidents/search", &[("node_id", "nothing")]).await;
    assert!(none["incidents"].is_null());
    let (_, deleted) = sim.post("canarytokens/delete", &[("domains", "nowhere.example")]).await;
    assert_eq!(deleted["deleted_count"], "0");
    let (_, last) = sim.get("canarytokens/paginate", &[("limit", "2500")]).await;
    assert!(last["cursor"].is_null(), "the last page's cursor is null");
    let (status, _) = sim.get("canarytokens/paginate", &[("limit", "2501")]).await;
    assert_eq!(status, StatusCode::OK, "an error, though with 200");
}

#[tokio::test]
async fn documented_bulk_actions_want_a_filter() {
    let sim = documented().await;
    let (_, body) = sim.post("incidents/acknowledge", &[]).await;
    assert_eq!(body["message"], "Could not process the parameters");
    let (_, body) = sim.post("incidents/acknowledge", &[("older_than", "1h")]).await;
    assert_eq!(body["result"], "success");
    let default = crate::support::demo().await;
    let (_, body) = default.post("incidents/acknowledge", &[]).await;
    assert!(!body["keys"].as_array().unwrap().is_empty(), "by default no filter means all");
}

#[tokio::test]
async fn the_variant_is_set_by_a_reset() {
    let sim = empty().await;
    let (_, answer) = sim
        .sim(Method::POST, "reset", Some(json!({"seed": "demo", "variant": "documented"})))
        .await;
    assert_eq!(answer["variant"], "documented");
    assert_eq!(sim.get("canarytokens/search", &[]).await.1["total_results"], "30");
    let (_, answer) = sim.sim(Method::POST, "reset", Some(json!({"seed": "empty"}))).await;
    assert_eq!(answer["variant"], "documented", "kept when not named");
    sim.sim(Method::POST, "reset", Some(json!({"variant": "default"}))).await;
    assert_eq!(sim.get("canarytokens/search", &[]).await.1["total_results"], 30);
}

#[tokio::test]
async fn default_paginate_accepts_2500_and_ends_a_single_page_with_an_empty_cursor() {
    let sim = crate::support::demo().await;
    let (status, page) =
        sim.get("canarytokens/paginate", &[("limit", "2500"), ("render_transients", "True")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["cursor"], json!({}), "Thinkst's client stops on an empty cursor");
    assert_eq!(page["canarytokens"].as_array().unwrap().len(), 30);
    let (status, _) = sim.get("canarytokens/paginate", &[("limit", "5001")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn features_are_listed_switched_and_gate_kinds() {
    let sim = empty().await;
    let (status, body) =
        sim.json(Method::GET, "console/features", Auth::Param(key(Role::FlockDeploy)), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let features = body["features"].as_object().unwrap();
    for flag in [
        "awsidtoken",
        "awsidtoken_username",
        "tokenfactory",
        "gdoc_factory_tokens",
        "http_token_whitelisting",
        "office365_mail_token",
        "slackapitoken",
        "apeeper_token",
    ] {
        assert!(features[flag].is_boolean(), "{flag}");
    }
    let (status, after) = sim
        .sim(
            Method::POST,
            "features",
            Some(json!({"features": {"awsidtoken": false, "apeeper_token": false}})),
        )
        .await;
    assert_eq!((status, &after["features"]["awsidtoken"]), (StatusCode::OK, &json!(false)));
    assert_eq!(sim.get("console/features", &[]).await.1["features"]["awsidtoken"], false);
    let (_, kinds) = sim.get("canarytokens/list", &[]).await;
    assert!(kinds["canarytokens"].get("aws-id").is_none());
    let (status, body) = sim.post("canarytoken/create", &[("kind", "aws-id"), ("memo", "m")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Supplied kind is not valid."))
    );
    sim.sim(Method::POST, "reset", Some(json!({"seed": "demo"}))).await;
    let (_, all) = sim.get("canarytokens/fetch", &[("include_endpoints", "true")]).await;
    assert!(
        all["tokens"].as_array().unwrap().iter().all(|t| t["kind"] != "apeeper"),
        "features outlive a reset"
    );

    sim.sim(Method::POST, "features", Some(json!({"endpoint": false}))).await;
    let (status, body) = sim.get("console/features", &[]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Unknown endpoint"))
    );
    for bad in [json!({"features": {"x": "yes"}}), json!({"endpoints": false}), json!([])] {
        let (status, _) = sim.sim(Method::POST, "features", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn fetch_with_endpoints_ends_with_entries_that_are_not_tokens() {
    let sim = crate::support::demo().await;
    let (_, all) = sim.get("canarytokens/fetch", &[("include_endpoints", "true")]).await;
    let last = all["tokens"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "apeeper");
    assert!(last.get("canarytoken").is_none(), "{last}");
}

#[tokio::test]
async fn hung_requests_never_answer_and_are_logged_without_a_status() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"hang_next": 1}))).await;
    let quick = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let hung = quick.get(sim.url("ping")).header("X-Canary-Auth-Token", admin()).send().await;
    assert!(hung.unwrap_err().is_timeout());
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK, "only the next one hangs");
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    assert_eq!((log[0]["status"].as_u64(), log[1]["status"].as_u64()), (Some(0), Some(200)));
}

#[tokio::test]
async fn scattered_failures_hit_some_requests_reproducibly() {
    let every = start(Config {
        seed: Seed::Empty,
        faults: Switches {
            fail_some: FailSome { every: 3, ..FailSome::default() },
            ..Switches::default()
        },
        ..Config::default()
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(every.get("ping", &[]).await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 500, 200, 200, 500]);

    let run = || async {
        let sim = start(Config { seed: Seed::Empty, rng_seed: Some(3), ..Config::default() }).await;
        sim.sim(Method::POST, "faults", Some(json!({"fail_some": {"ratio": 0.3, "status": 503}})))
            .await;
        let mut failed = Vec::new();
        for n in 0..60 {
            if sim.get("ping", &[]).await.0 == StatusCode::SERVICE_UNAVAILABLE {
                failed.push(n);
            }
        }
        failed
    };
    let (first, second) = (run().await, run().await);
    assert_eq!(first, second, "the same --rng-seed fails the same requests");
    assert!((5..=35).contains(&first.len()), "{first:?}");
    let (status, _) =
        every.sim(Method::POST, "faults", Some(json!({"fail_some": {"ratio": 1.5}}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
