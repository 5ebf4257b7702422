//! The mailbox kinds' own flows (reference §4.5 and §12 "Mail-token flows"): Gmail through a
//! Workspace admin, Office 365 through an OAuth consent or Exchange credentials. Each flow
//! saves a mail template, lists the organisation's mailboxes and makes one token per mailbox;
//! those tokens appear in listings as `gmail` and `office365mail` tokens.

use crate::api::Call;
use crate::audit::Action;
use crate::clock;
use crate::random;
use crate::reply::{Outcome, Reply, bad_request, invalid, missing};
use crate::state::{self, Console};
use crate::tokens::{self, NewToken, Via, is_email};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Provider {
    Gmail,
    Office365,
}

impl Provider {
    fn kind(self) -> &'static str {
        match self {
            Self::Gmail => "gmail",
            Self::Office365 => "office365mail",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Gmail => "Gmail",
            Self::Office365 => "Office 365",
        }
    }

    /// Gmail names the flock always; Office 365 defaults to the default flock.
    fn flock(self, call: &Call) -> Result<&str, Reply> {
        let flock = match self {
            Self::Gmail => call.required("flock_id")?,
            Self::Office365 => call.param("flock_id").unwrap_or(state::FLOCKS[0].0),
        };
        state::require_flock(flock)?;
        Ok(flock)
    }
}

/// The flows' state: per provider and flock, and the Office 365 sign-ins started.
#[derive(Default)]
pub struct Mail {
    flocks: HashMap<(Provider, String), Mailboxes>,
    consents: Vec<Consent>,
}

#[derive(Default)]
struct Mailboxes {
    /// The organisation's domain, once known.
    domain: Option<String>,
    template: Option<Template>,
    /// The last create: successful, failed and total mailboxes.
    status: (usize, usize, usize),
}

struct Template {
    html: String,
    subject: String,
    sender: Option<String>,
}

struct Consent {
    state: String,
    flock_id: String,
    granted: bool,
    /// The admin who signed in, whose domain the organisation is.
    admin: Option<String>,
}

const PEOPLE: &[(&str, &str)] = &[
    ("alex.naidoo", "Alex Naidoo"),
    ("jordan.smith", "Jordan Smith"),
    ("sam.botha", "Sam Botha"),
    ("chris.dlamini", "Chris Dlamini"),
    ("priya.pillay", "Priya Pillay"),
];

const DEFAULT_HTML: &str = "<p>Hi {user},</p><p>Your mailbox is almost full. Review the \
    <a href=\"{url}\">messages waiting for deletion</a>.</p>";
const DEFAULT_OFFICE_DOMAIN: &str = "example.onmicrosoft.com";

fn domain_of(email: &str) -> &str {
    email.split_once('@').map_or("", |(_, domain)| domain)
}

impl Mail {
    fn mailboxes(&mut self, provider: Provider, flock: &str) -> &mut Mailboxes {
        self.flocks.entry((provider, flock.to_owned())).or_default()
    }

    /// Grants the sign-in `state` names, as Microsoft's redirect to the Console would; false
    /// for a state this Console never issued.
    pub fn grant(&mut self, state: &str, admin: Option<&str>) -> bool {
        let Some(consent) = self.consents.iter_mut().find(|c| c.state == state) else {
            return false;
        };
        consent.granted = true;
        consent.admin = admin.map(str::to_owned).or(consent.admin.take());
        true
    }
}

/// The Office 365 domain the caller may reach: through Exchange credentials given now, or a
/// consent granted for the flock.
fn office_domain(console: &Console, call: &Call, flock: &str) -> Result<String, Reply> {
    if call.flag("is_exchange")? {
        let user = call.required("exchange_username")?;
        call.required("exchange_password")?;
        if !is_email(user) {
            return Err(invalid("exchange_username", "is not an email address"));
        }
        return Ok(domain_of(user).to_owned());
    }
    let consent = console.mail.consents.iter().rev().find(|c| c.flock_id == flock && c.granted);
    let consent = consent.ok_or_else(|| {
        bad_request(
            "Office 365 access has not been granted for this flock: start with \
             /canarytoken/office365/initiate and complete the sign-in",
        )
    })?;
    Ok(consent.admin.as_deref().map_or(DEFAULT_OFFICE_DOMAIN, domain_of).to_owned())
}

fn offered(console: &Console, provider: Provider) -> Result<(), Reply> {
    if console.features.offers(provider.kind()) {
        Ok(())
    } else {
        Err(bad_request("Supplied kind is not valid."))
    }
}

/// Gmail answers `{users: [{email, name}]}`; Office 365 `{user_emails: [...]}`.
pub fn users(provider: Provider, console: &mut Console, call: &Call) -> Outcome {
    offered(console, provider)?;
    let flock = provider.flock(call)?;
    match provider {
        Provider::Gmail => {
            let domain = call.required("domain")?;
            let admin = call.required("email")?;
            if !is_email(admin) || domain_of(admin) != domain {
                return Err(invalid("email", "is not an address in the domain"));
            }
            console.mail.mailboxes(provider, flock).domain = Some(domain.to_owned());
            let users: Vec<_> = PEOPLE
                .iter()
                .map(|(local, name)| json!({"email": format!("{local}@{domain}"), "name": name}))
                .collect();
            Ok(Reply::ok(json!({"users": users})))
        }
        Provider::Office365 => {
            let domain = office_domain(console, call, flock)?;
            let emails: Vec<String> =
                PEOPLE.iter().map(|(local, _)| format!("{local}@{domain}")).collect();
            Ok(Reply::ok(json!({"user_emails": emails})))
        }
    }
}

#[derive(Deserialize)]
struct User {
    email: String,
}

