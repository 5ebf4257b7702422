//! The endpoints that make, change, download and delete tokens.

use crate::api::Call;
use crate::audit::Action;
use crate::auth::{Caller, permit_flock};
use crate::clock;
use crate::files;
use crate::kinds::Check;
use crate::reply::{Outcome, Reply, bad_request, conflict, invalid, missing};
use crate::state::{self, Console};
use crate::tokens::{self, NewToken, Token, Via, check_memo};
use axum::http::StatusCode;
use serde_json::json;
use std::collections::HashSet;

/// Serves `canarytoken/create` and the factory create paths alike: the flock defaults to the
/// caller's own (a deploy key's or a factory string's), and a bound caller may use no other.
pub fn create(console: &mut Console, call: &Call) -> Outcome {
    let scope = call.caller.flock_scope();
    let flock_id = call.param("flock_id").or(scope).unwrap_or(state::FLOCKS[0].0);
    permit_flock(&call.caller, flock_id)?;
    let via = match &call.caller {
        Caller::Factory { auth, .. } => Via::Factory(auth),
        Caller::Key(_) => Via::Create,
    };
    if call.param("kind").is_some_and(|k| !console.features.offers(k)) {
        return Err(bad_request("Supplied kind is not valid."));
    }
    let new =
        NewToken { params: &call.params, files: &call.files, flock_id, via, created: clock::now() };
    let before = console.tokens().len();
    let index = tokens::create(console, &new)?;
    let token = &console.tokens()[index];
    let answer = Reply::ok(json!({"canarytoken": token.to_json()}));
    // A create that `skip_create_if_exists` answered with an old token made nothing to record.
    if console.tokens().len() > before {
        let message = format!("Created a {} Canarytoken {}", token.kind.label, token.id);
        Action::new("canarytoken_create", message).flock(flock_id).record(console, call);
    }
    Ok(answer)
}

pub fn download(console: &mut Console, call: &Call) -> Outcome {
    let token = &console.tokens()[call.token(console)?];
    permit_flock(&call.caller, &token.flock_id)?;
    files::download(token)
}

pub fn update_memo(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    let memo = check_memo(call.param("memo"))?;
    changed(console, call, index, "canarytoken_memo_update", |token| token.set_memo(memo))
}

pub fn update_redirect(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    let param = console.tokens()[index]
        .kind
        .redirect()
        .ok_or_else(|| invalid("canarytoken", "is not a kind with a redirect URL"))?;
    let url = tokens::check(Check::Url, "redirect_url", call.required("redirect_url")?)?;
    changed(console, call, index, "canarytoken_redirect_update", |token| {
        token.fields.insert(param.name.into(), url);
    })
}

/// Only a kind whose redirect is optional at create (qr-code) may lose it again.
pub fn remove_redirect(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    let param =
        console.tokens()[index].kind.redirect().filter(|p| !p.required).ok_or_else(|| {
            invalid("canarytoken", "is not a kind whose redirect URL can be removed")
        })?;
    changed(console, call, index, "canarytoken_redirect_remove", |token| {
        token.fields.remove(param.name);
    })
}

/// Changes a token, records it, and answers with the token, as the update endpoints do.
fn changed(
    console: &mut Console,
    call: &Call,
    index: usize,
    action_type: &'static str,
    edit: impl FnOnce(&mut Token),
) -> Outcome {
    console.change(index, edit);
    audit_token(console, call, index, action_type);
    Ok(Reply::ok(json!({"token": console.tokens()[index].to_json()})))
}

/// How the audit trail words each change to a token, before "the Web Bug Canarytoken <id>".
const CHANGES: &[(&str, &str)] = &[
    ("canarytoken_memo_update", "Changed the memo of"),
    ("canarytoken_redirect_update", "Changed the redirect URL of"),
    ("canarytoken_redirect_remove", "Removed the redirect URL of"),
    ("canarytoken_enable", "Enabled"),
    ("canarytoken_disable", "Disabled"),
    ("canarytoken_delete", "Deleted"),
];

fn audit_token(console: &mut Console, call: &Call, index: usize, action_type: &'static str) {
    let token = &console.tokens()[index];
    let verb = CHANGES.iter().find(|(t, _)| *t == action_type).map_or("Changed", |(_, v)| v);
    let message = format!("{verb} the {} Canarytoken {}", token.kind.label, token.id);
    let flock = token.flock_id.clone();
    Action::new(action_type, message).flock(&flock).record(console, call);
}

