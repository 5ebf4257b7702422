//! The settings vault in the browser: real WebCrypto, real `localStorage`/`sessionStorage`, and
//! a stand-in for the extension's storage areas.

use canarytoken_manager::api::{ApiKey, ConsoleUrl};
use canarytoken_manager::store::crypto::{self, Sealer};
use canarytoken_manager::store::envelope::{self, Sealed};
use canarytoken_manager::store::{
    Areas, Backend, KEY_PREFIX, Opened, Persistence, Profile, Settings, StoreError, Vault,
};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "0123456789abcdef-the-api-key";
const PASSPHRASE: &str = "correct horse battery staple";

fn settings(key: &str) -> Settings {
    let mut settings = Settings::default();
    let console = ConsoleUrl::parse("ab12cd34").unwrap();
    settings.use_profile(Profile::new(console, ApiKey::new(key)));
    settings
}

async fn stored(backend: &Backend) -> Option<String> {
    backend.get(Settings::STORAGE_KEY).await.unwrap()
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// The web page's areas, emptied of the app's keys before use.
async fn web_areas() -> Areas {
    let areas = Areas {
        local: Backend::Web(window().local_storage().unwrap().unwrap()),
        session: Backend::Web(window().session_storage().unwrap().unwrap()),
        handover: None,
    };
    Vault::new(areas.clone()).forget_all().await.unwrap();
    areas
}

/// Every `key=value` the app left in a web storage area.
fn ours(storage: &web_sys::Storage) -> Vec<String> {
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .map(|k| format!("{k}={}", storage.get_item(&k).unwrap().unwrap()))
        .collect()
}

/// A stand-in for `browser.storage.local`/`.session`: the promise API over a plain object,
/// exposed as `data` for inspection.
pub fn fake_extension_area() -> Object {
    js_sys::Function::new_no_args(
        "const data = {};
         return {
           data,
           // Like storage.*.get: one key or a list of them; missing keys are left out.
           get: async keys => Object.fromEntries(
             [].concat(keys).filter(k => k in data).map(k => [k, data[k]])),
           set: async items => { Object.assign(data, items); },
           remove: async k => { delete data[k]; },
           clear: async () => { for (const k of Object.keys(data)) delete data[k]; },
         };",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap()
    .unchecked_into()
}

fn keys_of(area: &Object) -> Vec<String> {
    let data = Reflect::get(area, &"data".into()).unwrap();
    let data: Object = data.unchecked_into();
    Object::keys(&data).iter().filter_map(|k| k.as_string()).collect()
}

/// Locks `settings` with [`PASSPHRASE`] in a fresh vault over memory areas.
async fn locked_memory_vault(settings: &Settings) -> (Areas, Vault) {
    let areas = Areas::memory();
    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Empty));
    vault.set_passphrase(Some(PASSPHRASE), settings).await.unwrap();
    (areas, vault)
}

async fn sealed_in(backend: &Backend) -> Sealed {
    Sealed::parse(&stored(backend).await.expect("a document")).unwrap()
}

