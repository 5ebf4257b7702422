//! The tokens loaded from the Console, which the popup's screens share: the inventory lists
//! them, the token screen starts from them, create and delete keep them current. Another page
//! (the workbench) that changes tokens says so on a broadcast channel, and they are read again.
//!
//! Loading goes page by page. Cursor paging is sequential by nature (each page names the next),
//! so "load all" cannot fetch pages concurrently: it asks for large pages instead, one right
//! after another, shows progress, lets the user work with what is loaded, and stops on request.
//! A newer load makes older answers void (a generation counter).

use super::context::AppContext;
use crate::api::ApiError;
use crate::api::endpoints::TokenQuery;
use crate::api::listing::{Listing, PAGE_SIZES, Source};
use crate::inventory::Inventory;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The channel on which the app's pages tell each other that tokens changed.
const CHANNEL: &str = "canarytoken-manager/tokens";

/// The first page and "Load more" pages: small, so that the list shows at once.
pub const PAGE: u32 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loading {
    Idle,
    Page,
    All,
}

#[derive(Clone, Copy)]
pub struct Tokens {
    pub rows: RwSignal<Inventory>,
    /// The Console search the rows answer (`None`: nothing loaded yet).
    pub query: RwSignal<Option<TokenQuery>>,
    /// Where "Load more" continues, and with which endpoint.
    pub next: RwSignal<Option<String>>,
    source: StoredValue<Source>,
    pub total: RwSignal<Option<u64>>,
    pub loading: RwSignal<Loading>,
    pub error: RwSignal<Option<ApiError>>,
    /// What happened elsewhere that the inventory should say ("Deleted token …").
    pub notice: RwSignal<Option<String>>,
    generation: RwSignal<u64>,
}

impl Tokens {
    /// Makes the page's tokens and provides them; they are forgotten when another Console (or
    /// key) is chosen and when another page says it changed tokens.
    pub fn provide(ctx: AppContext) -> Self {
        let data = Self {
            rows: RwSignal::new(Inventory::default()),
            query: RwSignal::new(None),
            next: RwSignal::new(None),
            source: StoredValue::new(Source::Search),
            total: RwSignal::new(None),
            loading: RwSignal::new(Loading::Idle),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        provide_context(data);
        Effect::new(move |previous: Option<()>| {
            ctx.active.track();
            if previous.is_some() {
                data.reset();
            }
        });
        listen(move || data.stale());
        data
    }

    /// Another page created or deleted tokens: what is loaded is read again when next shown.
    fn stale(&self) {
        if self.query.with_untracked(Option::is_some) {
            self.reset();
        }
    }

    /// Forgets everything (another Console was chosen).
    pub fn reset(&self) {
        self.generation.update(|g| *g += 1);
        self.rows.set(Inventory::default());
        self.query.set(None);
        self.next.set(None);
        self.total.set(None);
        self.loading.set(Loading::Idle);
        self.error.set(None);
    }

    /// Every token of the Console is loaded: filters need no more requests.
    pub fn complete(&self) -> bool {
        self.query.with(|q| q.as_ref().is_some_and(|q| *q == TokenQuery::default()))
            && self.next.with(Option::is_none)
            && self.loading.get() == Loading::Idle
            && self.error.with(Option::is_none)
    }

    /// Starts over with the first page of `query`.
    pub fn load(&self, query: TokenQuery) {
        let generation = self.bump();
        self.query.set(Some(query.clone()));
        self.rows.set(Inventory::default());
        self.next.set(None);
        self.total.set(None);
        self.run(generation, Loading::Page, Listing::new(query, PAGE));
    }

    pub fn load_more(&self) {
        if let (Some(query), Some(cursor)) = (self.query.get_untracked(), self.next.get_untracked())
        {
            let generation = self.bump();
            let listing = Listing::resume(query, PAGE, cursor, self.source.get_value());
            self.run(generation, Loading::Page, listing);
        }
    }

    /// Pages through the whole query in the largest pages the Console accepts. Rows already
    /// loaded are refreshed in place.
    pub fn load_all(&self) {
        let query = self.query.get_untracked().unwrap_or_default();
        let generation = self.bump();
        self.run(generation, Loading::All, Listing::new(query, PAGE_SIZES[0]));
    }

    /// Stops after the page in flight; what is loaded stays.
    pub fn stop(&self) {
        self.bump();
        self.loading.set(Loading::Idle);
    }

    fn bump(&self) -> u64 {
        self.generation.update(|g| *g += 1);
        self.error.set(None);
        self.generation.get_untracked()
    }

    fn run(&self, generation: u64, loading: Loading, mut listing: Listing) {
        let Ok(client) = expect_context::<AppContext>().connected_client() else {
            self.error.set(Some(ApiError::NotConnected));
            return;
        };
        self.loading.set(loading);
        let this = *self;
        leptos::task::spawn_local(async move {
            while let Some(result) = listing.next(&client).await {
                if this.generation.get_untracked() != generation {
                    return;
                }
                match result {
                    Ok(page) => {
                        this.rows.update(|rows| rows.extend(page.tokens));
                        if page.total_results.is_some() {
                            this.total.set(page.total_results);
                        }
                        this.next.set(listing.cursor().map(str::to_owned));
                        this.source.set_value(listing.source());
                        if loading == Loading::Page {
                            break;
                        }
                    }
                    Err(e) => this.error.set(Some(e)),
                }
            }
            if this.generation.get_untracked() == generation {
                this.loading.set(Loading::Idle);
            }
        });
    }
}

/// Tells the app's other pages (the popup, tabs of either page) that tokens were created or
/// deleted here, so that what they have loaded is read again.
pub fn announce_change() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&"changed".into());
        channel.close();
    }
}

/// Runs `changed` whenever another page announces a change, until the page closes.
fn listen(changed: impl Fn() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn Fn()>::new(changed);
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the page (the frame is never unmounted).
    on_message.forget();
    std::mem::forget(channel);
}
