//! The popup's views: a thin builder over web-sys, kept current by Leptos's reactive graph.
//!
//! Why not `view!`: every `view!` is a type of its own, and tachys instantiates its build,
//! mount, rebuild and drop code for each, which made most of the popup's weight. Here an
//! element is a `web_sys::Element`, each builder method is one non-generic function behind a
//! generic shim that only boxes the closure, and reactivity is Leptos's own: signals, owners
//! and render effects.
//!
//! - Attributes, properties and text set from closures update in place (a render effect each,
//!   run at once, so a built element is complete before it is inserted).
//! - A [`dynamic`] region rebuilds its nodes when what it read changes. Each build runs under
//!   the region's effect, whose owner is cleaned up before the next build: the signals, effects
//!   and listeners of the old nodes go with them.
//! - Event handlers run under the owner that built the element, so `expect_context` and
//!   `use_context` work in them as in a component.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, Node};

pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("the page has a document")
}

/// An element being built. Turn it into a [`Node`] with `.into()` (or [`El::node`]).
#[must_use]
pub struct El(Element);

/// `<tag>`.
pub fn el(tag: &str) -> El {
    El(document().create_element(tag).expect("a valid tag name"))
}

/// An SVG element (`svg`, `path`, ...).
pub fn svg(tag: &str) -> El {
    let made = document().create_element_ns(Some("http://www.w3.org/2000/svg"), tag);
    El(made.expect("a valid SVG tag name"))
}

/// A text node: whatever the string holds stays text (never HTML).
pub fn text(value: &str) -> Node {
    document().create_text_node(value).into()
}

/// A text node that follows `value`.
pub fn text_with(value: impl Fn() -> String + 'static) -> Node {
    text_boxed(Box::new(value))
}

fn text_boxed(value: Box<dyn Fn() -> String>) -> Node {
    let node = document().create_text_node("");
    let target = node.clone();
    effect(move || target.set_data(&value()));
    node.into()
}

/// Several nodes as one (a document fragment empties itself into its parent).
pub fn fragment(nodes: impl IntoIterator<Item = Node>) -> Node {
    let fragment = document().create_document_fragment();
    for node in nodes {
        let _ = fragment.append_child(&node);
    }
    fragment.into()
}

/// A region rebuilt from `build` whenever a signal it read changes: nothing while it gives
/// `None`. Two empty comments mark where the region is, so that regions nest.
pub fn dynamic(build: impl Fn() -> Option<Node> + 'static) -> Node {
    dynamic_boxed(Box::new(build))
}

fn dynamic_boxed(build: Box<dyn Fn() -> Option<Node>>) -> Node {
    let doc = document();
    let (start, end): (Node, Node) = (doc.create_comment("").into(), doc.create_comment("").into());
    let region = doc.create_document_fragment();
    let _ = region.append_child(&start);
    let _ = region.append_child(&end);
    effect(move || {
        let content = build();
        let Some(parent) = end.parent_node() else { return };
        while let Some(old) = start.next_sibling().filter(|n| *n != end) {
            let _ = parent.remove_child(&old);
        }
        if let Some(content) = content {
            let _ = parent.insert_before(&content, Some(&end));
        }
    });
    region.into()
}

/// `node` while `when` holds, else nothing. `node` is built again each time it comes back, and
/// only then: what it reads is not tracked (as in a component's body; its own closures are).
pub fn show(when: impl Fn() -> bool + 'static, node: impl Fn() -> Node + 'static) -> Node {
    dynamic(move || when().then(|| untrack(&node)))
}