#[wasm_bindgen_test]
async fn a_locked_vault_round_trips_through_memory() {
    let original = settings(KEY);
    let (areas, vault) = locked_memory_vault(&original).await;
    assert!(vault.has_passphrase() && !vault.is_locked());

    let document = stored(&areas.local).await.unwrap();
    assert!(!document.contains(KEY) && !document.contains("ab12cd34"), "{document}");
    let sealed = Sealed::parse(&document).unwrap();
    assert_eq!(sealed.iterations, 600_000);
    assert!(document.contains(r#""kdf":"PBKDF2-SHA-256""#), "{document}");

    // Another opening (the next popup) finds it locked and opens it with the passphrase.
    let again = Vault::new(areas.clone());
    assert_eq!(again.open().await, Ok(Opened::Locked));
    assert!(again.is_locked());
    assert_eq!(again.save(&original).await, Err(StoreError::Locked));
    assert_eq!(again.unlock(PASSPHRASE).await, Ok(original.clone()));
    assert!(!again.is_locked());

    // Saving reuses the held key: still locked with the same passphrase, new content.
    let changed = settings("another-key");
    again.save(&changed).await.unwrap();
    let third = Vault::new(areas.clone());
    assert_eq!(third.open().await, Ok(Opened::Locked));
    assert_eq!(third.unlock(PASSPHRASE).await, Ok(changed));
    assert_eq!(sealed_in(&areas.local).await.salt, sealed.salt);
    assert_eq!(stored(&areas.session).await, None);
}

#[wasm_bindgen_test]
async fn a_passphrase_opens_whichever_way_its_accents_were_typed() {
    let original = settings(KEY);
    let areas = Areas::memory();
    let vault = Vault::new(areas.clone());
    vault.open().await.unwrap();
    // "é" as one code point, then as "e" and a combining accent (another input method).
    vault.set_passphrase(Some("caf\u{e9} cr\u{e8}me"), &original).await.unwrap();
    let again = Vault::new(areas);
    assert_eq!(again.open().await, Ok(Opened::Locked));
    assert_eq!(again.unlock("cafe\u{301} cre\u{300}me").await, Ok(original));
}

#[wasm_bindgen_test]
async fn a_locked_vault_round_trips_through_local_storage() {
    let areas = web_areas().await;
    let local = window().local_storage().unwrap().unwrap();
    let original = settings(KEY);
    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Empty));
    vault.save(&original).await.unwrap();
    vault.set_passphrase(Some(PASSPHRASE), &original).await.unwrap();

    let raw = local.get_item(Settings::STORAGE_KEY).unwrap().expect("saved in localStorage");
    assert!(envelope::is_vault(Some(&raw)) && !raw.contains(KEY), "{raw}");

    let again = Vault::new(areas.clone());
    assert_eq!(again.open().await, Ok(Opened::Locked));
    assert_eq!(again.unlock(PASSPHRASE).await, Ok(original));
    again.forget_all().await.unwrap();
    assert!(ours(&local).is_empty());
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_refused_and_nothing_changes() {
    let original = settings(KEY);
    let (areas, _) = locked_memory_vault(&original).await;
    let before = stored(&areas.local).await;

    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Locked));
    for wrong in ["Correct horse battery staple", "", "correct horse battery staple "] {
        let refused = vault.unlock(wrong).await;
        assert_eq!(refused, Err(StoreError::WrongPassphrase), "{wrong:?}");
        assert!(vault.is_locked());
    }
    assert!(StoreError::WrongPassphrase.to_string().contains("passphrase"));
    // Still locked: nothing can be saved over it, and nothing was.
    assert_eq!(vault.save(&Settings::default()).await, Err(StoreError::Locked));
    assert_eq!(vault.set_passphrase(None, &Settings::default()).await, Err(StoreError::Locked));
    assert_eq!(
        vault.set_persistence(Persistence::Session, &Settings::default()).await,
        Err(StoreError::Locked)
    );
    assert_eq!(stored(&areas.local).await, before);
    assert_eq!(stored(&areas.session).await, None);
    assert_eq!(vault.unlock(PASSPHRASE).await, Ok(original));
}

