//! The WebExtension APIs the app uses when it runs as an extension page: storage areas, host
//! permissions, and opening its own pages in tabs. Firefox names the namespace `browser`,
//! Chromium `chrome`; both return promises in Manifest V3. On a web page every function here
//! finds no API and says so (`None`, `false`) rather than failing.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `browser.<name>` or `chrome.<name>` (`storage`, `permissions`, `tabs`, ...), if this page
/// is an extension page that has it.
pub fn api(name: &str) -> Option<Object> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|ns| {
        let namespace = Reflect::get(&global, &JsValue::from_str(ns)).ok()?;
        if namespace.is_undefined() {
            return None;
        }
        Reflect::get(&namespace, &JsValue::from_str(name)).ok()?.dyn_into().ok()
    })
}

/// `object.<name>`, when it is an object.
pub fn member(object: &Object, name: &str) -> Option<Object> {
    Reflect::get(object, &JsValue::from_str(name)).ok()?.dyn_into().ok()
}

/// Calls `object.<method>(...args)` and returns what it returned.
pub fn call(object: &Object, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: Function =
        Reflect::get(object, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
    function.apply(object, &args.iter().collect::<Array>()).ok()
}

/// Calls a promise-returning method and awaits it; `None` if the call or the promise failed.
pub async fn call_async(object: &Object, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let promise: Promise = call(object, method, args)?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// A plain object from `(key, value)` pairs, for the APIs' option arguments.
pub fn object(entries: &[(&str, JsValue)]) -> Object {
    let out = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&out, &JsValue::from_str(key), value);
    }
    out
}

/// The storage area `name` (`local`, `session`), if this page is an extension page and the
/// browser has that area.
pub fn storage_area(name: &str) -> Option<Object> {
    member(&api("storage")?, name)
}

/// Runs `removed` whenever `key` disappears from the storage area `area` (`session`, `local`),
/// whichever page of the extension removed it, for as long as this page lives.
pub fn on_storage_removed(area: &'static str, key: &'static str, removed: impl Fn() + 'static) {
    let Some(changed) = api("storage").and_then(|s| member(&s, "onChanged")) else { return };
    let listener =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |changes: JsValue, name: JsValue| {
            let change = Reflect::get(&changes, &key.into()).unwrap_or(JsValue::UNDEFINED);
            let gone = change.is_object()
                && Reflect::get(&change, &"newValue".into()).is_ok_and(|v| v.is_undefined());
            if name.as_string().as_deref() == Some(area) && gone {
                removed();
            }
        });
    call(&changed, "addListener", &[listener.as_ref().clone()]);
    listener.forget();
}

/// Runs `changed(area, key, new value)` when any page of the extension, this one included,
/// changes one of `keys` in any storage area (`local`, `session`), for as long as this page
/// lives. The new value is `None` when the key was removed (or is not a string).
pub fn on_storage_changed(
    keys: &'static [&'static str],
    changed: impl Fn(&str, &str, Option<String>) + 'static,
) {
    let Some(events) = api("storage").and_then(|s| member(&s, "onChanged")) else { return };
    let listener =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |changes: JsValue, name: JsValue| {
            let area = name.as_string().unwrap_or_default();
            for key in keys {
                let change = Reflect::get(&changes, &(*key).into()).ok().filter(|c| c.is_object());
                let Some(change) = change else { continue };
                let value = Reflect::get(&change, &"newValue".into()).ok();
                changed(&area, key, value.and_then(|v| v.as_string()));
            }
        });
    call(&events, "addListener", &[listener.as_ref().clone()]);
    listener.forget();
}

/// Asks the browser to let this extension reach `origin`, prompting the user if it must.
/// Browsers accept the request only while a user's click is being handled, so this is called
/// synchronously from the click and the answer awaited afterwards with [`granted`]. `None` on
/// a web page (the browser's CORS rules apply there instead).
pub fn ask_host_access(origin: &str) -> Option<Promise> {
    let permissions = api("permissions")?;
    let query = object(&[("origins", Array::of1(&match_pattern(origin).into()).into())]);
    call(&permissions, "request", &[query.into()])?.dyn_into().ok()
}

/// The answer to [`ask_host_access`].
pub async fn granted(answer: Promise) -> bool {
    JsFuture::from(answer).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
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

/// Shows `count` on the toolbar button (`action.setBadgeText`, Chromium and Firefox alike;
/// nothing for none, "999+" beyond). On a web page there is no toolbar button: nothing happens.
pub fn set_badge(count: u64) {
    let text = match count {
        0 => String::new(),
        1..=999 => count.to_string(),
        _ => "999+".to_owned(),
    };
    if let Some(action) = api("action") {
        call(&action, "setBadgeText", &[object(&[("text", text.into())]).into()]);
    }
}

/// Opens `href` (another page of the app, e.g. `workbench.html#bulk`). From the toolbar popup,
/// which closes as soon as it loses focus (and would take a long run with it), the page opens
/// in a tab, or the tab that already shows it comes to the front; everywhere else (a web page,
/// the app in a tab) the page simply goes there.
pub fn open_page(href: &str) {
    let Some(window) = web_sys::window() else { return };
    if !in_toolbar_popup(&window) {
        let _ = window.location().assign(href);
        return;
    }
    let Some(url) = api("runtime")
        .and_then(|runtime| call(&runtime, "getURL", &[href.into()]))
        .and_then(|u| u.as_string())
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        if !focus_tab_of(&url).await
            && let Some(tabs) = api("tabs")
        {
            call_async(&tabs, "create", &[object(&[("url", url.as_str().into())]).into()]).await;
        }
        let _ = window.close();
    });
}

/// Whether this page is the toolbar button's popup (not the app opened in a tab).
fn in_toolbar_popup(window: &web_sys::Window) -> bool {
    let Some(extension) = api("extension") else { return false };
    let popups = call(&extension, "getViews", &[object(&[("type", "popup".into())]).into()]);
    popups
        .and_then(|p| p.dyn_into::<Array>().ok())
        .is_some_and(|views| views.iter().any(|v| Object::is(&v, window)))
}

/// Brings forward the tab showing the page of `url` (any screen of it) and shows `url`'s screen
/// there; `false` when no tab shows that page or the browser cannot say.
async fn focus_tab_of(url: &str) -> bool {
    let (Some(runtime), Some(tabs)) = (api("runtime"), api("tabs")) else { return false };
    let page = url.split('#').next().unwrap_or(url);
    let filter = object(&[("contextTypes", Array::of1(&"TAB".into()).into())]);
    let Some(contexts) = call_async(&runtime, "getContexts", &[filter.into()]).await else {
        return false;
    };
    let open = Array::from(&contexts).iter().find(|c| {
        let shown = Reflect::get(c, &"documentUrl".into()).ok().and_then(|u| u.as_string());
        shown.is_some_and(|u| u.split('#').next() == Some(page))
    });
    let Some(context) = open else { return false };
    let read = |key: &str| Reflect::get(&context, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let shown = read("documentUrl").as_string().unwrap_or_default();
    let mut change = vec![("active", JsValue::TRUE)];
    // Only the hash differs: the tab moves to that screen without reloading (a reload would
    // stop what runs there).
    if shown != url {
        change.push(("url", url.into()));
    }
    let moved = call_async(&tabs, "update", &[read("tabId"), object(&change).into()]).await;
    if let Some(windows) = api("windows") {
        call_async(
            &windows,
            "update",
            &[read("windowId"), object(&[("focused", JsValue::TRUE)]).into()],
        )
        .await;
    }
    moved.is_some()
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
