//! The alert view and the Alerts screen against a fake Console: details shown as text (markup
//! in headers stays text), acknowledge and delete, the nav count, and the nested feeds when the
//! search is refused.

use crate::support::{FakeConsole, Mounted, context, mount};
use canarytoken_manager::api::request::{Body, HttpRequest, Method};
use canarytoken_manager::api::{ApiKey, ConsoleUrl, RawResponse};
use canarytoken_manager::store::{Backend, Profile};
use canarytoken_manager::ui::ConsoleData;
use canarytoken_manager::ui::dom::{el, fragment};
use canarytoken_manager::ui::parts::alert_list::{AlertCount, nav_count};
use canarytoken_manager::ui::screens::alerts::alerts_screen;
use leptos::prelude::*;
use serde_json::{Value, json};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const MARKUP: &str =
    "<img src=x onerror=\"window.__alertsPwned=1\"><script>window.__alertsPwned=2</script>";

fn incident(n: usize, acknowledged: bool) -> Value {
    json!({
        "key": format!("incident:canarytoken:abc:203.0.113.{n}:{n}"),
        "acknowledged": if acknowledged { "True" } else { "False" },
        "created": format!("{}", 1_767_229_200 + n),
        "logtype": "17000",
        "memo": format!("Wiki page {n} <b>bold</b>"),
        "node_id": format!("tok{n:03}xxxxxxxxxxxxxxxxxxxx"),
        "src_host": format!("203.0.113.{n}"),
        "src_host_reverse": format!("host{n}.example.net"),
        "events_count": "1",
        "logdata": [{
            "canarytoken": format!("tok{n:03}xxxxxxxxxxxxxxxxxxxx"),
            "headers": {"User-Agent": MARKUP, "Accept": "*/*"},
            "geoip": {"city": "Cape Town", "country": "South Africa"},
            "ip_blocklist": {"is_tor": "True", "is_vpn": "False", "is_proxy": false},
            "url": "http://example.net/x",
            "brand_new": "kept",
        }],
    })
}

fn ok(body: Value) -> Result<RawResponse, canarytoken_manager::api::transport::FetchFailed> {
    Ok(RawResponse::json(200, &body))
}

fn path(request: &HttpRequest) -> String {
    request.url.split("/api/v1").nth(1).unwrap_or_default().to_owned()
}

/// A Console with `n` unacknowledged alerts; `search` false refuses `incidents/search` (the
/// feeds answer in the nested form instead).
fn console(n: usize, search: bool) -> Rc<FakeConsole> {
    FakeConsole::routing(move |request| {
        let path = path(request);
        if path.starts_with("/incidents/search") && !search {
            return Ok(RawResponse::json(
                403,
                &json!({"result": "error", "message": "Permission denied"}),
            ));
        }
        if path.starts_with("/incidents/search") {
            let all: Vec<Value> = (0..n).map(|i| incident(i, false)).collect();
            let limit: usize = path
                .split("limit=")
                .nth(1)
                .and_then(|l| l.split('&').next()?.parse().ok())
                .unwrap_or(10);
            return ok(
                json!({"result": "success", "incidents": all.iter().take(limit).collect::<Vec<_>>(), "total_results": n.to_string(), "cursor": {"next": null}}),
            );
        }
        if path.starts_with("/incidents/unacknowledged") {
            let nested: Vec<Value> = (0..n)
                .map(|i| {
                    let mut flat = incident(i, false);
                    let key = flat["key"].take();
                    let events = flat["logdata"].take();
                    flat["events"] = events;
                    json!({"id": key, "updated_id": i, "description": flat})
                })
                .collect();
            return ok(
                json!({"result": "success", "feed": "Unacknowledged Incidents", "incidents": nested}),
            );
        }
        if path.starts_with("/incident/") {
            return ok(json!({"result": "success", "action": "acknowledged"}));
        }
        ok(
            json!({"result": "success", "incidents": null, "flocks": {}, "canarytokens": {}, "user_domains": []}),
        )
    })
}

fn alerts_page(fake: &Rc<FakeConsole>) -> Mounted {
    let ctx = context(fake.clone(), Backend::memory());
    let profile = Profile::new(ConsoleUrl::parse("ab12cd34").unwrap(), ApiKey::new("k"));
    ctx.settings.update(|s| s.use_profile(profile));
    mount(move || {
        provide_context(ctx);
        ConsoleData::provide(ctx);
        AlertCount::provide(ctx);
        fragment([el("nav").child(nav_count()).into(), alerts_screen()])
    })
}

