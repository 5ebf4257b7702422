//! The mailbox kinds' own flows (reference §4.5 and §12 "Mail-token flows"): Gmail through a
//! Google Workspace admin, Office 365 through a Microsoft sign-in or Exchange credentials.
//! Each flow lists the organisation's mailboxes, makes one token per mailbox named, keeps one
//! mail template per flock and reports how its last create went. None of this is
//! `canarytoken/create`, which refuses these kinds.
//!
//! The documentation gives no example answers for these endpoints, so every answer is read
//! loosely: counts as numbers or strings, users as objects or bare addresses, lists missing.

use super::loose;
use super::request::ApiRequest;
use super::response::Call;
use super::types::Ack;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value, json};

/// Which mail provider a flow talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Gmail,
    Office365,
}

impl Provider {
    pub const ALL: [Provider; 2] = [Provider::Gmail, Provider::Office365];

    /// The kind its tokens have.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Gmail => "gmail",
            Self::Office365 => "office365mail",
        }
    }

    /// Its name in the app's addresses (`#mail/gmail`) and in the Console's paths.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Gmail => "gmail",
            Self::Office365 => "office365",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Gmail => "Gmail",
            Self::Office365 => "Office 365",
        }
    }

    /// `canarytoken/<provider>/email`: the mail template.
    fn email_path(self) -> &'static str {
        match self {
            Self::Gmail => "/canarytoken/gmail/email",
            Self::Office365 => "/canarytoken/office365/email",
        }
    }

    /// `canarytoken/<provider>/status`: how the last create went.
    fn status_path(self) -> &'static str {
        match self {
            Self::Gmail => "/canarytoken/gmail/status",
            Self::Office365 => "/canarytoken/office365/status",
        }
    }
}

/// One mailbox of the organisation: its address and, where the Console says, its owner's name
/// (which a Gmail template's `{user}` receives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailUser {
    pub email: String,
    pub name: Option<String>,
}

impl MailUser {
    /// A bare address (text), or an object naming one (`email`, or Google's `primaryEmail`) with a
    /// name as text or as Google's `{fullName}`.
    fn read(value: &Value) -> Option<Self> {
        let (email, name) = match value {
            Value::Object(user) => {
                let email = ["email", "primaryEmail", "user_email", "address"]
                    .iter()
                    .find_map(|k| user.get(*k)?.as_str().map(str::to_owned));
                let name = ["name", "full_name", "display_name", "displayName"]
                    .iter()
                    .find_map(|k| user.get(*k))
                    .and_then(|n| {
                        loose::text(n).or_else(|| n.get("fullName")?.as_str().map(Into::into))
                    });
                (email?, name)
            }
            other => (other.as_str()?.to_owned(), None),
        };
        let email = email.trim().to_owned();
        let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        (!email.is_empty()).then_some(Self { email, name })
    }
}

/// `users/list`: Gmail answers `users` (objects), Office 365 `user_emails` (addresses). Either
/// key is read for either provider; a list that is missing or `null` is empty, and an address
/// listed twice is kept once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mailboxes {
    pub users: Vec<MailUser>,
}

impl<'de> Deserialize<'de> for Mailboxes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let answer = Value::deserialize(d)?;
        let list = ["users", "user_emails", "emails"]
            .iter()
            .find_map(|k| answer.get(*k).filter(|v| !v.is_null()));
        let items = match list {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        let mut users: Vec<MailUser> = Vec::new();
        for user in items.into_iter().filter_map(MailUser::read) {
            if !users.iter().any(|u| u.email.eq_ignore_ascii_case(&user.email)) {
                users.push(user);
            }
        }
        Ok(Self { users })
    }
}

/// The mail each mailbox receives: `{url}` in the HTML becomes the token's URL (and, for
/// Gmail, `{user}` the owner's name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Template {
    pub email_subject: String,
    pub email_html: String,
    /// Gmail only: the sender's address (the Console's default when absent).
    pub email_sender: Option<String>,
}

impl Template {
    /// The placeholder the token's URL replaces; a template without it would send mail that
    /// cannot fire.
    pub const URL: &'static str = "{url}";

    pub fn has_url(&self) -> bool {
        self.email_html.contains(Self::URL)
    }
}

impl<'de> Deserialize<'de> for Template {
    /// The fields at the top of the answer, or inside an `email` or `template` object.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let answer = Value::deserialize(d)?;
        let fields = |o: &Map<String, Value>| {
            ["email_html", "email_subject"].iter().any(|k| o.contains_key(*k))
        };
        let at = answer.as_object().filter(|o| fields(o)).or_else(|| {
            ["email", "template"]
                .iter()
                .find_map(|k| answer.get(*k)?.as_object().filter(|o| fields(o)))
        });
        let text = |k: &str| at.and_then(|o| o.get(k)).and_then(loose::text);
        Ok(Self {
            email_subject: text("email_subject").unwrap_or_default(),
            email_html: text("email_html").unwrap_or_default(),
            email_sender: text("email_sender").filter(|s| !s.trim().is_empty()),
        })
    }
}

