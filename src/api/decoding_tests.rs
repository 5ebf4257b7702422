//! Decoding the documented example answers (`fixtures/`) through the endpoints' own calls, and
//! fuzzing every call's decoder: whatever the Console sends, decoding returns and never panics.

use super::endpoints::{self, NewToken, TokenQuery};
use super::error::ApiError;
use super::incidents::AlertFilter;
use super::request::Method;
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
fn the_last_page_of_a_listing_may_say_cursor_null() {
    // What the documented variant of paginate sends when nothing follows.
    let last = r#"{"canarytokens": [], "cursor": null, "page_num": 3, "page_total": 3, "result": "success"}"#;
    let page = endpoints::paginate(&TokenQuery::default()).decode(answer(last)).unwrap();
    assert_eq!((page.cursor.next, page.page_number), (None, Some(3)));
    let bare = r#"{"canarytokens": [], "cursor": "", "result": "success"}"#;
    let page = endpoints::search(&TokenQuery::default()).decode(answer(bare)).unwrap();
    assert_eq!(page.cursor.next, None);
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

/// An audit trail page in the shape the reference documents (§12): entries with every listed
/// field, `cursor` with `next` and `prev`, `page_count` and `page_number`.
const AUDIT_TRAIL: &str = r#"{
    "audit_trail": [
        {
            "action_type": "flock_move",
            "additional_information": {"from_flock_id": "flock:default", "to_flock_id": "flock:3f1c"},
            "flock_id": "flock:3f1c",
            "id": 74,
            "message": "Moved Canarytoken tok1 from Default Flock to Branch Offices",
            "timestamp": "2020-04-03 12:56:42 UTC+0000",
            "user": "admin@company.com",
            "user_browser_agent": "<browser_agent_string>",
            "user_browser_language": "en-US,en;q=0.9",
            "user_ip": "81.2.69.144"
        },
        {
            "action_type": "canarytoken_create",
            "additional_information": null,
            "flock_id": null,
            "id": 71,
            "message": "Created a Web Bug Canarytoken tok1",
            "timestamp": "2020-04-02 13:40:05 UTC+0000",
            "user": "admin@company.com",
            "user_browser_agent": "<browser_agent_string>",
            "user_browser_language": "",
            "user_ip": "81.2.69.144"
        }
    ],
    "cursor": {"next": "MDo2OTo1OjM6MjoxNQ==", "prev": null},
    "page_count": 15,
    "page_number": 1,
    "result": "success"
}"#;

#[test]
fn the_documented_audit_trail_decodes_newest_first() {
    let call = endpoints::audit_trail("tok1");
    assert_eq!(
        (call.request.method, call.request.path, call.request.param_value("search_term")),
        (Method::Get, "/audit_trail/fetch", Some("tok1"))
    );
    let trail = call.decode(answer(AUDIT_TRAIL)).unwrap();
    assert_eq!((trail.page_count, trail.page_number), (Some(15), Some(1)));
    assert!(trail.has_older());
    let entries = trail.newest_first();
    let moved = &entries[0];
    assert_eq!((moved.id, moved.action_type.as_str()), (Some(74), "flock_move"));
    assert_eq!(moved.timestamp, "2020-04-03 12:56:42 UTC+0000");
    assert_eq!((moved.user.as_str(), moved.user_ip.as_str()), ("admin@company.com", "81.2.69.144"));
    assert_eq!(moved.flock_id.as_deref(), Some("flock:3f1c"));
    assert_eq!(moved.additional_information["to_flock_id"], "flock:3f1c");
    assert_eq!(entries[1].message, "Created a Web Bug Canarytoken tok1");
    assert_eq!(entries[1].flock_id, None);
}

#[test]
fn audit_trails_decode_loosely() {
    let decode = |body: Value| endpoints::audit_trail("t").decode(RawResponse::json(200, &body));
    // An empty trail may come as null, with a null cursor and counts as strings.
    let empty = decode(
        json!({"result": "success", "audit_trail": null, "cursor": null, "page_count": "0"}),
    )
    .unwrap();
    assert!(empty.entries.is_empty() && !empty.has_older());
    assert_eq!(empty.page_count, Some(0));
    // Oldest first, ids as strings, seconds for a time, missing fields, an entry that is not one.
    let odd = decode(json!({"result": "success", "audit_trail": [
        {"id": "3", "message": 5, "timestamp": 1586161315},
        "not an entry",
        {"id": 9, "action_type": "canarytoken_memo_update", "user": null},
        {"message": "no id"}
    ]}))
    .unwrap();
    let entries = odd.newest_first();
    let ids: Vec<_> = entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [Some(9), Some(3), None]);
    assert_eq!((entries[1].message.as_str(), entries[1].timestamp.as_str()), ("5", "1586161315"));
    assert_eq!(entries[0].user, "");
    // A read-only key is refused the trail.
    let refused = json!({"result": "error", "message": "Permission denied"});
    assert!(matches!(decode(refused), Err(ApiError::NoPermission { .. })));
}

