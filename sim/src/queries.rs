//! The read-only endpoints: kind catalogues, token listings, flocks and custom domains.

use crate::api::{Call, parse_bool};
use crate::incidents;
use crate::kinds::{self, KINDS, Kind};
use crate::paging::Listing;
use crate::reply::{Outcome, Reply, bad_request, invalid};
use crate::state::{self, Console, FLOCKS, USER_DOMAINS};
use crate::tokens::{Token, search_terms};
use serde_json::{Map, Value, json};

pub fn ping(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({})))
}

pub fn kinds(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"canarytokens": catalogue(Kind::in_list)})))
}

pub fn factory_kinds(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"factory_canarytokens": catalogue(Kind::in_factory_list)})))
}

fn catalogue(offered: fn(&Kind) -> bool) -> Value {
    let kinds: Map<String, Value> =
        KINDS.iter().filter(|k| offered(k)).map(|k| (k.id.to_owned(), json!(k.label))).collect();
    Value::Object(kinds)
}

/// Every token, unpaginated; `include_endpoints` adds the legacy ApeeperFactory endpoints.
pub fn fetch_all(console: &mut Console, call: &Call) -> Outcome {
    let flock = call.param("flock_id");
    flock.map(state::require_flock).transpose()?;
    let mut tokens: Vec<String> = newest_first(console)
        .filter(|t| flock.is_none_or(|f| t.flock_id == f))
        .map(|t| t.json_text().to_owned())
        .collect();
    if call.flag("include_endpoints")? {
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

pub fn paginate(console: &mut Console, call: &Call) -> Outcome {
    let listing = Listing::from_call(call, &["flock_id"])?;
    let flock = listing.filter("flock_id");
    flock.map(state::require_flock).transpose()?;
    let matched: Vec<&Token> =
        newest_first(console).filter(|t| flock.is_none_or(|f| t.flock_id == f)).collect();
    let page = listing.page(&matched).iter().map(|t| t.json_text());
    Ok(Reply::ok_with_list(
        "canarytokens",
        page,
        json!({
            "cursor": listing.cursor(matched.len(), call),
            "page_num": listing.page_number(),
            "page_total": listing.total_pages(matched.len()),
        }),
    ))
}

pub fn search(console: &mut Console, call: &Call) -> Outcome {
    let listing = Listing::from_call(call, &["flock_id", "search_string", "kind", "active"])?;
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

pub fn flocks(_: &mut Console, _: &Call) -> Outcome {
    let flocks: Map<String, Value> =
        FLOCKS.iter().map(|(id, name)| ((*id).to_owned(), json!(name))).collect();
    Ok(Reply::ok(json!({"flocks": flocks})))
}

pub fn user_domains(_: &mut Console, _: &Call) -> Outcome {
    Ok(Reply::ok(json!({"user_domains": USER_DOMAINS})))
}

fn newest_first(console: &Console) -> impl Iterator<Item = &Token> {
    console.tokens().iter().rev()
}