#[wasm_bindgen_test]
async fn tampered_or_malformed_vaults_are_refused_and_left_alone() {
    let (areas, _) = locked_memory_vault(&settings(KEY)).await;
    let good = sealed_in(&areas.local).await;

    let mut tampered = Vec::new();
    for i in 0..good.salt.len() {
        let mut s = good.clone();
        s.salt[i] ^= 0x01;
        tampered.push(s.to_json());
    }
    for i in 0..good.iv.len() {
        let mut s = good.clone();
        s.iv[i] ^= 0x80;
        tampered.push(s.to_json());
    }
    for i in [0, good.ciphertext.len() / 2, good.ciphertext.len() - 1] {
        let mut s = good.clone();
        s.ciphertext[i] ^= 0x01;
        tampered.push(s.to_json());
    }
    let mut s = good.clone();
    s.iterations = 600_001;
    tampered.push(s.to_json());
    let mut s = good.clone();
    s.check[31] ^= 1;
    tampered.push(s.to_json());
    let mut s = good.clone();
    s.ciphertext.truncate(s.ciphertext.len() - 1);
    tampered.push(s.to_json());
    let json = good.to_json();
    tampered.push(json[..json.len() - 2].to_owned());
    tampered.push(json.replace(r#""version":1"#, r#""version":"1""#));
    tampered.push(json.replace(r#""salt":""#, r#""salt":"!"#));

    for document in tampered {
        areas.local.set(Settings::STORAGE_KEY, &document).await.unwrap();
        let vault = Vault::new(areas.clone());
        let opened = vault.open().await;
        let result = match opened {
            Ok(Opened::Locked) => vault.unlock(PASSPHRASE).await.map(drop),
            other => other.map(drop),
        };
        assert_eq!(result, Err(StoreError::Damaged), "{document}");
        // Saving (plain or otherwise) must not replace it.
        assert_eq!(vault.save(&Settings::default()).await, Err(StoreError::Damaged), "{document}");
        assert_eq!(vault.unlock(PASSPHRASE).await, Err(StoreError::Damaged), "{document}");
        assert_eq!(stored(&areas.local).await.as_deref(), Some(&*document));
    }

    // Someone who alters the ciphertext and recomputes the (unkeyed) check still gets nowhere.
    let mut forged = good.clone();
    forged.ciphertext[0] ^= 1;
    forged.check = crypto::checksum(&forged).await.unwrap();
    areas.local.set(Settings::STORAGE_KEY, &forged.to_json()).await.unwrap();
    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Locked));
    assert_eq!(vault.unlock(PASSPHRASE).await, Err(StoreError::WrongPassphrase));
    assert!(vault.is_locked());

    // The good document still opens.
    areas.local.set(Settings::STORAGE_KEY, &json).await.unwrap();
    assert_eq!(Vault::new(areas.clone()).unlock(PASSPHRASE).await, Ok(settings(KEY)));
}

#[wasm_bindgen_test]
async fn every_save_uses_a_fresh_iv() {
    let original = settings(KEY);
    let (areas, vault) = locked_memory_vault(&original).await;
    let mut ivs = vec![sealed_in(&areas.local).await.iv];
    let mut ciphertexts = vec![sealed_in(&areas.local).await.ciphertext];
    for _ in 0..3 {
        vault.save(&original).await.unwrap();
        let sealed = sealed_in(&areas.local).await;
        assert!(!ivs.contains(&sealed.iv), "an IV came back");
        assert!(!ciphertexts.contains(&sealed.ciphertext));
        ivs.push(sealed.iv);
        ciphertexts.push(sealed.ciphertext);
    }
    let again = Vault::new(areas);
    again.open().await.unwrap();
    assert_eq!(again.unlock(PASSPHRASE).await, Ok(original));
}

#[wasm_bindgen_test]
async fn changing_and_removing_the_passphrase_resaves() {
    let original = settings(KEY);
    let (areas, vault) = locked_memory_vault(&original).await;
    let first = sealed_in(&areas.local).await;

    assert_eq!(vault.set_passphrase(Some(""), &original).await, Err(StoreError::EmptyPassphrase));
    assert_eq!(sealed_in(&areas.local).await, first);
    vault.set_passphrase(Some("a new passphrase"), &original).await.unwrap();
    let second = sealed_in(&areas.local).await;
    assert_ne!(first.salt, second.salt, "a new passphrase gets a new salt");
    let reopened = Vault::new(areas.clone());
    assert_eq!(reopened.open().await, Ok(Opened::Locked));
    assert_eq!(reopened.unlock(PASSPHRASE).await, Err(StoreError::WrongPassphrase));
    assert_eq!(reopened.unlock("a new passphrase").await, Ok(original.clone()));

    // Changed in another tab: the first handle's key is stale, so it locks instead of
    // writing the old passphrase back over the new one.
    reopened.set_passphrase(Some("a third passphrase"), &original).await.unwrap();
    let third = stored(&areas.local).await;
    assert_eq!(vault.save(&Settings::default()).await, Err(StoreError::Locked));
    assert!(vault.is_locked());
    assert_eq!(stored(&areas.local).await, third);

    reopened.set_passphrase(None, &original).await.unwrap();
    assert!(!reopened.has_passphrase());
    let plain = stored(&areas.local).await.unwrap();
    assert_eq!(Settings::from_json(&plain), Ok(original.clone()));
    assert_eq!(Vault::new(areas.clone()).open().await, Ok(Opened::Plain(original)));
}

#[wasm_bindgen_test]
async fn a_vault_locked_elsewhere_is_not_overwritten() {
    let original = settings(KEY);
    let areas = Areas::memory();
    let plain_tab = Vault::new(areas.clone());
    assert_eq!(plain_tab.open().await, Ok(Opened::Empty));
    plain_tab.save(&original).await.unwrap();

    let other_tab = Vault::new(areas.clone());
    assert_eq!(other_tab.open().await, Ok(Opened::Plain(original.clone())));
    other_tab.set_passphrase(Some(PASSPHRASE), &original).await.unwrap();
    let locked = stored(&areas.local).await;

    assert_eq!(plain_tab.save(&original).await, Err(StoreError::Locked));
    assert!(plain_tab.is_locked());
    assert_eq!(stored(&areas.local).await, locked);
    // The older way of saving refuses too, instead of writing the key in the clear.
    assert_eq!(original.save(&areas.local).await, Err(StoreError::Locked));
    assert_eq!(Settings::load(&areas.local).await, Err(StoreError::Locked));
    assert_eq!(stored(&areas.local).await, locked);
}

#[wasm_bindgen_test]
async fn locking_drops_the_key() {
    let original = settings(KEY);
    let (_areas, vault) = locked_memory_vault(&original).await;
    assert!(vault.lock());
    assert!(vault.is_locked());
    assert_eq!(vault.save(&original).await, Err(StoreError::Locked));
    assert_eq!(vault.unlock(PASSPHRASE).await, Ok(original.clone()));
    vault.save(&original).await.unwrap();

    let plain = Vault::new(Areas::memory());
    plain.open().await.unwrap();
    assert!(!plain.lock(), "nothing to lock without a passphrase");
}

#[wasm_bindgen_test]
async fn older_vaults_are_rekeyed_at_todays_iteration_count() {
    let original = settings(KEY);
    let areas = Areas::memory();
    let old = Sealer::derive(PASSPHRASE, [7; 16], envelope::MIN_ITERATIONS).await.unwrap();
    let sealed = old.seal(original.to_json().as_bytes()).await.unwrap();
    areas.local.set(Settings::STORAGE_KEY, &sealed.to_json()).await.unwrap();

    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Locked));
    assert_eq!(vault.unlock(PASSPHRASE).await, Ok(original.clone()));
    let upgraded = sealed_in(&areas.local).await;
    assert_eq!(upgraded.iterations, envelope::ITERATIONS);
    assert_ne!(upgraded.salt, [7; 16]);
    vault.save(&original).await.unwrap();
    assert_eq!(Vault::new(areas).unlock(PASSPHRASE).await, Ok(original));
}

