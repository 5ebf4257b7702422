//! Decoding both incident forms with the Console's type drift, reading hits, the filter's
//! address form and times, and the listing's fallbacks.

use super::*;
use crate::api::request::HttpRequest;
use crate::api::response::RawResponse;
use crate::api::transport::{FetchFailed, LocalBoxFuture};
use crate::api::{ApiKey, AuthStyle, ConsoleUrl, Credentials, Transport};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;

fn page(body: Value) -> IncidentPage {
    endpoints::search_incidents(&AlertFilter::default(), 10, None)
        .decode(RawResponse::json(200, &body))
        .expect("decodes")
}

/// A nested feed answer as the reference (§4.8, the Sekoia fixture) describes it: strings for
/// flags and counts, a numeric `updated_id`, the hits in `description.events`.
fn nested() -> Value {
    serde_json::from_str(include_str!("../fixtures/incidents-unacknowledged.json")).unwrap()
}

#[test]
fn the_nested_form_reads_like_the_flattened_one() {
    let answer = endpoints::incident_feed(&AlertFilter::default(), 10, None)
        .decode(RawResponse::json(200, &nested()))
        .unwrap();
    let incident = &answer.incidents[0];
    assert_eq!(
        incident.key(),
        "incident:canarytoken:5f3a9c0e1b2d4a6f8e7c9b1a:198.51.100.23:1767229200"
    );
    assert!(!incident.acknowledged());
    assert_eq!(incident.created(), Some(1_767_229_200.0));
    assert_eq!(incident.memo(), "CI <b>runner</b> keys");
    assert_eq!(incident.logtype(), Some(17012));
    assert_eq!(incident.kind().as_deref(), Some("aws-id"));
    assert_eq!(incident.node_id().as_deref(), Some("gv3xjl75b3nr7vwsmvxexcle0"));
    assert_eq!(incident.src_host().as_deref(), Some("198.51.100.23"));
    assert_eq!(incident.events().len(), 2);
    assert_eq!(incident.events_count(), 3, "the Console's count, not the list's length");
    assert_eq!(incident.text("description").as_deref(), Some("Canarytoken triggered"));
    assert_eq!(incident.text("hash_id").as_deref(), Some("9b1c7e2f"), "outer fields are kept");
    assert_eq!(answer.cursor.next.as_deref(), Some("bmV4dA"));
    assert_eq!(answer.total_results, None);

    let hit = incident.first_event().unwrap();
    assert_eq!(hit.user_agent().as_deref(), Some("aws-cli/2.22.4"));
    assert_eq!(hit.place().as_deref(), Some("Frankfurt am Main, Germany"));
    assert_eq!(hit.flags(), ["Tor"], "flags as strings and numbers");
    assert_eq!(hit.query(), [("q".to_owned(), "1".to_owned())]);
    assert!(hit.geo().contains(&("timezone.id".to_owned(), "Europe/Berlin".to_owned())));
    assert!(hit.geo().contains(&("is_bogon".to_owned(), "false".to_owned())));
    let details = hit.details();
    assert!(details.contains(&("additional_info.eventName".into(), "GetCallerIdentity".into())));
    assert!(details.contains(&("additional_info.userIdentity.userName".into(), "svc".into())));
    assert!(details.contains(&("brand_new_field".into(), "42".into())), "unknown fields kept");
    assert!(!details.iter().any(|(k, _)| k == "headers" || k == "geoip.city"));
    let everything = hit.everything();
    let names: Vec<&str> = everything.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names[..3],
        ["request_args.q", "headers.Host", "headers.User-Agent"],
        "the request first"
    );
    for name in [
        "geoip.timezone.id",
        "ip_blocklist.is_tor",
        "additional_info.eventName",
        "brand_new_field",
        "timestamp_std",
        "canarytoken",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}

#[test]
fn the_flattened_form_with_the_consoles_type_drift() {
    let page = page(json!({
        "result": "success",
        "incidents": [
            {"key": "k1", "acknowledged": "True", "created": 1767229200.5, "logtype": 16011,
             "events_count": 1, "node_id": "tok", "src_host": "203.0.113.9", "src_host_reverse": "h.example.net",
             "logdata": {"hostname": "PC.UN.jsmith.CMD.tok.example", "cmd_user_name": "jsmith", "cmd_computer_name": "PC"}},
            {"incident_key": "k2", "acknowledged": true, "created": "1767229100", "logtype": "16000"},
            {"id": "k3", "acknowledged": "false", "logdata": [{"timestamp": "1767229000", "canarytoken": "tok3"}]},
            "not an incident",
            null
        ],
        "cursor": "nonsense",
        "total_results": "3",
        "page_number": "1",
    }));
    assert_eq!(page.total_results, Some(3));
    assert_eq!(page.cursor, Cursor::default());
    let [a, b, c] = &page.incidents[..] else { panic!("three incidents: {page:?}") };
    assert_eq!((a.key(), a.acknowledged(), a.created()), ("k1", true, Some(1_767_229_200.5)));
    assert_eq!(a.kind().as_deref(), Some("sensitive-cmd"));
    assert_eq!(a.src_host_reverse().as_deref(), Some("h.example.net"));
    let hit = a.first_event().expect("a single hit in place of a list");
    assert!(hit.details().contains(&("cmd_user_name".into(), "jsmith".into())));
    assert_eq!(hit.user_agent(), None);
    assert!(!hit.has_blocklist());
    assert_eq!((b.key(), b.acknowledged(), b.kind().as_deref()), ("k2", true, Some("dns")));
    assert_eq!((c.key(), c.acknowledged(), c.created()), ("k3", false, Some(1_767_229_000.0)));
    assert_eq!(c.token_id().as_deref(), Some("tok3"));
    assert_eq!(c.node_id().as_deref(), Some("tok3"));
}