pub fn enable(console: &mut Console, call: &Call) -> Outcome {
    set_enabled(console, call, true)
}

pub fn disable(console: &mut Console, call: &Call) -> Outcome {
    set_enabled(console, call, false)
}

fn set_enabled(console: &mut Console, call: &Call, enabled: bool) -> Outcome {
    let index = call.token(console)?;
    console.change(index, |token| token.enabled = enabled);
    let action_type = if enabled { "canarytoken_enable" } else { "canarytoken_disable" };
    audit_token(console, call, index, action_type);
    Ok(Reply::ok(json!({})))
}

pub fn delete(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    let id = console.tokens()[index].id.clone();
    remove_tokens(console, call, &[id], call.flag("clear_incidents")?)?;
    Ok(Reply::ok(json!({})))
}

/// Deletes every token on the named custom domains, or, if any of them has incidents and
/// `clear_incidents` is not set, nothing at all.
pub fn delete_by_domains(console: &mut Console, call: &Call) -> Outcome {
    let domains: Vec<&str> =
        call.required("domains")?.split(',').map(str::trim).filter(|d| !d.is_empty()).collect();
    if domains.is_empty() {
        return Err(missing());
    }
    let ids: Vec<String> = console
        .tokens()
        .iter()
        .filter(|t| t.custom_domain.as_deref().is_some_and(|d| domains.contains(&d)))
        .map(|t| t.id.clone())
        .collect();
    remove_tokens(console, call, &ids, call.flag("clear_incidents")?)?;
    Ok(Reply::ok(json!({"deleted_count": ids.len()})))
}

/// The documented variant cuts the refusal to `Could not delete Canarydrop`.
fn remove_tokens(
    console: &mut Console,
    call: &Call,
    ids: &[String],
    clear_incidents: bool,
) -> Result<(), Reply> {
    let set: HashSet<&str> = ids.iter().map(String::as_str).collect();
    if !clear_incidents && console.incidents.iter().any(|i| set.contains(i.node_id.as_str())) {
        return Err(conflict(
            "Could not delete Canarydrop: delete its incidents first, or pass clear_incidents=true",
        ));
    }
    for id in ids {
        let index = console.token_index(id)?;
        audit_token(console, call, index, "canarytoken_delete");
    }
    console.incidents.retain(|i| !set.contains(i.node_id.as_str()));
    console.remove_tokens(|t| !set.contains(t.id.as_str()));
    Ok(())
}

/// Tears down the AWS side of an aws-s3 token. The credentials are checked for shape only
/// (there is no AWS here) and, like the Console, never kept; the token stays on the Console,
/// disabled, with its incidents.
pub fn remove_s3(console: &mut Console, call: &Call) -> Outcome {
    let index = call.token(console)?;
    let token = &console.tokens()[index];
    if token.kind.id != "aws-s3" {
        return Err(invalid("canarytoken", "is not an aws-s3 Canarytoken"));
    }
    let access_key = call.required("aws_access_key")?;
    call.required("aws_secret_key")?;
    let region = call.required("aws_region")?;
    if call.flag("delete_buckets")? {
        let bucket = call.required("s3_source_bucket")?;
        if token.fields.get("s3_source_bucket").and_then(|b| b.as_str()) != Some(bucket) {
            return Err(invalid("s3_source_bucket", "is not the bucket this Canarytoken watches"));
        }
    }
    if !is_region(region) {
        return Err(invalid("aws_region", "is not an AWS region"));
    }
    let temporary = access_key.starts_with("ASIA");
    let well_formed = access_key.len() == 20
        && (access_key.starts_with("AKIA") || temporary)
        && access_key.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !well_formed || (temporary && call.param("aws_session_token").is_none()) {
        return Err(Reply::error(
            StatusCode::BAD_REQUEST,
            "AWS refused the credentials (InvalidClientTokenId)",
        ));
    }
    console.change(index, |token| token.enabled = false);
    Ok(Reply::ok(json!({})))
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`: the shape of AWS region names.
fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let Some((number, words)) = parts.split_last() else { return false };
    words.len() >= 2
        && words[0].len() == 2
        && words.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && number.parse::<u8>().is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn region_names() {
        for good in ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4"] {
            assert!(super::is_region(good), "{good}");
        }
        for bad in ["", "us-east", "useast1", "US-EAST-1", "us-east-x"] {
            assert!(!super::is_region(bad), "{bad}");
        }
    }
}