/// The mailboxes a create names: Gmail's `emails` or `users` (JSON), Office 365's
/// `user_emails`.
fn recipients(provider: Provider, call: &Call) -> Result<Vec<String>, Reply> {
    let list = |raw: &str| {
        raw.split(',').map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned).collect()
    };
    let emails: Vec<String> = match provider {
        Provider::Office365 => list(call.required("user_emails")?),
        Provider::Gmail => match (call.param("emails"), call.param("users")) {
            (Some(emails), _) => list(emails),
            (None, Some(users)) => serde_json::from_str::<Vec<User>>(users)
                .map_err(|_| invalid("users", "is not a JSON list of {email, name} objects"))?
                .into_iter()
                .map(|u| u.email)
                .collect(),
            (None, None) => return Err(missing()),
        },
    };
    if emails.is_empty() { Err(missing()) } else { Ok(emails) }
}

/// One token per mailbox named; addresses that are not email addresses count as failed.
pub fn create(provider: Provider, console: &mut Console, call: &Call) -> Outcome {
    offered(console, provider)?;
    let flock = provider.flock(call)?;
    if provider == Provider::Office365 {
        office_domain(console, call, flock)?;
    }
    let emails = recipients(provider, call)?;
    let mut made = 0;
    for email in emails.iter().filter(|e| is_email(e)) {
        let params = HashMap::from([
            ("kind".to_owned(), provider.kind().to_owned()),
            ("memo".to_owned(), format!("{} mailbox {email}", provider.label())),
        ]);
        let new = NewToken {
            params: &params,
            files: &HashMap::new(),
            flock_id: flock,
            via: Via::Flow,
            created: clock::now(),
        };
        let index = tokens::create(console, &new)?;
        console.change(index, |token| {
            token.fields.insert("email".into(), json!(email));
        });
        let token = &console.tokens()[index];
        let message = format!("Created a {} Canarytoken {}", token.kind.label, token.id);
        Action::new("canarytoken_create", message).flock(flock).record(console, call);
        made += 1;
    }
    console.mail.mailboxes(provider, flock).status = (made, emails.len() - made, emails.len());
    Ok(Reply::ok(json!({})))
}

/// Saves the template; its HTML must hold `{url}`, where each mail's token URL goes.
pub fn save_template(provider: Provider, console: &mut Console, call: &Call) -> Outcome {
    offered(console, provider)?;
    let flock = provider.flock(call)?;
    let html = call.required("email_html")?;
    let subject = call.required("email_subject")?;
    let sender = call.param("email_sender");
    if !html.contains("{url}") {
        return Err(invalid("email_html", "must contain the {url} placeholder"));
    }
    if sender.is_some_and(|s| !is_email(s)) {
        return Err(invalid("email_sender", "is not an email address"));
    }
    let template = Template {
        html: html.to_owned(),
        subject: subject.to_owned(),
        sender: sender.map(str::to_owned),
    };
    console.mail.mailboxes(provider, flock).template = Some(template);
    template_answer(provider, console, flock)
}

pub fn template(provider: Provider, console: &mut Console, call: &Call) -> Outcome {
    offered(console, provider)?;
    let flock = provider.flock(call)?;
    template_answer(provider, console, flock)
}

/// `{email_html, email_subject, email_sender}` (and the Workspace `domain` for Gmail); a
/// flock without a saved template has the Console's default one.
fn template_answer(provider: Provider, console: &mut Console, flock: &str) -> Outcome {
    let boxes = console.mail.mailboxes(provider, flock);
    let domain = boxes.domain.clone();
    let sender = |t: &Template| t.sender.clone();
    let default_sender = format!("security@{}", domain.as_deref().unwrap_or("example.com"));
    let (html, subject, sender) = match &boxes.template {
        Some(t) => (t.html.clone(), t.subject.clone(), sender(t).unwrap_or(default_sender)),
        None => (DEFAULT_HTML.to_owned(), "Mailbox storage warning".to_owned(), default_sender),
    };
    let mut answer = json!({"email_html": html, "email_subject": subject, "email_sender": sender});
    if provider == Provider::Gmail {
        answer["domain"] = json!(domain);
    }
    Ok(Reply::ok(answer))
}

pub fn status(provider: Provider, console: &mut Console, call: &Call) -> Outcome {
    offered(console, provider)?;
    let flock = provider.flock(call)?;
    let (successful, failed, total) = console.mail.mailboxes(provider, flock).status;
    Ok(Reply::ok(json!({"successful": successful, "failed": failed, "total": total})))
}

/// Starts an Office 365 sign-in: the `state` Microsoft hands back, and (a simulator
/// convenience) `oauth_url`, a page on the simulator that grants the consent when opened.
pub fn initiate(console: &mut Console, call: &Call) -> Outcome {
    offered(console, Provider::Office365)?;
    let flock = Provider::Office365.flock(call)?;
    let state = random::string(&mut console.rng, random::HEX, 32);
    console.mail.consents.push(Consent {
        state: state.clone(),
        flock_id: flock.to_owned(),
        granted: false,
        admin: None,
    });
    let url = format!("http://{}/_sim/office365/consent?state={state}", call.host);
    Ok(Reply::ok(json!({"state": state, "oauth_url": url})))
}

/// What Microsoft's sign-in returns to the Console's redirect: grants the consent.
pub fn oauth_token(console: &mut Console, call: &Call) -> Outcome {
    offered(console, Provider::Office365)?;
    call.required("code")?;
    let admin = call.required("user_email")?;
    let state = call.required("state")?;
    if !is_email(admin) {
        return Err(invalid("user_email", "is not an email address"));
    }
    if !console.mail.grant(state, Some(admin)) {
        return Err(invalid("state", "is not a sign-in this Console started"));
    }
    Ok(Reply::ok(json!({})))
}
