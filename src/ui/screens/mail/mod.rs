//! Mail tokens (`#mail/gmail`, `#mail/office365`, on the workbench): decoy mails the Console
//! puts in an organisation's mailboxes, one token each, through the provider's own flow
//! (reference §4.5). They live on the workbench because the Office 365 sign-in opens a tab,
//! which would close the extension's popup. Here: the parts both flows share (the flock, the
//! mailboxes to choose, the last create's status, the mail template); the flows themselves in
//! [`gmail`] and [`office`].

mod gmail;
mod office;

use crate::api::mail::{self, MailUser, Provider, Template};
use crate::kinds;
use crate::ui::app::context::Need;
use crate::ui::app::{AppContext, Capability, ConsoleData, DEFAULT_FLOCK, Page, Screen, tokens};
use crate::ui::dom::embed;
use crate::ui::parts::task::{Failure, Task};
use crate::ui::parts::widgets::adapters::{TaskNotices, options};
use crate::ui::parts::widgets::refused;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn MailScreen(provider: Provider) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let spec = kinds::find(provider.kind());
    // A Console that cannot tell (or is still being read) offers everything.
    let offered = move || {
        console.with(|i| i.is_none_or(|i| spec.is_none_or(|k| k.offered_with(&i.features))))
    };
    let flag = spec.and_then(|k| k.needs_feature).unwrap_or_default();
    let not_offered = move || {
        view! {
            <p class="notice notice-alert">
                {format!("This Console does not offer {} tokens (its feature {flag} is off).", provider.label())}
            </p>
        }
    };
    let title = match provider {
        Provider::Gmail => "Gmail tokens",
        Provider::Office365 => "Office 365 mail tokens",
    };
    let flow = move || match provider {
        Provider::Gmail => view! { <gmail::GmailFlow/> }.into_any(),
        Provider::Office365 => view! { <office::OfficeFlow/> }.into_any(),
    };
    view! {
        <section class="screen mail" aria-labelledby="mail-title">
            <h2 id="mail-title">{title}</h2>
            <nav class="mail-providers" aria-label="Mail providers">
                {Provider::ALL.map(|p| {
                    let current = (p == provider).then_some("page");
                    let href = Screen::Mail(p).href(Page::Workbench);
                    view! { <a href=href aria-current=current>{p.label()}</a> }
                })}
            </nav>
            <p class="hint">{spec.map(|k| k.place)}</p>
            <Show when=offered fallback=not_offered>{flow()}</Show>
        </section>
    }
}

/// "1 mailbox", "3 mailboxes".
fn mailboxes(n: usize) -> String {
    format!("{n} {}", if n == 1 { "mailbox" } else { "mailboxes" })
}

/// What creating mail tokens in the flock `flock` needs ("" for the Console's choice).
fn creating_in(flock: &Option<String>) -> Need {
    Capability::Create.in_flock(flock.as_deref().unwrap_or_default())
}

/// The flock the flow works in: `flock_id`, one the Console lists; with `optional`, first
/// the Console's choice ("", sent as no `flock_id`).
#[component]
fn FlockPicker(flock: RwSignal<String>, optional: bool) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let choices = move || {
        let listed = console.flocks();
        let listed = match listed.is_empty() {
            true => vec![(DEFAULT_FLOCK.to_owned(), "Default flock".to_owned())],
            false => listed,
        };
        let choice = (String::new(), "The Console's choice (the key's flock)".to_owned());
        optional.then_some(choice).into_iter().chain(listed).collect::<Vec<_>>()
    };
    view! {
        <div class="field-row">
            <div class="field">
                <label for="mail-flock">"Flock"</label>
                <select id="mail-flock" name="flock_id" on:change:target=move |ev| flock.set(ev.target().value())>
                    {move || options(choices(), flock)}
                </select>
            </div>
        </div>
    }
}

/// A labelled one-line input bound to `value`, named after the parameter it fills. Nothing
/// here is for the browser to remember or correct (addresses, domains, credentials).
#[component]
fn Line(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] password: bool,
) -> impl IntoView {
    let kind = if password { "password" } else { "text" };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input type=kind id=id name=name placeholder=placeholder autocomplete="off" autocapitalize="off" spellcheck="false" bind:value=value/>
        </div>
    }
}

/// Whether `text` reads as one email address (the Console checks it properly).
fn is_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    let odd = |c: char| c.is_whitespace() || "@,;<>\"()".contains(c);
    !local.is_empty()
        && !local.contains(odd)
        && !domain.contains(odd)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// The mailboxes to make tokens in: those chosen from the list, in its order, then the
