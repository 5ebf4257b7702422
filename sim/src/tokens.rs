//! A Canarytoken as the Console keeps it, and the one way tokens come to be: [`create`], shared
//! by the create endpoint, the factory endpoint and the seeds, so that seeded tokens carry the
//! same fields as created ones.

use crate::api::{Upload, parse_bool};
use crate::clock;
use crate::kinds::{self, Check, FileParam, Kind, Made};
use crate::random;
use crate::reply::{Reply, bad_request, invalid, missing};
use crate::state::{self, Console};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

const MEMO_MAX_CHARS: usize = 10_000;

pub struct Token {
    pub id: String,
    pub kind: &'static Kind,
    memo: String,
    /// The memo's words, lower-cased once, so that searching thousands of tokens stays cheap.
    memo_words: Vec<String>,
    pub enabled: bool,
    pub flock_id: String,
    pub created: f64,
    pub hostname: String,
    pub url: String,
    pub custom_domain: Option<String>,
    pub triggered_count: u64,
    pub updated_id: u64,
    pub factory_auth: Option<String>,
    /// Kind parameters echoed back and fields generated for the kind, shown as they are.
    pub fields: Map<String, Value>,
    /// An uploaded document or program: the file a download returns.
    pub upload: Option<Upload>,
    /// [`Token::to_json`] as text, kept up to date by [`Console::change`]: listings serve up
    /// to a thousand tokens, and building that many through `serde_json::Value` takes longer
    /// than a listing may in a debug build.
    json: String,
}

impl Token {
    pub fn memo(&self) -> &str {
        &self.memo
    }

    pub fn set_memo(&mut self, memo: String) {
        self.memo_words = search_terms(&memo);
        self.memo = memo;
    }

    /// A text field of the token (a kind parameter or generated field), or "".
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).and_then(|v| v.as_str()).unwrap_or_default()
    }

    pub fn json_text(&self) -> &str {
        &self.json
    }

    /// Brings [`Token::json_text`] up to date after a change.
    pub fn refresh(&mut self) {
        self.json = self.to_json().to_string();
    }

    /// Each term must start the token id or one of the memo's words (the Console's
    /// "word-delimited prefix" search). Terms come from [`search_terms`].
    pub fn matches(&self, terms: &[String]) -> bool {
        terms.iter().all(|term| {
            self.id.starts_with(term.as_str())
                || self.memo_words.iter().any(|w| w.starts_with(term.as_str()))
        })
    }

    pub fn to_json(&self) -> Value {
        let mut map = self.fields.clone();
        let common = [
            ("canarytoken", json!(self.id)),
            ("kind", json!(self.kind.id)),
            ("memo", json!(self.memo)),
            ("enabled", json!(self.enabled)),
            ("flock_id", json!(self.flock_id)),
            ("created", json!(format!("{:.6}", self.created))),
            ("created_printable", json!(clock::printable(self.created))),
            ("hostname", json!(self.hostname)),
            ("url", json!(self.url)),
            ("key", json!(format!("canarydrop:{}", self.id))),
            ("node_id", json!(self.id)),
            ("triggered_count", json!(self.triggered_count)),
            ("updated_id", json!(self.updated_id)),
        ];
        for (name, value) in common {
            map.insert(name.into(), value);
        }
        if let Some(domain) = &self.custom_domain {
            map.insert("custom_domain".into(), json!(domain));
        }
        if let Some(auth) = &self.factory_auth {
            map.insert("factory_auth".into(), json!(auth));
        }
        Value::Object(map)
    }
}

/// Lower-cased words, split at anything not a letter or digit: how both memos and search
/// strings are cut up.
pub fn search_terms(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a create call asks for, wherever it came from.
pub struct NewToken<'a> {
    pub params: &'a HashMap<String, String>,
    pub files: &'a HashMap<String, Upload>,
    pub flock_id: &'a str,
    pub via: Via<'a>,
    pub created: f64,
}

/// The path a token is made by: each kind allows some of them ([`Made`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Via<'a> {
    Create,
    /// A factory create, with the factory string the token remembers.
    Factory(&'a str),
    /// A kind's own flow (the mailbox endpoints).
    Flow,
}

