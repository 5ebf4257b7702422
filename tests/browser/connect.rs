//! The connect form against a fake Console.

use crate::support::{FakeConsole, Mounted, context, mount};
use canarytoken_manager::api::RawResponse;
use canarytoken_manager::api::request::Body;
use canarytoken_manager::api::transport::FetchFailed;
use canarytoken_manager::store::{Backend, Settings};
use canarytoken_manager::ui::screens::connect;
use leptos::prelude::*;
use serde_json::json;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;

fn ok(body: serde_json::Value) -> Result<RawResponse, FetchFailed> {
    Ok(RawResponse::json(200, &body))
}

/// The connect screen over `console`, its settings kept in `backend`.
fn connect_screen(console: &Rc<FakeConsole>, backend: &Backend) -> Mounted {
    let ctx = context(console.clone(), backend.clone());
    mount(move || {
        provide_context(ctx);
        connect::connect_screen()
    })
}

fn tokens(n: usize) -> Result<RawResponse, FetchFailed> {
    let tokens: Vec<_> =
        (0..n).map(|i| json!({"canarytoken": format!("t{i}"), "kind": "dns"})).collect();
    ok(json!({"result": "success", "canarytokens": tokens, "cursor": {"next": null}}))
}

fn hash() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

#[wasm_bindgen_test]
async fn a_good_key_saves_the_profile_and_the_first_connect_goes_to_the_inventory() {
    let console = FakeConsole::answering([ok(json!({"result": "success"})), tokens(1)]);
    let backend = Backend::memory();
    let page = connect_screen(&console, &backend);

    page.type_into("console_url", "  AB12CD34 ");
    page.type_into("auth_token", "the-key");
    page.click("Test connection");
    page.until("connected", |p| p.text("[role=status]").contains("Connected")).await;

    assert_eq!(page.text("[role=status]"), "Connected to ab12cd34.canary.tools. Profile saved.");
    assert_eq!(page.text("[role=alert]"), "");
    assert_eq!(hash(), "#inventory", "the Console has tokens: the inventory opens");
    {
        let sent = console.sent.borrow();
        assert_eq!(sent.len(), 2, "ping (every key may call it), then whether there are tokens");
        assert_eq!(sent[0].url, "https://ab12cd34.canary.tools/api/v1/ping");
        assert_eq!(sent[1].url, "https://ab12cd34.canary.tools/api/v1/canarytokens/search?limit=1");
        assert_eq!(sent[0].headers, vec![("X-Canary-Auth-Token", "the-key".to_owned())]);
        assert_eq!(sent[0].body, Body::Empty);
    }

    let stored = backend.get(Settings::STORAGE_KEY).await.unwrap().expect("profile saved");
    let saved = Settings::from_json(&stored).unwrap();
    assert_eq!(saved.active_profile().unwrap().console.origin(), "https://ab12cd34.canary.tools");
    assert_eq!(saved.active_profile().unwrap().key.expose(), "the-key");
    let _ = web_sys::window().unwrap().location().set_hash("");
}

#[wasm_bindgen_test]
async fn an_empty_console_or_a_key_that_may_not_list_goes_to_create() {
    let refused = RawResponse::json(
        403,
        &json!({"result": "error", "message": "This canarytoken-deploy API key does not have permission"}),
    );
    for listing in [tokens(0), Ok(refused)] {
        let console = FakeConsole::answering([ok(json!({"result": "success"})), listing]);
        let backend = Backend::memory();
        let page = connect_screen(&console, &backend);
        page.type_into("console_url", "ab12cd34");
        page.type_into("auth_token", "deploy-key");
        page.click("Test connection");
        page.until("connected", |p| p.text("[role=status]").contains("Profile saved")).await;
        assert_eq!(hash(), "#create");
        assert!(
            backend.get(Settings::STORAGE_KEY).await.unwrap().is_some(),
            "saved even though listing was refused"
        );
        let _ = web_sys::window().unwrap().location().set_hash("");
    }
}

