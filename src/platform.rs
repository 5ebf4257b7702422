//! The browser's services the app uses beyond the DOM: where the page runs, a timer, the
//! clipboard, reading attached files and saving downloaded ones. Browser-only.

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

/// The WebExtension `permissions` API of this page, if it is an extension page.
fn permissions_api() -> Option<js_sys::Object> {
    use js_sys::Reflect;
    if !page_origin().is_some_and(|o| is_extension_origin(&o)) {
        return None;
    }
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|ns| {
        let api = Reflect::get(&global, &JsValue::from_str(ns)).ok()?;
        Reflect::get(&api, &JsValue::from_str("permissions")).ok()?.dyn_into().ok()
    })
}

/// The host-permission match pattern covering `origin`. Match patterns have no port (they cover
/// every port), and browsers refuse patterns that name one.
pub fn match_pattern(origin: &str) -> String {
    let (scheme, rest) = origin.split_once("://").unwrap_or(("https", origin));
    let host = match rest.strip_prefix('[') {
        Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or_default()),
        None => rest.split(':').next().unwrap_or_default().to_owned(),
    };
    format!("{scheme}://{host}/*")
}

/// Calls `permissions.<method>({origins: [pattern of origin]})` now, returning its promise.
fn host_permission(method: &str, origin: &str) -> Option<js_sys::Promise> {
    use js_sys::{Array, Function, Object, Reflect};
    let api = permissions_api()?;
    let function: Function =
        Reflect::get(&api, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
    let query = Object::new();
    let origins = Array::of1(&JsValue::from_str(&match_pattern(origin)));
    Reflect::set(&query, &JsValue::from_str("origins"), &origins).ok()?;
    function.call1(&api, &query).ok()?.dyn_into().ok()
}

/// Asks the browser to let this extension reach `origin`, prompting the user if it must.
/// Browsers accept the request only while a user's click is being handled, so this is called
/// synchronously from the click and the answer awaited afterwards with [`granted`]. `None` on
/// a web page (the browser's CORS rules apply there instead).
pub fn ask_host_access(origin: &str) -> Option<js_sys::Promise> {
    host_permission("request", origin)
}

/// The answer to [`ask_host_access`].
pub async fn granted(answer: js_sys::Promise) -> bool {
    JsFuture::from(answer).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::match_pattern;

    #[test]
    fn host_patterns_leave_the_port_out() {
        assert_eq!(
            match_pattern("https://ab12cd34.canary.tools"),
            "https://ab12cd34.canary.tools/*"
        );
        assert_eq!(match_pattern("http://127.0.0.1:8080"), "http://127.0.0.1/*");
        assert_eq!(match_pattern("http://[::1]:9000"), "http://[::1]/*");
    }
}
