//! Two windows over one store (two vault handles over the same areas, as the popup and a
//! workbench tab are): saves merge instead of overwriting, plain or passphrase-sealed; a
//! window takes in the other's save, lock and "Forget all".

use crate::vault::fake_extension_area;
use canarytoken_manager::api::{ApiKey, ConsoleUrl};
use canarytoken_manager::store::{Areas, Backend, Opened, Profile, Settings, Synced, Vault};
use wasm_bindgen_test::wasm_bindgen_test;

const PASSPHRASE: &str = "correct horse battery staple";

fn profile(host: &str, key: &str) -> Profile {
    Profile::new(ConsoleUrl::parse(host).unwrap(), ApiKey::new(key))
}

fn names(s: &Settings) -> Vec<String> {
    let mut names: Vec<String> = s.profiles.iter().map(|p| p.name.clone()).collect();
    names.sort();
    names
}

async fn stored(areas: &Areas) -> Settings {
    Settings::from_json(&areas.local.get(Settings::STORAGE_KEY).await.unwrap().unwrap()).unwrap()
}

/// Two windows opened on `areas`, each with what it found.
async fn two_windows(areas: &Areas) -> ((Vault, Settings), (Vault, Settings)) {
    let open = |vault: Vault| async move {
        let settings = match vault.open().await.unwrap() {
            Opened::Plain(s) | Opened::Unlocked(s) => s,
            _ => Settings::default(),
        };
        (vault, settings)
    };
    (open(Vault::new(areas.clone())).await, open(Vault::new(areas.clone())).await)
}

/// A window adds a profile and saves, as the connect screen does; returns what it shows.
async fn add(vault: &Vault, mut shown: Settings, host: &str) -> Settings {
    shown.use_profile(profile(host, host));
    vault.save(&shown).await.unwrap()
}

#[wasm_bindgen_test]
async fn two_windows_saving_different_profiles_keep_both() {
    let areas = Areas::memory();
    let ((popup, in_popup), (tab, in_tab)) = two_windows(&areas).await;
    let in_popup = add(&popup, in_popup, "aaaa1111").await;
    // The tab read before the popup saved: its save merges rather than overwrites.
    let in_tab = add(&tab, in_tab, "bbbb2222").await;
    assert_eq!(names(&in_tab), ["aaaa1111.canary.tools", "bbbb2222.canary.tools"]);
    assert_eq!(names(&stored(&areas).await), names(&in_tab));
    // The popup takes in the tab's save.
    match popup.sync(&in_popup).await.unwrap() {
        Synced::Changed(now) => assert_eq!(names(&now), names(&in_tab)),
        other => panic!("{other:?}"),
    }
    assert_eq!(tab.sync(&in_tab).await, Ok(Synced::Same));
}

#[wasm_bindgen_test]
async fn two_saves_landing_at_once_are_healed_by_the_next_sync() {
    let areas = Areas::memory();
    let ((popup, in_popup), (tab, in_tab)) = two_windows(&areas).await;
    let in_popup = add(&popup, in_popup, "aaaa1111").await;
    // The tab wrote at the same moment, over what it had read (nothing): the popup's profile
    // is missing from the stored document.
    let mut alone = in_tab.clone();
    alone.use_profile(profile("bbbb2222", "b"));
    alone.profiles[0].id = "019b000000000ffffffff".into();
    alone.profiles[0].changed = 1;
    areas.local.set(Settings::STORAGE_KEY, &alone.to_json()).await.unwrap();
    assert_eq!(names(&stored(&areas).await), ["bbbb2222.canary.tools"]);
    // The popup hears of the tab's write and puts its own profile back.
    let Synced::Changed(now) = popup.sync(&in_popup).await.unwrap() else { panic!() };
    assert_eq!(names(&now), ["aaaa1111.canary.tools", "bbbb2222.canary.tools"]);
    assert_eq!(names(&stored(&areas).await), names(&now));
    let Synced::Changed(there) = tab.sync(&in_tab).await.unwrap() else { panic!() };
    assert_eq!(names(&there), names(&now));
}