#[wasm_bindgen_test]
async fn editing_a_saved_profile_stays_on_connect() {
    let console = FakeConsole::answering([ok(json!({"result": "success"}))]);
    let backend = Backend::memory();
    let mut settings = Settings::default();
    settings.use_profile(canarytoken_manager::store::Profile::new(
        canarytoken_manager::api::ConsoleUrl::parse("ab12cd34").unwrap(),
        canarytoken_manager::api::ApiKey::new("old"),
    ));
    backend.set(Settings::STORAGE_KEY, &settings.to_json()).await.unwrap();
    let ctx = context(console.clone(), backend.clone());
    ctx.settings.set(settings);
    let page = mount(move || {
        provide_context(ctx);
        connect::connect_screen()
    });
    page.type_into("auth_token", "new");
    page.click("Test connection");
    page.until("connected", |p| p.text("[role=status]").contains("Profile saved")).await;
    assert_eq!(console.sent.borrow().len(), 1, "only the ping");
    assert_eq!(hash(), "");
}

#[wasm_bindgen_test]
async fn a_wrong_key_is_reported_and_nothing_is_lost_or_saved() {
    let refused = RawResponse::json(401, &json!({"result": "error", "message": "Unauthorized"}));
    let console = FakeConsole::answering([Ok(refused)]);
    let backend = Backend::memory();
    let page = connect_screen(&console, &backend);

    page.type_into("console_url", "https://ab12cd34.canary.tools");
    page.type_into("auth_token", "wrong");
    page.click("Test connection");
    page.until("refused", |p| !p.text("[role=alert]").is_empty()).await;

    assert!(
        page.text("[role=alert]").starts_with("Invalid API key"),
        "{}",
        page.text("[role=alert]")
    );
    assert_eq!(page.text("[role=status]"), "");
    assert_eq!(page.input("console_url").value(), "https://ab12cd34.canary.tools");
    assert_eq!(page.input("auth_token").value(), "wrong");
    assert_eq!(console.sent.borrow().len(), 1, "a refused key is not retried");
    assert_eq!(backend.get(Settings::STORAGE_KEY).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_blocked_cross_origin_call_names_the_fixes() {
    let console = FakeConsole::answering([Err(FetchFailed::Unreachable)]);
    let page = connect_screen(&console, &Backend::memory());

    page.type_into("console_url", "ab12cd34");
    page.type_into("auth_token", "k");
    page.click("Test connection");
    page.until("blocked", |p| !p.text("[role=alert]").is_empty()).await;

    let alert = page.text("[role=alert]");
    assert!(
        alert.contains("blocked")
            && alert.contains("browser extension")
            && alert.contains("reverse proxy"),
        "{alert}"
    );
    assert_eq!(console.sent.borrow().len(), 1, "a blocked call is not retried");
    assert_eq!(page.input("auth_token").value(), "k");
}

#[wasm_bindgen_test]
async fn bad_input_is_refused_before_any_request() {
    let console = FakeConsole::answering([]);
    let page = connect_screen(&console, &Backend::memory());

    page.type_into("console_url", "ftp://files.example");
    page.click("Test connection");
    page.until("field errors", |p| !p.text("#console_url-error").is_empty()).await;

    assert!(page.text("#console_url-error").contains("https://"));
    assert!(page.text("#auth_token-error").contains("API key"));
    assert_eq!(page.input("console_url").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(page.text("[role=alert]").contains("https://"));
    assert!(console.sent.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn the_button_waits_while_a_test_is_running() {
    let console = FakeConsole::answering([ok(json!({"result": "success"})), tokens(0)]);
    console.delay_ms.set(80);
    let page = connect_screen(&console, &Backend::memory());

    page.type_into("console_url", "ab12cd34");
    page.type_into("auth_token", "k");
    page.click("Test connection");
    page.until("pending", |p| p.text("[role=status]") == "Testing connection…").await;
    assert!(page.button("Test connection").has_attribute("disabled"));
    page.click("Test connection");
    page.until("connected", |p| p.text("[role=status]").starts_with("Connected")).await;

    assert_eq!(console.sent.borrow().len(), 2, "one ping and one probe, despite two clicks");
    assert!(!page.button("Test connection").has_attribute("disabled"));
    let _ = web_sys::window().unwrap().location().set_hash("");
}

#[wasm_bindgen_test]
async fn the_key_field_reveals_on_request() {
    let page = connect_screen(&FakeConsole::answering([]), &Backend::memory());
    let key = page.input("auth_token");
    assert_eq!(key.type_(), "password");
    assert_eq!(page.get("label[for=auth_token]").text_content().unwrap(), "API key");
    page.click("Show");
    page.until("revealed", |p| p.input("auth_token").type_() == "text").await;
    assert_eq!(page.button("Hide").get_attribute("aria-pressed").as_deref(), Some("true"));
}
