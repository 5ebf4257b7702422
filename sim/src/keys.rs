//! The simulator's API keys, one per role the Console knows, so that the app's permission
//! handling can be exercised.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Analyst,
    ReadOnly,
    /// A flock "Canarytoken Deploy" key: create and download in its flock only.
    FlockDeploy,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Analyst => "analyst",
            Self::ReadOnly => "read-only",
            Self::FlockDeploy => "flock deploy",
        }
    }
}

pub struct Key {
    pub key: &'static str,
    pub role: Role,
    /// The flock a flock key is bound to.
    pub flock: Option<&'static str>,
    /// What the Console shows for the key, as the `user` of the audit trail.
    pub note: &'static str,
}

pub const DEMO_KEYS: &[Key] = &[
    Key {
        key: "d3m0adm1n0c7f3a9e5b214d68a1b2c3d4",
        role: Role::Admin,
        flock: None,
        note: "Default API Key",
    },
    Key {
        key: "d3m0ana1yst9a8b7c6d5e4f3a2b1c0d9e",
        role: Role::Analyst,
        flock: None,
        note: "SOC analyst key",
    },
    Key {
        key: "d3m0r3ad0n1y5e4f3a2b1c0d9e8f7a6b5",
        role: Role::ReadOnly,
        flock: None,
        note: "Dashboard read-only key",
    },
    Key {
        key: "d3m0f10ckd3p10y1a2b3c4d5e6f7a8b9c",
        role: Role::FlockDeploy,
        flock: Some("flock:branch-offices"),
        note: "Branch offices deploy key",
    },
];

pub fn find(key: &str) -> Option<&'static Key> {
    DEMO_KEYS.iter().find(|k| k.key == key)
}
