//! The token screen against a fake Console: a memo is checked, saved, and shown as text in the
//! screen and the inventory.

use crate::support::{FakeConsole, context, mount};
use canarytoken_manager::api::request::{Body, Method};
use canarytoken_manager::api::{ApiKey, ConsoleUrl, RawResponse};
use canarytoken_manager::store::{Backend, Profile};
use canarytoken_manager::ui::ConsoleData;
use canarytoken_manager::ui::app::Tokens;
use canarytoken_manager::ui::screens::token::token_screen;
use leptos::prelude::*;
use serde_json::{Value, json};
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;

const ID: &str = "tok00000xxxxxxxxxxxxxxxx";

fn token(memo: &str) -> Value {
    json!({
        "canarytoken": ID,
        "kind": "dns",
        "memo": memo,
        "enabled": true,
        "flock_id": "flock:default",
        "created": "1790000000.5",
        "triggered_count": 0,
        "hostname": format!("{ID}.canarytokens.example"),
    })
}

/// A Console holding one DNS token, which saves any memo it is sent.
fn console() -> Rc<FakeConsole> {
    FakeConsole::routing(|request| {
        let path = request.url.split("/api/v1").nth(1).unwrap_or_default();
        let body = if path.starts_with("/canarytoken/fetch") {
            json!({"result": "success", "token": token("Build server")})
        } else if path.starts_with("/incidents/search") {
            json!({"result": "success", "incidents": [], "total_results": 0, "cursor": {"next": null}})
        } else {
            json!({"result": "success"})
        };
        Ok(RawResponse::json(200, &body))
    })
}

fn memo_updates(fake: &FakeConsole) -> Vec<Body> {
    let sent = fake.sent.borrow();
    let updates =
        sent.iter().filter(|r| r.method == Method::Post && r.url.ends_with("/canarytoken/update"));
    updates.map(|r| r.body.clone()).collect()
}

#[wasm_bindgen_test]
async fn a_memo_is_checked_then_saved_and_shown_as_text() {
    let fake = console();
    let ctx = context(fake.clone(), Backend::memory());
    let profile = Profile::new(ConsoleUrl::parse("ab12cd34").unwrap(), ApiKey::new("k"));
    ctx.settings.update(|s| s.use_profile(profile));
    let tokens = Rc::new(std::cell::Cell::new(None));
    let page = mount({
        let tokens = tokens.clone();
        move || {
            provide_context(ctx);
            ConsoleData::provide(ctx);
            let listed = Tokens::provide(ctx);
            let known = serde_json::from_value(token("Build server")).unwrap();
            listed.rows.update(|rows| rows.insert_first(known));
            tokens.set(Some(listed));
            token_screen(ID.to_owned())
        }
    });
    page.until("read", |p| p.text(".facts .memo") == "Build server").await;
    assert_eq!(page.text("#token-title"), "DNS");

    page.type_into("memo", &"x".repeat(10_001));
    page.until("counted over", |p| p.get("#memo-count").class_list().contains("over")).await;
    page.click("Save memo");
    page.until("too long: said so", |p| !p.text("#memo-error").is_empty()).await;
    let invalid = page.get("textarea[name=memo]").get_attribute("aria-invalid");
    assert_eq!(invalid.as_deref(), Some("true"));
    assert!(memo_updates(&fake).is_empty(), "nothing sent");

    let memo = "Build <b>server</b> 2";
    page.type_into("memo", memo);
    page.click("Save memo");
    page.until("saved", |p| p.text("form [role=status]") == "Memo saved.").await;
    assert_eq!(
        memo_updates(&fake),
        [Body::Form(format!("canarytoken={ID}&memo=Build+%3Cb%3Eserver%3C%2Fb%3E+2"))]
    );
    page.until("the memo as text", |p| p.text(".facts .memo") == memo).await;
    assert_eq!(page.root.query_selector_all(".facts b").unwrap().length(), 0);
    assert!(page.find("textarea[aria-invalid]").is_none());
    let listed = tokens
        .get()
        .unwrap()
        .rows
        .with_untracked(|rows| rows.get(ID).map(|r| rows.token(r).memo().to_owned()));
    assert_eq!(listed.as_deref(), Some(memo), "the inventory's copy follows");
}
