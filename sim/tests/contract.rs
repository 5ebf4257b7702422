//! The contract between the app's Console client and the simulator: every endpoint function of
//! the client (`canarytoken_manager::api::endpoints`) is turned into the exact HTTP request the
//! browser would send, sent to a simulator, and its answer decoded with the client's own types.
//! Both sides follow the reference; if either drifts, this fails.

use canarytoken_manager::api::endpoints::{self as ep, AwsTeardown, NewToken, TokenQuery};
use canarytoken_manager::api::incidents::{AlertFilter, IncidentState};
use canarytoken_manager::api::request::{Body, HttpRequest, Method, Part};
use canarytoken_manager::api::types::Token;
use canarytoken_manager::api::{
    ApiError, ApiKey, AuthStyle, Call, ConsoleUrl, Credentials, RawResponse,
};
use canarytoken_manager::kinds::{self, Creation, Draft, FieldValue, Input};
use canarytoken_sim::keys::{DEMO_KEYS, Role};
use canarytoken_sim::kinds::Made;
use canarytoken_sim::{Config, Seed};
use std::time::Duration;

struct Console {
    base: String,
    http: reqwest::Client,
}

impl Console {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = Config { seed: Seed::Demo, rng_seed: Some(11), ..Config::default() };
        tokio::spawn(canarytoken_sim::serve(listener, config));
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        Self { base, http }
    }

    fn credentials(role: Role, style: AuthStyle) -> Credentials {
        let key = DEMO_KEYS.iter().find(|k| k.role == role).unwrap().key;
        Credentials { key: ApiKey::new(key), style }
    }

    /// Sends `call` as `role` would from the app, and decodes the answer with the app's types.
    async fn send_as<T>(&self, role: Role, style: AuthStyle, call: Call<T>) -> Result<T, ApiError> {
        let http = call
            .request
            .to_http(&ConsoleUrl::parse(&self.base).unwrap(), &Self::credentials(role, style));
        let raw = self.wire(http).await;
        call.decode(raw)
    }

    async fn send<T>(&self, call: Call<T>) -> T {
        let path = call.request.path;
        self.send_as(Role::Admin, AuthStyle::Header, call)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    async fn wire(&self, request: HttpRequest) -> RawResponse {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Form(encoded) => {
                builder.header("content-type", "application/x-www-form-urlencoded").body(encoded)
            }
            Body::Multipart(parts) => {
                let form =
                    parts.into_iter().fold(
                        reqwest::multipart::Form::new(),
                        |form, part| match part {
                            Part::Text(name, value) => form.text(name, value),
                            Part::File(name, file) => form.part(
                                name,
                                reqwest::multipart::Part::bytes(file.bytes.to_vec())
                                    .file_name(file.filename)
                                    .mime_str(&file.content_type)
                                    .unwrap(),
                            ),
                        },
                    );
                builder.multipart(form)
            }
        };
        let response = builder.send().await.expect("simulator answers");
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        RawResponse {
            status: response.status().as_u16(),
            content_type: header("content-type"),
            content_disposition: header("content-disposition"),
            retry_after: header("retry-after"),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }

    async fn create(&self, kind: &str, memo: &str) -> Token {
        let token = NewToken { kind: kind.into(), memo: memo.into(), ..NewToken::default() };
        self.send(ep::create(&token)).await.token
    }

    async fn operator(&self, path: &str, body: serde_json::Value) {
        self.http.post(format!("{}/_sim/{path}", self.base)).json(&body).send().await.unwrap();
    }
}