/// addresses typed (separated by commas, semicolons or lines), each once. Why not, when there
/// are none or a typed one is not an address.
fn recipients(
    users: &[MailUser],
    chosen: &BTreeSet<String>,
    typed: &str,
) -> Result<Vec<MailUser>, String> {
    let mut all: Vec<MailUser> =
        users.iter().filter(|u| chosen.contains(&u.email)).cloned().collect();
    for address in typed.split([',', ';', '\n', '\r', ' ', '\t']).filter(|a| !a.is_empty()) {
        if !is_address(address) {
            return Err(format!("“{address}” is not an email address."));
        }
        if !all.iter().any(|u| u.email.eq_ignore_ascii_case(address)) {
            all.push(MailUser { email: address.to_owned(), name: None });
        }
    }
    match all.is_empty() {
        true => Err("Choose a mailbox from the list, or type an address.".to_owned()),
        false => Ok(all),
    }
}

/// The mailboxes of one flow: those the Console listed, those chosen from them, those typed,
/// and the create that makes tokens in them.
#[derive(Clone, Copy)]
struct Picking {
    users: RwSignal<Vec<MailUser>>,
    chosen: RwSignal<BTreeSet<String>>,
    typed: RwSignal<String>,
    /// Creates done, each followed by a fresh read of the status.
    made: RwSignal<u32>,
    creating: Task,
}

impl Picking {
    fn new() -> Self {
        Self {
            users: RwSignal::new(Vec::new()),
            chosen: RwSignal::new(BTreeSet::new()),
            typed: RwSignal::new(String::new()),
            made: RwSignal::new(0),
            creating: Task::new(),
        }
    }

    /// Takes in the Console's list (a choice it no longer lists goes); says how many.
    fn listed(self, found: Vec<MailUser>) -> usize {
        let n = found.len();
        self.chosen.try_update(|c| c.retain(|e| found.iter().any(|u| u.email == *e)));
        self.users.try_set(found);
        n
    }