impl Via<'_> {
    fn allows(self, made: Made) -> bool {
        match made {
            Made::Create => self != Via::Flow,
            Made::Factory => matches!(self, Via::Factory(_)),
            Made::Flow(_) => self == Via::Flow,
        }
    }
}

/// A token being built, handed to the kind's extras.
pub struct Draft<'a> {
    pub token: Token,
    pub params: &'a HashMap<String, String>,
    pub rng: &'a mut fastrand::Rng,
}

impl Draft<'_> {
    /// An echoed text parameter (the kind table has already required and checked it).
    pub fn text(&self, name: &str) -> String {
        let value = self.token.fields.get(name).and_then(|v| v.as_str());
        value.unwrap_or_default().to_owned()
    }

    pub fn render(&mut self, name: &str, text: String) {
        let renders = self.token.fields.entry("renders").or_insert_with(|| json!({}));
        renders[name] = json!(text);
    }
}

pub fn check_memo(memo: Option<&str>) -> Result<String, Reply> {
    let memo = memo.unwrap_or_default();
    if memo.trim().is_empty() {
        return Err(bad_request("Empty memo"));
    }
    if memo.chars().count() > MEMO_MAX_CHARS {
        return Err(bad_request(&format!(
            "Memo longer than maximum ({MEMO_MAX_CHARS} characters)."
        )));
    }
    Ok(memo.to_owned())
}

/// The kind a create call names, if this path may make it.
pub fn kind_for(params: &HashMap<String, String>, via: Via) -> Result<&'static Kind, Reply> {
    let kind = nonempty(params, "kind").ok_or_else(missing)?;
    let kind = kinds::find(kind).ok_or_else(|| bad_request("Supplied kind is not valid."))?;
    if via.allows(kind.made) {
        return Ok(kind);
    }
    let how = match kind.made {
        Made::Flow(path) => format!("use {path}"),
        _ => "they are minted by a Canarytoken factory: use /canarytoken/factory/create with a \
              factory_auth string"
            .to_owned(),
    };
    Err(bad_request(&format!(
        "{} Canarytokens cannot be made with a plain create call; {how}",
        kind.id
    )))
}

/// Checks everything the reference says about a create call and stores the token; returns
/// its index in `console.tokens`. With `skip_create_if_exists`, a token of the same kind, memo
/// and flock is returned instead of a new one (reference §12).
pub fn create(console: &mut Console, new: &NewToken) -> Result<usize, Reply> {
    let params = new.params;
    let kind = kind_for(params, new.via)?;
    let memo = check_memo(params.get("memo").map(String::as_str))?;
    state::require_flock(new.flock_id)?;
    let custom_domain = match nonempty(params, "custom_domain") {
        None => None,
        Some(domain) if state::USER_DOMAINS.contains(&domain) => Some(domain.to_owned()),
        Some(_) => {
            return Err(invalid("custom_domain", "is not one of the Console's custom domains"));
        }
    };
    let mut fields = Map::new();
    for param in kind.params {
        match nonempty(params, param.name) {
            Some(raw) => {
                fields.insert(param.name.into(), check(param.check, param.name, raw)?);
            }
            None if param.required => return Err(missing()),
            None => {}
        }
    }
    let upload = match &kind.file {
        Some(spec) => check_file(spec, new.files)?,
        None => None,
    };
    let skip = match nonempty(params, "skip_create_if_exists") {
        Some(raw) => parse_bool(raw)
            .ok_or_else(|| invalid("skip_create_if_exists", "must be true or false"))?,
        None => false,
    };
    let same = |t: &Token| t.kind.id == kind.id && t.flock_id == new.flock_id && t.memo == memo;
    if let Some(existing) = console.tokens().iter().position(same).filter(|_| skip) {
        return Ok(existing);
    }
    let id = random::string(&mut console.rng, random::LOWER_ALNUM, 25);
    let domain = custom_domain.as_deref().unwrap_or(state::TOKEN_DOMAIN);
    let url = token_url(&mut console.rng, domain, &id);
    let mut token = Token {
        hostname: format!("{id}.{domain}"),
        url,
        id,
        kind,
        memo: String::new(),
        memo_words: Vec::new(),
        enabled: true,
        flock_id: new.flock_id.to_owned(),
        created: new.created,
        custom_domain,
        triggered_count: 0,
        updated_id: 0,
        factory_auth: match new.via {
            Via::Factory(auth) => Some(auth.to_owned()),
            _ => None,
        },
        fields,
        upload,
        json: String::new(),
    };
    token.set_memo(memo);
    let mut draft = Draft { token, params, rng: &mut console.rng };
    if let Some(extras) = kind.extras {
        extras(&mut draft)?;
    }
    let mut token = draft.token;
    token.updated_id = console.next_updated_id();
    Ok(console.add(token))
}