#[test]
fn an_empty_page_may_say_null() {
    for empty in [json!({"result": "success", "incidents": null}), json!({"result": "success"})] {
        let page = page(empty);
        assert!(page.incidents.is_empty() && page.cursor.next.is_none());
    }
}

#[test]
fn the_documented_search_example_decodes() {
    let body: Value =
        serde_json::from_str(include_str!("../fixtures/incidents-search.json")).unwrap();
    let page = page(body);
    let incident = &page.incidents[0];
    assert_eq!(incident.key(), "incident:canarytoken:a1b2c3:203.0.113.7:1767229200");
    assert_eq!(
        incident.first_event().unwrap().user_agent().unwrap(),
        "Mozilla/5.0 <script>alert(1)</script>"
    );
    assert_eq!(incident.kind().as_deref(), Some("http"));
    let answers = [
        serde_json::from_str(include_str!("../fixtures/acknowledge-incident.json")).unwrap(),
        json!({"result": "success", "action": "acknowledged", "keys": ["a", "b"]}),
        json!({"result": "success"}),
    ];
    for answer in answers {
        let raw = RawResponse::json(200, &answer);
        endpoints::acknowledge("k").decode(raw.clone()).unwrap();
        endpoints::acknowledge_all("n").decode(raw.clone()).unwrap();
        endpoints::delete_all_incidents("n").decode(raw).unwrap();
    }
}

#[test]
fn refusals_are_errors_not_pages() {
    let refused = RawResponse::json(
        200,
        &json!({"result": "error", "message": "Cannot use src_host and node_id together"}),
    );
    let err = endpoints::acknowledge_all("n").decode(refused).unwrap_err();
    assert!(matches!(err, ApiError::Console { .. }));
}

#[test]
fn text_and_state_filters_read_the_alert() {
    let incident: Incident = serde_json::from_value(json!({
        "key": "incident:canarytoken:ab:192.0.2.14:1", "memo": "Finance Wiki", "src_host": "192.0.2.14",
        "node_id": "tok", "flock_id": "flock:x", "logtype": "17000", "acknowledged": "False",
    }))
    .unwrap();
    let filter = |text: &str| AlertFilter { text: text.into(), ..AlertFilter::default() };
    assert!(filter("finance 192.0.2").lets_through(&incident));
    assert!(filter("WIKI").lets_through(&incident));
    assert!(!filter("hr").lets_through(&incident));
    let acknowledged = AlertFilter { state: IncidentState::Acknowledged, ..AlertFilter::default() };
    assert!(!acknowledged.lets_through(&incident));
    let all = AlertFilter {
        state: IncidentState::All,
        logtype: Some(17000),
        flock_id: Some("flock:x".into()),
        ..AlertFilter::default()
    };
    assert!(all.lets_through(&incident));
    assert!(!AlertFilter { logtype: Some(16000), ..all.clone() }.lets_through(&incident));
    assert!(!AlertFilter { node_id: Some("other".into()), ..all }.lets_through(&incident));
}

#[test]
fn filters_survive_an_address() {
    let filter = AlertFilter {
        state: IncidentState::All,
        node_id: None,
        flock_id: Some("flock:default".into()),
        logtype: Some(16006),
        text: "laptop & co".into(),
        newer_than: Some(1_764_633_600),
        older_than: Some(1_764_720_030),
    };
    let query = filter.to_query();
    assert_eq!(
        query,
        "filter_incident_state=all&flock_id=flock%3Adefault&filter_logtypes=16006&filter_str=laptop+%26+co&newer_than=2025-12-02-00%3A00%3A00&older_than=2025-12-03-00%3A00%3A30"
    );
    assert_eq!(AlertFilter::from_query(&query), filter);
    assert_eq!(
        AlertFilter::from_query("filter_incident_state=bogus&newer_than=soon"),
        AlertFilter::default()
    );
}

#[test]
fn console_times_are_utc_and_read_back() {
    assert_eq!(console_time(0), "1970-01-01-00:00:00");
    assert_eq!(console_time(1_795_340_350), "2026-11-22-09:39:10");
    for t in [0, 951_782_400, 1_709_251_199, 1_795_340_350, 4_102_444_800, -86_401] {
        assert_eq!(parse_time(&console_time(t)), Some(t));
    }
    assert_eq!(parse_time("2026-11-22T09:39"), Some(1_795_340_340));
    assert_eq!(parse_time("2026-11-22 09:39"), Some(1_795_340_340));
    for bad in [
        "",
        "2026-11-22",
        "2026-13-01-00:00:00",
        "2026-11-22-25:00:00",
        "2026-11-22x09:39",
        "2026-11-22-09:39:10:11",
        "2026-+1-22-09:39",
    ] {
        assert_eq!(parse_time(bad), None, "{bad}");
    }
}