    /// Creates tokens in the mailboxes chosen and typed, through `make` (the provider's call).
    /// Then the app's other pages read their tokens again, the status is read again and the
    /// choice starts over; on a failure everything stays as it was.
    fn create<F>(self, make: impl FnOnce(Vec<MailUser>) -> F + 'static)
    where
        F: std::future::Future<Output = Result<(), Failure>> + 'static,
    {
        let named = self.users.with_untracked(|u| {
            self.chosen.with_untracked(|c| self.typed.with_untracked(|t| recipients(u, c, t)))
        });
        self.creating.run("Creating tokens…", async move {
            let named = named.map_err(Failure)?;
            let n = named.len();
            make(named).await?;
            tokens::announce_change();
            self.made.try_update(|m| *m += 1);
            self.chosen.try_set(BTreeSet::new());
            self.typed.try_set(String::new());
            Ok(format!("Asked for tokens in {}; the status below says how it went.", mailboxes(n)))
        });
    }
}

/// What both flows go on with once the Console can reach the mailboxes: the tokens to make,
/// how the last create went, and the mail template.
#[component]
fn Making(
    provider: Provider,
    picking: Picking,
    #[prop(into)] flock: Signal<Option<String>>,
    #[prop(into)] on_create: Callback<()>,
) -> impl IntoView {
    let (name, sender) = match provider {
        Provider::Gmail => ("emails", true),
        // Office 365 documents no sender for its template.
        Provider::Office365 => ("user_emails", false),
    };
    let need = Signal::derive(move || creating_in(&flock.get()));
    view! {
        <TokensPanel name picking need on_create/>
        <MailStatusPanel provider flock made=picking.made/>
        <TemplatePanel provider flock sender/>
    }
}

/// The mailboxes a create names and "Create tokens": checkboxes for those the Console listed
/// (all or none at a click), and a box for addresses typed by hand. Both are named `name`,
/// the create's own parameter (`emails`, `user_emails`).
#[component]
fn TokensPanel(
    name: &'static str,
    picking: Picking,
    #[prop(into)] need: Signal<Need>,
    #[prop(into)] on_create: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let Picking { users, chosen, typed, creating, .. } = picking;
    let choose_all =
        move |_| chosen.set(users.with(|u| u.iter().map(|u| u.email.clone()).collect()));
    let counted =
        move || format!("{} of {} chosen", chosen.with(BTreeSet::len), users.with(Vec::len));
    let user = move |u: MailUser| {
        let email = u.email.clone();
        let checked = {
            let email = email.clone();
            move || chosen.with(|c| c.contains(&email))
        };
        let toggle = {
            let email = email.clone();
            move |ev: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlInputElement>| {
                let (on, email) = (ev.target().checked(), email.clone());
                chosen.update(|c| {
                    if on {
                        c.insert(email);
                    } else {
                        c.remove(&email);
                    }
                });
            }
        };
        let shown = u.name.clone().unwrap_or_else(|| email.clone());
        let address =
            u.name.is_some().then(|| view! { " " <span class="hint">{email.clone()}</span> });
        view! {
            <label class="check">
                <input type="checkbox" name=name value=email.clone() prop:checked=checked on:change:target=toggle/>
                " " {shown} {address}
            </label>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_create.run(());
    };
    view! {
        <section class="panel" aria-labelledby="mail-tokens-title">
            <h3 id="mail-tokens-title">"Tokens"</h3>
            <form class="action-form" on:submit=submit novalidate>
                <Show when=move || !users.with(Vec::is_empty)>
                    <fieldset class="choices mail-users">
                        <legend>"Mailboxes the Console listed"</legend>
                        <div class="actions">
                            <button type="button" class="ghost small" on:click=choose_all>"Choose all"</button>
                            <button type="button" class="ghost small" on:click=move |_| chosen.set(BTreeSet::new())>"Choose none"</button>
                            <span class="hint">{counted}</span>
                        </div>
                        <For each=move || users.get() key=|u| u.email.clone() children=user/>
                    </fieldset>
                </Show>
                <div class="field">
                    <label for="mail-typed">"Other addresses"</label>
                    <textarea
                        id="mail-typed"
                        name=name
                        rows="3"
                        placeholder="jane@example.com, sam@example.com"
                        aria-describedby="mail-typed-hint"
                        prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())
                    ></textarea>
                    <p class="hint" id="mail-typed-hint">"Mailboxes to add by hand: separated by commas or one per line."</p>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || creating.busy() || ctx.refusal(need.get()).is_some()>"Create tokens"</button>
                </div>
            </form>
            {embed(refused(move || need.get()))}
            <TaskNotices task=creating/>
        </section>
    }
}

/// How the flock's last create went, read when the screen opens, when the flock changes and
/// after each create (`made` counts them).
#[component]
fn MailStatusPanel(
    provider: Provider,
    #[prop(into)] flock: Signal<Option<String>>,
    made: RwSignal<u32>,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let counts = RwSignal::new(None::<mail::MailStatus>);
    let reading = Task::new();
    let read = move |words: &'static str| {
        let flock = flock.get_untracked();
        reading.run("Reading the status…", async move {
            let client = ctx.connected_client()?;
            counts.try_set(Some(client.send(mail::status(provider, flock.as_deref())).await?));
            Ok(words.to_owned())
        });
    };
    Effect::new(move |_| {
        flock.track();
        made.track();
        read("");
    });
    let count = |n: Option<u64>| n.map_or_else(|| "not given".to_owned(), |n| n.to_string());
    view! {
        <section class="panel" aria-labelledby="mail-status-title">
            <h3 id="mail-status-title">"Status of the last create"</h3>
            {move || counts.get().map(|s| view! {
                <dl class="facts mail-status">
                    <dt>"Successful"</dt><dd>{count(s.successful)}</dd>
                    <dt>"Failed"</dt><dd>{count(s.failed)}</dd>
                    <dt>"Total"</dt><dd>{count(s.total)}</dd>
                </dl>
            })}
            <div class="actions">
                <button type="button" disabled=move || reading.busy() on:click=move |_| read("Status read.")>"Refresh status"</button>
            </div>
            <TaskNotices task=reading/>
        </section>
    }
}

