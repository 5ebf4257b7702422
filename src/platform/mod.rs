//! The browser's services the app uses beyond the DOM: where the page runs, a timer, the
//! clipboard, reading attached files and saving downloaded ones, and (in [`extension`]) the
//! WebExtension APIs. Browser-only.

pub mod extension;

pub use extension::{ask_host_access, granted, match_pattern, open_page};

use crate::api::Attachment;
use crate::api::types::Download;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `location.origin` of the page running the app.
pub fn page_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Extension pages reach the Console by host permission; web pages need a same-origin proxy.
pub fn is_extension_origin(origin: &str) -> bool {
    origin.starts_with("chrome-extension://") || origin.starts_with("moz-extension://")
}

/// Runs `changed(key)` when another page of this origin changes `localStorage` (`None`: it
/// was cleared), for as long as the page lives. Browsers tell only the other pages.
pub fn on_web_storage_changed(changed: impl Fn(Option<&str>) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        let key = js_sys::Reflect::get(&event, &"key".into()).ok().and_then(|k| k.as_string());
        changed(key.as_deref());
    });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Whether the browser says it is offline (`navigator.onLine` false).
pub fn offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Runs `online(true)` when the browser comes back online and `online(false)` when it goes
/// offline, for as long as the page lives.
pub fn on_online_change(online: impl Fn(bool) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let online = std::rc::Rc::new(online);
    for (name, state) in [("online", true), ("offline", false)] {
        let online = online.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || online(state));
        let _ = window.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        listener.forget();
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A bug stopped the app (the release build aborts on panic): say so in the console, where
/// a bug report can quote it, and on the page, where the user would otherwise see a frozen
/// screen. Panic messages hold no key: `ApiKey` prints redacted.
pub fn report_panic(info: &std::panic::PanicHookInfo) {
    web_sys::console::error_1(&info.to_string().into());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let (Ok(banner), Some(body)) = (document.create_element("p"), document.body()) {
        banner.set_class_name("crashed");
        let _ = banner.set_attribute("role", "alert");
        banner.set_text_content(Some(
            "Canarytoken Manager stopped because of a bug. Reload the page to go on; \
             what you typed since the last save is lost.",
        ));
        let _ = body.prepend_with_node_1(&banner);
    }
}

/// Milliseconds since the page loaded (`performance.now()`), which never goes backwards.
pub fn now_ms() -> u64 {
    let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    now as u64
}

/// Seconds since the epoch by the browser's clock.
pub fn epoch_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds since the epoch by the browser's clock.
pub fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Whether the page's address has `flag` among its query parameters (`?journal=off`): switches
/// for measurements, not for users.
pub fn page_flag(flag: &str) -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|p| p == flag)
}

/// `stem-YYYY-MM-DD.ext` for today, for saved files.
pub fn dated_name(stem: &str, ext: &str) -> String {
    crate::time::dated_name(stem, ext, epoch_secs())
}

/// A performance mark, for the start-up figure the benchmark reads.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Puts `text` on the clipboard. Pages on plain-http intranet hosts have no Clipboard API, so
/// the old selection-and-copy command is the fallback.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = window.navigator().clipboard();
    if !JsValue::from(clipboard.clone()).is_undefined()
        && JsFuture::from(clipboard.write_text(text)).await.is_ok()
    {
        return true;
    }
    copy_by_selection(&window, text).is_some()
}

fn copy_by_selection(window: &web_sys::Window, text: &str) -> Option<()> {
    let document = window.document()?;
    let area: web_sys::HtmlTextAreaElement =
        document.create_element("textarea").ok()?.dyn_into().ok()?;
    area.set_value(text);
    area.set_class_name("offscreen");
    document.body()?.append_child(&area).ok()?;
    area.select();
    let copied =
        document.dyn_into::<web_sys::HtmlDocument>().ok()?.exec_command("copy").unwrap_or(false);
    area.remove();
    copied.then_some(())
}

/// Reads a picked file into memory, so that it can be checked and sent (again, on retry).
pub async fn read_file(file: &web_sys::File) -> Option<Attachment> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let content_type = match file.type_() {
        t if t.is_empty() => "application/octet-stream".to_owned(),
        t => t,
    };
    Some(Attachment { filename: file.name(), content_type, bytes: Arc::from(bytes) })
}

/// Saves a downloaded file in this page, under its own name.
pub fn save_file(file: &Download) -> Option<()> {
    let attachment = Attachment {
        filename: file.filename.clone(),
        content_type: file.content_type.clone(),
        bytes: Arc::from(file.bytes.as_slice()),
    };
    let blob = crate::api::transport::blob(&attachment)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(&file.filename);
    link.set_class_name("offscreen");
    document.body()?.append_child(&link).ok()?;
    link.click();
    link.remove();
    // Revoking at once can cancel the download before the browser has read the blob.
    leptos::prelude::set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        Duration::from_secs(60),
    );
    Some(())
}
