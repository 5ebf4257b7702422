//! The mailbox flows: Gmail through a Workspace admin, Office 365 through a consent or
//! Exchange credentials, each making one token per mailbox.

use crate::support::{empty, key};
use canarytoken_sim::keys::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn mail_tokens(sim: &crate::support::Sim, kind: &str) -> Vec<Value> {
    let (_, body) = sim.get("canarytokens/search", &[("kind", kind), ("limit", "100")]).await;
    body["canarytokens"].as_array().unwrap().clone()
}

#[tokio::test]
async fn gmail_lists_users_saves_a_template_and_tokens_mailboxes() {
    let sim = empty().await;
    let flock = ("flock_id", "flock:default");
    let (status, body) = sim
        .post(
            "canarytoken/gmail/users/list",
            &[flock, ("domain", "example.com"), ("email", "admin@example.com")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let users = body["users"].as_array().unwrap();
    assert!(users.len() >= 3);
    assert!(
        users.iter().all(
            |u| u["email"].as_str().unwrap().ends_with("@example.com") && u["name"].is_string()
        )
    );
    let (status, _) = sim
        .post(
            "canarytoken/gmail/users/list",
            &[flock, ("domain", "example.com"), ("email", "admin@other.org")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the admin belongs to the domain");
    let (status, _) = sim.post("canarytoken/gmail/users/list", &[flock]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, default) = sim.get("canarytoken/gmail/email", &[flock]).await;
    assert!(default["email_html"].as_str().unwrap().contains("{url}"));
    assert_eq!(default["email_sender"], "security@example.com");
    let template =
        [flock, ("email_html", "<p>Hi {user}, see {url}</p>"), ("email_subject", "Payslip")];
    let (status, saved) = sim.post("canarytoken/gmail/email", &template).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&saved["email_subject"], &saved["domain"]),
        (&json!("Payslip"), &json!("example.com"))
    );
    let (_, read) = sim.get("canarytoken/gmail/email", &[flock]).await;
    assert_eq!(read["email_html"], "<p>Hi {user}, see {url}</p>");
    let (status, _) = sim
        .post(
            "canarytoken/gmail/email",
            &[flock, ("email_html", "no link"), ("email_subject", "s")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the template needs {{url}}");

    let emails = "jordan.smith@example.com, sam.botha@example.com, not-an-address";
    let (status, body) = sim.post("canarytoken/gmail/create", &[flock, ("emails", emails)]).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"result": "success"})));
    let users = json!([{"email": "priya.pillay@example.com", "name": "Priya"}]).to_string();
    sim.post("canarytoken/gmail/create", &[flock, ("users", &users)]).await;
    let (_, status) = sim.get("canarytoken/gmail/status", &[flock]).await;
    assert_eq!(
        (&status["successful"], &status["failed"], &status["total"]),
        (&json!(1), &json!(0), &json!(1))
    );
    let tokens = mail_tokens(&sim, "gmail").await;
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().any(|t| t["email"] == "jordan.smith@example.com"));
    let (status, _) = sim.post("canarytoken/gmail/create", &[flock, ("users", "[oops")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = sim.post("canarytoken/gmail/create", &[("emails", "a@example.com")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "gmail needs the flock");
}

#[tokio::test]
async fn office365_needs_a_consent_granted_in_a_browser() {
    let sim = empty().await;
    let (status, body) = sim.post("canarytoken/office365/users/list", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("initiate"), "{body}");

    let (status, started) = sim.post("canarytoken/office365/initiate", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let state = started["state"].as_str().unwrap();
    let url = started["oauth_url"].as_str().unwrap();
    assert!(url.starts_with(&sim.base) && url.ends_with(&format!("?state={state}")), "{url}");
    let page = sim.client.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Consent granted"));
    let unknown = sim
        .client
        .get(format!("{}/_sim/office365/consent?state=nope", sim.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let (status, body) = sim.post("canarytoken/office365/users/list", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let emails = body["user_emails"].as_array().unwrap();
    assert!(emails.iter().all(|e| e.as_str().unwrap().ends_with("@example.onmicrosoft.com")));
    let first = emails[0].as_str().unwrap();
    let (status, _) = sim.post("canarytoken/office365/create", &[("user_emails", first)]).await;
    assert_eq!(status, StatusCode::OK);
    let tokens = mail_tokens(&sim, "office365mail").await;
    assert_eq!((tokens.len(), &tokens[0]["email"]), (1, &json!(first)));
    let (_, status) = sim.get("canarytoken/office365/status", &[]).await;
    assert_eq!((&status["successful"], &status["total"]), (&json!(1), &json!(1)));
    let (_, template) = sim.get("canarytoken/office365/email", &[]).await;
    assert!(
        template["email_html"].as_str().unwrap().contains("{url}")
            && template.get("domain").is_none()
    );
}

#[tokio::test]
async fn office365_oauth_token_grants_the_signed_in_admins_domain() {
    let sim = empty().await;
    let flock = ("flock_id", "flock:branch-offices");
    let (_, started) = sim.post("canarytoken/office365/initiate", &[flock]).await;
    let state = started["state"].as_str().unwrap();
    let (status, _) = sim
        .post(
            "canarytoken/office365/oauth/token",
            &[("code", "c0de"), ("user_email", "it@contoso.example"), ("state", "other")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = sim
        .post(
            "canarytoken/office365/oauth/token",
            &[("code", "c0de"), ("user_email", "it@contoso.example"), ("state", state)],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = sim.post("canarytoken/office365/users/list", &[flock]).await;
    assert!(body["user_emails"][0].as_str().unwrap().ends_with("@contoso.example"), "{body}");
    let (status, _) = sim.post("canarytoken/office365/users/list", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the consent was for the other flock");
}

#[tokio::test]
async fn exchange_credentials_work_without_a_consent_and_are_never_logged() {
    let sim = empty().await;
    let exchange = [
        ("is_exchange", "true"),
        ("exchange_username", "svc-mail@corp.example"),
        ("exchange_password", "Hunter2-secret"),
    ];
    let (status, body) = sim.post("canarytoken/office365/users/list", &exchange).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["user_emails"][0].as_str().unwrap().ends_with("@corp.example"));
    let mut create = exchange.to_vec();
    create.push(("user_emails", "alex.naidoo@corp.example,sam.botha@corp.example"));
    let (status, _) = sim.post("canarytoken/office365/create", &create).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mail_tokens(&sim, "office365mail").await.len(), 2);
    let (status, _) = sim
        .post(
            "canarytoken/office365/users/list",
            &[("is_exchange", "true"), ("exchange_username", "x@corp.example")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a password is needed");
    let (_, log) = sim.sim(Method::GET, "requests", None).await;
    let text = log.to_string();
    assert!(
        !text.contains("Hunter2-secret") && text.contains("\"exchange_password\":\"<redacted>\"")
    );
}

#[tokio::test]
async fn the_office365_flow_follows_its_feature_flag() {
    let sim = empty().await;
    sim.sim(Method::POST, "features", Some(json!({"features": {"office365_mail_token": false}})))
        .await;
    let (status, body) = sim.post("canarytoken/office365/initiate", &[]).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Supplied kind is not valid."))
    );
    let (_, kinds) = sim.get("canarytokens/list", &[]).await;
    assert!(kinds["canarytokens"].get("office365mail").is_none());
    let analyst = crate::support::Auth::Param(key(Role::Analyst));
    let (status, _) = sim
        .json(Method::POST, "canarytoken/gmail/create", analyst, &[("flock_id", "flock:default")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