/// A value the catalog's checks accept, for every kind of input.
fn sample(input: &Input) -> FieldValue {
    use canarytoken_manager::api::Attachment;
    use canarytoken_manager::kinds::Format;
    let file = |name: &str, bytes: &[u8]| {
        FieldValue::File(Some(Attachment {
            filename: name.into(),
            content_type: "application/octet-stream".into(),
            bytes: bytes.into(),
        }))
    };
    match input {
        Input::Url => FieldValue::Text("https://intranet.example.com/".into()),
        Input::Domain => FieldValue::Text("login.example.com".into()),
        Input::Bucket => FieldValue::Text("finance-archive".into()),
        Input::Expiry => FieldValue::Text("12h".into()),
        Input::List { .. } => FieldValue::Text("svc-backup,adm-legacy".into()),
        Input::Select(choices) | Input::Suggest(choices) => {
            FieldValue::Text(choices[0].value.into())
        }
        Input::Checkbox { default } => FieldValue::Flag(*default),
        Input::Text { .. } | Input::Secret => FieldValue::Text(String::new()),
        Input::File(upload) => match upload.formats[0] {
            Format::Png => file("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Format::Jpeg => file("logo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Format::Docx => file("Salaries.docx", b"PK\x03\x04\x14\0\0\0"),
            Format::Xlsx => file("Budget.xlsx", b"PK\x03\x04\x14\0\0\0"),
            Format::Pdf => file("Minutes.pdf", b"%PDF-1.7\n"),
            Format::Exe => file("setup.exe", b"MZ\x90\0\x03\0\0\0"),
        },
    }
}

#[tokio::test]
async fn every_catalog_kind_the_console_offers_is_created_by_the_apps_request() {
    let console = Console::start().await;
    let offered = console.send(ep::list_kinds()).await.kinds;
    let factory_only = console.send(ep::factory_kinds()).await.kinds;
    assert!(offered.len() >= 32);
    for kind in kinds::KINDS {
        let listed = offered.contains_key(kind.id) || factory_only.contains_key(kind.id);
        let mut values: Vec<_> = kind.fields.iter().map(|f| (f.name, sample(&f.input))).collect();
        // Required free-text fields get something the Console takes.
        for (name, value) in &mut values {
            if let FieldValue::Text(t) = value
                && t.is_empty()
                && kind.field(name).is_some_and(|f| f.required)
            {
                *t = if *name == "process_name" {
                    "klist.exe".into()
                } else {
                    "C:\\certs\\azure.pem".into()
                };
            }
        }
        let draft = Draft {
            kind: kind.id.into(),
            memo: format!("contract {}", kind.id),
            values,
            ..Draft::default()
        };
        match (kind.creation, draft.prepare()) {
            (Creation::ConsoleOnly(_) | Creation::MailFlow(_), prepared) => {
                assert!(prepared.is_err(), "{}", kind.id)
            }
            // The reference has some kinds made by the Console's factory or a flow of their
            // own, never by a plain create: the catalog must not offer one for them.
            (Creation::Plain, Ok(_)) if !plainly_made(kind.id) => {
                panic!(
                    "{} is made only by the Console, yet the catalog offers a plain create",
                    kind.id
                )
            }
            (Creation::Plain, Ok(token)) => {
                let created =
                    console.send_as(Role::Admin, AuthStyle::Param, ep::create(&token)).await;
                let created =
                    created.unwrap_or_else(|e| panic!("{} (listed: {listed}): {e}", kind.id)).token;
                assert_eq!((created.kind(), created.memo()), (kind.id, draft.memo.as_str()));
                assert_eq!(created.id().len(), 25);
                if let Some(file) = kind.download {
                    let name = kinds::fallback_filename(kind.id, created.id());
                    let download = console.send(ep::download(created.id(), name)).await;
                    assert!(!download.bytes.is_empty(), "{}", kind.id);
                    let expected_ext = if kind.id == "signed-exe" { "exe" } else { file.ext };
                    assert!(
                        download.filename.ends_with(expected_ext),
                        "{}: {} is not .{}",
                        kind.id,
                        download.filename,
                        file.ext
                    );
                }
            }
            (Creation::Plain, Err(problems)) => panic!("{}: {problems:?}", kind.id),
        }
    }
}

/// Whether the simulator makes this kind through `canarytoken/create`.
fn plainly_made(kind: &str) -> bool {
    canarytoken_sim::kinds::find(kind).is_none_or(|k| k.made == Made::Create)
}

/// The mail flows (reference §4.5) through the app's calls: Gmail's users, create, template
/// and status; Office 365's sign-in, consent, users and create, and the Exchange path.
#[tokio::test]
async fn mail_flows_go_through_the_apps_calls() {
    use canarytoken_manager::api::mail::{self, Exchange, Provider, Template};
    let console = Console::start().await;
    let flock = "flock:default";
    let users = console.send(mail::gmail_users(flock, "corp.example", "admin@corp.example")).await;
    assert_eq!(users.users.len(), 5);
    assert!(users.users.iter().all(|u| u.email.ends_with("@corp.example") && u.name.is_some()));
    let mut chosen = users.users[..2].to_vec();
    chosen.push(mail::MailUser { email: "typed@corp.example".into(), name: None });
    console.send(mail::gmail_create(flock, &chosen)).await;
    let status = console.send(mail::status(Provider::Gmail, Some(flock))).await;
    assert_eq!((status.successful, status.failed, status.total), (Some(3), Some(0), Some(3)));
    let template = Template {
        email_subject: "Payslip".into(),
        email_html: "<p>{user}: {url}</p>".into(),
        email_sender: Some("hr@corp.example".into()),
    };
    console.send(mail::save_template(Provider::Gmail, Some(flock), &template)).await;
    assert_eq!(console.send(mail::template(Provider::Gmail, Some(flock))).await, template);
    let default = console.send(mail::template(Provider::Office365, None)).await;
    assert!(default.has_url());

    let refused = console
        .send_as(Role::Admin, AuthStyle::Header, mail::office365_users(None, None))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("not been granted"), "{refused}");
    let started = console.send(mail::office365_initiate(None)).await;
    assert!(started.state.is_some());
    let consent = started.url.expect("the simulator names its consent page");
    assert_eq!(console.http.get(&consent).send().await.unwrap().status(), 200);
    let listed = console.send(mail::office365_users(None, None)).await.users;
    let emails: Vec<String> = listed.iter().take(2).map(|u| u.email.clone()).collect();
    console.send(mail::office365_create(None, &emails, None)).await;
    let status = console.send(mail::status(Provider::Office365, None)).await;
    assert_eq!(status.total, Some(2));

    let login = Exchange { username: "ex@exchange.example".into(), password: "pw".into() };
    let flock = Some("flock:branch-offices");
    let listed = console.send(mail::office365_users(flock, Some(&login))).await.users;
    assert!(listed.iter().all(|u| u.email.ends_with("@exchange.example")));
    let emails = vec![listed[0].email.clone()];
    console.send(mail::office365_create(flock, &emails, Some(&login))).await;
    assert_eq!(console.send(mail::status(Provider::Office365, flock)).await.successful, Some(1));
}

