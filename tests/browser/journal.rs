//! The bulk journal's storage in the browser: many keys written and removed in one go, in the
//! extension's areas and in `localStorage`, and gone with "Forget all".

use canarytoken_manager::bulk::journal;
use canarytoken_manager::store::{Areas, Backend, Vault};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

fn items(n: usize) -> Vec<(String, String)> {
    (0..n).map(|i| (journal::rows_key(i), format!("[{i}]"))).collect()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A stand-in for `browser.storage.local` that counts its calls.
fn counting_area() -> js_sys::Object {
    js_sys::Function::new_no_args(
        "const data = {};
         const area = {
           data, calls: 0,
           get: async keys => { area.calls++; return Object.fromEntries(
             [].concat(keys).filter(k => k in data).map(k => [k, data[k]])); },
           set: async items => { area.calls++; Object.assign(data, items); },
           remove: async k => { area.calls++; for (const key of [].concat(k)) delete data[key]; },
           clear: async () => { area.calls++; for (const k of Object.keys(data)) delete data[k]; },
         };
         return area;",
    )
    .call0(&wasm_bindgen::JsValue::UNDEFINED)
    .unwrap()
    .unchecked_into()
}

fn calls(area: &js_sys::Object) -> f64 {
    js_sys::Reflect::get(area, &"calls".into()).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn chunks_are_written_and_removed_in_one_round_trip() {
    let area = counting_area();
    let backend = Backend::Extension(area.clone());
    backend.set_all(&items(30)).await.unwrap();
    assert_eq!(calls(&area), 1.0, "one set for thirty chunks");
    let keys: Vec<String> = (0..30).map(journal::rows_key).collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let read = backend.get_all(&refs).await.unwrap();
    assert_eq!(read[29].as_deref(), Some("[29]"));
    backend.remove_all(&keys).await.unwrap();
    assert_eq!(calls(&area), 3.0);
    assert!(backend.get_all(&refs).await.unwrap().iter().all(Option::is_none));

    let web = Backend::Web(local_storage());
    web.set_all(&items(3)).await.unwrap();
    assert_eq!(local_storage().get_item(&journal::rows_key(2)).unwrap().as_deref(), Some("[2]"));
    web.remove_all(&keys).await.unwrap();
    assert_eq!(local_storage().get_item(&journal::rows_key(2)).unwrap(), None);
}

#[wasm_bindgen_test]
async fn forget_all_removes_the_journal() {
    let areas =
        Areas { local: Backend::Web(local_storage()), session: Backend::memory(), handover: None };
    let web = &areas.local;
    web.set_all(&items(2)).await.unwrap();
    web.set(journal::HEADER_KEY, "{}").await.unwrap();
    web.set(journal::LEASE_KEY, "p 1").await.unwrap();
    Vault::new(areas.clone()).forget_all().await.unwrap();
    for key in journal::keys(2 * journal::CHUNK) {
        assert_eq!(local_storage().get_item(&key).unwrap(), None, "{key}");
    }
}