#[wasm_bindgen_test]
async fn plain_settings_from_before_the_vault_still_open() {
    let areas = Areas::memory();
    let old = r#"{"profiles":[{"name":"n","console":"https://ab12cd34.canary.tools","key":"old-key"}],"active":0}"#;
    areas.local.set(Settings::STORAGE_KEY, old).await.unwrap();
    let vault = Vault::new(areas.clone());
    match vault.open().await {
        Ok(Opened::Plain(s)) => assert_eq!(s.active_profile().unwrap().key.expose(), "old-key"),
        other => panic!("{other:?}"),
    }
    assert!(!vault.has_passphrase());
    assert_eq!(vault.persistence(), Persistence::Remember);

    // What the older `Settings::save` writes is what the vault reads, and the other way round.
    let mut settings = Settings::load(&areas.local).await.unwrap();
    settings.use_profile(Profile::new(ConsoleUrl::parse("ef56ab78").unwrap(), ApiKey::new("k2")));
    settings.save(&areas.local).await.unwrap();
    assert_eq!(vault.open().await, Ok(Opened::Plain(settings.clone())));
    vault.save(&settings).await.unwrap();
    assert_eq!(Settings::load(&areas.local).await, Ok(settings));

    areas.local.set(Settings::STORAGE_KEY, "{not json").await.unwrap();
    assert_eq!(vault.open().await, Err(StoreError::Unreadable));
}

