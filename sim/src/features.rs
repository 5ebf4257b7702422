//! `GET /console/features` (reference §12): the Console's feature flags. Some of them decide
//! which kinds the Console offers; the operator can turn flags off, or make the endpoint
//! vanish as on an older Console, through `/_sim/features`.

use crate::api::Call;
use crate::reply::{Outcome, Reply, not_found};
use crate::state::Console;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Features {
    pub features: BTreeMap<String, bool>,
    /// Whether `console/features` exists at all.
    pub endpoint: bool,
}

/// The documentation's example flags, with the token ones on so that every kind the
/// simulator knows is offered (the example Console had some off).
const DEFAULT_FLAGS: &[(&str, bool)] = &[
    ("adv_throttle_notifications", true),
    ("apeeper_token", true),
    ("awsidtoken", true),
    ("awsidtoken_username", true),
    ("azure_canary", false),
    ("canary_firewall", false),
    ("canary_smb_login", false),
    ("canarytokens", true),
    ("canaryvm", false),
    ("cloud_canary", false),
    ("console_api", true),
    ("enable_auto_updates", false),
    ("gcp_canary", false),
    ("gdoc_factory_tokens", true),
    ("globally_enforce_2fa", false),
    ("http_token_whitelisting", false),
    ("hyperv_canary", false),
    ("incident_webhooks", true),
    ("mask_notification_passwords", true),
    ("new_ui", true),
    ("office365_mail_token", true),
    ("one_time_actions", true),
    ("preserve_canaryvm_macs", true),
    ("preserve_global_macs", false),
    ("reset_endpoint", false),
    ("rss_feeds", false),
    ("saml", false),
    ("skip_gateway_subnet_check", false),
    ("slackapitoken", true),
    ("snmp", false),
    ("snmp_oid_whitelist", false),
    ("ssh_credential_watches", false),
    ("throttle_notifications", true),
    ("tokenfactory", true),
    ("webhook_hipchat", false),
    ("whitelist_hostname", false),
    ("whitelist_src_port", false),
];

/// Kinds a flag gates: with it off the Console neither lists nor makes them.
const KIND_FLAGS: &[(&str, &str)] = &[
    ("aws-id", "awsidtoken"),
    ("slack-api", "slackapitoken"),
    ("office365mail", "office365_mail_token"),
    ("tokenfactory", "tokenfactory"),
    ("autoreg-google-docs", "gdoc_factory_tokens"),
    ("autoreg-google-sheets", "gdoc_factory_tokens"),
];

impl Default for Features {
    fn default() -> Self {
        let features = DEFAULT_FLAGS.iter().map(|(name, on)| ((*name).to_owned(), *on)).collect();
        Self { features, endpoint: true }
    }
}

impl Features {
    /// An unknown flag is off.
    pub fn on(&self, flag: &str) -> bool {
        self.features.get(flag).copied().unwrap_or(false)
    }

    pub fn offers(&self, kind: &str) -> bool {
        KIND_FLAGS.iter().filter(|(k, _)| *k == kind).all(|(_, flag)| self.on(flag))
    }

    /// `{"features": {"tokenfactory": false}, "endpoint": false}`, either part optional; a
    /// flag set to `null` is dropped.
    pub fn update(&mut self, patch: &Value) -> Result<(), String> {
        let object = patch.as_object().ok_or("the body must be a JSON object")?;
        if let Some(unknown) =
            object.keys().find(|k| !["features", "endpoint"].contains(&k.as_str()))
        {
            return Err(format!("unknown field `{unknown}`"));
        }
        let mut next = self.clone();
        if let Some(endpoint) = object.get("endpoint") {
            next.endpoint = endpoint.as_bool().ok_or("endpoint must be true or false")?;
        }
        if let Some(flags) = object.get("features") {
            for (name, value) in flags.as_object().ok_or("features must be an object")? {
                match value {
                    Value::Null => next.features.remove(name),
                    Value::Bool(on) => next.features.insert(name.clone(), *on),
                    _ => return Err(format!("feature `{name}` must be true, false or null")),
                };
            }
        }
        *self = next;
        Ok(())
    }
}

pub fn fetch(console: &mut Console, _: &Call) -> Outcome {
    if !console.features.endpoint {
        return Err(not_found("Unknown endpoint"));
    }
    Ok(Reply::ok(json!({"features": console.features.features})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_gate_kinds_and_patches_check_their_types() {
        let mut features = Features::default();
        assert!(features.offers("aws-id") && features.offers("dns"));
        features.update(&json!({"features": {"awsidtoken": false}})).unwrap();
        assert!(!features.offers("aws-id"));
        assert!(features.update(&json!({"features": {"awsidtoken": 1}})).is_err());
        assert!(features.update(&json!({"flags": {}})).is_err());
        features.update(&json!({"endpoint": false})).unwrap();
        assert!(!features.endpoint && !features.on("awsidtoken"));
    }
}