#[test]
fn a_flock_move_sends_its_parameters_and_reads_any_success() {
    let params = |clear| {
        let call = endpoints::move_to_flock("tok1", "flock:3f1c", clear);
        assert_eq!((call.request.method, call.request.path), (Method::Post, "/flock/move"));
        call.request.params
    };
    let sent = [("dest_flock_id", "flock:3f1c".to_owned()), ("node_id", "tok1".to_owned())];
    assert_eq!(params(false), sent);
    assert_eq!(params(true)[2], ("clear_incidents", "true".to_owned()));
    let call = endpoints::move_to_flock("tok1", "flock:3f1c", false);
    call.decode(answer(r#"{"result": "success"}"#)).unwrap();
    let missing = answer(r#"{"result": "error", "message": "Flock does not exist."}"#);
    assert_eq!(call.decode(missing).unwrap_err().field(), Some("flock_id"));
    let admin_only = RawResponse::json(
        403,
        &json!({"result": "error", "message": "This analyst API key does not have permission to use flock/move"}),
    );
    assert!(matches!(call.decode(admin_only), Err(ApiError::NoPermission { .. })));
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

/// The features answer as the Console's documentation shows it (reference §12: a `features`
/// object of booleans in the success envelope), and the ways a Console may not tell.
#[test]
fn console_features_decode_and_unknown_means_on() {
    let call = endpoints::console_features;
    let documented = json!({
        "features": {
            "awsidtoken": true,
            "awsidtoken_username": false,
            "gdoc_factory_tokens": false,
            "http_token_whitelisting": false,
            "office365_mail_token": true,
            "slackapitoken": true,
            "tokenfactory": false,
            "apeeper_token": true
        },
        "result": "success"
    });
    let features = call().decode(RawResponse::json(200, &documented)).unwrap();
    assert!(features.has("awsidtoken") && features.has("office365_mail_token"));
    assert!(!features.has("awsidtoken_username") && !features.has("tokenfactory"));
    assert!(features.has("a_flag_this_console_does_not_name"));

    let strings = json!({
        "result": "success",
        "features": {"tokenfactory": "False", "awsidtoken_username": "True", "saml": null}
    });
    let features = call().decode(RawResponse::json(200, &strings)).unwrap();
    assert!(!features.has("tokenfactory") && features.has("awsidtoken_username"));
    assert!(features.has("saml"), "a flag that is not a flag is unknown");
    let odd = call().decode(RawResponse::json(200, &json!({"result": "success", "features": [1]})));
    assert_eq!(odd.unwrap(), super::types::Features::default());

    // Missing on an older Console, refused to the key, or unreadable: no error reaches the
    // lists, which take the default and offer everything.
    let missing =
        RawResponse::json(404, &json!({"result": "error", "message": "Unknown endpoint"}));
    let forbidden = RawResponse { status: 403, ..answer("Forbidden") };
    let html = RawResponse {
        content_type: Some("text/html".into()),
        ..answer("<html><body>Sign in</body></html>")
    };
    for raw in [missing, forbidden, html, answer("{\"features\": {\"tokenf")] {
        let features = call().decode(raw.clone()).unwrap_or_default();
        assert!(call().decode(raw).is_err());
        assert!(features.has("tokenfactory") && features.has("awsidtoken_username"));
    }
    let request = call().request;
    assert_eq!((request.method, request.path), (super::request::Method::Get, "/console/features"));
    assert!(request.params.is_empty() && request.sends_key);
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
        Just("audit_trail".to_owned()),
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
    go(endpoints::console_features(), raw);
    for provider in super::mail::Provider::ALL {
        go(super::mail::template(provider, None), raw);
        go(super::mail::status(provider, None), raw);
    }
    go(super::mail::gmail_users("f", "d", "e"), raw);
    go(super::mail::office365_users(None, None), raw);
    go(super::mail::office365_initiate(None), raw);
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