/// Runs `f` now and again whenever a signal it read changes, for as long as the current owner
/// lives.
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    let running = RenderEffect::new(move |_: Option<()>| f());
    match Owner::current() {
        Some(_) => on_cleanup(move || drop(running)),
        // Nothing would end it: it lives as long as the page.
        None => std::mem::forget(running),
    }
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn class(self, value: &str) -> Self {
        self.attr("class", value)
    }

    pub fn id(self, value: &str) -> Self {
        self.attr("id", value)
    }

    /// A boolean attribute (`disabled`, `hidden`, `required`), present when `on`.
    pub fn flag(self, name: &str, on: bool) -> Self {
        if on { self.attr(name, "") } else { self }
    }

    /// An attribute that follows `value`: absent while it gives `None`.
    pub fn attr_with(
        self,
        name: &'static str,
        value: impl Fn() -> Option<String> + 'static,
    ) -> Self {
        self.attr_boxed(name, Box::new(value))
    }

    fn attr_boxed(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> Self {
        let element = self.0.clone();
        effect(move || {
            let _ = match value() {
                Some(value) => element.set_attribute(name, &value),
                None => element.remove_attribute(name),
            };
        });
        self
    }

    /// A boolean attribute that follows `on`.
    pub fn flag_with(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.attr_boxed(name, Box::new(move || on().then(String::new)))
    }

    /// `class` added while `on` holds.
    pub fn class_when(self, class: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.class_boxed(class, Box::new(on))
    }

    fn class_boxed(self, class: &'static str, on: Box<dyn Fn() -> bool>) -> Self {
        let classes = self.0.class_list();
        effect(move || {
            let _ = classes.toggle_with_force(class, on());
        });
        self
    }

    /// A DOM property (`value`, `checked`) that follows `value`, written only when it differs
    /// (so that typing keeps its caret).
    pub fn prop_with(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self {
        self.prop_boxed(name, Box::new(value))
    }

    fn prop_boxed(self, name: &'static str, value: Box<dyn Fn() -> JsValue>) -> Self {
        let element = self.0.clone();
        let name = JsValue::from_str(name);
        effect(move || {
            let value = value();
            if js_sys::Reflect::get(&element, &name).ok().as_ref() != Some(&value) {
                let _ = js_sys::Reflect::set(&element, &name, &value);
            }
        });
        self
    }

    /// The `value` of an input, textarea or select, both ways: typing sets `value`, and a
    /// change of `value` shows.
    pub fn bind_value(self, value: RwSignal<String>) -> Self {
        self.prop_with("value", move || JsValue::from_str(&value.get()))
            .on_value("input", move |typed| value.set(typed))
    }

    /// The `checked` of a checkbox or radio button, both ways.
    pub fn bind_checked(self, checked: RwSignal<bool>) -> Self {
        self.prop_with("checked", move || JsValue::from_bool(checked.get()))
            .on("change", move |ev| checked.set(target_flag(&ev, "checked")))
    }

    pub fn text(self, value: &str) -> Self {
        self.child(text(value))
    }

    pub fn text_with(self, value: impl Fn() -> String + 'static) -> Self {
        self.child(text_boxed(Box::new(value)))
    }

    pub fn child(self, node: impl Into<Node>) -> Self {
        let _ = self.0.append_child(&node.into());
        self
    }

    pub fn children(self, nodes: impl IntoIterator<Item = Node>) -> Self {
        for node in nodes {
            let _ = self.0.append_child(&node);
        }
        self
    }

    pub fn maybe(self, node: Option<impl Into<Node>>) -> Self {
        match node {
            Some(node) => self.child(node),
            None => self,
        }
    }

    /// A [`dynamic`] region as the next child.
    pub fn dynamic(self, build: impl Fn() -> Option<Node> + 'static) -> Self {
        self.child(dynamic_boxed(Box::new(build)))
    }

    /// Listens for `event`, under the owner building this element.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> Self {
        self.on_boxed(event, Box::new(handler))
    }

    fn on_boxed(self, event: &str, mut handler: Box<dyn FnMut(Event)>) -> Self {
        // Weak: the owner keeps the listener (below), so a strong owner here would be a cycle.
        let owner = Owner::current().map(|o| o.downgrade());
        let listener = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            match owner.as_ref().and_then(|o| o.upgrade()) {
                Some(owner) => owner.with(|| handler(ev)),
                None => handler(ev),
            }
        });
        let _ = self.0.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        match Owner::current() {
            Some(_) => {
                let listener = SendWrapper::new(listener);
                on_cleanup(move || drop(listener));
            }
            None => listener.forget(),
        }
        self
    }

    /// A click (or Enter or Space on a button).
    pub fn on_click(self, mut handler: impl FnMut() + 'static) -> Self {
        self.on_boxed("click", Box::new(move |_| handler()))
    }

    /// `event` with the target's `value` (input, textarea, select).
    pub fn on_value(self, event: &str, mut handler: impl FnMut(String) + 'static) -> Self {
        self.on_boxed(event, Box::new(move |ev| handler(target_text(&ev, "value"))))
    }

    /// The element, for what the builder does not cover.
    pub fn element(&self) -> &Element {
        &self.0
    }

    pub fn node(self) -> Node {
        self.0.into()
    }
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        el.0.into()
    }
}

/// A string property of an event's target (`value`, `type`).
pub fn target_text(ev: &Event, name: &str) -> String {
    target_prop(ev, name).as_string().unwrap_or_default()
}

/// A boolean property of an event's target (`checked`).
pub fn target_flag(ev: &Event, name: &str) -> bool {
    target_prop(ev, name).as_bool().unwrap_or(false)
}

/// The key a keyboard event names (`Enter`, `Escape`, `ArrowDown`), empty for other events.
pub fn event_key(ev: &Event) -> String {
    let key = js_sys::Reflect::get(ev, &JsValue::from_str("key"));
    key.ok().and_then(|k| k.as_string()).unwrap_or_default()
}

/// Focuses `element` once the page has laid it out (it may be inserted only after this call).
pub fn focus_soon(element: &Element) {
    let target: web_sys::HtmlElement = element.clone().unchecked_into();
    request_animation_frame(move || _ = target.focus());
}

fn target_prop(ev: &Event, name: &str) -> JsValue {
    let target = ev.target().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    js_sys::Reflect::get(&target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Builds under a new root owner and appends the result to `parent`; the returned owner keeps
/// it alive (dropping it cleans everything up, as the browser tests do between cases).
pub fn mount(parent: &Element, build: impl FnOnce() -> Node) -> Owner {
    // Render effects that run again are scheduled on the page's microtask queue.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let node = owner.with(build);
    let _ = parent.append_child(&node);
    owner
}

/// [`mount`] on `<body>`, for as long as the page lives.
pub fn mount_to_body(build: impl FnOnce() -> Node) {
    let body = document().body().expect("the page has a body");
    std::mem::forget(mount(&body, build));
}

/// A node built here, shown inside a `view!` (the workbench's screens use the popup's parts).
pub fn embed(node: Node) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    host.on_load(move |div| {
        let _ = div.append_child(&node);
    });
    view! { <div class="embedded" node_ref=host></div> }
}

/// A `view!` shown here (the workbench's screens inside the shared frame), under the current
/// owner so that it finds the page's context.
pub fn from_view(view: AnyView) -> Node {
    use leptos::tachys::view::{Mountable, Render};
    let host = el("div").class("embedded");
    let mut state = view.build();
    state.mount(host.element(), None);
    let state = SendWrapper::new(state);
    on_cleanup(move || drop(state));
    host.into()
}