/// `status`: successful, failed and total mailboxes of the last create, as numbers or
/// strings; a count the Console did not send is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MailStatus {
    #[serde(default, alias = "successful_users", deserialize_with = "loose::de_opt_count")]
    pub successful: Option<u64>,
    #[serde(default, alias = "failed_users", deserialize_with = "loose::de_opt_count")]
    pub failed: Option<u64>,
    #[serde(default, alias = "total_users", deserialize_with = "loose::de_opt_count")]
    pub total: Option<u64>,
}

/// `office365/initiate`: the `state` of the sign-in started and, where the Console gives one
/// (the simulator does; the documentation names none), the address of Microsoft's consent
/// page. The address is shown as a link only if it is a web address (see the mail screen).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SignIn {
    #[serde(default, deserialize_with = "loose::de_opt_string")]
    pub state: Option<String>,
    #[serde(
        default,
        rename = "oauth_url",
        alias = "consent_url",
        alias = "auth_url",
        alias = "url",
        deserialize_with = "loose::de_opt_string"
    )]
    pub url: Option<String>,
}

/// Exchange credentials for Office 365 without a Microsoft sign-in: sent with the one call
/// that needs them, never stored; `Debug` leaves the password out.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Exchange({})", self.username)
    }
}

fn with_exchange(request: ApiRequest, exchange: Option<&Exchange>) -> ApiRequest {
    match exchange {
        Some(login) => request
            .param("is_exchange", "true")
            .param("exchange_username", login.username.clone())
            .param("exchange_password", login.password.clone()),
        None => request,
    }
}

/// `POST /canarytoken/gmail/users/list`: the Workspace `domain`'s users, read through its
/// admin `email`.
pub fn gmail_users(flock_id: &str, domain: &str, email: &str) -> Call<Mailboxes> {
    Call::json(
        ApiRequest::post("/canarytoken/gmail/users/list")
            .param("flock_id", flock_id)
            .param("domain", domain)
            .param("email", email),
    )
}

/// `POST /canarytoken/gmail/create`: a token in each mailbox. When any of them has a name
/// (users chosen from the list), they go as `users`, JSON `[{"email", "name"}]`, so that the
/// template's `{user}` is filled (an address typed by hand has an empty name); otherwise as
/// `emails`, a comma list.
pub fn gmail_create(flock_id: &str, mailboxes: &[MailUser]) -> Call<Ack> {
    let request = ApiRequest::post("/canarytoken/gmail/create").param("flock_id", flock_id);
    let request = if mailboxes.iter().any(|m| m.name.is_some()) {
        let users: Vec<Value> = mailboxes
            .iter()
            .map(|m| json!({"email": m.email, "name": m.name.as_deref().unwrap_or_default()}))
            .collect();
        request.param("users", Value::Array(users).to_string())
    } else {
        let emails: Vec<&str> = mailboxes.iter().map(|m| m.email.as_str()).collect();
        request.param("emails", emails.join(","))
    };
    Call::json(request)
}

/// `POST /canarytoken/office365/initiate`: starts the Microsoft sign-in that lets the Console
/// read the organisation's mailboxes.
pub fn office365_initiate(flock_id: Option<&str>) -> Call<SignIn> {
    Call::json(ApiRequest::post("/canarytoken/office365/initiate").opt_param("flock_id", flock_id))
}

/// `POST /canarytoken/office365/users/list`: the mailboxes, through the sign-in granted for the
/// flock or through `exchange` credentials.
pub fn office365_users(flock_id: Option<&str>, exchange: Option<&Exchange>) -> Call<Mailboxes> {
    let request =
        ApiRequest::post("/canarytoken/office365/users/list").opt_param("flock_id", flock_id);
    Call::json(with_exchange(request, exchange))
}

/// `POST /canarytoken/office365/create`: a token in each of `user_emails`.
pub fn office365_create(
    flock_id: Option<&str>,
    user_emails: &[String],
    exchange: Option<&Exchange>,
) -> Call<Ack> {
    let request = ApiRequest::post("/canarytoken/office365/create")
        .opt_param("flock_id", flock_id)
        .param("user_emails", user_emails.join(","));
    Call::json(with_exchange(request, exchange))
}

/// `GET /canarytoken/<provider>/email`: the flock's template (the Console's default until one
/// is saved).
pub fn template(provider: Provider, flock_id: Option<&str>) -> Call<Template> {
    Call::json(ApiRequest::get(provider.email_path()).opt_param("flock_id", flock_id))
}

