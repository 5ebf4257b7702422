//! The read-only endpoints: kind catalogues, token listings and custom domains.

use crate::api::{Call, parse_bool};
use crate::incidents;
use crate::kinds::{self, KINDS, Kind};
use crate::paging::{DEFAULT_LIMIT, Listing};
use crate::reply::{Outcome, Reply, bad_request, invalid};
use crate::state::{self, Console, USER_DOMAINS};
use crate::tokens::{Token, search_terms};
use serde_json::{Map, Value, json};

pub fn ping(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({})))
}

pub fn kinds(console: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"canarytokens": catalogue(console, Kind::in_list)})))
}

pub fn factory_kinds(console: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"factory_canarytokens": catalogue(console, Kind::in_factory_list)})))
}

/// The kinds a list names, less those a feature flag has turned off.
fn catalogue(console: &Console, listed: fn(&Kind) -> bool) -> Value {
    let kinds: Map<String, Value> = KINDS
        .iter()
        .filter(|k| listed(k) && console.features.offers(k.id))
        .map(|k| (k.id.to_owned(), json!(k.label)))
        .collect();
    Value::Object(kinds)
}

/// Every token, unpaginated; `include_endpoints` adds the legacy ApeeperFactory endpoints at
/// the end (unless the `apeeper_token` feature is off), so the list ends with things that
/// are not tokens (reference §12).
pub fn fetch_all(console: &mut Console, call: &Call) -> Outcome {
    let flock = call.param("flock_id");
    flock.map(state::require_flock).transpose()?;
    let mut tokens: Vec<String> = newest_first(console)
        .filter(|t| flock.is_none_or(|f| t.flock_id == f))
        .map(|t| t.json_text().to_owned())
        .collect();
    if call.flag("include_endpoints")? && console.features.on("apeeper_token") {
        tokens.extend(
            console
                .apeepers
                .iter()
                .filter(|a| flock.is_none_or(|f| a.flock_id == f))
                .map(|a| a.to_json().to_string()),
        );
    }
    Ok(Reply::ok_with_list("tokens", tokens, json!({})))
}

/// A page of tokens. A listing that fits on one page has an empty `cursor` (`{}`), and under
/// the documented variant the last page has `"cursor": null`: Thinkst's client stops paging
/// only when `cursor` is empty (reference §12). `render_transients`, which that client sends,
/// is accepted and changes nothing.
pub fn paginate(console: &mut Console, call: &Call) -> Outcome {
    let listing = Listing::from_call(call, DEFAULT_LIMIT, &["flock_id"])?;
    let flock = listing.filter("flock_id");
    flock.map(state::require_flock).transpose()?;
    let matched: Vec<&Token> =
        newest_first(console).filter(|t| flock.is_none_or(|f| t.flock_id == f)).collect();
    let page = listing.page(&matched).iter().map(|t| t.json_text());
    let total = matched.len();
    let cursor = match (listing.has_next(total), listing.page_number()) {
        (true, _) => listing.cursor(total, call),
        (false, _) if call.variant.documented() => Value::Null,
        (false, 1) => json!({}),
        (false, _) => listing.cursor(total, call),
    };
    Ok(Reply::ok_with_list(
        "canarytokens",
        page,
        json!({
            "cursor": cursor,
            "page_num": listing.page_number(),
            "page_total": listing.total_pages(matched.len()),
        }),
    ))
}

pub fn search(console: &mut Console, call: &Call) -> Outcome {
    let names = ["flock_id", "search_string", "kind", "active"];
    let listing = Listing::from_call(call, DEFAULT_LIMIT, &names)?;
    let flock = listing.filter("flock_id");
    flock.map(state::require_flock).transpose()?;
    let kind = match listing.filter("kind") {
        Some(id) => {
            Some(kinds::find(id).ok_or_else(|| bad_request("Supplied kind is not valid."))?.id)
        }
        None => None,
    };
    let active = match listing.filter("active") {
        Some(raw) => {
            Some(parse_bool(raw).ok_or_else(|| invalid("active", "must be true or false"))?)
        }
        None => None,
    };
    let terms = search_terms(listing.filter("search_string").unwrap_or_default());
    let matched: Vec<&Token> = newest_first(console)
        .filter(|t| flock.is_none_or(|f| t.flock_id == f))
        .filter(|t| kind.is_none_or(|k| t.kind.id == k))
        .filter(|t| active.is_none_or(|a| t.enabled == a))
        .filter(|t| t.matches(&terms))
        .collect();
    let unacked = incidents::unacked_counts(console);
    let page = listing.page(&matched).iter().map(|t| {
        // The token's text is an object with keys: its closing brace makes way for one more.
        let text = t.json_text();
        let count = unacked.get(t.id.as_str()).copied().unwrap_or(0);
        format!("{},\"unacked_alert_count\":{count}}}", &text[..text.len() - 1])
    });
    Ok(Reply::ok_with_list(
        "canarytokens",
        page,
        json!({
            "cursor": listing.cursor(matched.len(), call),
            "page_number": listing.page_number(),
            "total_pages": listing.total_pages(matched.len()),
            "total_results": matched.len(),
        }),
    ))
}

pub fn fetch(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    Ok(Reply::ok(json!({"token": console.tokens()[index].to_json()})))
}

pub fn user_domains(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"user_domains": USER_DOMAINS})))
}

fn newest_first(console: &Console) -> impl Iterator<Item = &Token> {
    console.tokens().iter().rev()
}
