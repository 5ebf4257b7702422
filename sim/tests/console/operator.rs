//! The `/_sim/` controls: request log, faults, reset, CORS, and the command line.

use crate::support::{Auth, admin, empty, key, sample_file, start};
use canarytoken_sim::faults::{FailNext, Switches};
use canarytoken_sim::keys::Role;
use canarytoken_sim::{Config, Seed};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

async fn token_count(sim: &crate::support::Sim) -> usize {
    sim.get("canarytokens/fetch", &[]).await.1["tokens"].as_array().unwrap().len()
}

#[tokio::test]
async fn the_request_log_records_what_was_sent_without_the_key() {
    let sim = empty().await;
    sim.json(Method::GET, "ping", Auth::Header(admin()), &[]).await;
    sim.json(
        Method::GET,
        "canarytokens/search",
        Auth::Param(key(Role::ReadOnly)),
        &[("limit", "5")],
    )
    .await;
    sim.json(Method::GET, "ping", Auth::Param("wrong"), &[]).await;
    sim.json(Method::GET, "ping", Auth::None, &[]).await;
    let (name, bytes) = sample_file("web_image");
    sim.create_multipart(&[("kind", "web-image"), ("memo", "logo")], &[("web_image", name, bytes)])
        .await;
    let (status, log) = sim.sim(Method::GET, "requests", None).await;
    assert_eq!(status, StatusCode::OK);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 5);
    assert_eq!(
        log[0],
        json!({"method": "GET", "path": "/api/v1/ping", "params": {}, "files": [], "role": "admin", "via": "header", "status": 200})
    );
    assert_eq!(log[1]["params"], json!({"limit": "5", "auth_token": "<redacted>"}));
    assert_eq!(
        (log[1]["role"].as_str(), log[1]["via"].as_str()),
        (Some("read-only"), Some("param"))
    );
    assert_eq!(
        (log[2]["role"].clone(), log[2]["via"].as_str(), log[2]["status"].as_u64()),
        (Value::Null, Some("param"), Some(401))
    );
    assert_eq!((log[3]["via"].clone(), log[3]["status"].as_u64()), (Value::Null, Some(401)));
    assert_eq!(log[4]["method"], "POST");
    assert_eq!(
        log[4]["params"],
        json!({"kind": "web-image", "memo": "logo", "auth_token": "<redacted>"})
    );
    assert_eq!(
        log[4]["files"],
        json!([{"name": "web_image", "filename": "pixel.png", "content_type": "image/png", "size": 16, "head": "89504e470d0a1a0a"}])
    );
    assert!(!serde_json::to_string(&log).unwrap().contains(admin()));
    let (_, cleared) = sim.sim(Method::DELETE, "requests", None).await;
    assert_eq!(cleared, json!({"cleared": 5}));
    assert_eq!(sim.sim(Method::GET, "requests", None).await.1, json!([]));
}

#[tokio::test]
async fn faults_can_be_read_and_set_in_part() {
    let sim = empty().await;
    let (_, faults) = sim.sim(Method::GET, "faults", None).await;
    assert_eq!(
        faults,
        json!({"latency_ms": 0, "hang_next": 0, "fail_next": {"count": 0, "status": 500},
            "fail_some": {"every": 0, "ratio": 0.0, "status": 500}, "html_next": 0,
            "truncate_next": 0, "errors_with_200": false, "rate_limit_per_sec": 0})
    );
    let (status, faults) = sim
        .sim(Method::POST, "faults", Some(json!({"html_next": 2, "fail_next": {"count": 1}})))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (faults["html_next"].as_u64(), faults["fail_next"].clone()),
        (Some(2), json!({"count": 1, "status": 500}))
    );
    for bad in
        [json!({"fail_next": {"status": 200}}), json!({"latency": 5}), json!({"html_next": "two"})]
    {
        let (status, body) = sim.sim(Method::POST, "faults", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

#[tokio::test]
async fn a_failed_request_changes_nothing() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"fail_next": {"count": 2, "status": 500}}))).await;
    for _ in 0..2 {
        let (status, body) =
            sim.post("canarytoken/create", &[("kind", "dns"), ("memo", "m")]).await;
        assert_eq!(
            (status, body["result"].as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, Some("error"))
        );
    }
    assert_eq!(token_count(&sim).await, 0);
    sim.create("dns", &[]).await;
    assert_eq!(token_count(&sim).await, 1);
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    let statuses: Vec<u64> =
        log.as_array().unwrap().iter().map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [500, 500, 200, 200, 200]);
}

