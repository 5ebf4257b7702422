use crate::support::{Auth, admin, demo, empty, id, key};
use canarytoken_sim::keys::Role;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn the_key_works_as_header_or_parameter() {
    let sim = empty().await;
    for auth in [Auth::Header(admin()), Auth::Param(admin())] {
        let (status, body) = sim.json(Method::GET, "ping", auth, &[]).await;
        assert_eq!((status, body), (StatusCode::OK, serde_json::json!({"result": "success"})));
    }
}

#[tokio::test]
async fn refusals_are_worded_after_where_the_key_came_from() {
    let sim = empty().await;
    let cases = [
        (Auth::Header("nope"), "Unauthorized"),
        (Auth::Param("nope"), "Invalid auth_token"),
        (Auth::None, "Invalid auth_token"),
    ];
    for (auth, message) in cases {
        let (status, body) = sim.json(Method::GET, "ping", auth, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["result"], "error");
        assert_eq!(body["message"], message);
    }
}

#[tokio::test]
async fn the_header_is_taken_before_the_parameter() {
    let sim = empty().await;
    let response = sim
        .client
        .get(sim.url("ping"))
        .header("x-canary-auth-token", "wrong")
        .query(&[("auth_token", admin())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Unauthorized");
}

#[tokio::test]
async fn unknown_endpoints_and_wrong_methods_are_refused_after_auth() {
    let sim = empty().await;
    let (status, _) = sim.get("no/such/thing", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = sim.json(Method::GET, "no/such/thing", Auth::None, &[]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("Invalid auth_token"))
    );
    let (status, _) = sim.get("canarytoken/create", &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

/// A method, path and parameters, and whether admin, analyst, read-only and flock deploy
/// keys may make that call.
type Case<'a> = (Method, &'a str, Vec<(&'a str, &'a str)>, [bool; 4]);

/// Each endpoint with parameters good enough for an admin, and which roles may call it.
/// Columns: admin, analyst, read-only, flock deploy.
#[tokio::test]
async fn every_role_reaches_exactly_its_endpoints() {
    let sim = demo().await;
    let (_, body) = sim
        .get(
            "canarytokens/search",
            &[("flock_id", "flock:branch-offices"), ("kind", "windows-dir")],
        )
        .await;
    let own = id(&body["canarytokens"][0]);
    let (_, body) = sim.get("incidents/search", &[]).await;
    let incident = body["incidents"][0]["key"].as_str().unwrap().to_owned();
    let hash = canarytoken_sim::seed::APEEPER_HASHES[0];
    let t = own.as_str();
    let i = incident.as_str();
    let gmail = vec![("flock_id", "flock:default")];
    let cases: &[Case] = &[
        (Method::GET, "ping", vec![], [true, true, true, true]),
        (Method::GET, "canarytokens/list", vec![], [true, true, true, true]),
        (Method::GET, "canarytokens/factory/list", vec![], [true, true, true, true]),
        (Method::GET, "canarytokens/fetch", vec![], [true, true, true, false]),
        (Method::GET, "canarytokens/paginate", vec![], [true, true, true, false]),
        (Method::GET, "canarytokens/search", vec![], [true, true, true, false]),
        (Method::GET, "canarytoken/fetch", vec![("canarytoken", t)], [true, true, true, false]),
        (Method::GET, "flocks/list", vec![], [true, true, true, false]),
        (Method::GET, "settings/canarytokens/user_domains/list", vec![], [true, true, true, false]),
        (Method::GET, "incidents/search", vec![], [true, true, true, false]),
        (Method::GET, "incidents/all", vec![], [true, true, true, false]),
        (Method::GET, "incidents/unacknowledged", vec![], [true, true, true, false]),
        (Method::GET, "incidents/acknowledged", vec![], [true, true, true, false]),
        (Method::GET, "incident/fetch", vec![("incident", i)], [true, true, true, false]),
        (Method::GET, "console/features", vec![], [true, true, true, true]),
        (Method::GET, "audit_trail/fetch", vec![], [true, true, false, false]),
        (Method::GET, "canarytoken/gmail/status", gmail.clone(), [true, true, true, false]),
        (Method::GET, "canarytoken/gmail/email", gmail.clone(), [true, true, true, false]),
        (Method::GET, "canarytoken/office365/status", vec![], [true, true, true, false]),
        (Method::GET, "canarytoken/office365/email", vec![], [true, true, true, false]),
        (Method::POST, "incident/acknowledge", vec![("incident", i)], [true, true, false, false]),
        (Method::POST, "incident/unacknowledge", vec![("incident", i)], [true, true, false, false]),
        (Method::POST, "incidents/acknowledge", vec![("node_id", t)], [true, true, false, false]),
        (Method::POST, "incidents/unacknowledge", vec![("node_id", t)], [true, true, false, false]),
        (Method::DELETE, "incidents/delete", vec![("node_id", t)], [true, true, false, false]),
        (Method::DELETE, "incident/delete", vec![("incident", i)], [true, true, false, false]),
        (
            Method::POST,
            "canarytoken/gmail/users/list",
            vec![
                ("flock_id", "flock:default"),
                ("domain", "example.com"),
                ("email", "a@example.com"),
            ],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/gmail/email",
            vec![("flock_id", "flock:default"), ("email_html", "{url}"), ("email_subject", "s")],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/gmail/create",
            vec![("flock_id", "flock:default"), ("emails", "a@example.com")],
            [true, false, false, false],
        ),
        (Method::POST, "canarytoken/office365/initiate", vec![], [true, false, false, false]),
        (
            Method::POST,
            "flock/move",
            vec![("dest_flock_id", "flock:branch-offices"), ("node_id", t)],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/create",
            vec![("kind", "dns"), ("memo", "m")],
            [true, false, false, true],
        ),
        (Method::GET, "canarytoken/download", vec![("canarytoken", t)], [true, false, false, true]),
        (
            Method::POST,
            "canarytoken/update",
            vec![("canarytoken", t), ("memo", "m")],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/disable",
            vec![("canarytoken", t)],
            [true, false, false, false],
        ),
        (Method::POST, "canarytoken/enable", vec![("canarytoken", t)], [true, false, false, false]),
        (
            Method::POST,
            "canarytoken/update/redirect_url",
            vec![("canarytoken", t)],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/remove/redirect_url",
            vec![("canarytoken", t)],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/remove/s3",
            vec![("canarytoken", t)],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytokens/delete",
            vec![("domains", "nowhere.example")],
            [true, false, false, false],
        ),
        (
            Method::POST,
            "canarytoken/create_factory",
            vec![("flock_id", "flock:default"), ("memo", "m")],
            [true, false, false, false],
        ),
        (Method::GET, "canarytoken/list_factories", vec![], [true, false, false, false]),
        (
            Method::DELETE,
            "canarytoken/delete_factory",
            vec![("factory_auth", "none")],
            [true, false, false, false],
        ),
        (Method::POST, "apeeperfactory/delete", vec![("hash", hash)], [true, false, false, false]),
        (Method::POST, "canarytoken/delete", vec![("canarytoken", t)], [true, false, false, false]),
    ];
    // Non-admins first, so that the admin's deletions come last.
    for (column, role) in
        [(1, Role::Analyst), (2, Role::ReadOnly), (3, Role::FlockDeploy), (0, Role::Admin)]
    {
        for (method, path, params, allowed) in cases {
            let response = sim.send(method.clone(), path, Auth::Param(key(role)), params).await;
            let status = response.status();
            // A download that is allowed answers with the file, not JSON.
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            if allowed[column] {
                assert_ne!(status, StatusCode::FORBIDDEN, "{role:?} {path}: {body}");
                assert!(
                    !body["message"].as_str().unwrap_or_default().contains("permission"),
                    "{role:?} {path}: {body}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {path}: {body}");
                assert_eq!(body["result"], "error");
                assert!(body["message"].as_str().unwrap().contains("permission"), "{body}");
            }
        }
    }
}

#[tokio::test]
async fn a_deploy_key_creates_and_downloads_in_its_own_flock_only() {
    let sim = demo().await;
    let deploy = Auth::Header(key(Role::FlockDeploy));
    let (status, body) = sim
        .json(Method::POST, "canarytoken/create", deploy, &[("kind", "windows-dir"), ("memo", "m")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["canarytoken"]["flock_id"], "flock:branch-offices");
    let own = id(&body["canarytoken"]);
    let params = [("kind", "dns"), ("memo", "m"), ("flock_id", "flock:default")];
    let (status, body) = sim.json(Method::POST, "canarytoken/create", deploy, &params).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("permission"));
    let response =
        sim.send(Method::GET, "canarytoken/download", deploy, &[("canarytoken", &own)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let other = sim.create("windows-dir", &[]).await;
    let (status, body) = sim
        .json(Method::GET, "canarytoken/download", deploy, &[("canarytoken", &id(&other))])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("permission"));
}
