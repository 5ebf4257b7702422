//! The token screen against a fake Console: a memo is checked, saved, and shown as text in the
//! screen and the inventory; the token moves to another flock; its history is read, or the
//! refusal to read it is said in one line.

use crate::support::{FakeConsole, Mounted, context, mount};
use canarytoken_manager::api::request::Body;
use canarytoken_manager::api::{ApiKey, ConsoleUrl, RawResponse};
use canarytoken_manager::store::{Backend, Profile};
use canarytoken_manager::ui::ConsoleData;
use canarytoken_manager::ui::app::Tokens;
use canarytoken_manager::ui::screens::token::token_screen;
use leptos::prelude::*;
use serde_json::{Value, json};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
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
    console_answering(|_| None)
}

/// The same Console, with `answer` deciding first (by path) where it gives `Some`.
fn console_answering(answer: impl Fn(&str) -> Option<RawResponse> + 'static) -> Rc<FakeConsole> {
    FakeConsole::routing(move |request| {
        let path = request.url.split("/api/v1").nth(1).unwrap_or_default();
        if let Some(answer) = answer(path) {
            return Ok(answer);
        }
        let body = if path.starts_with("/canarytoken/fetch") {
            json!({"result": "success", "token": token("Build server")})
        } else if path.starts_with("/incidents/search") {
            json!({"result": "success", "incidents": [], "total_results": 0, "cursor": {"next": null}})
        } else if path.starts_with("/flocks/list") {
            json!({"result": "success", "flocks": {"flock:default": "Default Flock", "flock:3f1c": "Branch <i>Offices</i>"}})
        } else {
            json!({"result": "success"})
        };
        Ok(RawResponse::json(200, &body))
    })
}

/// The token's screen, connected to `fake`, with the inventory already holding the token.
async fn open_screen(fake: Rc<FakeConsole>) -> (Mounted, Tokens) {
    let ctx = context(fake, Backend::memory());
    let profile = Profile::new(ConsoleUrl::parse("ab12cd34").unwrap(), ApiKey::new("k"));
    ctx.settings.update(|s| s.use_profile(profile));
    let tokens = Rc::new(Cell::new(None));
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
    (page, tokens.get().unwrap())
}

fn sent_to(fake: &FakeConsole, path: &str) -> Vec<Body> {
    let sent = fake.sent.borrow();
    sent.iter()
        .filter(|r| r.url.split('?').next().unwrap().ends_with(path))
        .map(|r| r.body.clone())
        .collect()
}

/// The facts' "Flock" line.
fn flock_fact(page: &Mounted) -> String {
    page.text(".facts dt:nth-of-type(4) + dd")
}

#[wasm_bindgen_test]
async fn a_memo_is_checked_then_saved_and_shown_as_text() {
    let fake = console();
    let (page, tokens) = open_screen(fake.clone()).await;
    assert_eq!(page.text("#token-title"), "DNS");

    page.type_into("memo", &"x".repeat(10_001));
    page.until("counted over", |p| p.get("#memo-count").class_list().contains("over")).await;
    page.click("Save memo");
    page.until("too long: said so", |p| !p.text("#memo-error").is_empty()).await;
    let invalid = page.get("textarea[name=memo]").get_attribute("aria-invalid");
    assert_eq!(invalid.as_deref(), Some("true"));
    assert!(sent_to(&fake, "/canarytoken/update").is_empty(), "nothing sent");

    let memo = "Build <b>server</b> 2";
    page.type_into("memo", memo);
    page.click("Save memo");
    page.until("saved", |p| p.text("form [role=status]") == "Memo saved.").await;
    assert_eq!(
        sent_to(&fake, "/canarytoken/update"),
        [Body::Form(format!("canarytoken={ID}&memo=Build+%3Cb%3Eserver%3C%2Fb%3E+2"))]
    );
    page.until("the memo as text", |p| p.text(".facts .memo") == memo).await;
    assert_eq!(page.root.query_selector_all(".facts b").unwrap().length(), 0);
    assert!(page.find("textarea[aria-invalid]").is_none());
    let listed =
        tokens.rows.with_untracked(|rows| rows.get(ID).map(|r| rows.token(r).memo().to_owned()));
    assert_eq!(listed.as_deref(), Some(memo), "the inventory's copy follows");
}

