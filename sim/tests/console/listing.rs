//! Paging through paginate and search, with filters, at size.

use crate::support::{Auth, Sim, admin, demo, seeded, start};
use canarytoken_sim::{Config, Seed};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// Follows `cursor.next` from the first page to the last; returns every item and each
/// page's envelope.
async fn all_pages(
    sim: &Sim,
    path: &str,
    params: &[(&str, &str)],
    items: &str,
) -> (Vec<Value>, Vec<Value>) {
    let (status, mut page) = sim.get(path, params).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (mut all, mut pages) = (Vec::new(), Vec::new());
    for _ in 0..10_000 {
        all.extend(page[items].as_array().unwrap().iter().cloned());
        let next = page["cursor"]["next"].as_str().map(str::to_owned);
        pages.push(page);
        let Some(cursor) = next else { return (all, pages) };
        page = sim.get(path, &[("cursor", &cursor)]).await.1;
    }
    panic!("no last page");
}

fn ids(tokens: &[Value]) -> Vec<String> {
    tokens.iter().map(|t| t["canarytoken"].as_str().unwrap().to_owned()).collect()
}

fn assert_no_duplicates(ids: &[String]) {
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicates across pages");
}

#[tokio::test]
async fn paginate_walks_every_token_once() {
    let sim = demo().await;
    let (_, everything) = sim.get("canarytokens/fetch", &[]).await;
    let expected = ids(everything["tokens"].as_array().unwrap());
    let (tokens, pages) =
        all_pages(&sim, "canarytokens/paginate", &[("limit", "7")], "canarytokens").await;
    assert_eq!(ids(&tokens), expected, "same tokens, same order, nothing skipped");
    assert_eq!(pages.len(), expected.len().div_ceil(7));
    for (n, page) in pages.iter().enumerate() {
        assert_eq!(page["page_num"], n + 1);
        assert_eq!(page["page_total"], pages.len());
        assert_eq!(page["cursor"]["prev"].is_null(), n == 0);
    }
    let last = pages.last().unwrap();
    let (_, before_last) = sim
        .get("canarytokens/paginate", &[("cursor", last["cursor"]["prev"].as_str().unwrap())])
        .await;
    assert_eq!(before_last["canarytokens"], pages[pages.len() - 2]["canarytokens"]);

    let (branch, _) = all_pages(
        &sim,
        "canarytokens/paginate",
        &[("limit", "4"), ("flock_id", "flock:branch-offices")],
        "canarytokens",
    )
    .await;
    assert!(!branch.is_empty() && branch.iter().all(|t| t["flock_id"] == "flock:branch-offices"));
    let expected = everything["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["flock_id"] == "flock:branch-offices")
        .count();
    assert_eq!(branch.len(), expected);
}

#[tokio::test]
async fn the_default_page_is_ten_and_limits_are_checked() {
    let sim = demo().await;
    let (_, page) = sim.get("canarytokens/search", &[]).await;
    assert_eq!(page["canarytokens"].as_array().unwrap().len(), 10);
    assert_eq!(page["page_number"], 1);
    for limit in ["0", "5001", "ten", "-1"] {
        let (status, body) = sim.get("canarytokens/search", &[("limit", limit)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{limit}: {body}");
    }
    let (status, _) = sim.get("canarytokens/search", &[("limit", "5000")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sim.get("canarytokens/search", &[("cursor", "garbage")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, paginate) = sim.get("canarytokens/paginate", &[("limit", "3")]).await;
    let foreign = paginate["cursor"]["next"].as_str().unwrap();
    let (status, _) = sim.get("canarytokens/search", &[("cursor", foreign)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a cursor belongs to its own listing");
}

/// What the reference says search matches: each term starts the id or a memo word.
fn matches(token: &Value, search: &str) -> bool {
    let memo = token["memo"].as_str().unwrap().to_lowercase();
    let id = token["canarytoken"].as_str().unwrap();
    let words: Vec<&str> = memo.split(|c: char| !c.is_alphanumeric()).collect();
    search
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .all(|term| id.starts_with(term) || words.iter().any(|w| w.starts_with(term)))
}

#[tokio::test]
async fn search_pages_through_filtered_results() {
    let sim = start(Config {
        seed: Seed::Scale,
        scale_tokens: 600,
        rng_seed: Some(3),
        ..Config::default()
    })
    .await;
    let (_, everything) = sim.get("canarytokens/fetch", &[]).await;
    let everything = everything["tokens"].as_array().unwrap().clone();
    let cases: &[&[(&str, &str)]] = &[
        &[],
        &[("search_string", "FIN")],
        &[("search_string", "laptop 00")],
        &[("search_string", "inance")],
        &[("kind", "dns"), ("active", "true")],
        &[("active", "false")],
        &[("flock_id", "flock:branch-offices"), ("search_string", "server")],
    ];
    for filters in cases {
        let expected: Vec<&Value> = everything
            .iter()
            .filter(|t| {
                filters.iter().all(|(name, value)| match *name {
                    "search_string" => matches(t, value),
                    "active" => t["enabled"] == (*value == "true"),
                    _ => t[*name] == *value,
                })
            })
            .collect();
        let mut params = filters.to_vec();
        params.push(("limit", "45"));
        let (found, pages) = all_pages(&sim, "canarytokens/search", &params, "canarytokens").await;
        let found_ids = ids(&found);
        assert_no_duplicates(&found_ids);
        assert_eq!(
            found_ids,
            ids(&expected.into_iter().cloned().collect::<Vec<_>>()),
            "{filters:?}"
        );
        for (n, page) in pages.iter().enumerate() {
            assert_eq!(page["page_number"], n + 1);
            assert_eq!(page["total_results"], found.len());
            assert_eq!(page["total_pages"], found.len().div_ceil(45));
        }
        assert!(found.iter().all(|t| t["unacked_alert_count"].is_u64()));
    }
    let prefix = &everything[0]["canarytoken"].as_str().unwrap()[..6];
    let (_, body) = sim.get("canarytokens/search", &[("search_string", prefix)]).await;
    assert!(
        body["canarytokens"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["canarytoken"] == everything[0]["canarytoken"])
    );
    let (status, _) = sim.get("canarytokens/search", &[("kind", "nope")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn search_counts_unacknowledged_alerts() {
    let sim = demo().await;
    let (_, body) = sim.get("canarytokens/search", &[("search_string", "Intranet wiki")]).await;
    let token = &body["canarytokens"][0];
    assert_eq!(token["unacked_alert_count"], 2, "the demo gives it two open alerts and one closed");
    assert_eq!(token["triggered_count"], 3);
}

#[tokio::test]
async fn next_link_embeds_the_key_but_the_cursor_alone_is_enough() {
    let sim = demo().await;
    let (_, first) = sim.get("canarytokens/search", &[("limit", "2")]).await;
    let link = first["cursor"]["next_link"].as_str().unwrap();
    let cursor_value = first["cursor"]["next"].as_str().unwrap();
    assert!(link.starts_with(&sim.base) && link.contains(cursor_value));
    assert!(link.contains(&format!("auth_token={}", admin())));
    let (status, second) = sim
        .json(
            Method::GET,
            "canarytokens/search",
            Auth::Header(admin()),
            &[("cursor", cursor_value)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["page_number"], 2);
    assert_eq!(second["canarytokens"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_thousand_results_from_ten_thousand_tokens_come_quickly() {
    let started = Instant::now();
    let sim = seeded(Seed::Scale).await;
    let (_, body) = sim.get("canarytokens/search", &[("limit", "1")]).await;
    assert_eq!(body["total_results"], 10_000);
    let seeding = started.elapsed();
    let mut best = Duration::MAX;
    for params in [
        &[("limit", "1000")][..],
        &[("limit", "1000"), ("search_string", "laptop")],
        &[("limit", "1000"), ("active", "true")],
    ] {
        let started = Instant::now();
        let response =
            sim.send(Method::GET, "canarytokens/search", Auth::Param(admin()), params).await;
        let bytes = response.bytes().await.unwrap();
        best = best.min(started.elapsed());
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["canarytokens"].as_array().unwrap().len(), 1000);
    }
    assert!(best < Duration::from_millis(100), "search took {best:?} (seeding {seeding:?})");
}
