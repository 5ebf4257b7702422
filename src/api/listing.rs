//! Paging through the Console's tokens, the way every screen that needs many of them does: the
//! filtered `canarytokens/search` in pages as large as the Console accepts (Thinkst's own client
//! asks for 2500; a Console that refuses a size gets the next smaller one), the unfiltered
//! `canarytokens/paginate` when search is refused or unknown (then the caller narrows what
//! comes back itself), and an error instead of a loop when the Console hands out a cursor it
//! handed out before.

use super::client::Client;
use super::endpoints::{self, TokenQuery};
use super::error::ApiError;
use super::types::TokenPage;

/// The page sizes tried, largest first; the last is the Console's documented default range.
pub const PAGE_SIZES: [u32; 4] = [2500, 1000, 500, 100];

/// Which endpoint the listing uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Search,
    /// `search` was refused: every token, unfiltered except by flock.
    Paginate,
}

/// A listing in progress: call [`Listing::next`] until it gives `None`.
#[derive(Debug)]
pub struct Listing {
    query: TokenQuery,
    /// Index into [`PAGE_SIZES`] of the size asked for.
    size: usize,
    source: Source,
    cursor: Option<String>,
    seen: Vec<String>,
    done: bool,
}

impl Listing {
    /// The tokens `query` asks for, in pages of at most `largest` (one of [`PAGE_SIZES`] or
    /// smaller: the first page of the inventory is small so that it shows at once).
    pub fn new(query: TokenQuery, largest: u32) -> Self {
        let size = PAGE_SIZES.iter().position(|s| *s <= largest).unwrap_or(PAGE_SIZES.len() - 1);
        let limit = largest.min(PAGE_SIZES[size]);
        let query = TokenQuery { limit: Some(limit), cursor: None, ..query };
        Self { query, size, source: Source::Search, cursor: None, seen: Vec::new(), done: false }
    }

    /// Continues a listing from `cursor` (a "Load more" after an earlier page).
    pub fn resume(query: TokenQuery, largest: u32, cursor: String, source: Source) -> Self {
        Self { cursor: Some(cursor), source, ..Self::new(query, largest) }
    }

    pub fn source(&self) -> Source {
        self.source
    }

    /// Whether the Console's search narrows the answer; otherwise the caller must.
    pub fn filtered(&self) -> bool {
        self.source == Source::Search
    }

    /// Where the next page starts, if there is one.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The next page, or `None` after the last one (or after an error, which ends it).
    pub async fn next(&mut self, client: &Client) -> Option<Result<TokenPage, ApiError>> {
        if self.done {
            return None;
        }
        loop {
            let query = TokenQuery { cursor: self.cursor.clone(), ..self.query.clone() };
            let call = match self.source {
                Source::Search => endpoints::search(&query),
                Source::Paginate => endpoints::paginate(&query),
            };
            match client.send(call).await {
                Ok(page) => return Some(self.advance(page)),
                Err(e) => match self.after_refusal(&e) {
                    true => continue,
                    false => {
                        self.done = true;
                        return Some(Err(e));
                    }
                },
            }
        }
    }

    /// Records a page: where the next starts, or that this was the last.
    fn advance(&mut self, page: TokenPage) -> Result<TokenPage, ApiError> {
        match page.cursor.next.clone() {
            Some(next) if self.seen.contains(&next) => {
                self.done = true;
                Err(ApiError::RepeatedCursor)
            }
            Some(next) => {
                self.seen.push(next.clone());
                self.cursor = Some(next);
                Ok(page)
            }
            None => {
                self.done = true;
                self.cursor = None;
                Ok(page)
            }
        }
    }

