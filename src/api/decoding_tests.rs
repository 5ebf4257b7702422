//! Decoding the documented example answers (`fixtures/`) through the endpoints' own calls, and
//! fuzzing every call's decoder: whatever the Console sends, decoding returns and never panics.

use super::endpoints::{self, NewToken, TokenQuery};
use super::error::ApiError;
use super::incidents::AlertFilter;
use super::response::{Call, RawResponse};
use proptest::prelude::*;
use serde_json::{Value, json};

fn answer(body: &str) -> RawResponse {
    RawResponse {
        status: 200,
        content_type: Some("application/json".into()),
        body: body.as_bytes().to_vec(),
        ..RawResponse::default()
    }
}

/// The documentation's two answers with a trailing comma, as the Console (a JSON encoder)
/// would actually send them.
fn without_trailing_commas(doc: &str) -> String {
    let mut out = String::new();
    let mut chars = doc.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ',' {
            let rest: String = chars.clone().collect();
            if rest.trim_start().starts_with(['}', ']']) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/", $name, ".json"))
    };
}

#[test]
fn documented_token_answers_decode() {
    let created = endpoints::create(&NewToken::default())
        .decode(answer(fixture!("create-canarytoken")))
        .unwrap();
    assert_eq!(created.token.kind(), "http");
    assert_eq!(created.token.created(), Some(1586161315.087693));
    assert_eq!(created.token.url(), Some("<token_url>"));
    assert_eq!(created.token.text("key").as_deref(), Some("<token_key>"));
    assert!(created.token.enabled());

    let fetched = endpoints::fetch("t").decode(answer(fixture!("fetch-canarytoken"))).unwrap();
    assert_eq!(fetched.token.unwrap().kind(), "dns");
    let updated = endpoints::update_memo("t", "m")
        .decode(answer(fixture!("update-canarytoken-memo")))
        .unwrap();
    assert_eq!(updated.token.unwrap().memo(), "Updated Example Memo");
    endpoints::delete("t", false).decode(answer(fixture!("delete-canarytoken"))).unwrap();
    let bulk = endpoints::bulk_delete(&[], false)
        .decode(answer(fixture!("bulk-delete-canarytokens")))
        .unwrap();
    assert_eq!(bulk.deleted_count, 1);
}

#[test]
fn documented_pages_decode_with_unknown_fields_kept() {
    let page = endpoints::paginate(&TokenQuery::default())
        .decode(answer(fixture!("paginate-canarytokens")))
        .unwrap();
    assert_eq!(page.tokens.len(), 3);
    assert_eq!((page.page_number, page.total_pages, page.total_results), (Some(1), Some(4), None));
    assert_eq!(page.cursor.next.as_deref(), Some("MToxMjozOjQ6Mjo0"));
    let aws = &page.tokens[0];
    assert_eq!(aws.kind(), "aws-id");
    assert!(aws.renders()[0].1.contains("aws_secret_access_key"));
    assert_eq!(aws.text("secret_access_key").as_deref(), Some("<aws_secret_access_key>"));
    assert_eq!(aws.text("factory_auth").as_deref(), Some("<factory_auth_token>"));
    assert_eq!(page.tokens[1].triggered_count(), 4);
    assert_eq!(page.tokens[2].renders()[0].0, "cloned-web");
    assert!(page.tokens[2].renders()[0].1.starts_with("<script>"));

    let search = endpoints::search(&TokenQuery::default())
        .decode(answer(fixture!("search-canarytokens")))
        .unwrap();
    assert_eq!((search.total_results, search.tokens[0].unacked_alert_count()), (Some(1), Some(2)));
    assert_eq!(search.tokens[0].text("kind_description").as_deref(), Some("Web Bug"));
}

