//! The screens and their addresses. Extension pages cannot serve paths, so the screen lives in
//! `location.hash` (`#create`, `#token/<id>`, ...), mirrored into a signal.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Create,
    Inventory,
    Bulk,
    /// One token's detail, by id.
    Token(String),
    Advanced,
    Connect,
}

impl Screen {
    /// The nav links, in order.
    pub const NAV: [Screen; 5] =
        [Screen::Create, Screen::Inventory, Screen::Bulk, Screen::Advanced, Screen::Connect];

    /// The address, with `#`.
    pub fn hash(&self) -> String {
        match self {
            Self::Token(id) => format!("#token/{id}"),
            other => format!("#{}", other.nav_id()),
        }
    }

    fn nav_id(&self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Inventory | Self::Token(_) => "inventory",
            Self::Bulk => "bulk",
            Self::Advanced => "advanced",
            Self::Connect => "connect",
        }
    }

    /// The nav link's words.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Inventory | Self::Token(_) => "Inventory",
            Self::Bulk => "Bulk",
            Self::Advanced => "Advanced",
            Self::Connect => "Connect",
        }
    }

    /// Whether this screen lights up `nav`'s link (a token's detail belongs to the inventory).
    pub fn is_under(&self, nav: &Screen) -> bool {
        self.nav_id() == nav.nav_id()
    }

    pub fn from_hash(hash: &str) -> Option<Self> {
        let hash = hash.trim_start_matches('#');
        if let Some(id) = hash.strip_prefix("token/") {
            let valid =
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
            return valid.then(|| Self::Token(id.to_owned()));
        }
        Self::NAV.into_iter().find(|s| s.nav_id() == hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_name_screens() {
        for screen in Screen::NAV {
            assert_eq!(Screen::from_hash(&screen.hash()), Some(screen));
        }
        let detail = Screen::Token("gv3xjl75b3nr7vwsmvxexcle0".into());
        assert_eq!(detail.hash(), "#token/gv3xjl75b3nr7vwsmvxexcle0");
        assert_eq!(Screen::from_hash(&detail.hash()), Some(detail.clone()));
        assert!(detail.is_under(&Screen::Inventory));
        assert_eq!(Screen::from_hash(""), None);
        assert_eq!(Screen::from_hash("#nowhere"), None);
        assert_eq!(Screen::from_hash("#token/"), None);
        assert_eq!(Screen::from_hash("#token/<script>"), None);
    }
}