fn sent(fake: &FakeConsole, prefix: &str) -> Vec<(Method, String, Body)> {
    fake.sent
        .borrow()
        .iter()
        .filter(|r| path(r).starts_with(prefix))
        .map(|r| (r.method, path(r), r.body.clone()))
        .collect()
}

fn items(page: &Mounted) -> u32 {
    page.root.query_selector_all(".alert-item").unwrap().length()
}

#[wasm_bindgen_test]
async fn an_alert_shows_its_details_as_text_and_is_acknowledged_and_deleted() {
    let fake = console(3, true);
    let page = alerts_page(&fake);
    page.until("alerts listed", |p| items(p) == 3).await;
    page.until("nav count", |p| p.text(".nav-count") == "3").await;

    let first = page.get(".alert-item");
    let text = first.text_content().unwrap();
    assert!(text.contains("Wiki page 0 <b>bold</b>"), "memo as text: {text}");
    assert!(text.contains("Web Bug"), "kind by logtype: {text}");
    assert!(
        text.contains("From 203.0.113.0 (host0.example.net) · Cape Town, South Africa · Tor"),
        "{text}"
    );
    assert_eq!(
        page.text(".alert-ua"),
        format!("User-Agent: {MARKUP}"),
        "the User-Agent as sent, as text"
    );
    assert!(
        text.contains("brand_new") && text.contains("kept"),
        "unknown fields under their own names"
    );
    assert_eq!(
        page.get("a.alert-token").get_attribute("href").as_deref(),
        Some("#token/tok000xxxxxxxxxxxxxxxxxxxx")
    );
    assert_eq!(
        page.root.query_selector_all("img, script, b").unwrap().length(),
        0,
        "no markup became elements"
    );

    // The request in full is built when opened.
    assert!(page.find(".event-hit").is_none());
    first
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    page.until("details", |p| p.find(".event-hit").is_some()).await;
    let details = page.text(".event-hit");
    assert!(
        details.contains("Accept")
            && details.contains("http://example.net/x")
            && details.contains("is_tor")
    );
    assert_eq!(page.root.query_selector_all("img, script").unwrap().length(), 0);
    let pwned = js_sys::Reflect::get(&js_sys::global(), &"__alertsPwned".into()).unwrap();
    assert!(pwned.is_undefined(), "no payload ran");

    let in_first = |p: &Mounted, words: &str| {
        let buttons = p.get(".alert-item").query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().unwrap_or_default().trim() == words)
    };
    in_first(&page, "Acknowledge").unwrap().unchecked_ref::<web_sys::HtmlElement>().click();
    page.until("acknowledged", |p| in_first(p, "Unacknowledge").is_some()).await;
    let acks = sent(&fake, "/incident/acknowledge");
    assert_eq!(acks.len(), 1);
    assert_eq!(
        acks[0].2,
        Body::Form("incident=incident%3Acanarytoken%3Aabc%3A203.0.113.0%3A0".into())
    );
    page.until("count follows", |p| p.text(".nav-count") == "2").await;

    in_first(&page, "Delete alert").unwrap().unchecked_ref::<web_sys::HtmlElement>().click();
    page.until("asked", |p| in_first(p, "Confirm delete").is_some()).await;
    assert!(sent(&fake, "/incident/delete").is_empty(), "asked first");
    in_first(&page, "Confirm delete").unwrap().unchecked_ref::<web_sys::HtmlElement>().click();
    page.until("deleted", |p| p.text(".alert-item [role=status]").contains("Alert deleted.")).await;
    let deletes = sent(&fake, "/incident/delete");
    assert_eq!(deletes[0].0, Method::Delete);
    assert!(page.get(".alert-item .alert-body").has_attribute("hidden"));
    assert_eq!(page.text(".nav-count"), "2", "an acknowledged alert was not counted");
}

#[wasm_bindgen_test]
async fn a_refused_search_falls_back_to_the_nested_feed() {
    let fake = console(2, false);
    let page = alerts_page(&fake);
    page.until("alerts from the feed", |p| items(p) == 2).await;
    assert_eq!(sent(&fake, "/incidents/unacknowledged").len(), 1);
    let text = page.text(".alert-list");
    assert!(
        text.contains("Wiki page 1 <b>bold</b>") && text.contains("host1.example.net"),
        "{text}"
    );
    assert!(page.text(".counts").contains("2 of 2 loaded"));
}