#[wasm_bindgen_test]
async fn session_persistence_keeps_local_storage_free_of_settings() {
    let areas = web_areas().await;
    let local = window().local_storage().unwrap().unwrap();
    let session = window().session_storage().unwrap().unwrap();
    let original = settings(KEY);

    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Empty));
    vault.set_persistence(Persistence::Session, &original).await.unwrap();
    vault.save(&original).await.unwrap();
    vault.set_passphrase(Some(PASSPHRASE), &original).await.unwrap();
    vault.save(&original).await.unwrap();

    // localStorage holds the choice, nothing else: no settings, no key, no Console.
    assert_eq!(ours(&local), [format!("{}=session", Vault::PERSISTENCE_KEY)]);
    let kept = session.get_item(Settings::STORAGE_KEY).unwrap().expect("in sessionStorage");
    assert!(envelope::is_vault(Some(&kept)));

    let again = Vault::new(areas.clone());
    assert_eq!(again.open().await, Ok(Opened::Locked));
    assert_eq!(again.persistence(), Persistence::Session);
    assert_eq!(again.unlock(PASSPHRASE).await, Ok(original.clone()));

    // A remembered copy left by an interrupted switch is removed on opening.
    local.set_item(Settings::STORAGE_KEY, &original.to_json()).unwrap();
    assert_eq!(Vault::new(areas.clone()).open().await, Ok(Opened::Locked));
    assert_eq!(local.get_item(Settings::STORAGE_KEY).unwrap(), None);

    // Back to remembering: the settings move to localStorage, the session copy goes.
    again.set_persistence(Persistence::Remember, &original).await.unwrap();
    assert_eq!(ours(&session), Vec::<String>::new());
    assert_eq!(local.get_item(Vault::PERSISTENCE_KEY).unwrap(), None);
    let remembered = Vault::new(areas.clone());
    assert_eq!(remembered.open().await, Ok(Opened::Locked));
    assert_eq!(remembered.persistence(), Persistence::Remember);
    assert_eq!(remembered.unlock(PASSPHRASE).await, Ok(original));
    remembered.forget_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn in_the_extension_session_persistence_uses_storage_session() {
    let (local, session) = (fake_extension_area(), fake_extension_area());
    let areas = Areas {
        local: Backend::Extension(local.clone()),
        session: Backend::Extension(session.clone()),
        handover: Some(Backend::Extension(session.clone())),
    };
    let original = settings(KEY);
    let vault = Vault::new(areas.clone());
    assert_eq!(vault.open().await, Ok(Opened::Empty));
    vault.save(&original).await.unwrap();
    assert_eq!(keys_of(&local), [Settings::STORAGE_KEY]);

    vault.set_persistence(Persistence::Session, &original).await.unwrap();
    assert_eq!(keys_of(&local), [Vault::PERSISTENCE_KEY]);
    assert_eq!(keys_of(&session), [Settings::STORAGE_KEY]);
    assert_eq!(Vault::new(areas.clone()).open().await, Ok(Opened::Plain(original)));

    vault.forget_all().await.unwrap();
    assert!(keys_of(&local).is_empty() && keys_of(&session).is_empty());
}

#[wasm_bindgen_test]
async fn forget_all_leaves_nothing_behind() {
    let areas = web_areas().await;
    let local = window().local_storage().unwrap().unwrap();
    let session = window().session_storage().unwrap().unwrap();
    // Another app on the same host keeps its own keys.
    local.set_item("another-app/token", "theirs").unwrap();
    let original = settings(KEY);

    let vault = Vault::new(areas.clone());
    vault.open().await.unwrap();
    vault.save(&original).await.unwrap();
    vault.set_passphrase(Some(PASSPHRASE), &original).await.unwrap();
    vault.set_persistence(Persistence::Session, &original).await.unwrap();
    // Something else of the app's in each area, and a leftover remembered copy.
    local.set_item(&format!("{KEY_PREFIX}other"), "x").unwrap();
    session.set_item(&format!("{KEY_PREFIX}other"), "y").unwrap();
    local.set_item(Settings::STORAGE_KEY, &original.to_json()).unwrap();
    assert!(!ours(&local).is_empty() && !ours(&session).is_empty());

    vault.forget_all().await.unwrap();
    assert_eq!(ours(&local), Vec::<String>::new());
    assert_eq!(ours(&session), Vec::<String>::new());
    assert_eq!(local.get_item("another-app/token").unwrap().as_deref(), Some("theirs"));
    local.remove_item("another-app/token").unwrap();
    assert!(!vault.has_passphrase() && !vault.is_locked());
    assert_eq!(vault.persistence(), Persistence::Remember);
    assert_eq!(Vault::new(areas).open().await, Ok(Opened::Empty));

    // Memory areas are emptied too, and the key is gone from memory.
    let (memory, vault) = locked_memory_vault(&original).await;
    memory.session.set("scratch", "z").await.unwrap();
    vault.forget_all().await.unwrap();
    for backend in [&memory.local, &memory.session] {
        let Backend::Memory(map) = backend else { unreachable!() };
        assert!(map.borrow().is_empty());
    }
    assert_eq!(vault.open().await, Ok(Opened::Empty));
}

/// Hides `crypto.subtle` as a plain-http page would, until dropped.
struct InsecurePage(Object);

impl InsecurePage {
    fn new() -> Self {
        let crypto: Object =
            Reflect::get(&js_sys::global(), &"crypto".into()).unwrap().unchecked_into();
        let hidden = Object::new();
        Reflect::set(&hidden, &"value".into(), &JsValue::UNDEFINED).unwrap();
        Reflect::set(&hidden, &"configurable".into(), &JsValue::TRUE).unwrap();
        Object::define_property(&crypto, &"subtle".into(), &hidden);
        Self(crypto)
    }
}

