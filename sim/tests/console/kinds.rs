//! Create, table-driven over every kind the Console knows.

use crate::support::{empty, id, sample_file, sample_value};
use canarytoken_sim::kinds::{Check, KINDS, Kind, Made};
use reqwest::StatusCode;
use serde_json::{Value, json};

type Params<'a> = &'a [(&'a str, &'a str)];

fn needs_something(kind: &Kind) -> bool {
    kind.params.iter().any(|p| p.required) || kind.file.as_ref().is_some_and(|f| f.required)
}

#[tokio::test]
async fn the_catalogues_list_the_reference_kinds() {
    let sim = empty().await;
    let (_, body) = sim.get("canarytokens/list", &[]).await;
    let listed = body["canarytokens"].as_object().unwrap();
    assert_eq!(listed.len(), 33);
    assert_eq!(listed["wireguard"], "WireGuard VPN");
    assert_eq!(listed["tokenfactory"], "Canarytoken Factory");
    assert!(!listed.contains_key("sql") && !listed.contains_key("idp-app"));
    let (_, body) = sim.get("canarytokens/factory/list", &[]).await;
    let factory = body["factory_canarytokens"].as_object().unwrap();
    assert_eq!(factory.len(), 34);
    assert!(factory.contains_key("sql") && factory.contains_key("svn"));
    assert!(!factory.contains_key("tokenfactory"), "a factory cannot mint a factory");
}

#[tokio::test]
async fn each_kind_needs_exactly_its_required_parameters() {
    let sim = empty().await;
    for kind in KINDS {
        let (status, body) =
            sim.post("canarytoken/create", &[("kind", kind.id), ("memo", "bare")]).await;
        match kind.made {
            Made::Flow(path) => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{}", kind.id);
                assert!(body["message"].as_str().unwrap().contains(path), "{body}");
            }
            Made::Factory => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{}", kind.id);
                assert!(body["message"].as_str().unwrap().contains("factory"), "{body}");
            }
            _ if needs_something(kind) => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{}: {body}", kind.id);
                assert_eq!(body["message"], "Could not process the parameters");
            }
            _ => assert_eq!(status, StatusCode::OK, "{}: {body}", kind.id),
        }
    }
}

#[tokio::test]
async fn each_kind_echoes_its_parameters_when_all_are_given() {
    let sim = empty().await;
    for kind in KINDS.iter().filter(|k| k.made == Made::Create) {
        let mut params = vec![("kind", kind.id), ("memo", "full")];
        params.extend(kind.params.iter().map(|p| (p.name, sample_value(p.name))));
        let files: Vec<_> = kind
            .file
            .iter()
            .map(|f| {
                let (filename, bytes) = sample_file(f.name);
                (f.name, filename, bytes)
            })
            .collect();
        let (status, body) = sim.create_multipart(&params, &files).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", kind.id);
        let token = &body["canarytoken"];
        assert_eq!(token["kind"], kind.id);
        for param in kind.params.iter().filter(|p| p.name != "aws_id_username") {
            let expected = match param.check {
                Check::Bool => json!(false),
                _ => json!(sample_value(param.name)),
            };
            assert_eq!(token[param.name], expected, "{} {}", kind.id, param.name);
        }
    }
}

#[tokio::test]
async fn tokens_have_the_console_shape() {
    let sim = empty().await;
    let token = sim.create("http", &[]).await;
    let id = token["canarytoken"].as_str().unwrap();
    assert_eq!(id.len(), 25);
    assert!(id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()));
    let created = token["created"].as_str().expect("created is a string");
    assert!(created.parse::<f64>().unwrap() > 1.7e9);
    let printable = token["created_printable"].as_str().unwrap();
    assert!(printable.ends_with(" (UTC)") && printable.len() == 25, "{printable}");
    assert_eq!(token["node_id"], id);
    assert_eq!(token["hostname"], format!("{id}.d3m05e1f.o3n.io"));
    assert!(token["url"].as_str().unwrap().contains(id));
    assert!(token["key"].is_string());
    assert_eq!(token["enabled"], true);
    assert_eq!(token["flock_id"], "flock:default");
    assert_eq!(token["triggered_count"], 0);
    assert!(token["updated_id"].is_u64());
    assert_eq!(token["browser_scanner_enabled"], true);
    assert_eq!(token["memo"], "test token");
    assert!(token.get("custom_domain").is_none() && token.get("factory_auth").is_none());
}