#[tokio::test]
async fn a_429_says_when_to_retry() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"fail_next": {"count": 1, "status": 429}}))).await;
    let response = sim.send(Method::GET, "ping", Auth::Param(admin()), &[]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn html_pages_come_from_the_proxy() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"html_next": 1}))).await;
    let response = sim.send(Method::GET, "ping", Auth::Param(admin()), &[]).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("502 Bad Gateway"));
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn truncated_bodies_are_half_a_json_answer() {
    let sim = empty().await;
    let full = sim
        .send(Method::GET, "canarytokens/list", Auth::Param(admin()), &[])
        .await
        .bytes()
        .await
        .unwrap();
    sim.sim(Method::POST, "faults", Some(json!({"truncate_next": 1}))).await;
    let response = sim.send(Method::GET, "canarytokens/list", Auth::Param(admin()), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cut = response.bytes().await.unwrap();
    assert_eq!(cut.len(), full.len() / 2);
    assert!(serde_json::from_slice::<Value>(&cut).is_err());
    assert_eq!(sim.get("canarytokens/list", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn errors_can_come_with_200() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"errors_with_200": true}))).await;
    let (status, body) = sim.json(Method::GET, "ping", Auth::Header("wrong"), &[]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"result": "error", "message": "Unauthorized"}))
    );
    let (status, body) = sim.get("canarytoken/fetch", &[("canarytoken", "nope")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::OK, Some("Could not find the Canarytoken"))
    );
}

#[tokio::test]
async fn latency_delays_every_request() {
    let sim = empty().await;
    sim.sim(Method::POST, "faults", Some(json!({"latency_ms": 150}))).await;
    let started = Instant::now();
    sim.get("ping", &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    sim.sim(Method::GET, "faults", None).await;
    assert!(started.elapsed() < Duration::from_millis(150), "operator calls are not delayed");
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    // One a second, so that even a slow machine sends the second request within the second.
    let sim = start(Config {
        seed: Seed::Empty,
        faults: Switches { rate_limit_per_sec: 1, ..Switches::default() },
        ..Config::default()
    })
    .await;
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK);
    let response = sim.send(Method::GET, "ping", Auth::Param(admin()), &[]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "1");
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    assert_eq!(log[1]["status"], 429, "refused requests are logged too");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK, "the bucket refills");
}

