//! The Console's feature flags on the create screen: a parameter or kind whose feature is off
//! is left out or said to be unavailable, and a Console that cannot tell (no endpoint, a refusal)
//! gets everything.

use crate::support::{FakeConsole, Mounted, context, mount};
use canarytoken_manager::api::RawResponse;
use canarytoken_manager::api::{ApiKey, ConsoleUrl};
use canarytoken_manager::store::{Backend, Profile};
use canarytoken_manager::ui::ConsoleData;
use canarytoken_manager::ui::screens::create::create_screen;
use leptos::prelude::*;
use serde_json::json;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// A Console offering AWS API keys and factories whose `/console/features` answers `features`.
fn console(features: RawResponse) -> Rc<FakeConsole> {
    FakeConsole::routing(move |request| {
        let path = request.url.split("/api/v1").nth(1).unwrap_or_default();
        Ok(match path {
            p if p.starts_with("/console/features") => features.clone(),
            p if p.starts_with("/canarytokens/list") => RawResponse::json(
                200,
                &json!({"result": "success", "canarytokens": {
                    "aws-id": "AWS API Key", "tokenfactory": "Canarytoken Factory"
                }}),
            ),
            p if p.starts_with("/flocks/list") => RawResponse::json(
                200,
                &json!({"result": "success", "flocks": {"flock:default": "Default Flock"}}),
            ),
            _ => RawResponse::json(200, &json!({"result": "success", "user_domains": []})),
        })
    })
}

fn flags(features: serde_json::Value) -> RawResponse {
    RawResponse::json(200, &json!({"result": "success", "features": features}))
}

fn username(on: serde_json::Value) -> RawResponse {
    flags(json!({"awsidtoken": true, "awsidtoken_username": on}))
}

/// The create screen over `fake`, connected.
fn create_over(fake: &Rc<FakeConsole>) -> Mounted {
    let ctx = context(fake.clone(), Backend::memory());
    let profile = Profile::new(ConsoleUrl::parse("ab12cd34").unwrap(), ApiKey::new("k"));
    ctx.settings.update(|s| s.use_profile(profile));
    mount(move || {
        provide_context(ctx);
        ConsoleData::provide(ctx);
        create_screen()
    })
}

/// The create screen over `fake` with the kind `kind` chosen.
async fn form(fake: &Rc<FakeConsole>, kind: &str) -> Mounted {
    let page = create_over(fake);
    let option = format!("input[name=kind][value={kind}]");
    page.until("kinds listed", |p| p.find(&option).is_some()).await;
    let option: web_sys::HtmlElement = page.get(&option).unchecked_into();
    option.click();
    page.until("form shown", |p| p.find("textarea[name=memo]").is_some()).await;
    assert!(fake.urls().iter().any(|u| u.ends_with("/api/v1/console/features")), "asked");
    page
}

#[wasm_bindgen_test]
async fn the_iam_user_name_is_asked_only_where_the_console_takes_it() {
    let off = form(&console(username(json!(false))), "aws-id").await;
    assert!(off.find("[name=expiry]").is_some());
    assert!(off.find("[name=aws_id_username]").is_none(), "feature off: no field");
    drop(off);

    let as_text = form(&console(username(json!("False"))), "aws-id").await;
    assert!(as_text.find("[name=aws_id_username]").is_none(), "\"False\" reads as off");
    drop(as_text);

    let on = form(&console(username(json!(true))), "aws-id").await;
    assert!(on.find("[name=aws_id_username]").is_some(), "feature on: the field");
}

#[wasm_bindgen_test]
async fn a_console_without_the_endpoint_or_refusing_it_gets_every_field() {
    let missing =
        RawResponse::json(404, &json!({"result": "error", "message": "Unknown endpoint"}));
    let page = form(&console(missing), "aws-id").await;
    assert!(page.find("[name=aws_id_username]").is_some(), "404: as before");
    assert!(page.text("[role=alert]").is_empty(), "and no error for it");
    drop(page);

    let refused = RawResponse { status: 403, ..RawResponse::default() };
    let page = form(&console(refused), "aws-id").await;
    assert!(page.find("[name=aws_id_username]").is_some(), "403: as before");
}

#[wasm_bindgen_test]
async fn factory_strings_are_offered_only_where_the_console_has_them() {
    let off = form(&console(flags(json!({"tokenfactory": false}))), "tokenfactory").await;
    assert!(off.find("a[href*=advanced]").is_none(), "no way to the factory strings");
    assert!(off.text(".form .notice-alert").starts_with("This Console does not offer"));

    let unknown = form(&console(flags(json!({}))), "tokenfactory").await;
    assert_eq!(unknown.text("a[href*=advanced]"), "Open Canarytoken factory strings");
}

/// The four lists go out together: Create waits one round trip for them, not four.
#[wasm_bindgen_test]
async fn the_consoles_lists_are_asked_for_at_once() {
    let fake = console(username(json!(true)));
    fake.delay_ms.set(300);
    let page = create_over(&fake);
    // Each answer takes 300 ms: one after the other, only the first would be out by now.
    crate::support::wait_ms(100).await;
    assert_eq!(fake.sent.borrow().len(), 4, "all four asked before any answer came back");
    assert!(page.find("input[name=kind]").is_none());
    let mut paths = fake.urls();
    paths.sort();
    assert!(
        paths[0].contains("/canarytokens/list")
            && paths[3].contains("/settings/canarytokens/user_domains/list"),
        "{paths:?}"
    );
    page.until("then the kinds", |p| p.find("input[name=kind]").is_some()).await;
}