#[tokio::test]
async fn kinds_carry_their_generated_fields() {
    let sim = empty().await;
    let aws = sim.create("aws-id", &[]).await;
    let key_id = aws["access_key_id"].as_str().unwrap();
    assert!(key_id.starts_with("AKIA") && key_id.len() == 20);
    let secret = aws["secret_access_key"].as_str().unwrap();
    assert_eq!(secret.len(), 40);
    assert!(aws["username"].is_string());
    let render = aws["renders"]["aws-id"].as_str().unwrap();
    assert!(render.contains(key_id) && render.contains(secret) && render.contains("[default]"));

    let cloned = sim.create("cloned-web", &[("cloned_web", "example.com")]).await;
    let js = cloned["renders"]["cloned-web"].as_str().unwrap();
    assert!(
        js.starts_with("<script>")
            && js.contains("\"example.com\"")
            && js.contains(cloned["url"].as_str().unwrap())
    );

    let wg = sim.create("wireguard", &[]).await;
    let conf = wg["renders"]["wg_conf"].as_str().unwrap();
    assert!(
        conf.starts_with("[Interface]\nPrivateKey = ")
            && conf.contains(wg["hostname"].as_str().unwrap())
    );

    let qr = sim.create("qr-code", &[]).await;
    let data = qr["qr_code"].as_str().unwrap().strip_prefix("data:image/png;base64,").unwrap();
    use base64::prelude::{BASE64_STANDARD, Engine as _};
    assert!(BASE64_STANDARD.decode(data).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(qr.get("browser_redirect_url").is_none());

    let azure = sim.create("azure-id", &[("azure_id_cert_file_name", "cert.pem")]).await;
    assert_eq!(azure["app_id"].as_str().unwrap().len(), 36);
    assert_eq!(azure["tenant_id"].as_str().unwrap().len(), 36);

    let card = sim.create("credit-card", &[]).await;
    assert_eq!(card["card_number"].as_str().unwrap().len(), 16);
    assert_eq!(card["cvv"].as_str().unwrap().len(), 3);

    let dump = sim.create("mysql-dump", &[]).await;
    assert_eq!(dump["industry"], "corporate");
    let css = sim.create("cloned-css", &[("expected_referrer", "https://a.example")]).await;
    assert!(css["renders"]["cloned-css"].as_str().unwrap().contains(css["url"].as_str().unwrap()));
    let idp = sim.create("idp-app", &[("idp_app_type", "zoom")]).await;
    assert_eq!(idp["entity_id"], idp["url"]);
}

#[tokio::test]
async fn bad_parameter_values_are_refused() {
    let sim = empty().await;
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "cloned-web",
            "cloned_web",
            "localhost",
            "Could not process the parameters. cloned_web is invalid, not enough domain labels",
        ),
        (
            "fast-redirect",
            "browser_redirect_url",
            "ftp://example.com",
            "Could not process the parameters. browser_redirect_url is invalid",
        ),
        (
            "slow-redirect",
            "browser_redirect_url",
            "example.com",
            "Could not process the parameters. browser_redirect_url is invalid",
        ),
        (
            "idp-app",
            "idp_app_type",
            "myspace",
            "Could not process the parameters. idp_app_type is invalid",
        ),
        ("aws-id", "expiry", "12m", "Could not process the parameters. expiry is invalid"),
        (
            "mysql-dump",
            "industry",
            "mining",
            "Could not process the parameters. industry is invalid",
        ),
        (
            "active-directory-login",
            "tokened_usernames",
            "alice,,bob",
            "Could not process the parameters. tokened_usernames is invalid",
        ),
        (
            "http",
            "browser_scanner_enabled",
            "maybe",
            "Could not process the parameters. browser_scanner_enabled must be true or false",
        ),
        (
            "http",
            "custom_domain",
            "evil.example.org",
            "Could not process the parameters. custom_domain is not one of the Console's custom domains",
        ),
        ("http", "flock_id", "flock:nope", "Flock does not exist."),
    ];
    for (kind, param, value, message) in cases {
        let (status, body) =
            sim.post("canarytoken/create", &[("kind", kind), ("memo", "m"), (param, value)]).await;
        assert!(status.is_client_error(), "{kind} {param}: {body}");
        assert_eq!(body["message"], *message, "{kind} {param}");
    }
    let partial_aws = [
        ("kind", "aws-s3"),
        ("memo", "m"),
        ("s3_source_bucket", "a"),
        ("s3_log_bucket", "b"),
        ("aws_access_key", "AKIA"),
    ];
    let (status, _) = sim.post("canarytoken/create", &partial_aws).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn uploads_are_recognised_by_their_first_bytes() {
    let sim = empty().await;
    let gif = b"GIF89a\x01\0".to_vec();
    let cases = [
        ("web-image", "web_image", "a.gif", gif.clone(), "is not a PNG or JPEG image"),
        ("doc-msword", "doc", "a.docx", b"%PDF-1.4".to_vec(), "is not a .docx document"),
        ("pdf-acrobat-reader", "pdf", "a.pdf", b"PK\x03\x04".to_vec(), "is not a PDF document"),
        ("signed-exe", "exe", "a.exe", b"#!/bin/sh".to_vec(), "is not a Windows executable"),
    ];
    for (kind, field, filename, bytes, problem) in cases {
        let (status, body) = sim
            .create_multipart(&[("kind", kind), ("memo", "m")], &[(field, filename, bytes)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}");
        assert_eq!(body["message"], format!("Could not process the parameters. {field} {problem}"));
    }
    let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF".to_vec();
    let (status, _) = sim
        .create_multipart(&[("kind", "web-image"), ("memo", "m")], &[("web_image", "a.jpg", jpeg)])
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn kind_and_memo_are_checked_first() {
    let sim = empty().await;
    let memo_max = "é".repeat(10_000);
    let too_long = "a".repeat(10_001);
    let cases: &[(Params, StatusCode, &str)] = &[
        (&[("memo", "m")], StatusCode::BAD_REQUEST, "Could not process the parameters"),
        (
            &[("kind", "ms_word"), ("memo", "m")],
            StatusCode::BAD_REQUEST,
            "Supplied kind is not valid.",
        ),
        (&[("kind", "dns")], StatusCode::BAD_REQUEST, "Empty memo"),
        (&[("kind", "dns"), ("memo", "")], StatusCode::BAD_REQUEST, "Empty memo"),
        (&[("kind", "dns"), ("memo", "   ")], StatusCode::BAD_REQUEST, "Empty memo"),
        (
            &[("kind", "dns"), ("memo", &too_long)],
            StatusCode::BAD_REQUEST,
            "Memo longer than maximum (10000 characters).",
        ),
    ];
    for (params, status, message) in cases {
        let (got, body) = sim.post("canarytoken/create", params).await;
        assert_eq!(
            (got, body["message"].as_str().unwrap_or_default()),
            (*status, *message),
            "{params:?}"
        );
    }
    let token = sim.create("dns", &[("memo", &memo_max)]).await;
    assert_eq!(token["memo"].as_str().unwrap().chars().count(), 10_000);
}

#[tokio::test]
async fn custom_domains_move_the_token() {
    let sim = empty().await;
    let (_, body) = sim.get("settings/canarytokens/user_domains/list", &[]).await;
    let domains: Vec<Value> = body["user_domains"].as_array().unwrap().clone();
    assert_eq!(domains.len(), 2);
    let domain = domains[0].as_str().unwrap();
    let token = sim.create("dns", &[("custom_domain", domain)]).await;
    assert_eq!(token["custom_domain"], domain);
    assert!(token["hostname"].as_str().unwrap().ends_with(&format!(".{domain}")));
    assert!(token["url"].as_str().unwrap().starts_with(&format!("http://{domain}/")));
}

#[tokio::test]
async fn flocks_are_listed() {
    let sim = empty().await;
    let (_, body) = sim.get("flocks/list", &[]).await;
    assert_eq!(
        body["flocks"],
        json!({"flock:default": "Default Flock", "flock:branch-offices": "Branch Offices"})
    );
    let token = sim.create("dns", &[("flock_id", "flock:branch-offices")]).await;
    assert_eq!(token["flock_id"], "flock:branch-offices");
}

#[tokio::test]
async fn skip_create_if_exists_returns_the_token_of_the_same_kind_memo_and_flock() {
    let sim = empty().await;
    let first = sim.create("dns", &[("memo", "hosts file")]).await;
    let skip = ("skip_create_if_exists", "true");
    let again = sim.create("dns", &[("memo", "hosts file"), skip]).await;
    assert_eq!(again, first, "the existing token, unchanged");
    let other_kind = sim.create("http", &[("memo", "hosts file"), skip]).await;
    let other_flock = sim
        .create("dns", &[("memo", "hosts file"), ("flock_id", "flock:branch-offices"), skip])
        .await;
    let without = sim.create("dns", &[("memo", "hosts file")]).await;
    let ids: std::collections::HashSet<String> =
        [&first, &other_kind, &other_flock, &without].iter().map(|t| id(t)).collect();
    assert_eq!(ids.len(), 4);
    let (_, audit) = sim.get("audit_trail/fetch", &[("action_filter", "canarytoken_create")]).await;
    assert_eq!(
        audit["audit_trail"].as_array().unwrap().len(),
        4,
        "a skipped create is not recorded"
    );
    let (status, _) = sim
        .post(
            "canarytoken/create",
            &[("kind", "dns"), ("memo", "m"), ("skip_create_if_exists", "perhaps")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn factory_made_kinds_and_the_factory_kind_refuse_a_plain_create() {
    let sim = empty().await;
    for (kind, hint) in [
        ("autoreg-google-docs", "/canarytoken/factory/create"),
        ("autoreg-google-sheets", "/canarytoken/factory/create"),
        ("tokenfactory", "/canarytoken/create_factory"),
        ("gmail", "/canarytoken/gmail/create"),
    ] {
        let (status, body) = sim.post("canarytoken/create", &[("kind", kind), ("memo", "m")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{kind}");
        assert!(body["message"].as_str().unwrap().contains(hint), "{kind}: {body}");
    }
    let (_, factory) = sim
        .post("canarytoken/create_factory", &[("flock_id", "flock:default"), ("memo", "f")])
        .await;
    let auth = crate::support::Auth::Factory(factory["factory_auth"].as_str().unwrap());
    let (status, body) = sim
        .json(
            reqwest::Method::POST,
            "canarytoken/factory/create",
            auth,
            &[("kind", "autoreg-google-docs"), ("memo", "m")],
        )
        .await;
    assert_eq!(
        (status, &body["canarytoken"]["kind"]),
        (StatusCode::OK, &json!("autoreg-google-docs"))
    );
}

#[tokio::test]
async fn google_documents_can_be_shared_with_an_address() {
    let sim = empty().await;
    let token =
        sim.create("google-sheets", &[("google_share_email_addr", "cfo@example.com")]).await;
    assert_eq!(token["google_share_email_addr"], "cfo@example.com");
    let (status, _) = sim
        .post(
            "canarytoken/create",
            &[("kind", "google-docs"), ("memo", "m"), ("google_share_email_addr", "cfo")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let pwa = sim.create("pwa", &[("pwa_icon", "bumble"), ("pwa_app_name", "Dates")]).await;
    assert_eq!(pwa["pwa_icon"], "bumble");
}
