//! The screens, their addresses and the page each lives on. Extension pages cannot serve paths,
//! so a screen lives in `location.hash` (`#create`, `#token/<id>`, ...), mirrored into a
//! signal; the page is the HTML file: the popup (`index.html`) holds what is opened many times
//! a day, the workbench (`workbench.html`) long or rare work.

use crate::api::mail::Provider;
use crate::inventory::Filter;
use crate::platform;

/// One of the two pages the build makes, each with its own wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Popup,
    Workbench,
}

impl Page {
    /// The page this document is, by its file name.
    pub fn here() -> Self {
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        match path.ends_with(Self::Workbench.file()) {
            true => Self::Workbench,
            false => Self::Popup,
        }
    }

    pub fn file(self) -> &'static str {
        match self {
            Self::Popup => "index.html",
            Self::Workbench => "workbench.html",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Create,
    Inventory,
    /// One token's detail, by id.
    Token(String),
    /// The Console's alerts across tokens.
    Alerts,
    Bulk,
    /// The inventory export, starting from the filter the inventory showed.
    Export(Filter),
    /// The alerts export, starting from the filter the Alerts screen showed, as
    /// [`AlertFilter::to_query`](crate::api::incidents::AlertFilter::to_query) writes it (the
    /// workbench reads it; the popup only passes it on).
    AlertExport(String),
    Advanced,
    /// A provider's mail tokens (`#mail/gmail`), which a plain create cannot make.
    Mail(Provider),
    Connect,
}

impl Screen {
    /// The nav links, in order.
    pub const NAV: [Screen; 7] = [
        Screen::Create,
        Screen::Inventory,
        Screen::Alerts,
        Screen::Bulk,
        Screen::Export(Filter::EMPTY),
        Screen::Advanced,
        Screen::Connect,
    ];

    pub fn page(&self) -> Page {
        match self {
            Self::Bulk
            | Self::Export(_)
            | Self::AlertExport(_)
            | Self::Advanced
            | Self::Mail(_) => Page::Workbench,
            _ => Page::Popup,
        }
    }

    /// The address within its page, with `#`.
    pub fn hash(&self) -> String {
        match self {
            Self::Token(id) => format!("#token/{id}"),
            Self::Export(filter) if !filter.is_empty() => format!("#export?{}", filter.to_query()),
            Self::AlertExport(query) if !query.is_empty() => format!("#alert-export?{query}"),
            Self::Mail(provider) => format!("#mail/{}", provider.slug()),
            other => format!("#{}", other.nav_id()),
        }
    }

    /// The address from a page of `from`: the hash alone on its own page, else the other file.
    pub fn href(&self, from: Page) -> String {
        match self.page() {
            page if page == from => self.hash(),
            page => format!("{}{}", page.file(), self.hash()),
        }
    }

    fn nav_id(&self) -> &'static str {
        match self {
            // Mail tokens are made instead of a plain create: under Create.
            Self::Create | Self::Mail(_) => "create",
            Self::Inventory | Self::Token(_) => "inventory",
            Self::Alerts => "alerts",
            Self::AlertExport(_) => "alert-export",
            Self::Bulk => "bulk",
            Self::Export(_) => "export",
            Self::Advanced => "advanced",
            Self::Connect => "connect",
        }
    }

    /// The nav link's words.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Create | Self::Mail(_) => "Create",
            Self::Inventory | Self::Token(_) => "Inventory",
            Self::Alerts | Self::AlertExport(_) => "Alerts",
            Self::Bulk => "Bulk",
            Self::Export(_) => "Export",
            Self::Advanced => "Advanced",
            Self::Connect => "Connect",
        }
    }

    /// Whether this screen lights up `nav`'s link (a token's detail belongs to the inventory).
    pub fn is_under(&self, nav: &Screen) -> bool {
        let id = |s: &Screen| match s {
            Self::AlertExport(_) => "alerts",
            other => other.nav_id(),
        };
        id(self) == id(nav)
    }

    pub fn from_hash(hash: &str) -> Option<Self> {
        let hash = hash.trim_start_matches('#');
        if let Some(id) = hash.strip_prefix("token/") {
            let valid =
                !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
            return valid.then(|| Self::Token(id.to_owned()));
        }
        if let Some(slug) = hash.strip_prefix("mail/") {
            return Provider::from_slug(slug).map(Self::Mail);
        }
        if let Some(query) = hash.strip_prefix("alert-export?") {
            return Some(Self::AlertExport(query.to_owned()));
        }
        if hash == "alert-export" {
            return Some(Self::AlertExport(String::new()));
        }
        if let Some(query) = hash.strip_prefix("export?") {
            return Some(Self::Export(Filter::from_query(query)));
        }
        Self::NAV.into_iter().find(|s| s.nav_id() == hash)
    }

    /// The screen the address names, if any.
    pub fn current() -> Option<Self> {
        web_sys::window()?.location().hash().ok().and_then(|h| Self::from_hash(&h))
    }
}