/// `POST /canarytoken/<provider>/email`: saves the flock's template. Whether the answer
/// repeats it is not documented; nothing in it is read.
pub fn save_template(provider: Provider, flock_id: Option<&str>, template: &Template) -> Call<Ack> {
    let sender = template.email_sender.clone().filter(|s| !s.trim().is_empty());
    Call::json(
        ApiRequest::post(provider.email_path())
            .opt_param("flock_id", flock_id)
            .param("email_html", template.email_html.clone())
            .param("email_subject", template.email_subject.clone())
            .opt_param("email_sender", sender),
    )
}

/// `GET /canarytoken/<provider>/status`: how the flock's last create went.
pub fn status(provider: Provider, flock_id: Option<&str>) -> Call<MailStatus> {
    Call::json(ApiRequest::get(provider.status_path()).opt_param("flock_id", flock_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request::Method::{self, Get, Post};
    use crate::api::response::RawResponse;

    fn shape<T>(call: &Call<T>) -> (Method, &'static str, Vec<(&'static str, &str)>) {
        let r = &call.request;
        (r.method, r.path, r.params.iter().map(|(n, v)| (*n, v.as_str())).collect())
    }

    fn user(email: &str, name: Option<&str>) -> MailUser {
        MailUser { email: email.into(), name: name.map(Into::into) }
    }

    fn login() -> Exchange {
        Exchange { username: "admin@corp.example".into(), password: "hunter2".into() }
    }

    fn ok(body: Value) -> RawResponse {
        let mut body = body;
        body["result"] = json!("success");
        RawResponse::json(200, &body)
    }

    #[test]
    fn gmail_requests() {
        assert_eq!(
            shape(&gmail_users("flock:default", "corp.example", "admin@corp.example")),
            (
                Post,
                "/canarytoken/gmail/users/list",
                vec![
                    ("flock_id", "flock:default"),
                    ("domain", "corp.example"),
                    ("email", "admin@corp.example")
                ]
            )
        );
        let typed = [user("a@corp.example", None), user("b@corp.example", None)];
        assert_eq!(
            shape(&gmail_create("flock:x", &typed)),
            (
                Post,
                "/canarytoken/gmail/create",
                vec![("flock_id", "flock:x"), ("emails", "a@corp.example,b@corp.example")]
            )
        );
        let chosen = [user("a@corp.example", Some("Ann \"A\" Lee")), user("b@corp.example", None)];
        let call = gmail_create("flock:x", &chosen);
        let users: Value =
            serde_json::from_str(call.request.param_value("users").unwrap()).unwrap();
        assert_eq!(
            users,
            json!([{"email": "a@corp.example", "name": "Ann \"A\" Lee"}, {"email": "b@corp.example", "name": ""}])
        );
        assert!(call.request.param_value("emails").is_none(), "one or the other");
    }

    #[test]
    fn office_requests_carry_exchange_credentials_only_when_given() {
        assert_eq!(
            shape(&office365_initiate(None)),
            (Post, "/canarytoken/office365/initiate", vec![])
        );
        assert_eq!(shape(&office365_initiate(Some("flock:x"))).2, vec![("flock_id", "flock:x")]);
        assert_eq!(
            shape(&office365_users(None, None)),
            (Post, "/canarytoken/office365/users/list", vec![])
        );
        assert_eq!(
            shape(&office365_users(Some("flock:x"), Some(&login()))).2,
            vec![
                ("flock_id", "flock:x"),
                ("is_exchange", "true"),
                ("exchange_username", "admin@corp.example"),
                ("exchange_password", "hunter2")
            ]
        );
        let emails = ["a@corp.example".to_owned(), "b@corp.example".to_owned()];
        assert_eq!(
            shape(&office365_create(None, &emails, None)),
            (
                Post,
                "/canarytoken/office365/create",
                vec![("user_emails", "a@corp.example,b@corp.example")]
            )
        );
        let call = office365_create(None, &emails, Some(&login()));
        assert_eq!(call.request.param_value("exchange_password"), Some("hunter2"));
        assert!(!format!("{:?}", login()).contains("hunter2"), "Debug leaves the password out");
    }

    #[test]
    fn templates_and_status_by_provider() {
        assert_eq!(
            shape(&template(Provider::Gmail, Some("flock:x"))),
            (Get, "/canarytoken/gmail/email", vec![("flock_id", "flock:x")])
        );
        assert_eq!(
            shape(&template(Provider::Office365, None)),
            (Get, "/canarytoken/office365/email", vec![])
        );
        let mut t = Template {
            email_subject: "Payslip".into(),
            email_html: "<p>See {url}</p>".into(),
            email_sender: Some(" ".into()),
        };
        assert_eq!(
            shape(&save_template(Provider::Gmail, Some("flock:x"), &t)),
            (
                Post,
                "/canarytoken/gmail/email",
                vec![
                    ("flock_id", "flock:x"),
                    ("email_html", "<p>See {url}</p>"),
                    ("email_subject", "Payslip")
                ]
            )
        );
        t.email_sender = Some("hr@corp.example".into());
        assert_eq!(
            save_template(Provider::Gmail, None, &t).request.param_value("email_sender"),
            Some("hr@corp.example")
        );
        assert!(t.has_url());
        assert_eq!(
            shape(&status(Provider::Office365, None)),
            (Get, "/canarytoken/office365/status", vec![])
        );
        assert_eq!(shape(&status(Provider::Gmail, Some("f"))).1, "/canarytoken/gmail/status");
    }

    #[test]
    fn providers_by_address() {
        for p in Provider::ALL {
            assert_eq!(Provider::from_slug(p.slug()), Some(p));
        }
        assert_eq!(Provider::from_slug("yahoo"), None);
        assert_eq!(Provider::Office365.kind(), "office365mail");
    }

    #[test]
    fn users_decode_from_either_list_in_any_form() {
        let gmail = ok(json!({"users": [
            {"email": "a@corp.example", "name": "Ann Lee"},
            {"primaryEmail": "b@corp.example", "name": {"fullName": "Bo Ng"}},
            {"email": "A@corp.example", "name": "Ann again"},
            {"name": "no address"},
            " c@corp.example ",
            7
        ]}));
        let users = gmail_users("f", "d", "e").decode(gmail).unwrap().users;
        assert_eq!(
            users,
            vec![
                user("a@corp.example", Some("Ann Lee")),
                user("b@corp.example", Some("Bo Ng")),
                user("c@corp.example", None)
            ]
        );
        let office = ok(json!({"user_emails": ["x@corp.example", "y@corp.example"]}));
        let users = office365_users(None, None).decode(office).unwrap().users;
        assert_eq!(users, vec![user("x@corp.example", None), user("y@corp.example", None)]);
        for empty in [json!({}), json!({"users": null}), json!({"user_emails": []})] {
            assert_eq!(
                office365_users(None, None).decode(ok(empty)).unwrap(),
                Mailboxes::default()
            );
        }
        let refused = RawResponse::json(
            400,
            &json!({"result": "error", "message": "Office 365 access has not been granted"}),
        );
        assert!(office365_users(None, None).decode(refused).is_err());
    }

    #[test]
    fn status_counts_are_numbers_or_strings() {
        let read = |body| status(Provider::Gmail, Some("f")).decode(ok(body)).unwrap();
        let counts = |s: MailStatus| (s.successful, s.failed, s.total);
        assert_eq!(
            counts(read(json!({"successful": 3, "failed": 0, "total": 3}))),
            (Some(3), Some(0), Some(3))
        );
        assert_eq!(
            counts(read(
                json!({"successful_users": "2", "failed_users": "1", "total_users": " 3 "})
            )),
            (Some(2), Some(1), Some(3))
        );
        assert_eq!(counts(read(json!({"successful": null}))), (None, None, None));
    }

    #[test]
    fn templates_and_sign_ins_decode_loosely() {
        let read = |body| template(Provider::Gmail, Some("f")).decode(ok(body)).unwrap();
        let top = read(
            json!({"email_html": "<p>{url}</p>", "email_subject": "S", "email_sender": "s@x.example", "domain": "x.example"}),
        );
        assert_eq!(
            top,
            Template {
                email_subject: "S".into(),
                email_html: "<p>{url}</p>".into(),
                email_sender: Some("s@x.example".into())
            }
        );
        let nested =
            read(json!({"email": {"email_html": "h", "email_subject": "s", "email_sender": ""}}));
        assert_eq!((nested.email_html.as_str(), nested.email_sender), ("h", None));
        assert_eq!(read(json!({})), Template::default());
        assert!(!Template::default().has_url());

        let started = office365_initiate(None)
            .decode(ok(json!({"state": "abc", "oauth_url": "https://login.example/?s=abc"})))
            .unwrap();
        assert_eq!(
            (started.state.as_deref(), started.url.as_deref()),
            (Some("abc"), Some("https://login.example/?s=abc"))
        );
        let documented = office365_initiate(None).decode(ok(json!({"state": 42}))).unwrap();
        assert_eq!((documented.state.as_deref(), documented.url), (Some("42"), None));
        let acked = save_template(Provider::Office365, None, &Template::default());
        assert!(acked.decode(ok(json!({"email_html": "whatever"}))).is_ok());
    }
}