#[wasm_bindgen_test]
async fn a_token_moves_to_another_flock_after_confirmation_clearing_its_alerts() {
    // One alert until a move clears it.
    let cleared = Rc::new(Cell::new(false));
    let fake = console_answering({
        let cleared = cleared.clone();
        move |path| {
            let alerts = u64::from(!cleared.get());
            if path.starts_with("/flock/move") {
                cleared.set(true);
            }
            path.starts_with("/incidents/search").then(|| {
                let body = json!({"result": "success", "incidents": [], "total_results": alerts, "cursor": {"next": null}});
                RawResponse::json(200, &body)
            })
        }
    });
    let (page, tokens) = open_screen(fake.clone()).await;
    page.until("the flocks to move to", |p| p.find("select[name=dest_flock_id]").is_some()).await;
    let offered = |p: &Mounted| {
        let options = p.root.query_selector_all("select[name=dest_flock_id] option").unwrap();
        (0..options.length())
            .map(|i| options.item(i).unwrap().unchecked_into::<web_sys::Element>())
            .map(|o| (o.get_attribute("value").unwrap(), o.text_content().unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(offered(&page), [("flock:3f1c".to_owned(), "Branch <i>Offices</i>".to_owned())]);
    assert_eq!(flock_fact(&page), "Default Flock");

    page.until("alerts counted", |p| p.text("#alerts-title") == "Alerts (1)").await;
    page.input("clear_incidents").click();
    page.click("Move");
    page.until("asked", |p| p.text(".move-flock .confirm").contains("clear its alerts")).await;
    assert!(sent_to(&fake, "/flock/move").is_empty(), "nothing moves before confirmation");
    page.click("Confirm move");
    page.until("moved", |p| {
        p.text(".move-flock [role=status]")
            == "Moved to Branch <i>Offices</i>; its alerts were cleared."
    })
    .await;
    assert_eq!(
        sent_to(&fake, "/flock/move"),
        [Body::Form(format!("dest_flock_id=flock%3A3f1c&node_id={ID}&clear_incidents=true"))]
    );
    assert_eq!(flock_fact(&page), "Branch <i>Offices</i>");
    assert_eq!(page.root.query_selector_all(".facts i, .move-flock i").unwrap().length(), 0);
    assert_eq!(offered(&page), [("flock:default".to_owned(), "Default Flock".to_owned())]);
    page.until("the alerts read again", |p| p.text("#alerts-title") == "Alerts (0)").await;
    let listed = tokens
        .rows
        .with_untracked(|rows| rows.get(ID).map(|r| rows.token(r).flock_id().to_owned()));
    assert_eq!(listed.as_deref(), Some("flock:3f1c"), "the inventory's copy follows");
}

#[wasm_bindgen_test]
async fn a_refused_history_is_said_in_one_line_and_blocks_nothing_else() {
    let fake = console_answering(|path| {
        path.starts_with("/audit_trail/fetch").then(|| {
            let message =
                "This read-only API key does not have permission to use audit_trail/fetch";
            RawResponse::json(403, &json!({"result": "error", "message": message}))
        })
    });
    let (page, _) = open_screen(fake.clone()).await;
    assert!(sent_to(&fake, "/audit_trail/fetch").is_empty(), "read when opened");
    page.get("details.history summary").unchecked_into::<web_sys::HtmlElement>().click();
    page.until("refused", |p| p.find("details.history .notice-refused").is_some()).await;
    assert!(
        page.text("details.history .notice-refused")
            .starts_with("This API key cannot read the audit trail")
    );
    assert!(page.find("details.history .history-list").is_none());
    assert!(page.find("details.history [role=alert]").is_none(), "said once, not twice");
    assert!(!page.button("Save memo").has_attribute("disabled"));
    page.until("the flocks to move to", |p| p.find("select[name=dest_flock_id]").is_some()).await;
    assert!(!page.button("Move").has_attribute("disabled"));
    assert_eq!(sent_to(&fake, "/audit_trail/fetch").len(), 1);
}

#[wasm_bindgen_test]
async fn the_history_lists_entries_newest_first_as_text() {
    let fake = console_answering(|path| {
        path.starts_with("/audit_trail/fetch").then(|| {
            let entry = |id: u64, message: &str, at: &str| {
                json!({"id": id, "action_type": "x", "message": message, "timestamp": at, "user": "admin@example.com", "user_ip": "192.0.2.10", "flock_id": null, "additional_information": null})
            };
            let body = json!({"result": "success", "audit_trail": [
                entry(1, format!("Created a DNS Canarytoken {ID}").as_str(), "2026-01-01 09:00:00 UTC+0000"),
                entry(2, "Memo set to <b>Build server</b>", "2026-01-02 10:30:00 UTC+0000"),
            ], "cursor": {"next": null, "prev": null}, "page_count": 1, "page_number": 1});
            RawResponse::json(200, &body)
        })
    });
    let (page, _) = open_screen(fake.clone()).await;
    page.get("details.history summary").unchecked_into::<web_sys::HtmlElement>().click();
    page.until("listed", |p| p.find(".history-list li:nth-child(2)").is_some()).await;
    assert_eq!(
        page.text(".history-list li:first-child .history-what"),
        "Memo set to <b>Build server</b>"
    );
    assert_eq!(
        page.text(".history-list li:first-child .hint"),
        "2026-01-02 10:30:00 UTC+0000 · admin@example.com · from 192.0.2.10"
    );
    assert_eq!(page.root.query_selector_all(".history-list b").unwrap().length(), 0);
    assert!(sent_to(&fake, "/audit_trail/fetch").len() == 1);
    assert!(fake.urls().iter().any(|u| u.contains(&format!("search_term={ID}"))));
}