/// Shows `screen`: on this page through the address (so that Back works); on the other page by
/// opening it ([`platform::open_page`] says how).
pub fn go(screen: &Screen) {
    let here = Page::here();
    let Some(location) = web_sys::window().map(|w| w.location()) else { return };
    if screen.page() == here {
        let _ = location.set_hash(&screen.hash());
    } else {
        platform::open_page(&screen.href(here));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::StateFilter;

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

    #[test]
    fn screens_of_the_other_page_are_reached_by_its_file() {
        assert_eq!(Screen::Bulk.href(Page::Popup), "workbench.html#bulk");
        assert_eq!(Screen::Bulk.href(Page::Workbench), "#bulk");
        assert_eq!(Screen::Inventory.href(Page::Workbench), "index.html#inventory");
        assert_eq!(Screen::Create.href(Page::Popup), "#create");
        assert_eq!(Screen::Advanced.page(), Page::Workbench);
        assert_eq!(Screen::Token("a1".into()).page(), Page::Popup);
    }

    #[test]
    fn mail_screens_have_a_provider_address_on_the_workbench() {
        let gmail = Screen::Mail(Provider::Gmail);
        assert_eq!(gmail.href(Page::Popup), "workbench.html#mail/gmail");
        assert_eq!(Screen::Mail(Provider::Office365).hash(), "#mail/office365");
        for provider in Provider::ALL {
            let screen = Screen::Mail(provider);
            assert_eq!(Screen::from_hash(&screen.hash()), Some(screen));
        }
        assert_eq!(Screen::from_hash("#mail/yahoo"), None);
        assert_eq!(Screen::from_hash("#mail"), None);
        assert!(gmail.is_under(&Screen::Create) && !gmail.is_under(&Screen::Bulk));
    }

    #[test]
    fn the_export_carries_the_inventory_filter() {
        let filter = Filter {
            text: "laptop & co".into(),
            kind: Some("aws-id".into()),
            state: StateFilter::Disabled,
            flock: Some("flock:default".into()),
        };
        let screen = Screen::Export(filter.clone());
        assert_eq!(
            screen.hash(),
            "#export?text=laptop+%26+co&kind=aws-id&active=false&flock_id=flock%3Adefault"
        );
        assert_eq!(Screen::from_hash(&screen.hash()), Some(screen));
        assert_eq!(Screen::Export(Filter::EMPTY).hash(), "#export");
        assert!(Screen::Export(filter).is_under(&Screen::Export(Filter::EMPTY)));
    }

    #[test]
    fn the_alert_export_carries_the_alert_filter() {
        use crate::api::incidents::AlertFilter;
        let filter = AlertFilter {
            text: "203.0.113".into(),
            logtype: Some(17000),
            ..AlertFilter::default()
        };
        let screen = Screen::AlertExport(filter.to_query());
        assert_eq!(
            screen.href(Page::Popup),
            "workbench.html#alert-export?filter_incident_state=unacknowledged&filter_logtypes=17000&filter_str=203.0.113"
        );
        let Some(Screen::AlertExport(query)) = Screen::from_hash(&screen.hash()) else {
            panic!("the export's address")
        };
        assert_eq!(AlertFilter::from_query(&query), filter);
        assert_eq!(Screen::from_hash("#alert-export"), Some(Screen::AlertExport(String::new())));
        assert_eq!(Screen::AlertExport(String::new()).hash(), "#alert-export");
        assert!(screen.is_under(&Screen::Alerts));
        assert!(!Screen::Alerts.is_under(&Screen::Inventory));
        assert_eq!(
            (Screen::Alerts.hash(), Screen::Alerts.page()),
            ("#alerts".to_owned(), Page::Popup)
        );
    }
}