#[wasm_bindgen_test]
async fn a_profile_removed_in_one_window_is_not_brought_back_by_the_other() {
    let areas = Areas::memory();
    let popup = Vault::new(areas.clone());
    popup.open().await.unwrap();
    let mut first = Settings::default();
    first.use_profile(profile("aaaa1111", "a"));
    let first = popup.save(&first).await.unwrap();
    let both = add(&popup, first, "bbbb2222").await;
    let tab = Vault::new(areas.clone());
    let Ok(Opened::Plain(in_tab)) = tab.open().await else { panic!() };
    let mut in_popup = both.clone();
    in_popup.remove_profile(1);
    popup.save(&in_popup).await.unwrap();
    // The tab still shows both, and saves another setting.
    let mut changed = in_tab.clone();
    changed.lock_after_minutes = 15;
    let saved = tab.save(&changed).await.unwrap();
    assert_eq!(names(&saved), ["aaaa1111.canary.tools"]);
    assert_eq!(saved.lock_after_minutes, 15);
    let stored = stored(&areas).await;
    assert!(!stored.to_json().contains("\"key\":\"bbbb2222\""), "the removed key is gone");
}

#[wasm_bindgen_test]
async fn sealed_settings_merge_under_the_held_key_and_a_window_without_it_locks() {
    let areas = Areas::memory();
    let ((popup, in_popup), (tab, in_tab)) = two_windows(&areas).await;
    let in_popup = add(&popup, in_popup, "aaaa1111").await;
    popup.set_passphrase(Some(PASSPHRASE), &in_popup).await.unwrap();
    // The tab had no passphrase and cannot read the sealed settings: it locks.
    assert_eq!(tab.sync(&in_tab).await, Ok(Synced::Locked));
    assert!(tab.is_locked());
    let in_tab = tab.unlock(PASSPHRASE).await.unwrap();
    let in_tab = add(&tab, in_tab, "bbbb2222").await;
    let document = areas.local.get(Settings::STORAGE_KEY).await.unwrap().unwrap();
    assert!(!document.contains("bbbb2222"), "still sealed");
    // The popup decrypts the tab's save with the key it holds and merges.
    let Synced::Changed(now) = popup.sync(&in_popup).await.unwrap() else { panic!() };
    assert_eq!(names(&now), names(&in_tab));
    let now = add(&popup, now, "cccc3333").await;
    assert_eq!(now.profiles.len(), 3);
    let Synced::Changed(there) = tab.sync(&in_tab).await.unwrap() else { panic!() };
    assert_eq!(names(&there), names(&now));
    // Locking withdraws the settings; a locked window takes in nothing.
    assert!(tab.lock());
    assert_eq!(tab.sync(&Settings::default()).await, Ok(Synced::Same));
}

#[wasm_bindgen_test]
async fn in_the_extension_a_window_takes_the_handed_over_key() {
    let session = fake_extension_area();
    let areas = Areas {
        local: Backend::Extension(fake_extension_area()),
        session: Backend::Extension(session.clone()),
        handover: Some(Backend::Extension(session)),
    };
    let ((popup, in_popup), (tab, in_tab)) = two_windows(&areas).await;
    let in_popup = add(&popup, in_popup, "aaaa1111").await;
    popup.set_passphrase(Some(PASSPHRASE), &in_popup).await.unwrap();
    // The popup handed its key over: the tab stays open and sees the settings.
    let Synced::Changed(now) = tab.sync(&in_tab).await.unwrap() else { panic!() };
    assert_eq!(names(&now), ["aaaa1111.canary.tools"]);
    assert!(tab.has_passphrase() && !tab.is_locked());
}

#[wasm_bindgen_test]
async fn forget_all_in_one_window_forgets_in_the_other() {
    let areas = Areas::memory();
    let ((popup, in_popup), (tab, _)) = two_windows(&areas).await;
    let in_popup = add(&popup, in_popup, "aaaa1111").await;
    let Ok(Opened::Plain(in_tab)) = tab.open().await else { panic!() };
    let before = tab.forgets();
    popup.forget_all().await.unwrap();
    assert_eq!(tab.sync(&in_tab).await, Ok(Synced::Forgotten));
    assert_eq!(popup.forgets(), before + 1);
    // Nothing is written back: the settings stay forgotten.
    assert_eq!(areas.local.get(Settings::STORAGE_KEY).await.unwrap(), None);
    assert_eq!(popup.sync(&in_popup).await, Ok(Synced::Same));
}

#[wasm_bindgen_test]
async fn a_windows_settings_work_takes_turns() {
    let vault = Vault::new(Areas::memory());
    let order = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let first = vault.turn().await;
    let (v, o) = (vault.clone(), order.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let _turn = v.turn().await;
        o.borrow_mut().push("second");
    });
    crate::support::wait_ms(20).await;
    order.borrow_mut().push("first");
    drop(first);
    crate::support::wait_ms(20).await;
    assert_eq!(*order.borrow(), ["first", "second"]);
}