#[tokio::test]
async fn reset_reseeds_and_ids_follow_the_rng_seed() {
    let sim = start(Config { rng_seed: Some(42), ..Config::default() }).await;
    let twin = start(Config { rng_seed: Some(42), ..Config::default() }).await;
    let (_, a) = sim.get("canarytokens/paginate", &[("limit", "1000")]).await;
    let (_, b) = twin.get("canarytokens/paginate", &[("limit", "1000")]).await;
    let ids = |v: &Value| {
        v["canarytokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["canarytoken"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    for (body, tokens) in [
        (json!({"seed": "empty"}), 0),
        (json!({"seed": "scale", "tokens": 50}), 50),
        (json!({"seed": "demo"}), 30),
    ] {
        let (status, answer) = sim.sim(Method::POST, "reset", Some(body.clone())).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["tokens"], tokens, "{body}");
        assert_eq!(token_count(&sim).await, tokens);
    }
    let (_, again) = sim.get("canarytokens/paginate", &[("limit", "1000")]).await;
    assert_eq!(ids(&again), ids(&a), "a reset reproduces the same ids");
    let response = sim
        .client
        .post(format!("{}/_sim/reset", sim.base))
        .json(&json!({"seed": "huge"}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
}

#[tokio::test]
async fn cors_is_off_unless_asked_for() {
    let preflight = |base: String| async move {
        reqwest::Client::new()
            .request(Method::OPTIONS, format!("{base}/api/v1/canarytoken/download"))
            .header("Origin", "chrome-extension://abc")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "x-canary-auth-token")
            .send()
            .await
            .unwrap()
    };
    let off = empty().await;
    let response = preflight(off.base.clone()).await;
    assert!(response.headers().get("access-control-allow-origin").is_none());

    let on = start(Config { seed: Seed::Demo, cors: true, ..Config::default() }).await;
    let response = preflight(on.base.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert!(headers["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    assert_eq!(headers["access-control-allow-headers"], "*");
    let (_, body) = on.get("canarytokens/search", &[("kind", "windows-dir")]).await;
    let token = body["canarytokens"][0]["canarytoken"].as_str().unwrap().to_owned();
    let response = on
        .client
        .get(on.url("canarytoken/download"))
        .header("Origin", "http://localhost:9")
        .header("X-Canary-Auth-Token", admin())
        .query(&[("canarytoken", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let exposed =
        response.headers()["access-control-expose-headers"].to_str().unwrap().to_lowercase();
    assert!(exposed.contains("content-disposition"), "{exposed}");
}

/// The binary's flags reach the same switches, and it prints what the e2e tests parse.
#[tokio::test]
async fn the_command_line_sets_faults_and_prints_the_keys() {
    #[rustfmt::skip]
    let args = [
        "--listen", "127.0.0.1:0", "--seed", "scale", "--scale-tokens", "5", "--rng-seed", "1",
        "--latency-ms", "1", "--fail-next", "1", "--fail-status", "429", "--html-next", "2",
        "--truncate-next", "3", "--errors-with-200", "--rate-limit", "100", "--cors",
        "--hang-next", "4", "--fail-every", "7", "--fail-ratio", "0.25",
        "--variant", "documented", "--scale-incidents", "9",
    ];
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_canarytoken-sim"))
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the simulator"),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok).take(5) {
            send.send(line).ok();
        }
    });
    let lines: Vec<String> =
        (0..5).map_while(|_| receive.recv_timeout(Duration::from_secs(10)).ok()).collect();
    let checked = async {
        assert_eq!(lines.len(), 5, "{lines:?}");
        let addr =
            lines[0].strip_prefix("Console simulator listening on http://").expect(&lines[0]);
        assert!(
            lines[3].contains("read-only") && lines[3].contains(key(Role::ReadOnly)),
            "{lines:?}"
        );
        assert!(lines[1..].iter().all(|l| l.starts_with("  ") && l.contains(" API key: ")));
        let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        let get = |path: String| {
            let request = client.get(format!("http://{addr}/{path}"));
            async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
        };
        let faults = get("_sim/faults".into()).await;
        let expected = json!({"latency_ms": 1, "hang_next": 4, "fail_next": {"count": 1, "status": 429},
            "fail_some": {"every": 7, "ratio": 0.25, "status": 429}, "html_next": 2,
            "truncate_next": 3, "errors_with_200": true, "rate_limit_per_sec": 100});
        assert_eq!(faults, expected);
        // Only the 429 is wanted for what follows.
        client
            .post(format!("http://{addr}/_sim/faults"))
            .json(&json!({"hang_next": 0, "fail_some": null, "html_next": 0, "truncate_next": 0}))
            .send()
            .await
            .unwrap();
        let ping = client.get(format!("http://{addr}/api/v1/ping")).send().await.unwrap();
        assert_eq!(ping.status(), StatusCode::TOO_MANY_REQUESTS);
        let feed = get(format!("api/v1/canarytokens/search?auth_token={}", admin())).await;
        assert_eq!(feed["total_results"], "5", "documented variant: counts are strings");
        let triggered: u64 = feed["canarytokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["triggered_count"].as_str().unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(triggered, 9, "--scale-incidents");
    };
    let outcome = tokio::time::timeout(Duration::from_secs(20), checked).await;
    drop(child);
    outcome.expect("the simulator answered in time");
}

/// A child process killed when the test ends, even by a failed assertion.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

#[tokio::test]
async fn config_faults_apply_from_the_start() {
    let sim = start(Config {
        seed: Seed::Empty,
        faults: Switches { fail_next: FailNext { count: 1, status: 503 }, ..Switches::default() },
        ..Config::default()
    })
    .await;
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(sim.get("ping", &[]).await.0, StatusCode::OK);
}
