//! The real transport (gloo-net `fetch`) against the Console simulator, which test.sh starts
//! with CORS on (this test page runs on the test runner's own origin).

use canarytoken_manager::api::endpoints::{self, NewToken};
use canarytoken_manager::api::error::ApiError;
use canarytoken_manager::api::{
    ApiKey, Attachment, AuthStyle, Client, ConsoleUrl, Credentials, Fetch,
};
use gloo_net::http::Request;
use serde_json::{Value, json};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;

const SIM: &str = match option_env!("CTM_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18917",
};
const ADMIN_KEY: &str = "d3m0adm1n0c7f3a9e5b214d68a1b2c3d4";

fn client(style: AuthStyle) -> Client {
    client_through(style, Fetch::default())
}

fn client_through(style: AuthStyle, fetch: Fetch) -> Client {
    let credentials = Credentials { key: ApiKey::new(ADMIN_KEY), style };
    Client::new(ConsoleUrl::parse(SIM).unwrap(), credentials, Rc::new(fetch))
}

async fn operator(method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{SIM}/_sim/{path}");
    let request = match (method, body) {
        ("POST", Some(body)) => Request::post(&url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .unwrap(),
        ("DELETE", _) => Request::delete(&url).build().unwrap(),
        _ => Request::get(&url).build().unwrap(),
    };
    let text = request.send().await.expect("simulator reachable").text().await.unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn faults(set: Value) {
    operator("POST", "faults", Some(set)).await;
}

async fn no_faults() {
    faults(json!({"latency_ms": 0, "errors_with_200": false, "html_next": 0, "truncate_next": 0, "fail_next": {"count": 0, "status": 500}})).await;
}

fn new_token(kind: &str, memo: &str) -> NewToken {
    NewToken { kind: kind.into(), memo: memo.into(), ..NewToken::default() }
}

#[wasm_bindgen_test]
async fn json_answers_with_the_key_as_header_or_parameter() {
    for style in [AuthStyle::Header, AuthStyle::Param] {
        let kinds = client(style).send(endpoints::list_kinds()).await.unwrap();
        assert!(kinds.kinds.contains_key("qr-code"), "{style:?}");
    }
    operator("DELETE", "requests", None).await;
    client(AuthStyle::Param).send(endpoints::enable("unknowntoken")).await.unwrap_err();
    let log = operator("GET", "requests", None).await;
    assert_eq!(log[0]["via"], "param", "a POST carries auth_token in its form body");
    assert_eq!(log[0]["params"]["auth_token"], "<redacted>");
}

#[wasm_bindgen_test]
async fn multipart_upload_reaches_the_console_with_its_filename() {
    let png = Attachment {
        filename: "lobby screen.png".into(),
        content_type: "image/png".into(),
        bytes: Arc::from(&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]),
    };
    let mut token = new_token("web-image", "Lobby screen");
    token.files.push(("web_image", png));
    operator("DELETE", "requests", None).await;
    let created = client(AuthStyle::Header).send(endpoints::create(&token)).await.unwrap();
    assert_eq!(created.token.kind(), "web-image");
    let log = operator("GET", "requests", None).await;
    let part = &log[0]["files"][0];
    assert_eq!(
        (part["name"].as_str(), part["filename"].as_str()),
        (Some("web_image"), Some("lobby screen.png"))
    );
    assert_eq!(part["head"], "89504e470d0a1a0a");
    assert_eq!(log[0]["params"]["memo"], "Lobby screen");
}

#[wasm_bindgen_test]
async fn binary_download_arrives_with_the_consoles_filename() {
    let client = client(AuthStyle::Header);
    let token =
        client.send(endpoints::create(&new_token("doc-msword", "HR share"))).await.unwrap().token;
    let file = client.send(endpoints::download(token.id(), "fallback.docx".into())).await.unwrap();
    assert!(
        file.filename.ends_with(".docx") && file.filename != "fallback.docx",
        "{}",
        file.filename
    );
    assert!(file.bytes.starts_with(b"PK\x03\x04"));
    let plain = client.send(endpoints::create(&new_token("dns", "no file"))).await.unwrap().token;
    let none = client.send(endpoints::download(plain.id(), "x.bin".into()));
    assert_eq!(none.await.unwrap_err().to_string(), "This kind of token has no file to download.");
}

#[wasm_bindgen_test]
async fn an_error_envelope_with_status_200_is_an_error() {
    faults(json!({"errors_with_200": true})).await;
    let result = client(AuthStyle::Header).send(endpoints::fetch("doesnotexist")).await;
    no_faults().await;
    assert_eq!(
        result.unwrap_err(),
        ApiError::Console { status: 200, message: "Could not find the Canarytoken".into() }
    );
}

#[wasm_bindgen_test]
async fn an_html_error_page_is_reported_as_such() {
    faults(json!({"html_next": 1})).await;
    // A write, so the client does not retry it.
    let result = client(AuthStyle::Header).send(endpoints::enable("doesnotexist")).await;
    no_faults().await;
    assert!(matches!(result, Err(ApiError::Undecodable { html: true, .. })), "{result:?}");
    assert!(result.unwrap_err().to_string().contains("web page instead of data"));
}

#[wasm_bindgen_test]
async fn reads_survive_a_transient_failure_writes_do_not_repeat() {
    faults(json!({"fail_next": {"count": 1, "status": 503}})).await;
    let read = client(AuthStyle::Header).send(endpoints::list_flocks()).await;
    assert!(read.unwrap().flocks.contains_key("flock:default"), "the read was retried");
    faults(json!({"fail_next": {"count": 1, "status": 500}})).await;
    operator("DELETE", "requests", None).await;
    let write = client(AuthStyle::Header).send(endpoints::create(&new_token("dns", "once"))).await;
    no_faults().await;
    assert!(matches!(write, Err(ApiError::Console { status: 500, .. })), "{write:?}");
    let log = operator("GET", "requests", None).await;
    assert_eq!(log.as_array().unwrap().len(), 1, "a failed write is not sent twice");
}

#[wasm_bindgen_test]
async fn a_console_that_does_not_answer_in_time_is_given_up() {
    faults(json!({"latency_ms": 1500})).await;
    let impatient =
        client_through(AuthStyle::Header, Fetch { patience: Some(Duration::from_millis(300)) });
    let write = impatient.send(endpoints::create(&new_token("dns", "never answered"))).await;
    let read = impatient.send(endpoints::list_flocks()).await;
    no_faults().await;
    assert!(matches!(write, Err(ApiError::TimedOut { .. })), "{write:?}");
    assert!(matches!(read, Err(ApiError::TimedOut { .. })), "{read:?}");
    assert!(write.unwrap_err().to_string().contains("did not answer in time"));
    // The same calls, answered in time, go through.
    assert!(impatient.send(endpoints::list_flocks()).await.is_ok());
}
