//! What the screens need to know about the connected Console beyond tokens: the kinds it offers
//! (with the catalog's entry for each), its flocks, its custom token domains and its feature
//! flags. Read once per profile, after the first paint.

use crate::api::types::Features;
use crate::api::{ApiError, Client, endpoints};
use crate::kinds::{self, Kind, Show};

/// A kind the Console offers, with the catalog's knowledge of it when there is any.
#[derive(Clone, Debug)]
pub struct Offered {
    pub id: String,
    pub label: String,
    pub spec: Option<&'static Kind>,
}

impl PartialEq for Offered {
    /// The catalog entry follows from the id.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.label == other.label
    }
}

impl Offered {
    pub fn new(id: &str, console_label: &str) -> Self {
        let spec = kinds::find(id);
        // The Console names some kinds alike ("Google Doc" for two); the catalog tells them apart.
        let label = spec.map_or(console_label, |k| k.label).to_owned();
        Self { id: id.to_owned(), label, spec }
    }

    pub fn place(&self) -> &'static str {
        self.spec
            .map_or("A kind this app does not know yet: it is created with a memo only.", |k| {
                k.place
            })
    }

    pub fn shows(&self) -> &'static [Show] {
        self.spec.map_or(&[Show::Url, Show::Hostname], |k| k.shows)
    }

    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_ascii_lowercase();
        query.is_empty()
            || self.spec.map_or_else(
                || self.label.to_ascii_lowercase().contains(&query) || self.id.contains(&query),
                |k| k.matches(&query),
            )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleInfo {
    /// Sorted by label. When the Console's list cannot be read, the catalog's kinds and why.
    pub kinds: Vec<Offered>,
    pub kinds_error: Option<ApiError>,
    /// `(id, name)`, the default flock first.
    pub flocks: Result<Vec<(String, String)>, ApiError>,
    pub domains: Result<Vec<String>, ApiError>,
    /// Which kinds and parameters the Console offers beyond its kind list. A Console that
    /// cannot tell (an older one, a key refused the endpoint) offers everything.
    pub features: Features,
}

impl ConsoleInfo {
    /// Asks for the four lists at once and waits for all of them.
    pub async fn load(client: &Client) -> Self {
        let (kinds, flocks, domains, features) = futures::future::join4(
            client.send(endpoints::list_kinds()),
            client.send(endpoints::list_flocks()),
            client.send(endpoints::user_domains()),
            client.send(endpoints::console_features()),
        )
        .await;
        let (kinds, kinds_error) = match kinds {
            Ok(list) => (
                list.by_label().into_iter().map(|(id, label)| Offered::new(id, label)).collect(),
                None,
            ),
            Err(e) => (catalog_kinds(), Some(e)),
        };
        let flocks = flocks.map(|f| {
            let mut flocks: Vec<_> = f.flocks.into_iter().collect();
            crate::sort::sort_by_key(&mut flocks, |(id, name)| {
                (id != DEFAULT_FLOCK, name.to_ascii_lowercase())
            });
            flocks
        });
        let domains = domains.map(|d| d.user_domains);
        Self { kinds, kinds_error, flocks, domains, features: features.unwrap_or_default() }
    }

    pub fn kind(&self, id: &str) -> Offered {
        self.kinds.iter().find(|k| k.id == id).cloned().unwrap_or_else(|| Offered::new(id, id))
    }

    pub fn flock_name(&self, id: &str) -> String {
        self.flocks
            .as_ref()
            .ok()
            .and_then(|f| f.iter().find(|(fid, _)| fid == id))
            .map_or_else(|| id.to_owned(), |(_, name)| name.clone())
    }
}

/// Every Console has it; create calls without `flock_id` use it.
pub const DEFAULT_FLOCK: &str = "flock:default";

fn catalog_kinds() -> Vec<Offered> {
    let mut kinds: Vec<_> = kinds::KINDS.iter().map(|k| Offered::new(k.id, k.label)).collect();
    crate::sort::sort_by_key(&mut kinds, |k| k.label.to_ascii_lowercase());
    kinds
}
