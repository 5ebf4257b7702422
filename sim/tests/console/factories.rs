//! Factory auth strings from creation to deletion, and the legacy ApeeperFactory.

use crate::support::{Auth, admin, demo, empty, id};
use canarytoken_sim::seed::APEEPER_HASHES;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_factory_string_creates_and_downloads_in_its_flock_until_deleted() {
    let sim = empty().await;
    for params in [&[("memo", "m")][..], &[("flock_id", "flock:default")]] {
        let (status, _) = sim.post("canarytoken/create_factory", params).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, _) =
        sim.post("canarytoken/create_factory", &[("flock_id", "flock:nope"), ("memo", "m")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = sim
        .post(
            "canarytoken/create_factory",
            &[("flock_id", "flock:branch-offices"), ("memo", "GPO dropper")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["factory_url"], "/api/v1/canarytoken/factory");
    let auth = body["factory_auth"].as_str().unwrap().to_owned();

    let (_, list) = sim.get("canarytoken/list_factories", &[]).await;
    assert_eq!(
        list["factories"],
        json!([{"factory_auth": auth, "flock_id": "flock:branch-offices", "memo": "GPO dropper"}])
    );

    let factory = Auth::Factory(&auth);
    let mut made = Vec::new();
    for path in ["canarytoken/factory/create", "canarytoken/factory"] {
        let (status, body) = sim
            .json(Method::POST, path, factory, &[("kind", "windows-dir"), ("memo", "laptop 7")])
            .await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert_eq!(body["canarytoken"]["factory_auth"], auth.as_str());
        assert_eq!(body["canarytoken"]["flock_id"], "flock:branch-offices");
        made.push(id(&body["canarytoken"]));
    }
    let params = [("kind", "dns"), ("memo", "m"), ("flock_id", "flock:default")];
    let (status, body) =
        sim.json(Method::POST, "canarytoken/factory/create", factory, &params).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("permission"));

    let response = sim
        .send(Method::GET, "canarytoken/factory/download", factory, &[("canarytoken", &made[0])])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
    let elsewhere = id(&sim.create("windows-dir", &[]).await);
    let (status, _) = sim
        .json(Method::GET, "canarytoken/factory/download", factory, &[("canarytoken", &elsewhere)])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, body) = sim
        .json(
            Method::POST,
            "canarytoken/factory/create",
            Auth::Param(admin()),
            &[("kind", "dns"), ("memo", "m")],
        )
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("Invalid factory_auth")),
        "an API key does not open factory endpoints"
    );

    let (status, body) = sim
        .json(
            Method::DELETE,
            "canarytoken/delete_factory",
            Auth::Param(admin()),
            &[("factory_auth", &auth)],
        )
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"msg": "TokenFactory auth string deleted", "result": "success"}))
    );
    let (status, body) = sim
        .json(
            Method::POST,
            "canarytoken/factory/create",
            factory,
            &[("kind", "dns"), ("memo", "m")],
        )
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("Invalid factory_auth"))
    );
    let (status, _) = sim
        .json(
            Method::POST,
            "canarytoken/delete_factory",
            Auth::Param(admin()),
            &[("factory_auth", &auth)],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "POST is accepted too; the string is gone");
    let (_, list) = sim.get("canarytoken/list_factories", &[]).await;
    assert_eq!(list["factories"], json!([]));
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    assert!(log.as_array().unwrap().iter().any(|e| e["via"] == "factory" && e["status"] == 200));
}

#[tokio::test]
async fn apeeper_factories_can_be_listed_and_deleted() {
    let sim = demo().await;
    let (_, plain) = sim.get("canarytokens/fetch", &[]).await;
    let (_, with) = sim.get("canarytokens/fetch", &[("include_endpoints", "true")]).await;
    let extra =
        with["tokens"].as_array().unwrap().len() - plain["tokens"].as_array().unwrap().len();
    assert_eq!(extra, APEEPER_HASHES.len());
    let (status, body) = sim.post("apeeperfactory/delete", &[("hash", APEEPER_HASHES[0])]).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"result": "success"})));
    let (status, _) = sim.post("apeeperfactory/delete", &[("hash", APEEPER_HASHES[0])]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sim.post("apeeperfactory/delete", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
