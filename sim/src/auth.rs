//! Who is calling and what they may do. The Console takes an API key as the
//! `X-Canary-Auth-Token` header or the `auth_token` parameter, and factory endpoints take a
//! `factory_auth` string instead (reference §1); each role reaches a fixed set of endpoints.

use crate::keys::{Key, Role};
use crate::reply::{Reply, forbidden};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

/// The credential a request presented, valid or not.
pub enum Credential {
    Header(String),
    Param(String),
    Factory(String),
    None,
}

impl Credential {
    /// Factory endpoints read `factory_auth` and nothing else; every other endpoint prefers the
    /// header over the parameter.
    pub fn of(headers: &HeaderMap, params: &HashMap<String, String>, factory: bool) -> Self {
        if factory {
            return params.get("factory_auth").map_or(Self::None, |s| Self::Factory(s.clone()));
        }
        if let Some(value) = headers.get("x-canary-auth-token") {
            return Self::Header(value.to_str().unwrap_or_default().to_owned());
        }
        params.get("auth_token").map_or(Self::None, |s| Self::Param(s.clone()))
    }

    /// For the request log.
    pub fn via(&self) -> Option<&'static str> {
        match self {
            Self::Header(_) => Some("header"),
            Self::Param(_) => Some("param"),
            Self::Factory(_) => Some("factory"),
            Self::None => None,
        }
    }

    /// The Console words the refusal after where the credential came from; a factory
    /// endpoint only ever asks for `factory_auth`.
    pub fn refusal(&self, factory_route: bool) -> Reply {
        let message = match self {
            Self::Header(_) => "Unauthorized",
            _ if factory_route => "Invalid factory_auth",
            _ => "Invalid auth_token",
        };
        Reply::error(StatusCode::UNAUTHORIZED, message)
    }
}

/// A caller whose credential checked out.
#[derive(Clone)]
pub enum Caller {
    Key(&'static Key),
    Factory { auth: String, flock: String },
}

impl Caller {
    pub fn role_label(&self) -> Option<&'static str> {
        match self {
            Self::Key(key) => Some(key.role.label()),
            Self::Factory { .. } => None,
        }
    }

    /// The one flock a flock key or factory string is bound to.
    pub fn flock_scope(&self) -> Option<&str> {
        match self {
            Self::Key(key) => key.flock,
            Self::Factory { flock, .. } => Some(flock),
        }
    }
}

/// What an endpoint needs of its caller.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    /// Any valid key: ping and the kind catalogues.
    Anyone,
    /// Viewing tokens, incidents, flocks and settings.
    Read,
    /// Acknowledging, unacknowledging and deleting incidents (reference §1.1: analysts may).
    Alerts,
    /// Reading the audit trail: analysts may, read-only keys may not (it records who did what
    /// from where).
    Audit,
    /// Creating and downloading tokens, which a Canarytoken Deploy key may do in its flock.
    Deploy,
    /// Changing or deleting anything else.
    Admin,
    /// The endpoints a `factory_auth` string opens.
    Factory,
}

impl Access {
    fn granted_to(self, role: Role) -> bool {
        use Access::*;
        match role {
            Role::Admin => self != Factory,
            Role::Analyst => matches!(self, Anyone | Read | Alerts | Audit),
            Role::ReadOnly => matches!(self, Anyone | Read),
            Role::FlockDeploy => matches!(self, Anyone | Deploy),
        }
    }
}

pub fn permit(caller: &Caller, access: Access, path: &str) -> Result<(), Reply> {
    let allowed = match caller {
        Caller::Key(key) => access.granted_to(key.role),
        Caller::Factory { .. } => access == Access::Factory,
    };
    if allowed {
        return Ok(());
    }
    let who = caller.role_label().unwrap_or("factory");
    Err(forbidden(&format!("This {who} API key does not have permission to use {path}")))
}

/// A flock-bound caller may only act in its own flock.
pub fn permit_flock(caller: &Caller, flock_id: &str) -> Result<(), Reply> {
    match caller.flock_scope() {
        Some(own) if own != flock_id => Err(forbidden(&format!(
            "This key does not have permission to act in {flock_id}; it is limited to {own}"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_reach_what_the_help_centre_describes() {
        use Access::*;
        let table = [
            (Role::Admin, [true, true, true, true, true, true, false]),
            (Role::Analyst, [true, true, true, true, false, false, false]),
            (Role::ReadOnly, [true, true, false, false, false, false, false]),
            (Role::FlockDeploy, [true, false, false, false, true, false, false]),
        ];
        for (role, expected) in table {
            let got =
                [Anyone, Read, Alerts, Audit, Deploy, Admin, Factory].map(|a| a.granted_to(role));
            assert_eq!(got, expected, "{role:?}");
        }
    }
}
