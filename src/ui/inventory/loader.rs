//! Loading the inventory page by page. Cursor paging is sequential by nature (each page names
//! the next), so "load all" cannot fetch pages concurrently: it asks for large pages instead,
//! one right after another, shows progress, lets the user work with what is loaded, and stops
//! on request. A newer load makes older answers void (a generation counter).

use crate::api::ApiError;
use crate::api::endpoints::{self, TokenQuery};
use crate::inventory::Inventory;
use crate::ui::context::AppContext;
use leptos::prelude::*;

/// The first page and "Load more" pages.
pub const PAGE: u32 = 100;
/// Pages while loading everything: 10,000 tokens in 20 requests.
pub const BULK_PAGE: u32 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loading {
    Idle,
    Page,
    All,
}

#[derive(Clone, Copy)]
pub struct InventoryData {
    pub rows: RwSignal<Inventory>,
    /// The Console search the rows answer (`None`: nothing loaded yet).
    pub query: RwSignal<Option<TokenQuery>>,
    pub next: RwSignal<Option<String>>,
    pub total: RwSignal<Option<u64>>,
    pub loading: RwSignal<Loading>,
    pub error: RwSignal<Option<ApiError>>,
    /// What happened elsewhere that the inventory should say ("Deleted token …").
    pub notice: RwSignal<Option<String>>,
    generation: RwSignal<u64>,
}

impl InventoryData {
    pub fn provide() -> Self {
        let data = Self {
            rows: RwSignal::new(Inventory::default()),
            query: RwSignal::new(None),
            next: RwSignal::new(None),
            total: RwSignal::new(None),
            loading: RwSignal::new(Loading::Idle),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        provide_context(data);
        data
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
        self.run(generation, Loading::Page, query, PAGE, None, true);
    }

    pub fn load_more(&self) {
        if let (Some(query), Some(cursor)) = (self.query.get_untracked(), self.next.get_untracked())
        {
            let generation = self.bump();
            self.run(generation, Loading::Page, query, PAGE, Some(cursor), true);
        }
    }

    /// Pages through the whole query in large pages. Rows already loaded are refreshed in place.
    pub fn load_all(&self) {
        let query = self.query.get_untracked().unwrap_or_default();
        let generation = self.bump();
        self.run(generation, Loading::All, query, BULK_PAGE, None, false);
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

    fn run(
        &self,
        generation: u64,
        loading: Loading,
        query: TokenQuery,
        limit: u32,
        cursor: Option<String>,
        one_page: bool,
    ) {
        let Ok(client) = expect_context::<AppContext>().connected_client() else {
            self.error.set(Some(ApiError::NotConnected));
            return;
        };
        self.loading.set(loading);
        let this = *self;
        leptos::task::spawn_local(async move {
            let (mut cursor, mut limit) = (cursor, limit);
            loop {
                let page_query =
                    TokenQuery { limit: Some(limit), cursor: cursor.clone(), ..query.clone() };
                let result = client.send(endpoints::search(&page_query)).await;
                if this.generation.get_untracked() != generation {
                    return;
                }
                match result {
                    Ok(page) => {
                        this.rows.update(|rows| rows.extend(page.tokens));
                        if page.total_results.is_some() {
                            this.total.set(page.total_results);
                        }
                        cursor = page.cursor.next;
                        this.next.set(cursor.clone());
                        if one_page || cursor.is_none() {
                            break;
                        }
                    }
                    // A Console with a lower page limit than ours: carry on with small pages.
                    Err(
                        ApiError::Console { status: 400, .. } | ApiError::Status { status: 400 },
                    ) if limit > PAGE && cursor.is_none() => {
                        limit = PAGE;
                    }
                    Err(e) => {
                        this.error.set(Some(e));
                        break;
                    }
                }
            }
            this.loading.set(Loading::Idle);
        });
    }
}
