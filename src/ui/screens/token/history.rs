//! What the Console's audit trail says was done to a token: who created, changed or moved it,
//! when, and from which address. Read once, when the list is first opened; a key that may not
//! read the trail gets one line saying so instead.

use crate::api::audit::AuditEntry;
use crate::api::endpoints;
use crate::time::utc_minutes;
use crate::ui::app::context::{AppContext, Capability};
use crate::ui::dom::{dynamic, el, fragment, target_flag};
use crate::ui::parts::task::Task;
use leptos::prelude::*;
use web_sys::Node;

/// Read entries of the trail, and whether it holds older ones than these.
#[derive(Clone, Default)]
struct Read {
    entries: Vec<AuditEntry>,
    older: bool,
}

/// The collapsed history of token `id`.
pub fn token_history(id: String) -> Node {
    let ctx = expect_context::<AppContext>();
    let read = RwSignal::new(None::<Read>);
    let reading = Task::new();
    let id = StoredValue::new(id);
    // Once read, or once the key is known to be refused, there is nothing to ask (a failure
    // is asked again on the next opening).
    let load = move || {
        if read.with_untracked(Option::is_some)
            || untrack(|| ctx.refusal(Capability::AuditTrail).is_some())
        {
            return;
        }
        reading.run("Reading the audit trail…", async move {
            let call = endpoints::audit_trail(&id.get_value());
            let trail = ctx.perform(Capability::AuditTrail, call).await?;
            let older = trail.has_older();
            read.try_set(Some(Read { entries: trail.newest_first(), older }));
            Ok(String::new())
        });
    };
    let body = move || {
        Some(match ctx.refusal(Capability::AuditTrail) {
            Some(why) => el("p").class("notice notice-refused").text(&why).into(),
            None => fragment([reading.notices(), dynamic(move || read.get().map(entry_list))]),
        })
    };
    el("details")
        .class("panel history")
        .on("toggle", move |ev| {
            if target_flag(&ev, "open") {
                load();
            }
        })
        .child(el("summary").text("History"))
        .dynamic(body)
        .into()
}

fn entry_list(read: Read) -> Node {
    if read.entries.is_empty() {
        return el("p").class("empty").text("The audit trail has nothing on this token.").into();
    }
    let older = read.older.then(|| {
        el("p").class("hint").text(&format!(
            "The latest {} entries; older ones are in the Console's audit trail.",
            read.entries.len()
        ))
    });
    let list = el("ol").class("history-list").children(read.entries.iter().map(entry));
    fragment([Some(list), older].into_iter().flatten().map(Node::from))
}

/// One entry: what was done, then when, by whom and from where.
fn entry(entry: &AuditEntry) -> Node {
    let what = if entry.message.is_empty() { &entry.action_type } else { &entry.message };
    let who = [when(&entry.timestamp), entry.user.clone(), from(&entry.user_ip)];
    let who: Vec<String> = who.into_iter().filter(|part| !part.is_empty()).collect();
    el("li")
        .class("history-entry")
        .child(el("p").class("history-what").text(what))
        .child(el("p").class("hint").text(&who.join(" · ")))
        .into()
}

/// The Console's own wording of the time, or seconds since the epoch made readable.
fn when(timestamp: &str) -> String {
    match timestamp.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() => format!("{} UTC", utc_minutes(secs)),
        _ => timestamp.to_owned(),
    }
}

fn from(ip: &str) -> String {
    if ip.is_empty() { String::new() } else { format!("from {ip}") }
}

#[cfg(test)]
mod tests {
    use super::when;

    #[test]
    fn times_read_as_the_console_wrote_them_or_from_seconds() {
        assert_eq!(when("2020-04-03 12:56:42 UTC+0000"), "2020-04-03 12:56:42 UTC+0000");
        assert_eq!(when("1586161315.087693"), "2020-04-06 08:21 UTC");
        assert_eq!(when(""), "");
    }
}
