//! Fetch, update, enable/disable, delete, bulk delete and S3 removal.

use crate::support::{Sim, demo, empty, id};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn incident_count(sim: &Sim, token: &str) -> u64 {
    let (_, body) =
        sim.get("incidents/search", &[("node_id", token), ("filter_incident_state", "all")]).await;
    body["total_results"].as_u64().unwrap()
}

#[tokio::test]
async fn fetch_finds_a_token_or_says_it_cannot() {
    let sim = empty().await;
    let token = sim.create("dns", &[]).await;
    let (status, body) = sim.get("canarytoken/fetch", &[("canarytoken", &id(&token))]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token"], token);
    let (status, body) =
        sim.get("canarytoken/fetch", &[("canarytoken", "0000000000000000000000000")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Could not find the Canarytoken"))
    );
    let (status, body) = sim.get("canarytoken/fetch", &[]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Could not process the parameters"))
    );
}

#[tokio::test]
async fn update_changes_the_memo_within_its_limits() {
    let sim = empty().await;
    let token = sim.create("dns", &[]).await;
    let t = id(&token);
    let (status, body) =
        sim.post("canarytoken/update", &[("canarytoken", &t), ("memo", "moved to the NAS")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token"]["memo"], "moved to the NAS");
    assert!(body["token"]["updated_id"].as_u64() > token["updated_id"].as_u64());
    let long = "x".repeat(10_001);
    for (memo, message) in
        [("", "Empty memo"), (long.as_str(), "Memo longer than maximum (10000 characters).")]
    {
        let (status, body) =
            sim.post("canarytoken/update", &[("canarytoken", &t), ("memo", memo)]).await;
        assert_eq!((status, body["message"].as_str()), (StatusCode::BAD_REQUEST, Some(message)));
    }
}

#[tokio::test]
async fn redirects_change_only_on_kinds_that_have_them() {
    let sim = empty().await;
    let fast =
        id(&sim.create("fast-redirect", &[("browser_redirect_url", "https://a.example/")]).await);
    let qr = id(&sim.create("qr-code", &[]).await);
    let dns = id(&sim.create("dns", &[]).await);
    for token in [&fast, &qr] {
        let (status, body) = sim
            .post(
                "canarytoken/update/redirect_url",
                &[("canarytoken", token), ("redirect_url", "https://b.example/")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["token"]["browser_redirect_url"], "https://b.example/");
    }
    let refusals: &[&[(&str, &str)]] = &[
        &[("canarytoken", &dns), ("redirect_url", "https://b.example/")],
        &[("canarytoken", &fast)],
        &[("canarytoken", &fast), ("redirect_url", "javascript:alert(1)")],
    ];
    for params in refusals {
        let (status, _) = sim.post("canarytoken/update/redirect_url", params).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{params:?}");
    }
    let (status, body) = sim.post("canarytoken/remove/redirect_url", &[("canarytoken", &qr)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["token"].get("browser_redirect_url").is_none());
    let (status, _) = sim.post("canarytoken/remove/redirect_url", &[("canarytoken", &fast)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn enable_and_disable_answer_an_empty_success() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    for (path, enabled) in [("canarytoken/disable", false), ("canarytoken/enable", true)] {
        let (status, body) = sim.post(path, &[("canarytoken", &t)]).await;
        assert_eq!((status, body), (StatusCode::OK, json!({"result": "success"})));
        let (_, body) = sim.get("canarytoken/fetch", &[("canarytoken", &t)]).await;
        assert_eq!(body["token"]["enabled"], enabled);
    }
    let (status, _) = sim.post("canarytoken/enable", &[("canarytoken", "nope")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn delete_is_refused_while_incidents_remain() {
    let sim = empty().await;
    let quiet = id(&sim.create("dns", &[]).await);
    let (status, _) = sim.post("canarytoken/delete", &[("canarytoken", &quiet)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sim.get("canarytoken/fetch", &[("canarytoken", &quiet)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let loud = id(&sim.create("dns", &[]).await);
    sim.trigger(&loud, 2).await;
    let (status, body) = sim.post("canarytoken/delete", &[("canarytoken", &loud)]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["result"], "error");
    let (status, _) = sim.get("canarytoken/fetch", &[("canarytoken", &loud)]).await;
    assert_eq!(status, StatusCode::OK);
    let params = [("canarytoken", loud.as_str()), ("clear_incidents", "true")];
    let (status, _) = sim.post("canarytoken/delete", &params).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(incident_count(&sim, &loud).await, 0);
}

#[tokio::test]
async fn bulk_delete_by_domain_is_all_or_nothing() {
    let sim = demo().await;
    let tokens_on = |body: &Value, domain: &str| {
        body["tokens"].as_array().unwrap().iter().filter(|t| t["custom_domain"] == domain).count()
    };
    let (_, all) = sim.get("canarytokens/fetch", &[]).await;
    let total = all["tokens"].as_array().unwrap().len();
    let first = "tokens.example.com";
    let on_first = tokens_on(&all, first);
    assert!(on_first >= 2, "the demo puts several tokens on {first}");

    let (status, _) = sim.post("canarytokens/delete", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = sim.post("canarytokens/delete", &[("domains", first)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "the demo's first domain has alerts: {body}");
    let (_, after) = sim.get("canarytokens/fetch", &[]).await;
    assert_eq!(after["tokens"].as_array().unwrap().len(), total);

    let (status, body) = sim.post("canarytokens/delete", &[("domains", "cdn.example.net")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["deleted_count"], tokens_on(&all, "cdn.example.net"));
    let params = [("domains", "tokens.example.com, unknown.example"), ("clear_incidents", "true")];
    let (status, body) = sim.post("canarytokens/delete", &params).await;
    assert_eq!((status, body["deleted_count"].as_u64()), (StatusCode::OK, Some(on_first as u64)));
    let (_, after) = sim.get("canarytokens/fetch", &[]).await;
    assert_eq!(tokens_on(&after, first), 0);
}

#[tokio::test]
async fn s3_removal_checks_what_it_is_given() {
    let sim = empty().await;
    let s3 = id(&sim
        .create("aws-s3", &[("s3_source_bucket", "acme-exports"), ("s3_log_bucket", "acme-logs")])
        .await);
    let dns = id(&sim.create("dns", &[]).await);
    let creds = [
        ("aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("aws_secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("aws_region", "eu-west-1"),
    ];
    let with = |token: &str, extra: &[(&'static str, &'static str)]| {
        let mut params = vec![("canarytoken", token.to_owned())];
        params.extend(creds.iter().chain(extra).map(|(k, v)| (*k, (*v).to_owned())));
        params
    };
    let refusals = [
        with(&dns, &[]),
        vec![("canarytoken", s3.clone()), ("aws_access_key", "AKIAIOSFODNN7EXAMPLE".into())],
        with(&s3, &[("delete_buckets", "true")]),
        with(&s3, &[("delete_buckets", "true"), ("s3_source_bucket", "other-bucket")]),
        with(&s3, &[("aws_region", "moon-base")]),
        with(&s3, &[("aws_access_key", "ASIAIOSFODNN7EXAMPLE")]),
        with(&s3, &[("aws_access_key", "not-a-key")]),
    ];
    for params in &refusals {
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = sim.post("canarytoken/remove/s3", &params).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{params:?}: {body}");
    }
    let ok = with(
        &s3,
        &[
            ("delete_buckets", "true"),
            ("s3_source_bucket", "acme-exports"),
            ("aws_session_token", "FwoGZXIvYXdzEXAMPLE"),
        ],
    );
    let params: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = sim.post("canarytoken/remove/s3", &params).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"result": "success"})));
    let (_, body) = sim.get("canarytoken/fetch", &[("canarytoken", &s3)]).await;
    assert_eq!(body["token"]["enabled"], false, "the token stays, disabled");
    let text = body.to_string();
    assert!(!text.contains("wJalrXUtnFEMI") && !text.contains("FwoGZXIvYXdzEXAMPLE"));
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    let log = log.to_string();
    assert!(
        !log.contains("wJalrXUtnFEMI") && !log.contains("FwoGZXIvYXdzEXAMPLE"),
        "secrets are never recorded"
    );
}

#[tokio::test]
async fn aws_credentials_given_at_create_are_not_echoed() {
    let sim = empty().await;
    let token = sim
        .create(
            "aws-s3",
            &[
                ("s3_source_bucket", "a-b"),
                ("s3_log_bucket", "c-d"),
                ("aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
                ("aws_secret_key", "s3cr3tValue"),
                ("aws_region", "us-east-1"),
            ],
        )
        .await;
    assert!(!token.to_string().contains("s3cr3tValue"));
    assert!(token.get("aws_access_key").is_none());
}
