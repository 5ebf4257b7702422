//! Mounting components, driving them like a user, and a transport with canned answers.

use canarytoken_manager::api::request::HttpRequest;
use canarytoken_manager::api::transport::{FetchFailed, LocalBoxFuture};
use canarytoken_manager::api::{RawResponse, Transport};
use canarytoken_manager::platform;
use canarytoken_manager::store::{Areas, Backend, Settings, Vault};
use canarytoken_manager::ui::AppContext;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

type Router = Box<dyn Fn(&HttpRequest) -> Result<RawResponse, FetchFailed>>;

/// Answers requests from a queue (or by a routing function), after an optional delay, and
/// records what was sent.
#[derive(Default)]
pub struct FakeConsole {
    answers: RefCell<VecDeque<Result<RawResponse, FetchFailed>>>,
    router: Option<Router>,
    pub sent: RefCell<Vec<HttpRequest>>,
    pub delay_ms: std::cell::Cell<u32>,
}

impl FakeConsole {
    pub fn answering(
        answers: impl IntoIterator<Item = Result<RawResponse, FetchFailed>>,
    ) -> Rc<Self> {
        Rc::new(Self { answers: RefCell::new(answers.into_iter().collect()), ..Self::default() })
    }

    /// Answers each request with `route(request)`.
    pub fn routing(
        route: impl Fn(&HttpRequest) -> Result<RawResponse, FetchFailed> + 'static,
    ) -> Rc<Self> {
        Rc::new(Self { router: Some(Box::new(route)), ..Self::default() })
    }

    /// The paths (with queries) of the requests sent so far.
    pub fn urls(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|r| r.url.clone()).collect()
    }
}

impl Transport for FakeConsole {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<Result<RawResponse, FetchFailed>> {
        let answer = match &self.router {
            Some(route) => route(&request),
            None => self.answers.borrow_mut().pop_front().unwrap_or(Err(FetchFailed::Unreachable)),
        };
        self.sent.borrow_mut().push(request);
        let delay = self.delay_ms.get();
        Box::pin(async move {
            if delay > 0 {
                platform::sleep(delay).await;
            }
            answer
        })
    }
}

/// A mounted component in its own `<section>`, removed again on drop (with its owner: its
/// effects and listeners end).
pub struct Mounted {
    pub root: Element,
    _owner: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn section() -> Element {
    let document = document();
    let root = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts what the DOM layer builds (the popup's screens and parts).
pub fn mount(build: impl FnOnce() -> web_sys::Node) -> Mounted {
    let root = section();
    let owner = canarytoken_manager::ui::dom::mount(&root, build);
    Mounted { root, _owner: Box::new(owner) }
}

pub fn context(transport: Rc<FakeConsole>, backend: Backend) -> AppContext {
    let vault = Vault::new(Areas { local: backend, session: Backend::memory(), handover: None });
    AppContext::new(Settings::default(), transport, vault)
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    pub fn input(&self, name: &str) -> HtmlInputElement {
        self.get(&format!("[name={name}]")).unchecked_into()
    }

    /// Types `value` into the control named `name`, as a user would.
    pub fn type_into(&self, name: &str, value: &str) {
        let input = self.input(name);
        input.set_value(value);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&event).unwrap();
    }

    /// Clicks the button whose text is `words`.
    pub fn click(&self, words: &str) {
        self.button(words).click();
    }

    pub fn button(&self, words: &str) -> HtmlElement {
        let buttons = self.root.query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().unwrap_or_default().trim() == words)
            .unwrap_or_else(|| panic!("no button says {words:?}"))
            .unchecked_into()
    }

    /// Waits (bounded) until `condition` holds for this component.
    pub async fn until(&self, what: &str, condition: impl Fn(&Self) -> bool) {
        for _ in 0..300 {
            leptos::task::tick().await;
            if condition(self) {
                return;
            }
            platform::sleep(10).await;
        }
        panic!(
            "timed out waiting until {what}; page shows: {}",
            self.root.text_content().unwrap_or_default()
        );
    }
}

/// Lets time pass (bounded waits only).
pub async fn wait_ms(ms: u32) {
    platform::sleep(ms).await;
}