#[test]
fn documented_examples_with_trailing_commas_are_refused_cleanly_then_decode() {
    let doc = fixture!("list-kinds-of-canarytokens");
    assert_eq!(
        endpoints::list_kinds().decode(answer(doc)).unwrap_err(),
        ApiError::Undecodable { status: 200, html: false }
    );
    let kinds = endpoints::list_kinds().decode(answer(&without_trailing_commas(doc))).unwrap();
    assert_eq!(kinds.kinds.len(), 32);
    assert_eq!(kinds.kinds["qr-code"], "QR Code");

    let redirect = fixture!("update-canarytoken-redirect-url");
    assert!(endpoints::update_redirect("t", "u").decode(answer(redirect)).is_err());
    let ok = endpoints::update_redirect("t", "u")
        .decode(answer(&without_trailing_commas(redirect)))
        .unwrap();
    assert_eq!(ok.token, None, "the documented answer carries no token");
}

#[test]
fn settings_factories_and_alerts_decode() {
    let flocks = endpoints::list_flocks().decode(answer(fixture!("flocks-list"))).unwrap();
    assert_eq!(flocks.flocks["flock:3f1c"], "Branch Offices");
    let domains = endpoints::user_domains().decode(answer(fixture!("user-domains-list"))).unwrap();
    assert_eq!(domains.user_domains, ["your-user-domain.com", "docs.example-corp.com"]);
    let created =
        endpoints::create_factory("f", "m").decode(answer(fixture!("create-factory"))).unwrap();
    assert_eq!(created.factory_auth.len(), 32);
    let factories = endpoints::list_factories().decode(answer(fixture!("list-factories"))).unwrap();
    assert_eq!(factories.factories[0].memo, "Laptop imaging");
    endpoints::delete_factory("f").decode(answer(fixture!("delete-factory"))).unwrap();
    let kinds = endpoints::factory_kinds().decode(answer(fixture!("factory-list"))).unwrap();
    assert!(kinds.kinds.contains_key("svn") && kinds.kinds.contains_key("sql"));

    let alerts = endpoints::search_incidents(&AlertFilter::default(), 20, None)
        .decode(answer(fixture!("incidents-search")))
        .unwrap();
    let incident = &alerts.incidents[0];
    assert_eq!(incident.key(), "incident:canarytoken:a1b2c3:203.0.113.7:1767229200");
    assert!(!incident.acknowledged());
    assert_eq!(incident.created(), Some(1767229200.0));
    assert_eq!(incident.events()[0]["geoip"]["city"], "Cape Town");
    assert_eq!(alerts.cursor.next.as_deref(), Some("Y3Vyc29yMg"));
    endpoints::acknowledge("k").decode(answer(fixture!("acknowledge-incident"))).unwrap();
}

#[test]
fn documented_auth_error_is_an_invalid_key() {
    assert_eq!(
        endpoints::ping().decode(answer(fixture!("invalid-auth-token"))).unwrap_err(),
        ApiError::InvalidKey { via_header: false }
    );
}