#[tokio::test]
async fn reads_decode_into_the_apps_types() {
    let console = Console::start().await;
    console.send(ep::ping()).await;
    let all = console.send(ep::fetch_all(None, false)).await.tokens;
    assert!(all.len() >= 20, "demo seed: {}", all.len());
    let with_endpoints = console.send(ep::fetch_all(None, true)).await.tokens;
    assert!(with_endpoints.len() > all.len(), "apeeper factories are included");
    let flocks = console.send(ep::list_flocks()).await.flocks;
    assert!(flocks.contains_key("flock:default") && flocks.len() >= 2);
    let in_flock = console.send(ep::fetch_all(Some("flock:default"), false)).await.tokens;
    assert!(in_flock.iter().all(|t| t.flock_id() == "flock:default") && in_flock.len() < all.len());
    let domains = console.send(ep::user_domains()).await.user_domains;
    assert!(!domains.is_empty());
    let one = console.send(ep::fetch(all[0].id())).await.token.unwrap();
    assert_eq!(one.id(), all[0].id());
}

#[tokio::test]
async fn paging_with_cursors_visits_every_token_once() {
    let console = Console::start().await;
    let total = console.send(ep::fetch_all(None, false)).await.tokens.len();
    for paginate in [true, false] {
        let mut query = TokenQuery { limit: Some(7), ..TokenQuery::default() };
        let mut seen = std::collections::BTreeSet::new();
        loop {
            let page = console
                .send(if paginate { ep::paginate(&query) } else { ep::search(&query) })
                .await;
            for token in &page.tokens {
                assert!(seen.insert(token.id().to_owned()), "{} twice", token.id());
            }
            if !paginate {
                assert_eq!(page.total_results, Some(total as u64));
                assert!(page.tokens.iter().all(|t| t.unacked_alert_count().is_some()));
            }
            match page.cursor.next {
                Some(next) => query.cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen.len(), total, "paginate: {paginate}");
    }
    let disabled = TokenQuery { active: Some(false), limit: Some(100), ..TokenQuery::default() };
    let page = console.send(ep::search(&disabled)).await;
    assert!(!page.tokens.is_empty() && page.tokens.iter().all(|t| !t.enabled()));
    let by_kind =
        TokenQuery { kind: Some("dns".into()), limit: Some(100), ..TokenQuery::default() };
    assert!(console.send(ep::search(&by_kind)).await.tokens.iter().all(|t| t.kind() == "dns"));
}

#[tokio::test]
async fn a_token_lives_and_dies_through_the_apps_calls() {
    let console = Console::start().await;
    let token = console.create("qr-code", "Poster in the lobby").await;
    let id = token.id().to_owned();
    let updated = console.send(ep::update_memo(&id, "Poster by the lifts")).await.token.unwrap();
    assert_eq!(updated.memo(), "Poster by the lifts");
    let redirected = console.send(ep::update_redirect(&id, "https://intranet.example.com/")).await;
    assert_eq!(redirected.token.unwrap().redirect_url(), Some("https://intranet.example.com/"));
    let removed = console.send(ep::remove_redirect(&id)).await;
    assert_eq!(removed.token.unwrap().redirect_url(), None);
    console.send(ep::disable(&id)).await;
    assert!(!console.send(ep::fetch(&id)).await.token.unwrap().enabled());
    console.send(ep::enable(&id)).await;
    assert!(console.send(ep::fetch(&id)).await.token.unwrap().enabled());

    console.operator("trigger", serde_json::json!({"canarytoken": id, "count": 2})).await;
    let of_token = |state| AlertFilter {
        state,
        node_id: Some(token.node_id().to_owned()),
        ..AlertFilter::default()
    };
    let alerts = console.send(ep::search_incidents(&of_token(IncidentState::All), 10, None)).await;
    assert_eq!(alerts.incidents.len(), 2);
    let key = alerts.incidents[0].key().to_owned();
    console.send(ep::acknowledge(&key)).await;
    let open = console.send(ep::incident_feed(&of_token(IncidentState::Unacknowledged), 10, None));
    assert_eq!(open.await.incidents.len(), 1);
    console.send(ep::unacknowledge(&key)).await;
    console.send(ep::delete_incident(&key)).await;
    let left = console.send(ep::search_incidents(&of_token(IncidentState::All), 10, None)).await;
    assert_eq!(left.incidents.len(), 1);
    assert!(!left.incidents[0].acknowledged());

    let refused =
        console.send_as(Role::Admin, AuthStyle::Header, ep::delete(&id, false)).await.unwrap_err();
    assert!(matches!(refused, ApiError::Console { .. }), "{refused:?}");
    console.send(ep::delete(&id, true)).await;
    let gone = console.send_as(Role::Admin, AuthStyle::Header, ep::fetch(&id)).await.unwrap_err();
    assert_eq!(gone.to_string(), "The Console has no such token: it may have been deleted.");
}

#[tokio::test]
async fn clean_up_calls() {
    let console = Console::start().await;
    let domain = console.send(ep::user_domains()).await.user_domains[0].clone();
    let on_domain = NewToken {
        kind: "dns".into(),
        memo: "retired domain".into(),
        custom_domain: Some(domain.clone()),
        ..NewToken::default()
    };
    console.send(ep::create(&on_domain)).await;
    let deleted = console.send(ep::bulk_delete(&[domain], true)).await;
    assert!(deleted.deleted_count >= 1);

    let s3 = NewToken {
        kind: "aws-s3".into(),
        memo: "bucket".into(),
        params: vec![
            ("s3_source_bucket", "watched-bucket".into()),
            ("s3_log_bucket", "watched-logs".into()),
        ],
        ..NewToken::default()
    };
    let s3 = console.send(ep::create(&s3)).await.token;
    let aws = AwsTeardown {
        access_key: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        session_token: None,
        region: "us-east-1".into(),
        delete_buckets: true,
        source_bucket: Some("watched-bucket".into()),
    };
    console.send(ep::remove_s3(s3.id(), &aws)).await;

    let apeeper = console
        .send(ep::fetch_all(None, true))
        .await
        .tokens
        .into_iter()
        .find(|t| t.kind() == "apeeper")
        .unwrap();
    console.send(ep::delete_apeeper_factory(&apeeper.text("hash").unwrap())).await;
}

#[tokio::test]
async fn factory_strings_create_and_download_without_the_key() {
    let console = Console::start().await;
    let factory =
        console.send(ep::create_factory("flock:default", "Laptop imaging")).await.factory_auth;
    assert!(
        console
            .send(ep::list_factories())
            .await
            .factories
            .iter()
            .any(|f| f.factory_auth == factory)
    );
    let token =
        NewToken { kind: "doc-msword".into(), memo: "imaged laptop".into(), ..NewToken::default() };
    let created = console.send(ep::factory_create(&factory, &token)).await.token;
    assert_eq!(created.text("factory_auth").as_deref(), Some(factory.as_str()));
    let file = console.send(ep::factory_download(&factory, created.id(), "x.docx".into())).await;
    assert!(file.bytes.starts_with(b"PK"));
    console.send(ep::delete_factory(&factory)).await;
    let refused =
        console.send_as(Role::Admin, AuthStyle::Header, ep::factory_create(&factory, &token)).await;
    assert!(refused.is_err());
}

#[tokio::test]
async fn roles_are_refused_in_words_the_app_understands() {
    let console = Console::start().await;
    let token = NewToken { kind: "dns".into(), memo: "m".into(), ..NewToken::default() };
    for role in [Role::ReadOnly, Role::Analyst] {
        let refused =
            console.send_as(role, AuthStyle::Header, ep::create(&token)).await.unwrap_err();
        assert!(matches!(refused, ApiError::NoPermission { .. }), "{role:?}: {refused:?}");
        assert!(refused.to_string().starts_with("This API key cannot do that"));
        console.send_as(role, AuthStyle::Param, ep::list_kinds()).await.unwrap();
    }
    let deploy =
        console.send_as(Role::FlockDeploy, AuthStyle::Header, ep::create(&token)).await.unwrap();
    assert_eq!(
        deploy.token.flock_id(),
        DEMO_KEYS.iter().find(|k| k.role == Role::FlockDeploy).unwrap().flock.unwrap()
    );
    let wrong = Credentials { key: ApiKey::new("nope"), style: AuthStyle::Header };
    let http = ep::ping().request.to_http(&ConsoleUrl::parse(&console.base).unwrap(), &wrong);
    assert_eq!(
        ep::ping().decode(console.wire(http).await).unwrap_err(),
        ApiError::InvalidKey { via_header: true }
    );
}