impl Drop for InsecurePage {
    fn drop(&mut self) {
        Reflect::delete_property(&self.0, &"subtle".into()).unwrap();
    }
}

#[wasm_bindgen_test]
async fn without_webcrypto_the_passphrase_needs_https_and_plain_settings_still_work() {
    let original = settings(KEY);
    let (areas, _) = locked_memory_vault(&original).await;
    let locked = stored(&areas.local).await;
    {
        let _insecure = InsecurePage::new();
        assert!(!Vault::crypto_available());
        let vault = Vault::new(areas.clone());
        assert_eq!(vault.open().await, Ok(Opened::Locked));
        assert_eq!(vault.unlock(PASSPHRASE).await, Err(StoreError::CryptoUnavailable));
        assert!(StoreError::CryptoUnavailable.to_string().contains("HTTPS"));
        assert_eq!(stored(&areas.local).await, locked);

        let plain = Vault::new(Areas::memory());
        assert_eq!(plain.open().await, Ok(Opened::Empty));
        plain.save(&original).await.unwrap();
        assert_eq!(plain.open().await, Ok(Opened::Plain(original.clone())));
        let refused = plain.set_passphrase(Some(PASSPHRASE), &original).await;
        assert_eq!(refused, Err(StoreError::CryptoUnavailable));
        assert!(!plain.has_passphrase());
        assert_eq!(plain.open().await, Ok(Opened::Plain(original.clone())));
    }
    assert!(Vault::crypto_available());
    assert_eq!(Vault::new(areas).unlock(PASSPHRASE).await, Ok(original));
}

#[wasm_bindgen_test]
async fn in_the_extension_an_unlocked_vault_opens_unlocked_in_its_other_pages_until_locked() {
    let (local, session) = (fake_extension_area(), fake_extension_area());
    let areas = Areas {
        local: Backend::Extension(local.clone()),
        session: Backend::Extension(session.clone()),
        handover: Some(Backend::Extension(session.clone())),
    };
    let original = settings(KEY);
    let popup = Vault::new(areas.clone());
    assert_eq!(popup.open().await, Ok(Opened::Empty));
    popup.set_passphrase(Some(PASSPHRASE), &original).await.unwrap();
    assert_eq!(keys_of(&session), [Vault::HANDED_KEY], "the key waits in storage.session only");
    assert_eq!(keys_of(&local), [Settings::STORAGE_KEY]);

    // The workbench, opened now: unlocked, and able to save.
    let workbench = Vault::new(areas.clone());
    assert_eq!(workbench.open().await, Ok(Opened::Unlocked(original.clone())));
    assert!(workbench.has_passphrase() && !workbench.is_locked());
    workbench.save(&original).await.unwrap();

    // Locking anywhere withdraws the key: the next page asks for the passphrase.
    assert!(popup.lock());
    crate::support::wait_ms(50).await;
    assert!(keys_of(&session).is_empty());
    let later = Vault::new(areas.clone());
    assert_eq!(later.open().await, Ok(Opened::Locked));
    assert_eq!(later.unlock(PASSPHRASE).await, Ok(original.clone()));
    assert_eq!(keys_of(&session), [Vault::HANDED_KEY]);

    // A key left from before the passphrase changed opens nothing.
    let data: Object = Reflect::get(&session, &"data".into()).unwrap().unchecked_into();
    let old_key = Reflect::get(&data, &Vault::HANDED_KEY.into()).unwrap();
    later.set_passphrase(Some("another one"), &original).await.unwrap();
    Reflect::set(&data, &Vault::HANDED_KEY.into(), &old_key).unwrap();
    assert_eq!(Vault::new(areas.clone()).open().await, Ok(Opened::Locked));
    later.forget_all().await.unwrap();
}

#[wasm_bindgen_test]
async fn on_a_web_page_no_key_is_handed_over() {
    let areas = web_areas().await;
    let vault = Vault::new(areas.clone());
    vault.set_passphrase(Some(PASSPHRASE), &settings(KEY)).await.unwrap();
    assert_eq!(Vault::new(areas.clone()).open().await, Ok(Opened::Locked));
    assert!(
        ours(&window().session_storage().unwrap().unwrap()).is_empty(),
        "sessionStorage may reach the disk"
    );
    vault.forget_all().await.unwrap();
}