#[test]
fn downloads_take_the_consoles_name_or_the_fallback() {
    let file = RawResponse {
        status: 200,
        content_type: Some("application/pdf".into()),
        content_disposition: Some("attachment; filename=Board minutes.pdf".into()),
        body: b"%PDF-1.4".to_vec(),
        ..RawResponse::default()
    };
    let d = endpoints::download("t", "t.pdf".into()).decode(file.clone()).unwrap();
    assert_eq!((d.filename.as_str(), d.bytes.as_slice()), ("Board minutes.pdf", &b"%PDF-1.4"[..]));
    let hidden = RawResponse { content_disposition: None, ..file };
    assert_eq!(endpoints::download("t", "t.pdf".into()).decode(hidden).unwrap().filename, "t.pdf");
    let none = answer(r#"{"result": "error", "message": "File generation not supported."}"#);
    let err = endpoints::download("t", "t.bin".into()).decode(none).unwrap_err();
    assert_eq!(err.to_string(), "This kind of token has no file to download.");
    let json_instead = answer(r#"{"result": "success"}"#);
    assert!(endpoints::download("t", "t.bin".into()).decode(json_instead).is_err());
    let login_page = RawResponse {
        content_type: Some("text/html".into()),
        body: b"<html>".to_vec(),
        ..RawResponse::default()
    };
    assert_eq!(
        endpoints::download("t", "t.bin".into()).decode(RawResponse { status: 200, ..login_page }),
        Err(ApiError::Undecodable { status: 200, html: true })
    );
}

/// Any JSON value, nested a few levels, biased towards the Console's field names.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("result".to_owned()),
        Just("canarytoken".to_owned()),
        Just("canarytokens".to_owned()),
        Just("token".to_owned()),
        Just("tokens".to_owned()),
        Just("created".to_owned()),
        Just("enabled".to_owned()),
        Just("renders".to_owned()),
        Just("cursor".to_owned()),
        Just("incidents".to_owned()),
        Just("flocks".to_owned()),
        Just("description".to_owned()),
        Just("logdata".to_owned()),
        Just("headers".to_owned()),
        Just("geoip".to_owned()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("success".to_owned()),
            Just("error".to_owned()),
            Just("True".to_owned()),
            ".{0,20}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Runs `raw` through every endpoint's decoder; each may succeed or fail, none may panic.
fn decode_everywhere(raw: &RawResponse) {
    fn go<T>(call: Call<T>, raw: &RawResponse) {
        let _ = call.decode(raw.clone());
    }
    let query = TokenQuery::default();
    go(endpoints::ping(), raw);
    go(endpoints::list_kinds(), raw);
    go(endpoints::fetch_all(None, false), raw);
    go(endpoints::paginate(&query), raw);
    go(endpoints::search(&query), raw);
    go(endpoints::create(&NewToken::default()), raw);
    go(endpoints::fetch("t"), raw);
    go(endpoints::update_redirect("t", "u"), raw);
    go(endpoints::download("t", "t.bin".into()), raw);
    go(endpoints::bulk_delete(&[], false), raw);
    go(endpoints::create_factory("f", "m"), raw);
    go(endpoints::list_factories(), raw);
    go(endpoints::list_flocks(), raw);
    go(endpoints::user_domains(), raw);
    go(endpoints::search_incidents(&AlertFilter::default(), 1, None), raw);
    go(endpoints::incident_feed(&AlertFilter::default(), 1, None), raw);
    go(endpoints::acknowledge("k"), raw);
    go(endpoints::unacknowledge("k"), raw);
    go(endpoints::delete_incident("k"), raw);
    go(endpoints::acknowledge_all("n"), raw);
    go(endpoints::delete_all_incidents("n"), raw);
}

/// Every reading of alerts the app does, which must return whatever the alerts hold.
fn read_everything(incidents: &[super::incidents::Incident]) {
    for incident in incidents {
        let _ = (incident.key(), incident.created(), incident.kind(), incident.token_id());
        let _ = (incident.src_host(), incident.src_host_reverse(), incident.events_count());
        let _ = AlertFilter::default().lets_through(incident);
        for hit in incident.events().iter().filter_map(super::incidents::Event::of) {
            let _ = (hit.user_agent(), hit.place(), hit.flags(), hit.details(), hit.everything());
        }
    }
    let mut export = crate::bulk::alert_export::AlertExporter::new(crate::bulk::Format::Csv);
    export.push(incidents);
    let _ = export.finish();
}

proptest! {
    #[test]
    fn any_json_decodes_or_fails_cleanly(value in json_value(), status in prop_oneof![Just(200u16), Just(400), Just(401), Just(429), Just(500), 100u16..600]) {
        decode_everywhere(&RawResponse::json(status, &value));
        // Inside a token list too, where most of the tolerance lives.
        decode_everywhere(&RawResponse::json(status, &json!({"result": "success", "canarytokens": [value.clone()], "tokens": [value.clone()], "token": value.clone()})));
        // Inside an incident of either form, where the alert view reads every field.
        let nested = json!({"result": "success", "incidents": [{"id": "k", "description": value.clone()}, {"logdata": [value.clone()], "acknowledged": value.clone()}], "cursor": value});
        decode_everywhere(&RawResponse::json(status, &nested));
        // And read as the alert view and the export read them.
        if let Ok(page) = endpoints::search_incidents(&AlertFilter::default(), 1, None).decode(RawResponse::json(200, &nested)) {
            read_everything(&page.incidents);
        }
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(body in prop::collection::vec(any::<u8>(), 0..256), disposition in proptest::option::of(".{0,40}")) {
        decode_everywhere(&RawResponse { status: 200, content_type: None, content_disposition: disposition, retry_after: None, body });
    }
}
