//! The inventory table's filtering, against a fake Console holding a few hundred tokens.

use crate::support::{FakeConsole, context, mount};
use canarytoken_manager::api::RawResponse;
use canarytoken_manager::api::{ApiKey, ConsoleUrl};
use canarytoken_manager::store::{Backend, Profile};
use canarytoken_manager::ui::ConsoleData;
use canarytoken_manager::ui::app::Tokens;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

fn tokens(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({
                "canarytoken": format!("tok{i:05}xxxxxxxxxxxxxxxx"),
                "kind": if i % 3 == 0 { "aws-id" } else { "dns" },
                "memo": format!("Laptop {i:04} ({})", if i % 2 == 0 { "finance" } else { "sales" }),
                "enabled": i % 5 != 0,
                "flock_id": if i % 4 == 0 { "flock:branch" } else { "flock:default" },
                "created": format!("{}.5", 1_790_000_000 + i),
                "triggered_count": i % 7,
            })
        })
        .collect()
}

/// A Console with `n` tokens; `page` tokens per search answer (all of them when it covers `n`).
fn console(n: usize, page: usize) -> std::rc::Rc<FakeConsole> {
    FakeConsole::routing(move |request| {
        let path = request.url.split("/api/v1").nth(1).unwrap_or_default();
        let body = if path.starts_with("/canarytokens/list") {
            json!({"result": "success", "canarytokens": {"dns": "DNS", "aws-id": "AWS API Key"}})
        } else if path.starts_with("/flocks/list") {
            json!({"result": "success", "flocks": {"flock:default": "Default Flock", "flock:branch": "Branch"}})
        } else if path.starts_with("/settings") {
            json!({"result": "success", "user_domains": []})
        } else {
            let all = tokens(n);
            let filtered: Vec<Value> = match request.url.split("search_string=").nth(1) {
                Some(q) => {
                    let q = q.split('&').next().unwrap().replace('+', " ").to_lowercase();
                    all.into_iter()
                        .filter(|t| t["memo"].as_str().unwrap().to_lowercase().contains(&q))
                        .collect()
                }
                None => all,
            };
            let more = filtered.len() > page;
            json!({
                "result": "success",
                "canarytokens": filtered.iter().take(page).collect::<Vec<_>>(),
                "cursor": {"next": if more { Some("page2") } else { None }, "prev": null},
                "total_results": filtered.len(),
            })
        };
        Ok(RawResponse::json(200, &body))
    })
}

fn connected(fake: std::rc::Rc<FakeConsole>) -> canarytoken_manager::ui::AppContext {
    let ctx = context(fake, Backend::memory());
    let profile = Profile::new(ConsoleUrl::parse("ab12cd34").unwrap(), ApiKey::new("k"));
    ctx.settings.update(|s| s.use_profile(profile));
    ctx
}

/// How many of the `n` generated tokens have every word in their memo or id.
fn expected(n: usize, text: &str) -> usize {
    tokens(n)
        .iter()
        .filter(|t| {
            let hay = format!("{} {}", t["canarytoken"], t["memo"]).to_lowercase();
            text.split_whitespace().all(|w| hay.contains(&w.to_lowercase()))
        })
        .count()
}

fn rows(page: &crate::support::Mounted) -> usize {
    page.root.query_selector_all("table.tokens tbody tr").unwrap().length() as usize
}

fn select(page: &crate::support::Mounted, name: &str, value: &str) {
    let control: web_sys::HtmlSelectElement =
        page.get(&format!("select[name={name}]")).unchecked_into();
    control.set_value(value);
    control.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

/// The inventory screen, connected to `fake`.
fn inventory_screen(fake: &std::rc::Rc<FakeConsole>) -> crate::support::Mounted {
    let ctx = connected(fake.clone());
    mount(move || {
        provide_context(ctx);
        ConsoleData::provide(ctx);
        Tokens::provide(ctx);
        canarytoken_manager::ui::screens::inventory::inventory_screen()
    })
}

#[wasm_bindgen_test]
async fn a_complete_inventory_filters_in_the_page_without_asking_the_console() {
    let fake = console(300, 1000);
    let page = inventory_screen(&fake);
    page.until("loaded", |p| p.text(".counts").contains("of 300 matching")).await;
    assert_eq!(rows(&page), 50, "one view page of rows in the DOM");
    assert!(page.text(".load-bar").contains("300 of 300 loaded"));
    let searches = || fake.urls().iter().filter(|u| u.contains("/canarytokens/search")).count();
    assert_eq!(searches(), 1);

    page.type_into("search_string", "laptop 01");
    let wanted = format!("Showing 50 of {} matching", expected(300, "laptop 01"));
    page.until("text filter", |p| p.text(".counts").contains(&wanted)).await;
    page.type_into("search_string", "012 FINANCE");
    let wanted = expected(300, "012 finance");
    assert!(wanted > 1);
    page.until("words filter", |p| {
        p.text(".counts").contains(&format!("Showing {wanted} of {wanted}"))
    })
    .await;
    assert_eq!(rows(&page), wanted);
    assert!(page.text("table.tokens").contains("Laptop 0120 (finance)"));
    assert!(!page.text("table.tokens").contains("sales"));

    page.type_into("search_string", "");
    select(&page, "kind", "aws-id");
    page.until("kind filter", |p| p.text(".counts").contains("Showing 50 of 100 matching")).await;
    select(&page, "active", "false");
    page.until("state filter", |p| p.text(".counts").contains("of 20 matching")).await;
    assert!(
        page.text("table.tokens tbody").contains("Disabled")
            && !page.text("table.tokens tbody").contains("Enabled")
    );
    select(&page, "flock_id", "flock:branch");
    page.until("flock filter", |p| p.text(".counts").contains("of 5 matching")).await;
    assert!(
        page.text("table.tokens tbody").contains("AWS API Key"),
        "kind labels from the Console's list"
    );

    crate::support::wait_ms(400).await;
    assert_eq!(searches(), 1, "everything was loaded: filters never asked the Console again");
}

#[wasm_bindgen_test]
async fn a_partial_inventory_also_asks_the_console_once_typing_pauses() {
    let fake = console(300, 100);
    let page = inventory_screen(&fake);
    page.until("first page", |p| p.text(".load-bar").contains("100 of 300 loaded")).await;
    page.type_into("search_string", "l");
    page.type_into("search_string", "la");
    page.type_into("search_string", "laptop 029");
    // At once, over the 100 loaded: only "Laptop 0029" has both words.
    page.until("client-side at once", |p| p.text(".counts").contains("Showing 1 of 1")).await;
    page.until("Console searched", |p| p.text(".counts").contains("Showing 10 of 10")).await;
    let searched: Vec<String> =
        fake.urls().into_iter().filter(|u| u.contains("search_string")).collect();
    assert_eq!(
        searched.len(),
        1,
        "one search after the pause, not one per keystroke: {searched:?}"
    );
    assert!(searched[0].contains("search_string=laptop+029"));
}
