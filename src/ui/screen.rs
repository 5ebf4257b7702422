//! The screens and their addresses. Extension pages cannot serve paths, so the screen lives in
//! `location.hash` (`#create`, ...), mirrored into a signal.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Create,
    Connect,
}

impl Screen {
    /// In nav order.
    pub const ALL: [Screen; 2] = [Screen::Create, Screen::Connect];

    /// The address fragment, without `#`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Connect => "connect",
        }
    }

    /// The nav link's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Connect => "Connect",
        }
    }

    pub fn from_hash(hash: &str) -> Option<Self> {
        let id = hash.trim_start_matches('#');
        Self::ALL.into_iter().find(|s| s.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_name_screens() {
        for screen in Screen::ALL {
            assert_eq!(Screen::from_hash(&format!("#{}", screen.id())), Some(screen));
        }
        assert_eq!(Screen::from_hash(""), None);
        assert_eq!(Screen::from_hash("#nowhere"), None);
    }
}
