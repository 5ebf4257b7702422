//! Factory auth strings, the older limited credential that may only create and download
//! tokens in one flock (reference §4.4), and the legacy ApeeperFactory endpoints.

use crate::api::Call;
use crate::clock;
use crate::random;
use crate::reply::{Outcome, Reply, not_found};
use crate::state::{self, Console};
use crate::tokens::check_memo;
use serde_json::{Value, json};

pub struct Factory {
    pub auth: String,
    pub flock_id: String,
    pub memo: String,
}

pub struct Apeeper {
    pub hash: String,
    pub memo: String,
    pub flock_id: String,
    pub created: f64,
}

impl Apeeper {
    /// How `canarytokens/fetch?include_endpoints=true` lists it beside the tokens.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": "apeeper",
            "hash": self.hash,
            "memo": self.memo,
            "flock_id": self.flock_id,
            "enabled": true,
            "created": format!("{:.6}", self.created),
            "created_printable": clock::printable(self.created),
        })
    }
}

pub fn create_factory(console: &mut Console, call: &Call) -> Outcome {
    let flock_id = call.required("flock_id")?;
    let memo = call.required("memo")?;
    state::require_flock(flock_id)?;
    let memo = check_memo(Some(memo))?;
    let auth = random::string(&mut console.rng, random::HEX, 32);
    console.factories.push(Factory { auth: auth.clone(), flock_id: flock_id.to_owned(), memo });
    Ok(Reply::ok(json!({
        "factory_auth": auth,
        "factory_url": "/api/v1/canarytoken/factory",
    })))
}

pub fn list_factories(console: &mut Console, _: &Call) -> Outcome {
    let factories: Vec<Value> = console
        .factories
        .iter()
        .map(|f| json!({"factory_auth": f.auth, "flock_id": f.flock_id, "memo": f.memo}))
        .collect();
    Ok(Reply::ok(json!({"factories": factories})))
}

pub fn delete_factory(console: &mut Console, call: &Call) -> Outcome {
    let auth = call.required("factory_auth")?;
    let index = console
        .factories
        .iter()
        .position(|f| f.auth == auth)
        .ok_or_else(|| not_found("Factory auth string not found"))?;
    console.factories.remove(index);
    Ok(Reply::ok(json!({"msg": "TokenFactory auth string deleted"})))
}

pub fn delete_apeeper(console: &mut Console, call: &Call) -> Outcome {
    let hash = call.required("hash")?;
    let index = console
        .apeepers
        .iter()
        .position(|a| a.hash == hash)
        .ok_or_else(|| not_found("Could not find the ApeeperFactory"))?;
    console.apeepers.remove(index);
    Ok(Reply::ok(json!({})))
}
