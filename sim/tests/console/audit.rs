//! The audit trail: an entry for each change, who made it from where, and its filters.

use crate::support::{Auth, demo, empty, id, key};
use canarytoken_sim::keys::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn entries(body: &Value) -> Vec<Value> {
    body["audit_trail"].as_array().unwrap().clone()
}

#[tokio::test]
async fn changes_are_recorded_newest_first_with_who_and_where() {
    let sim = empty().await;
    let response = sim
        .client
        .post(sim.url("canarytoken/create"))
        .header("X-Canary-Auth-Token", crate::support::admin())
        .header("User-Agent", "Canarytoken Manager test")
        .header("Accept-Language", "en-ZA")
        .header("X-Forwarded-For", "192.0.2.77")
        .form(&[("kind", "http"), ("memo", "wiki")])
        .send()
        .await
        .unwrap();
    let t = id(&response.json::<Value>().await.unwrap()["canarytoken"]);
    sim.post("canarytoken/update", &[("canarytoken", &t), ("memo", "wiki page")]).await;
    sim.post("canarytoken/disable", &[("canarytoken", &t)]).await;
    sim.post("canarytoken/enable", &[("canarytoken", &t)]).await;
    sim.post("flock/move", &[("dest_flock_id", "flock:branch-offices"), ("node_id", &t)]).await;
    let incident = crate::support::Sim::keys(&sim.trigger(&t, 1).await).remove(0);
    let analyst = Auth::Param(key(Role::Analyst));
    sim.json(Method::POST, "incident/acknowledge", analyst, &[("incident", &incident)]).await;
    sim.post("canarytoken/delete", &[("canarytoken", &t), ("clear_incidents", "true")]).await;

    let (status, body) = sim.get("audit_trail/fetch", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let trail = entries(&body);
    let types: Vec<&str> = trail.iter().map(|e| e["action_type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "canarytoken_delete",
            "incident_acknowledge",
            "flock_move",
            "canarytoken_enable",
            "canarytoken_disable",
            "canarytoken_memo_update",
            "canarytoken_create"
        ]
    );
    let created = trail.last().unwrap();
    assert_eq!(created["message"], format!("Created a Web Bug Canarytoken {t}"));
    assert_eq!(
        (
            &created["user"],
            &created["user_ip"],
            &created["user_browser_agent"],
            &created["user_browser_language"]
        ),
        (
            &json!("Default API Key"),
            &json!("192.0.2.77"),
            &json!("Canarytoken Manager test"),
            &json!("en-ZA")
        )
    );
    assert_eq!(created["flock_id"], "flock:default");
    assert!(created["timestamp"].as_str().unwrap().ends_with("UTC+0000"));
    assert!(created["id"].is_u64() && created.get("additional_information").is_some());
    assert_eq!(trail[1]["user"], "SOC analyst key");
    assert_eq!(
        trail[2]["message"],
        format!("Moved Canarytoken {t} from Default Flock to Branch Offices")
    );
    assert_eq!((body["page_number"].as_u64(), body["page_count"].as_u64()), (Some(1), Some(1)));
    assert_eq!(body["cursor"], json!({"next": null, "prev": null}));
}

#[tokio::test]
async fn the_trail_is_filtered_and_paged() {
    let sim = demo().await;
    let (_, everything) = sim.get("audit_trail/fetch", &[("limit", "1000")]).await;
    let total = entries(&everything).len();
    assert!(total >= 30, "the demo's creations are in the trail");
    let (_, first) = sim.get("audit_trail/fetch", &[]).await;
    assert_eq!(entries(&first).len(), 100.min(total));
    let (_, page) = sim.get("audit_trail/fetch", &[("limit", "5")]).await;
    let next = page["cursor"]["next"].as_str().unwrap();
    let (_, second) = sim.get("audit_trail/fetch", &[("cursor", next)]).await;
    assert_eq!(second["page_number"], 2);
    assert_ne!(entries(&second)[0]["id"], entries(&page)[0]["id"]);

    let newest = entries(&page)[0]["id"].as_u64().unwrap();
    let after = (newest - 2).to_string();
    let (_, later) = sim.get("audit_trail/fetch", &[("after_id", &after)]).await;
    assert_eq!(entries(&later).len(), 2);
    let (_, acks) =
        sim.get("audit_trail/fetch", &[("action_filter", "incident_acknowledge")]).await;
    assert!(entries(&acks).iter().all(|e| e["action_type"] == "incident_acknowledge"));
    let some_id =
        entries(&everything)[3]["message"].as_str().unwrap().rsplit(' ').next().unwrap().to_owned();
    let (_, found) = sim.get("audit_trail/fetch", &[("search_term", &some_id)]).await;
    assert!(!entries(&found).is_empty() && entries(&found).len() < total);
    let (_, future) = sim.get("audit_trail/fetch", &[("start_date", "2099-01-01")]).await;
    assert!(entries(&future).is_empty());
    let (_, past) = sim.get("audit_trail/fetch", &[("end_date", "2000-01-01")]).await;
    assert!(entries(&past).is_empty());
    for bad in [vec![("start_date", "01/02/2026")], vec![("after_id", "1"), ("cursor", next)]] {
        let (status, _) = sim.get("audit_trail/fetch", &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
    }
}

#[tokio::test]
async fn read_only_and_deploy_keys_cannot_read_the_trail() {
    let sim = empty().await;
    for (role, status) in [
        (Role::Analyst, StatusCode::OK),
        (Role::ReadOnly, StatusCode::FORBIDDEN),
        (Role::FlockDeploy, StatusCode::FORBIDDEN),
    ] {
        let (got, _) =
            sim.json(Method::GET, "audit_trail/fetch", Auth::Param(key(role)), &[]).await;
        assert_eq!(got, status, "{role:?}");
    }
}