fn nonempty<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    params.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// The Console's token URLs hide the id among ordinary-looking path words.
fn token_url(rng: &mut fastrand::Rng, domain: &str, id: &str) -> String {
    const DIRS: &[&str] = &["about", "static", "images", "terms", "articles", "tags", "feedback"];
    const PAGES: &[&str] = &["index.html", "post.jsp", "contact.php", "submit.aspx", "page.html"];
    let dir = DIRS[rng.usize(..DIRS.len())];
    let page = PAGES[rng.usize(..PAGES.len())];
    format!("http://{domain}/{dir}/{id}/{page}")
}

/// Checks one parameter value the way the kind table says; gives the value the token echoes.
pub fn check(check: Check, name: &str, raw: &str) -> Result<Value, Reply> {
    let ok = match check {
        Check::Text => true,
        Check::Domain => {
            if raw.split('.').filter(|label| !label.is_empty()).count() < 2 {
                return Err(invalid(name, "is invalid, not enough domain labels"));
            }
            true
        }
        Check::Url => ["http://", "https://"]
            .iter()
            .any(|scheme| raw.strip_prefix(scheme).is_some_and(|rest| !rest.is_empty())),
        Check::Bool => {
            return parse_bool(raw)
                .map(Value::Bool)
                .ok_or_else(|| invalid(name, "must be true or false"));
        }
        Check::Expiry => is_expiry(raw),
        Check::OneOf(allowed) => allowed.contains(&raw),
        Check::NameList => raw.split(',').all(|name| !name.trim().is_empty()),
        Check::Email => is_email(raw),
    };
    if ok { Ok(json!(raw)) } else { Err(invalid(name, "is invalid")) }
}

/// `someone@example.com`: one `@` with text before it and a dotted domain after it.
pub fn is_email(raw: &str) -> bool {
    raw.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && !domain.contains('@')
            && domain.split('.').filter(|l| !l.is_empty()).count() >= 2
    })
}

/// `12h`, `6mo`, `1y`: a positive number and one of the units the reference lists.
fn is_expiry(raw: &str) -> bool {
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    number.parse::<u32>().is_ok_and(|n| n > 0) && ["y", "mo", "w", "d", "h"].contains(&unit)
}

fn check_file(spec: &FileParam, files: &HashMap<String, Upload>) -> Result<Option<Upload>, Reply> {
    match files.get(spec.name) {
        None if spec.required => Err(missing()),
        None => Ok(None),
        Some(upload) if spec.magics.iter().any(|m| upload.bytes.starts_with(m)) => {
            Ok(Some(upload.clone()))
        }
        Some(_) => Err(invalid(spec.name, &format!("is not {}", spec.expected))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_takes_the_documented_units_only() {
        for good in ["12h", "6mo", "1y", "2w", "30d"] {
            assert!(is_expiry(good), "{good}");
        }
        for bad in ["", "h", "0d", "12", "12m", "1.5h", "-1d", "6 mo"] {
            assert!(!is_expiry(bad), "{bad}");
        }
    }

    #[test]
    fn search_terms_split_like_memo_words() {
        assert_eq!(search_terms("Laptop 04217 (Finance)"), ["laptop", "04217", "finance"]);
    }
}