/// The mail each mailbox receives, per flock: read when the screen opens and when the flock
/// changes, edited as text (the HTML is never shown as HTML), saved only with `{url}` in it.
/// `sender`: the provider takes a sender address (Gmail does; Office 365 documents none).
#[component]
fn TemplatePanel(
    provider: Provider,
    #[prop(into)] flock: Signal<Option<String>>,
    sender: bool,
) -> impl IntoView {
    let ctx = expect_context::<AppContext>();
    let subject = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let html = RwSignal::new(String::new());
    // The last save was refused for want of `{url}` (until the HTML is edited).
    let missing_url = RwSignal::new(false);
    let task = Task::new();
    let load = move |words: &'static str| {
        let flock = flock.get_untracked();
        task.run("Reading the template…", async move {
            let client = ctx.connected_client()?;
            let t = client.send(mail::template(provider, flock.as_deref())).await?;
            subject.try_set(t.email_subject);
            from.try_set(t.email_sender.unwrap_or_default());
            html.try_set(t.email_html);
            Ok(words.to_owned())
        });
    };
    Effect::new(move |_| {
        flock.track();
        load("");
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let flock = flock.get_untracked();
        let template = Template {
            email_subject: subject.get_untracked(),
            email_html: html.get_untracked(),
            email_sender: sender.then(|| from.get_untracked()),
        };
        missing_url.set(!template.has_url());
        task.run("Saving template…", async move {
            if template.email_subject.trim().is_empty() {
                return Err(Failure("Write the mail's subject. Nothing was saved.".into()));
            }
            if !template.has_url() {
                return Err(Failure(format!(
                    "The HTML must contain {}, where each mail's token URL goes. Nothing was saved.",
                    Template::URL
                )));
            }
            let call = mail::save_template(provider, flock.as_deref(), &template);
            ctx.perform(creating_in(&flock), call).await?;
            Ok("Template saved.".to_owned())
        });
    };
    let placeholders = match provider {
        Provider::Gmail => {
            "{url} becomes each mailbox's token URL (required); {user} its owner's name."
        }
        Provider::Office365 => "{url} becomes each mailbox's token URL (required).",
    };
    view! {
        <section class="panel" aria-labelledby="mail-template-title">
            <h3 id="mail-template-title">"Mail template"</h3>
            <form class="action-form" on:submit=save novalidate>
                <Line id="mail-subject" name="email_subject" label="Subject" value=subject/>
                {sender.then(|| view! {
                    <Line id="mail-sender" name="email_sender" label="Sender (optional)" value=from placeholder="The Console's default"/>
                })}
                <div class="field">
                    <label for="mail-html">"HTML"</label>
                    <textarea
                        id="mail-html"
                        name="email_html"
                        rows="8"
                        spellcheck="false"
                        aria-describedby="mail-html-hint"
                        aria-invalid=move || missing_url.get().then_some("true")
                        prop:value=move || html.get()
                        on:input:target=move |ev| {
                            html.set(ev.target().value());
                            missing_url.set(false);
                        }
                    ></textarea>
                    <p class="hint" id="mail-html-hint">"The mail's body as HTML, edited here as text. " {placeholders}</p>
                </div>
                <div class="actions">
                    <button type="submit" disabled=move || task.busy()>"Save template"</button>
                    <button type="button" disabled=move || task.busy() on:click=move |_| load("Template read.")>"Load template"</button>
                </div>
            </form>
            {embed(refused(move || creating_in(&flock.get())))}
            <TaskNotices task/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<MailUser> {
        ["ann@corp.example", "bo@corp.example", "cy@corp.example"]
            .map(|e| MailUser { email: e.into(), name: Some(e[..2].into()) })
            .into()
    }

    #[test]
    fn recipients_are_the_chosen_then_the_typed_each_once() {
        let chosen: BTreeSet<String> =
            ["cy@corp.example", "ann@corp.example"].map(Into::into).into();
        let got =
            recipients(&listed(), &chosen, " dee@corp.example,\nANN@corp.example; eve@x.example ")
                .unwrap();
        let emails: Vec<_> = got.iter().map(|u| u.email.as_str()).collect();
        assert_eq!(
            emails,
            ["ann@corp.example", "cy@corp.example", "dee@corp.example", "eve@x.example"]
        );
        assert_eq!(got[0].name.as_deref(), Some("an"), "listed users keep their names");
        assert_eq!(got[2].name, None);
    }

    #[test]
    fn recipients_say_what_is_wrong() {
        let none = BTreeSet::new();
        assert!(recipients(&listed(), &none, " \n ").unwrap_err().starts_with("Choose a mailbox"));
        for bad in ["jane", "jane@corp", "@corp.example", "a@b@corp.example", "jane@.example"] {
            let why = recipients(&listed(), &none, bad).unwrap_err();
            assert!(why.contains(bad) && why.contains("not an email address"), "{bad}: {why}");
        }
        assert!(is_address("first.last+tag@mail.corp.example"));
    }
}