/// Answers each request with the next canned (status, body) and records the paths.
struct Script {
    answers: RefCell<Vec<(u16, Value)>>,
    urls: RefCell<Vec<String>>,
}

impl Transport for Script {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>> {
        self.urls.borrow_mut().push(request.url.split("/api/v1").nth(1).unwrap().to_owned());
        let (status, body) = self.answers.borrow_mut().remove(0);
        Box::pin(async move { Ok(RawResponse::json(status, &body)) })
    }
}

fn run(
    answers: Vec<(u16, Value)>,
    mut listing: IncidentListing,
) -> (Vec<Result<Vec<String>, ApiError>>, Vec<String>) {
    let script = Rc::new(Script { answers: RefCell::new(answers), urls: RefCell::default() });
    let console = ConsoleUrl::parse("http://127.0.0.1:9").unwrap();
    let client = Client::new(
        console,
        Credentials { key: ApiKey::new("k"), style: AuthStyle::Header },
        script.clone(),
    );
    let mut pages = Vec::new();
    {
        let mut future = std::pin::pin!(async {
            while let Some(page) = listing.next(&client).await {
                pages.push(page.map(|p| p.incidents.iter().map(|i| i.key().to_owned()).collect()));
            }
        });
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(future.as_mut().poll(&mut cx).is_ready(), "the listing finishes at once");
    }
    let urls = script.urls.borrow().clone();
    (pages, urls)
}

fn flat(keys: &[&str], next: Option<&str>) -> (u16, Value) {
    let incidents: Vec<Value> =
        keys.iter().map(|k| json!({"key": k, "memo": k, "acknowledged": "False"})).collect();
    (
        200,
        json!({"result": "success", "incidents": incidents, "cursor": {"next": next}, "total_results": 9}),
    )
}

#[test]
fn the_listing_follows_the_cursor() {
    let filter = AlertFilter { text: "laptop".into(), ..AlertFilter::default() };
    let (pages, urls) = run(
        vec![flat(&["a", "b"], Some("c1")), flat(&["c"], None)],
        IncidentListing::new(filter, 1000),
    );
    assert_eq!(pages, [Ok(vec!["a".into(), "b".into()]), Ok(vec!["c".into()])]);
    assert_eq!(
        urls,
        [
            "/incidents/search?filter_incident_state=unacknowledged&filter_str=laptop&limit=1000",
            "/incidents/search?filter_incident_state=unacknowledged&filter_str=laptop&limit=1000&cursor=c1"
        ]
    );
    let (pages, urls) = run(
        vec![flat(&["a"], Some("c1")), flat(&["b"], Some("c1"))],
        IncidentListing::new(AlertFilter::default(), 50),
    );
    assert_eq!(pages[1], Err(ApiError::RepeatedCursor));
    assert!(urls[0].ends_with("limit=50"));
}

#[test]
fn a_refused_search_falls_back_to_the_feed_and_narrows_it_here() {
    let filter =
        AlertFilter { text: "keep".into(), state: IncidentState::All, ..AlertFilter::default() };
    let refused = (403, json!({"result": "error", "message": "Permission denied"}));
    let feed = (
        200,
        json!({"result": "success", "incidents": [
            {"id": "x1", "description": {"memo": "keep me", "acknowledged": "False"}},
            {"id": "x2", "description": {"memo": "drop me", "acknowledged": "True"}}
        ]}),
    );
    let (pages, urls) = run(vec![refused, feed], IncidentListing::new(filter.clone(), 1000));
    assert_eq!(pages, [Ok(vec!["x1".into()])]);
    assert_eq!(urls[1], "/incidents/all?limit=1000");
    let unknown = (404, json!({"result": "error", "message": "Unknown endpoint"}));
    let (pages, _) = run(vec![unknown.clone(), unknown], IncidentListing::new(filter, 1000));
    assert!(matches!(pages[..], [Err(ApiError::Console { status: 404, .. })]));
}

#[test]
fn a_refused_page_size_gives_way_to_smaller_ones_on_the_first_page_only() {
    let big = (400, json!({"result": "error", "message": "Parameter limit is invalid"}));
    let (pages, urls) = run(
        vec![big.clone(), big.clone(), flat(&["a"], Some("c")), big],
        IncidentListing::new(AlertFilter::default(), 1000),
    );
    assert!(matches!(pages[..], [Ok(_), Err(ApiError::Console { status: 400, .. })]));
    let limits: Vec<&str> = urls.iter().map(|u| u.split("limit=").nth(1).unwrap()).collect();
    assert_eq!(limits, ["1000", "500", "100", "100&cursor=c"]);
}