    /// Whether another try may succeed after `error`: a smaller page (a refused size shows on the
    /// first page only: a cursor carries its size), or `paginate` when `search` is not allowed.
    fn after_refusal(&mut self, error: &ApiError) -> bool {
        let first_page = self.cursor.is_none();
        match error {
            ApiError::Console { status: 400, .. } | ApiError::Status { status: 400 }
                if first_page && self.size + 1 < PAGE_SIZES.len() =>
            {
                self.size += 1;
                self.query.limit = Some(PAGE_SIZES[self.size]);
                true
            }
            ApiError::NoPermission { .. }
            | ApiError::Console { status: 404, .. }
            | ApiError::Status { status: 404 }
                if first_page && self.source == Source::Search =>
            {
                self.source = Source::Paginate;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request::HttpRequest;
    use crate::api::transport::{FetchFailed, LocalBoxFuture};
    use crate::api::{ApiKey, AuthStyle, ConsoleUrl, Credentials, RawResponse, Transport};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Answers each request with the next canned (status, body) and records the URLs.
    struct Script {
        answers: RefCell<Vec<(u16, String)>>,
        urls: RefCell<Vec<String>>,
    }

    impl Transport for Script {
        fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>> {
            self.urls.borrow_mut().push(request.url.clone());
            let (status, body) = self.answers.borrow_mut().remove(0);
            Box::pin(async move {
                Ok(RawResponse {
                    status,
                    content_type: Some("application/json".into()),
                    content_disposition: None,
                    retry_after: None,
                    body: body.into_bytes(),
                })
            })
        }
    }

    fn run(
        answers: &[(u16, &str)],
        mut listing: Listing,
    ) -> (Vec<Result<usize, ApiError>>, Vec<String>) {
        let script = Rc::new(Script {
            answers: RefCell::new(answers.iter().map(|(s, b)| (*s, b.to_string())).collect()),
            urls: RefCell::default(),
        });
        let console = ConsoleUrl::parse("http://127.0.0.1:9").unwrap();
        let creds = Credentials { key: ApiKey::new("k"), style: AuthStyle::Header };
        let client = Client::new(console, creds, script.clone());
        let mut pages = Vec::new();
        futures_lite(async {
            while let Some(page) = listing.next(&client).await {
                pages.push(page.map(|p| p.tokens.len()));
            }
        });
        let urls = script
            .urls
            .borrow()
            .iter()
            .map(|u| u.split("/api/v1").nth(1).unwrap().to_owned())
            .collect();
        (pages, urls)
    }

    /// Runs a future whose transport answers at once.
    fn futures_lite(future: impl std::future::Future<Output = ()>) {
        use std::task::{Context, Poll, Waker};
        let mut future = std::pin::pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..1000 {
            if let Poll::Ready(()) = future.as_mut().poll(&mut cx) {
                return;
            }
        }
        panic!("the listing did not finish");
    }

    const PAGE_1: &str = r#"{"result":"success","canarytokens":[{"canarytoken":"a"},{"canarytoken":"b"}],"cursor":{"next":"c1"}}"#;
    const PAGE_2: &str =
        r#"{"result":"success","canarytokens":[{"canarytoken":"c"}],"cursor":{"next":null}}"#;
    const TOO_MANY: &str = r#"{"result":"error","message":"Parameter limit is invalid"}"#;

    #[test]
    fn pages_follow_the_cursor_to_the_end() {
        let (pages, urls) =
            run(&[(200, PAGE_1), (200, PAGE_2)], Listing::new(TokenQuery::default(), 2500));
        assert_eq!(pages, [Ok(2), Ok(1)]);
        assert_eq!(
            urls,
            ["/canarytokens/search?limit=2500", "/canarytokens/search?limit=2500&cursor=c1"]
        );
    }

    #[test]
    fn a_refused_page_size_gives_way_to_smaller_ones() {
        let (pages, urls) = run(
            &[(400, TOO_MANY), (400, TOO_MANY), (200, PAGE_2)],
            Listing::new(TokenQuery::default(), 2500),
        );
        assert_eq!(pages, [Ok(1)]);
        assert_eq!(
            urls,
            [
                "/canarytokens/search?limit=2500",
                "/canarytokens/search?limit=1000",
                "/canarytokens/search?limit=500"
            ]
        );
        let (pages, _) = run(&[(400, TOO_MANY); 4], Listing::new(TokenQuery::default(), 2500));
        assert!(matches!(pages[..], [Err(ApiError::Console { status: 400, .. })]));
    }

    #[test]
    fn a_small_first_page_stays_small() {
        let (_, urls) = run(&[(200, PAGE_2)], Listing::new(TokenQuery::default(), 100));
        assert_eq!(urls, ["/canarytokens/search?limit=100"]);
    }

    #[test]
    fn a_refused_search_falls_back_to_paginate() {
        let refused = r#"{"result":"error","message":"This key does not have permission to use canarytokens/search"}"#;
        let query = TokenQuery {
            kind: Some("dns".into()),
            flock_id: Some("flock:x".into()),
            ..TokenQuery::default()
        };
        let (pages, urls) = run(&[(403, refused), (200, PAGE_2)], Listing::new(query, 500));
        assert_eq!(pages, [Ok(1)]);
        assert_eq!(
            urls,
            [
                "/canarytokens/search?flock_id=flock%3Ax&kind=dns&limit=500",
                "/canarytokens/paginate?flock_id=flock%3Ax&limit=500"
            ]
        );
        let unknown = r#"{"result":"error","message":"Unknown endpoint"}"#;
        let (pages, _) =
            run(&[(404, unknown), (200, PAGE_2)], Listing::new(TokenQuery::default(), 500));
        assert_eq!(pages, [Ok(1)]);
    }

    #[test]
    fn a_cursor_handed_out_twice_ends_the_listing() {
        let (pages, urls) = run(
            &[(200, PAGE_1), (200, PAGE_1), (200, PAGE_2)],
            Listing::new(TokenQuery::default(), 2500),
        );
        assert_eq!(pages, [Ok(2), Err(ApiError::RepeatedCursor)]);
        assert_eq!(urls.len(), 2);
    }

    #[test]
    fn later_errors_end_the_listing_without_retrying_smaller() {
        let (pages, urls) =
            run(&[(200, PAGE_1), (400, TOO_MANY)], Listing::new(TokenQuery::default(), 2500));
        assert!(matches!(pages[..], [Ok(2), Err(ApiError::Console { status: 400, .. })]));
        assert_eq!(urls.len(), 2);
    }
}
