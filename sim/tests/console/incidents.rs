//! Firing tokens, searching alerts in the flattened shape, acknowledging them.

use crate::support::{Auth, Sim, demo, empty, id, key};
use canarytoken_sim::keys::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_fired_token_has_flattened_incidents() {
    let sim = empty().await;
    let token = sim.create("http", &[("memo", "finance wiki")]).await;
    let t = id(&token);
    let fired = sim.trigger(&t, 3).await;
    assert_eq!(fired["triggered_count"], 3);
    assert_eq!(fired["incidents"].as_array().unwrap().len(), 3);
    let (_, body) = sim.get("canarytoken/fetch", &[("canarytoken", &t)]).await;
    assert_eq!(body["token"]["triggered_count"], 3);

    let (status, body) = sim.get("incidents/search", &[("node_id", &t)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total_results"], 3);
    let incident = &body["incidents"][0];
    for field in [
        "key",
        "incident_key",
        "created",
        "created_printable",
        "created_age",
        "description",
        "events_list",
        "logtype",
        "src_host",
        "src_host_reverse",
        "memo",
        "node_id",
    ] {
        assert!(incident[field].is_string(), "{field}: {incident}");
    }
    assert_eq!(incident["key"], incident["incident_key"]);
    assert_eq!(incident["acknowledged"], "False");
    assert_eq!(incident["logtype"], "17000");
    assert_eq!(incident["node_id"], t.as_str());
    assert_eq!(incident["memo"], "finance wiki");
    assert!(incident["updated_id"].is_u64());
    let event = &incident["logdata"][0];
    assert_eq!(event["src_host"], incident["src_host"]);
    assert!(
        event["timestamp"].is_number()
            && event["headers"].is_object()
            && event["geoip"]["country_code"].is_string()
    );
}

#[tokio::test]
async fn incidents_are_filtered_by_state_and_acknowledged_by_analysts() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    let keys: Vec<String> = sim.trigger(&t, 4).await["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    let read_only = Auth::Param(key(Role::ReadOnly));
    let (status, _) =
        sim.json(Method::POST, "incident/acknowledge", read_only, &[("incident", &keys[0])]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let analyst = Auth::Header(key(Role::Analyst));
    let (status, body) =
        sim.json(Method::POST, "incident/acknowledge", analyst, &[("incident", &keys[0])]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"action": "acknowledged", "key": keys[0], "result": "success"}))
    );
    let (status, body) =
        sim.post("incident/acknowledge", &[("incident", "incident:canarytoken:none")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Incident not found"))
    );

    let count = |state: Option<&'static str>| {
        let sim = &sim;
        let t = t.clone();
        async move {
            let mut params = vec![("node_id", t.as_str())];
            params.extend(state.map(|s| ("filter_incident_state", s)));
            sim.get("incidents/search", &params).await.1["total_results"].as_u64().unwrap()
        }
    };
    assert_eq!(count(None).await, 3, "unacknowledged by default");
    assert_eq!(count(Some("unacknowledged")).await, 3);
    assert_eq!(count(Some("acknowledged")).await, 1);
    assert_eq!(count(Some("all")).await, 4);
    let (status, _) = sim.get("incidents/search", &[("filter_incident_state", "open")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, body) = sim.get("incidents/search", &[("filter_incident_state", "acknowledged")]).await;
    assert_eq!(body["incidents"][0]["acknowledged"], "True");
}

#[tokio::test]
async fn incidents_page_like_tokens() {
    let sim = demo().await;
    let (_, first) =
        sim.get("incidents/search", &[("filter_incident_state", "all"), ("limit", "3")]).await;
    let total = first["total_results"].as_u64().unwrap() as usize;
    assert!(total > 3);
    let mut keys = Vec::new();
    let mut page = first;
    for _ in 0..100 {
        keys.extend(page["incidents"].as_array().unwrap().iter().map(|i| i["key"].clone()));
        let Some(cursor) = page["cursor"]["next"].as_str().map(str::to_owned) else { break };
        page = sim.get("incidents/search", &[("cursor", &cursor)]).await.1;
    }
    let unique: std::collections::HashSet<String> = keys.iter().map(|k| k.to_string()).collect();
    assert_eq!((keys.len(), unique.len()), (total, total));
}

#[tokio::test]
async fn only_enabled_existing_tokens_fire() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    sim.post("canarytoken/disable", &[("canarytoken", &t)]).await;
    let (status, _) = sim.sim(Method::POST, "trigger", Some(json!({"canarytoken": t}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = sim.sim(Method::POST, "trigger", Some(json!({"canarytoken": "nope"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[tokio::test]
async fn the_nested_feeds_have_the_documented_shape() {
    let sim = empty().await;
    let t = id(&sim.create("http", &[("memo", "finance wiki")]).await);
    let fired =
        sim.trigger_with(json!({"canarytoken": t, "count": 2, "src_host": "203.0.113.15"})).await;
    let (status, feed) = sim.get("incidents/all", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(feed["feed"], "All Incidents");
    let incidents = feed["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 2);
    let incident = &incidents[0];
    let parts: Vec<&str> = incident["id"].as_str().unwrap().split(':').collect();
    assert_eq!(&parts[..2], ["incident", "canarytoken"]);
    assert!(is_hex(parts[2], 24) && parts[3] == "203.0.113.15", "{parts:?}");
    assert!(parts[4].parse::<u64>().is_ok());
    assert!(Sim::keys(&fired).contains(&incident["id"].as_str().unwrap().to_owned()));
    assert!(is_hex(incident["hash_id"].as_str().unwrap(), 32));
    assert_eq!(incident["summary"], "Canarytoken triggered");
    assert!(incident["updated"].as_str().unwrap().ends_with(" GMT"));
    assert!(incident["updated_std"].as_str().unwrap().ends_with(" UTC+0000"));
    assert!(incident["updated_time"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(incident["updated_id"].is_u64());
    let description = &incident["description"];
    for (field, value) in [
        ("acknowledged", "False"),
        ("description", "Canarytoken triggered"),
        ("events_count", "1"),
        ("logtype", "17000"),
        ("name", "N/A"),
        ("memo", "finance wiki"),
        ("node_id", t.as_str()),
        ("flock_id", "flock:default"),
        ("flock_name", "Default Flock"),
        ("src_host", "203.0.113.15"),
        ("src_port", "0"),
        ("dst_port", "80"),
        ("notified", "False"),
    ] {
        assert_eq!(description[field], value, "{field}: {description}");
    }
    assert!(description["created"].as_str().unwrap().parse::<u64>().is_ok());
    assert_eq!(description["events"][0]["canarytoken"], t.as_str());
    let max = incidents.iter().map(|i| i["updated_id"].as_u64().unwrap()).max().unwrap();
    assert_eq!(feed["max_updated_id"], max);
    assert!(feed["updated_std"].is_string() && feed["updated_timestamp"].is_u64());
    assert!(feed.get("cursor").is_none(), "without limit the feed is whole");

    let (_, page) = sim.get("incidents/all", &[("limit", "1")]).await;
    assert_eq!(page["incidents"].as_array().unwrap().len(), 1);
    let next = page["cursor"]["next"].as_str().unwrap();
    let (_, second) = sim.get("incidents/all", &[("cursor", next)]).await;
    assert_ne!(second["incidents"][0]["id"], page["incidents"][0]["id"]);
    assert!(second["cursor"]["next"].is_null());
    let (status, _) = sim.get("incidents/all", &[("limit", "2500")]).await;
    assert_eq!(status, StatusCode::OK, "Thinkst's client sends 2500");

    sim.post("incident/acknowledge", &[("incident", incident["id"].as_str().unwrap())]).await;
    for (path, count, title) in [
        ("incidents/unacknowledged", 1, "Unacknowledged Incidents"),
        ("incidents/acknowledged", 1, "Acknowledged Incidents"),
    ] {
        let (_, feed) = sim.get(path, &[]).await;
        assert_eq!(
            (feed["incidents"].as_array().unwrap().len(), &feed["feed"]),
            (count, &json!(title))
        );
    }
    let (_, empty_feed) = sim.get("incidents/all", &[("node_id", "nothing")]).await;
    assert_eq!(empty_feed["incidents"], json!([]));
    assert!(empty_feed.get("max_updated_id").is_none(), "only a feed with entries has one");
}

#[tokio::test]
async fn feeds_filter_by_watermark_time_flock_and_events() {
    let sim = empty().await;
    let t = id(&sim.create("sensitive-cmd", &[("process_name", "klist.exe")]).await);
    let keys =
        Sim::keys(&sim.trigger_with(json!({"canarytoken": t, "count": 2, "events": 3})).await);
    let (_, feed) = sim.get("incidents/all", &[]).await;
    let watermark = feed["max_updated_id"].as_u64().unwrap().to_string();
    sim.post("incident/acknowledge", &[("incident", &keys[0])]).await;
    let (_, since) = sim.get("incidents/all", &[("incidents_since", &watermark)]).await;
    let since = since["incidents"].as_array().unwrap();
    assert_eq!((since.len(), since[0]["id"].as_str()), (1, Some(keys[0].as_str())));

    let (_, limited) = sim.get("incidents/all", &[("event_limit", "1")]).await;
    let description = &limited["incidents"][0]["description"];
    assert_eq!(
        (description["events"].as_array().unwrap().len(), &description["events_count"]),
        (1, &json!("3"))
    );
    for (param, value, expected) in [
        ("newer_than", "2099-01-01-00:00:00", 0),
        ("older_than", "2099-01-01-00:00:00", 2),
        ("newer_than", "2000-01-01-00:00:00", 2),
        ("flock_id", "flock:branch-offices", 0),
    ] {
        let (status, feed) = sim.get("incidents/all", &[(param, value)]).await;
        assert_eq!(status, StatusCode::OK, "{param}");
        assert_eq!(feed["incidents"].as_array().unwrap().len(), expected, "{param}={value}");
    }
    let (status, body) = sim.get("incidents/all", &[("older_than", "2099-01-01")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Parameter older_than was invalid."))
    );
    let (status, _) = sim.get("incidents/unacknowledged", &[("flock_id", "flock:nowhere")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sim.get("incidents/all", &[("shrink", "maybe")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_incident_is_fetched_by_key_or_hash() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    let key = Sim::keys(&sim.trigger(&t, 1).await).remove(0);
    let (status, body) = sim.get("incident/fetch", &[("incident", &key)]).await;
    assert_eq!(status, StatusCode::OK);
    let incident = &body["incident"];
    assert_eq!(
        (incident["id"].as_str(), &incident["description"]),
        (Some(key.as_str()), &json!("Canarytoken triggered"))
    );
    assert_eq!(incident["events"][0]["type"], "dns");
    assert!(incident.get("hash_id").is_none());
    let (_, extended) =
        sim.get("incident/fetch", &[("incident", &key), ("extended_details", "true")]).await;
    let hash = extended["incident"]["hash_id"].as_str().unwrap().to_owned();
    let (_, by_hash) = sim.get("incident/fetch", &[("hash_id", &hash)]).await;
    assert_eq!(by_hash["incident"]["id"], key.as_str());
    let (status, body) = sim.get("incident/fetch", &[("incident", "incident:canarytoken:x")]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Incident not found"))
    );
    assert_eq!(sim.get("incident/fetch", &[]).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn single_incidents_are_unacknowledged_and_deleted() {
    let sim = empty().await;
    let t = id(&sim.create("dns", &[]).await);
    let keys = Sim::keys(&sim.trigger(&t, 2).await);
    sim.post("incident/acknowledge", &[("incident", &keys[0])]).await;
    let (status, body) = sim.post("incident/unacknowledge", &[("incident", &keys[0])]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"action": "unacknowledged", "key": keys[0], "result": "success"}))
    );
    let analyst = Auth::Header(key(Role::Analyst));
    for (method, key) in [(Method::DELETE, &keys[0]), (Method::POST, &keys[1])] {
        let (status, body) =
            sim.json(method, "incident/delete", analyst, &[("incident", key)]).await;
        assert_eq!(
            (status, &body["action"], &body["key"]),
            (StatusCode::OK, &json!("deleted"), &json!(key))
        );
        assert_eq!(sim.get("incident/fetch", &[("incident", key)]).await.0, StatusCode::NOT_FOUND);
    }
    let (status, _) = sim.post("incident/unacknowledge", &[("incident", &keys[0])]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, token) = sim.get("canarytoken/fetch", &[("canarytoken", &t)]).await;
    assert_eq!(token["token"]["triggered_count"], 2, "deleting alerts keeps the count of hits");
}

#[tokio::test]
async fn bulk_actions_take_the_documented_filters() {
    let sim = empty().await;
    let a = id(&sim.create("dns", &[("memo", "build server")]).await);
    let b = id(&sim.create("http", &[("memo", "wiki")]).await);
    sim.trigger(&a, 3).await;
    sim.trigger_with(json!({"canarytoken": b, "count": 2, "src_host": "198.51.100.23"})).await;
    let (status, body) = sim.post("incidents/acknowledge", &[("node_id", &a)]).await;
    assert_eq!((status, &body["action"]), (StatusCode::OK, &json!("acknowledged")));
    assert_eq!(body["keys"].as_array().unwrap().len(), 3);
    let (_, body) = sim.post("incidents/acknowledge", &[("src_host", "198.51.100.23")]).await;
    assert_eq!(body["keys"].as_array().unwrap().len(), 2);
    let (_, body) =
        sim.post("incidents/unacknowledge", &[("filter_logtypes", "17000,16011")]).await;
    assert_eq!(body["keys"].as_array().unwrap().len(), 2, "the web bug's two (17000)");
    let (_, body) = sim.post("incidents/acknowledge", &[("older_than", "1h")]).await;
    assert_eq!(body["keys"], json!([]), "everything is newer than an hour");
    let (_, body) = sim.post("incidents/acknowledge", &[("filter_str", "WIKI")]).await;
    assert_eq!(body["keys"].as_array().unwrap().len(), 2, "filter_str matches the memo");

    for (params, message) in [
        (
            vec![("node_id", a.as_str()), ("src_host", "198.51.100.23")],
            "Cannot use src_host and node_id together",
        ),
        (vec![("older_than", "yesterday")], "Parameter older_than was invalid."),
    ] {
        let (status, body) = sim.post("incidents/acknowledge", &params).await;
        assert_eq!((status, body["message"].as_str()), (StatusCode::BAD_REQUEST, Some(message)));
    }

    sim.post("incidents/unacknowledge", &[("node_id", &b)]).await;
    let (_, body) = sim
        .json(Method::DELETE, "incidents/delete", Auth::Param(crate::support::admin()), &[])
        .await;
    assert_eq!(body["keys"].as_array().unwrap().len(), 3, "acknowledged ones only");
    let (_, body) = sim.post("incidents/delete", &[("include_unacknowledged", "true")]).await;
    assert_eq!(body["keys"].as_array().unwrap().len(), 2);
    assert_eq!(sim.get("incidents/all", &[]).await.1["incidents"], json!([]));
}

#[tokio::test]
async fn events_carry_the_fields_of_their_kind() {
    let sim = empty().await;
    // Kind, its parameters, fields its events must have.
    type Case = (&'static str, &'static [(&'static str, &'static str)], &'static [&'static str]);
    let cases: &[Case] = &[
        (
            "http",
            &[],
            &["headers", "url", "geoip", "ip_blocklist", "request_args", "timestamp_std"],
        ),
        ("aws-id", &[], &["additional_info"]),
        (
            "aws-s3",
            &[("s3_source_bucket", "exports"), ("s3_log_bucket", "logs")],
            &["additional_info"],
        ),
        (
            "cloned-web",
            &[("cloned_web", "login.example.com")],
            &["cloned_site", "original_site", "referer"],
        ),
        (
            "credit-card",
            &[],
            &[
                "masked_card_number",
                "transaction_amount",
                "transaction_currency",
                "transaction_date",
                "transaction_type",
                "merchant",
            ],
        ),
        ("pwa", &[], &["location"]),
        ("dns", &[], &["hostname", "generic_data"]),
        (
            "windows-dir",
            &[],
            &[
                "windows_desktopini_access_username",
                "windows_desktopini_access_domain",
                "windows_desktopini_computer_name",
            ],
        ),
        ("msword-macro", &[], &["ms_macro_os", "ms_macro_username", "ms_macro_ip"]),
        (
            "sensitive-cmd",
            &[("process_name", "klist.exe")],
            &["cmd_computer_name", "cmd_user_name", "cmd_invocation_id"],
        ),
        (
            "active-directory-login",
            &[("tokened_usernames", "alice,bob")],
            &[
                "cmd_resolved_ip",
                "cmd_workstation",
                "cmd_user_name",
                "cmd_machine_name",
                "cmd_event_record_id",
            ],
        ),
        ("wireguard", &[], &["client_public_key", "client_session_index"]),
    ];
    for (kind, params, fields) in cases {
        let token = sim.create(kind, params).await;
        let t = id(&token);
        let key = Sim::keys(&sim.trigger(&t, 1).await).remove(0);
        let (_, body) = sim.get("incident/fetch", &[("incident", &key)]).await;
        let incident = &body["incident"];
        let event = &incident["events"][0];
        let logtype = canarytoken_sim::kinds::find(kind).unwrap().logtype.to_string();
        assert_eq!(incident["logtype"], logtype, "{kind}");
        assert_eq!((&event["type"], &event["canarytoken"]), (&json!(kind), &json!(t)), "{kind}");
        assert!(event["timestamp"].is_u64() && event["src_host"].is_string(), "{kind}: {event}");
        for field in *fields {
            assert!(!event[field].is_null(), "{kind} lacks {field}: {event}");
        }
        match *kind {
            "aws-id" => {
                let info = &event["additional_info"];
                assert_eq!(info["eventName"], "GetCallerIdentity");
                assert_eq!(info["userIdentity"]["accessKeyId"], token["access_key_id"]);
                assert_eq!(info["sourceIPAddress"], event["src_host"]);
            }
            "aws-s3" => assert_eq!(event["additional_info"]["bucket"], "exports"),
            "credit-card" => {
                let last4 = &token["card_number"].as_str().unwrap()[12..];
                assert!(event["masked_card_number"].as_str().unwrap().ends_with(last4));
            }
            "cloned-web" => assert_eq!(event["original_site"], "login.example.com"),
            "windows-dir" => assert!(event["hostname"].as_str().unwrap().contains(".INI.")),
            "sensitive-cmd" => assert!(event["hostname"].as_str().unwrap().contains(".CMD.")),
            "active-directory-login" => assert_eq!(event["cmd_user_name"], "alice"),
            "http" => {
                assert!(event["headers"]["User-Agent"].as_str().unwrap().contains("Mozilla"));
                assert!(event["geoip"]["country_code"].is_string());
                assert_eq!(event["url"], token["url"]);
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_trigger_can_carry_a_payload() {
    let sim = empty().await;
    let t = id(&sim.create("http", &[]).await);
    let markup = "<script>alert('ua')</script>";
    let body = json!({"canarytoken": t, "src_host": "10.1.2.3",
        "headers": {"User-Agent": markup, "X-Extra": "<b>bold</b>"}});
    let key = Sim::keys(&sim.trigger_with(body).await).remove(0);
    let (_, body) = sim.get("incident/fetch", &[("incident", &key)]).await;
    let event = &body["incident"]["events"][0];
    assert_eq!(
        (&event["headers"]["User-Agent"], &event["headers"]["X-Extra"]),
        (&json!(markup), &json!("<b>bold</b>"))
    );
    assert_eq!((&event["src_host"], &event["geoip"]["valid"]), (&json!("10.1.2.3"), &json!(false)));
    assert!(key.contains(":10.1.2.3:"));
    let (status, _) =
        sim.sim(Method::POST, "trigger", Some(json!({"canarytoken": t, "events": 0}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_demo_has_alerts_with_markup_on_many_kinds() {
    let sim = demo().await;
    let (_, feed) = sim.get("incidents/all", &[]).await;
    let incidents = feed["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 19);
    let text = serde_json::to_string(&feed).unwrap();
    assert!(
        text.contains("<img src=x onerror=alert(1)>")
            && text.contains("<script>alert('ua')</script>")
    );
    let logtypes: std::collections::HashSet<&str> =
        incidents.iter().map(|i| i["description"]["logtype"].as_str().unwrap()).collect();
    assert!(logtypes.len() >= 10, "{logtypes:?}");
    let sources: std::collections::HashSet<&str> =
        incidents.iter().map(|i| i["description"]["src_host"].as_str().unwrap()).collect();
    assert!(sources.len() >= 5, "{sources:?}");
    assert!(incidents.iter().any(|i| i["description"]["acknowledged"] == "True"));
}

#[tokio::test]
async fn search_takes_text_logtype_and_time_filters() {
    let sim = demo().await;
    let all = [("filter_incident_state", "all"), ("limit", "100")];
    let count = |extra: Vec<(&'static str, &'static str)>| {
        let sim = &sim;
        async move {
            let mut params = all.to_vec();
            params.extend(extra);
            let (status, body) = sim.get("incidents/search", &params).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["total_results"].as_u64().unwrap()
        }
    };
    let total = count(vec![]).await;
    assert_eq!(total, 19);
    assert_eq!(count(vec![("filter_str", "intranet wiki")]).await, 3);
    assert_eq!(count(vec![("filter_logtypes", "17000,17012")]).await, 5);
    assert_eq!(count(vec![("newer_than", "2099-01-01-00:00:00")]).await, 0);
    assert_eq!(count(vec![("older_than", "2099-01-01-00:00:00")]).await, total);
    let (status, _) = sim.get("incidents/search", &[("filter_logtypes", "http")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
