//! The Console's data: flocks, custom domains, tokens, their incidents, factory strings, the
//! audit trail and the mailbox flows; and how this Console behaves (variant, features).

use crate::audit::Entry;
use crate::factories::{Apeeper, Factory};
use crate::features::Features;
use crate::incidents::Incident;
use crate::mail::Mail;
use crate::reply::{Reply, no_token};
use crate::tokens::Token;
use crate::variant::Variant;

pub const FLOCKS: &[(&str, &str)] =
    &[("flock:default", "Default Flock"), ("flock:branch-offices", "Branch Offices")];

/// Custom token domains "already linked to the Console" (reference §4.6).
pub const USER_DOMAINS: &[&str] = &["tokens.example.com", "cdn.example.net"];

/// The Console's own token domain, `<hash>.o3n.io` (reference §4.6).
pub const TOKEN_DOMAIN: &str = "d3m05e1f.o3n.io";

pub fn flock_name(id: &str) -> Option<&'static str> {
    FLOCKS.iter().find(|(fid, _)| *fid == id).map(|(_, name)| *name)
}

pub struct Console {
    /// Oldest first; listings show them newest first. Private so that every change goes
    /// through [`Console::change`], which keeps each token's JSON text current.
    tokens: Vec<Token>,
    pub incidents: Vec<Incident>,
    pub factories: Vec<Factory>,
    pub apeepers: Vec<Apeeper>,
    /// Oldest first.
    pub audit: Vec<Entry>,
    pub mail: Mail,
    pub variant: Variant,
    pub features: Features,
    pub rng: fastrand::Rng,
    /// The Console numbers every change; tokens and incidents carry the number of their last.
    updated_id: u64,
}

impl Console {
    pub fn new(rng: fastrand::Rng) -> Self {
        Self {
            tokens: Vec::new(),
            incidents: Vec::new(),
            factories: Vec::new(),
            apeepers: Vec::new(),
            audit: Vec::new(),
            mail: Mail::default(),
            variant: Variant::default(),
            features: Features::default(),
            rng,
            updated_id: 0,
        }
    }

    pub fn next_updated_id(&mut self) -> u64 {
        self.updated_id += 1;
        self.updated_id
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// A token and the generator together, to make random things about it.
    pub fn token_and_rng(&mut self, index: usize) -> (&Token, &mut fastrand::Rng) {
        (&self.tokens[index], &mut self.rng)
    }

    pub fn token_index(&self, id: &str) -> Result<usize, Reply> {
        self.tokens.iter().position(|t| t.id == id).ok_or_else(no_token)
    }

    /// Stores a new token; returns its index.
    pub fn add(&mut self, mut token: Token) -> usize {
        token.refresh();
        self.tokens.push(token);
        self.tokens.len() - 1
    }

    /// The one way to change a token: numbers the change as the Console does and renews the
    /// token's JSON text.
    pub fn change(&mut self, index: usize, edit: impl FnOnce(&mut Token)) {
        let updated_id = self.next_updated_id();
        let token = &mut self.tokens[index];
        edit(token);
        token.updated_id = updated_id;
        token.refresh();
    }

    pub fn remove_tokens(&mut self, keep: impl FnMut(&Token) -> bool) {
        self.tokens.retain(keep);
    }
}

/// Flock ids in parameters must name a flock the Console has.
pub fn require_flock(id: &str) -> Result<&'static str, Reply> {
    flock_name(id).ok_or_else(|| crate::reply::not_found("Flock does not exist."))
}
