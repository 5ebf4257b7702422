//! The profile store, kept the way a password manager keeps its vault: remembered on this
//! device or for this browser session only, optionally locked with a passphrase, forgotten
//! everywhere at once on request.
//!
//! [`Vault`] is a cheap handle (clones share one state), so a screen can keep it in a
//! `StoredValue` and call its async methods; no borrow is held across an `.await`. The vault
//! keeps the derived key while open, never the settings: the UI holds those and passes them to
//! [`Vault::save`], and must drop its copy when it calls [`Vault::lock`].
//!
//! Several windows keep the same settings (the popup, workbench tabs): every write merges
//! with what is stored ([`super::merge`]), decrypting it with the held key when a passphrase
//! locks it, and [`Vault::sync`] takes in what another window saved. A window's settings work
//! runs one at a time ([`Vault::turn`]), so that what it adopts is what it merged.
//!
//! Nothing here logs, and no error carries stored data, a passphrase or a key.

use super::crypto::{self, HandedKey, Sealer};
use super::envelope::{self, Sealed, Stored};
use super::merge;
use super::{Areas, Backend, Settings, StoreError};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How long the settings are kept. Chosen for the whole store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Persistence {
    /// "Remember on this device": the extension's `storage.local`, else `localStorage`.
    #[default]
    Remember,
    /// "This session only": the extension's `storage.session`, else the tab's
    /// `sessionStorage`, else memory. Gone when the browser (or tab, or page) closes.
    Session,
}

/// What [`Vault::open`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// Nothing saved yet (or forgotten): show the connect screen.
    Empty,
    /// Settings saved without a passphrase.
    Plain(Settings),
    /// Settings locked with a passphrase: ask for it and call [`Vault::unlock`].
    Locked,
    /// Settings locked with a passphrase that another page of the extension has unlocked in
    /// this browser session: open, as if the passphrase had been typed here.
    Unlocked(Settings),
}

/// What [`Vault::sync`] made of another window's save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Synced {
    /// Nothing this window shows changed.
    Same,
    /// Show these (what this window had, with the other window's changes).
    Changed(Settings),
    /// A passphrase now locks the settings and this window has not its key: lock.
    Locked,
    /// "Forget all" in another window: forget here too.
    Forgotten,
}

#[derive(Clone)]
pub struct Vault {
    inner: Rc<Inner>,
}

struct Inner {
    areas: Areas,
    state: RefCell<State>,
    /// The settings the UI was last handed (opened, unlocked, saved, synced): what its edits
    /// are found against.
    handed: RefCell<Settings>,
    /// The document this handle wrote last, to tell its own writes from other windows'.
    written: RefCell<Option<String>>,
    /// Resolves when the window's last settings work is done ([`Vault::turn`]).
    tail: RefCell<Option<js_sys::Promise>>,
    /// How many times "Forget all" ran in this page.
    forgets: Cell<u32>,
}

/// This window's turn at its settings: the next [`Vault::turn`] waits until it is dropped.
pub struct Turn(Option<js_sys::Function>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            let _ = done.call0(&JsValue::UNDEFINED);
        }
    }
}

#[derive(Default)]
struct State {
    persistence: Persistence,
    lock: Lock,
}

#[derive(Clone, Default)]
enum Lock {
    /// No passphrase: the settings are stored as plain JSON.
    #[default]
    Plain,
    /// A passphrase protects the stored settings and the key is not in memory.
    Locked,
    /// A passphrase protects the stored settings; this is the key it gave.
    Unlocked(Rc<Sealer>),
}

impl Vault {
    /// The key under which the lasting area records that the user chose
    /// [`Persistence::Session`]. It holds the word `session` and nothing else: the choice must
    /// outlive the session (else the next save would quietly land on disk), the secrets not.
    pub const PERSISTENCE_KEY: &'static str = "canarytoken-manager/persistence";

    /// A vault over `areas` (usually [`Areas::detect`]); call [`Vault::open`] next.
    pub fn new(areas: Areas) -> Self {
        Self {
            inner: Rc::new(Inner {
                areas,
                state: RefCell::default(),
                handed: RefCell::default(),
                written: RefCell::default(),
                tail: RefCell::default(),
                forgets: Cell::new(0),
            }),
        }
    }

    /// Waits until the window's earlier settings work (a save, taking in another window's
    /// save) is done. Hold the turn while reading what the UI shows, saving or syncing it, and
    /// showing the result.
    pub async fn turn(&self) -> Turn {
        let mut done = None;
        let mine = js_sys::Promise::new(&mut |resolve, _| done = Some(resolve));
        let before = self.inner.tail.replace(Some(mine));
        if let Some(before) = before {
            let _ = JsFuture::from(before).await;
        }
        Turn(done)
    }

    /// Whether this page can lock settings with a passphrase (WebCrypto exists only in secure
    /// contexts: HTTPS, `localhost`, extension pages). Use it to explain, not to hide, the
    /// option: on plain http the passphrase calls fail with [`StoreError::CryptoUnavailable`].
    pub fn crypto_available() -> bool {
        crypto::available()
    }

    /// Reads what is stored, in whichever format, where the user chose to keep it. Forgets any
    /// held key. Errors: [`StoreError::Unavailable`], [`StoreError::Unreadable`] (damaged plain
    /// settings or a newer app's vault), [`StoreError::Damaged`] (a damaged vault). After an
    /// error the vault acts as empty and plain, but never saves over a vault it cannot read.
    pub async fn open(&self) -> Result<Opened, StoreError> {
        let local = &self.inner.areas.local;
        // Both keys at once: the remembered settings are the ones wanted nearly always.
        let mut found =
            local.get_all(&[Self::PERSISTENCE_KEY, Settings::STORAGE_KEY]).await?.into_iter();
        let (choice, remembered) = (found.next().flatten(), found.next().flatten());
        let persistence = match choice.as_deref() {
            Some("session") => Persistence::Session,
            _ => Persistence::Remember,
        };
        {
            let mut state = self.state();
            state.persistence = persistence;
            state.lock = Lock::Plain;
        }
        if persistence == Persistence::Session && !local.same_as(&self.inner.areas.session) {
            // A remembered copy can only be left over from an interrupted switch to "this
            // session only": the user asked for it not to stay on the device.
            local.remove(Settings::STORAGE_KEY).await?;
        }
        let document = match persistence {
            Persistence::Remember => remembered,
            Persistence::Session => self.area(persistence).get(Settings::STORAGE_KEY).await?,
        };
        self.inner.handed.replace(Settings::default());
        Ok(match envelope::detect(document.as_deref())? {
            Stored::Nothing => Opened::Empty,
            Stored::Plain(settings) => {
                self.inner.handed.replace(settings.clone());
                Opened::Plain(settings)
            }
            Stored::Sealed(sealed) => {
                // Damage shows before anyone types a passphrase for it. (Without WebCrypto it
                // shows at unlocking, which explains that first.)
                if crypto::verify(&sealed).await == Err(StoreError::Damaged) {
                    return Err(StoreError::Damaged);
                }
                match self.handed_over(&sealed).await {
                    Some((sealer, settings)) => {
                        self.state().lock = Lock::Unlocked(Rc::new(sealer));
                        self.inner.handed.replace(settings.clone());
                        Opened::Unlocked(settings)
                    }
                    None => {
                        self.state().lock = Lock::Locked;
                        Opened::Locked
                    }
                }
            }
        })
    }

    /// Opens locked settings with `passphrase` and keeps the key for this session. A wrong
    /// passphrase is [`StoreError::WrongPassphrase`] and changes nothing; altered or damaged
    /// data is [`StoreError::Damaged`]. Unlocking settings that are not locked (another tab
    /// removed the passphrase) just returns them.
    pub async fn unlock(&self, passphrase: &str) -> Result<Settings, StoreError> {
        let area = self.current_area();
        let document = area.get(Settings::STORAGE_KEY).await?;
        let sealed = match envelope::detect(document.as_deref())? {
            Stored::Nothing => return self.unlocked_plain(Settings::default()),
            Stored::Plain(settings) => return self.unlocked_plain(settings),
            Stored::Sealed(sealed) => sealed,
        };
        crypto::verify(&sealed).await?;
        if passphrase.is_empty() {
            return Err(StoreError::WrongPassphrase);
        }
        let mut sealer = Sealer::derive(passphrase, sealed.salt, sealed.iterations).await?;
        let settings = String::from_utf8(sealer.open(&sealed).await?)
            .ok()
            .and_then(|json| Settings::from_json(&json).ok())
            .ok_or(StoreError::Damaged)?;
        if sealer.iterations() < envelope::ITERATIONS {
            // Written when fewer iterations were recommended: re-key at today's count while the
            // passphrase is at hand. If that fails, the old vault is still good.
            if let Ok(stronger) = self.rekey(passphrase, &settings, &area, &document).await {
                sealer = stronger;
            }
        }
        self.hand_over(&sealer).await;
        self.state().lock = Lock::Unlocked(Rc::new(sealer));
        self.inner.handed.replace(settings.clone());
        Ok(settings)
    }

    /// Saves `settings` where and how the user chose: encrypted under the held key when a
    /// passphrase is set (fresh IV each time), plain otherwise, merged with what another window
    /// saved meanwhile. Returns what was saved: show it (with [`Vault::rebase`] when the
    /// settings changed during the save). Refuses with [`StoreError::Locked`] while locked, and
    /// never overwrites a vault it does not hold the key of (another tab locked it, or it is
    /// damaged).
    pub async fn save(&self, settings: &Settings) -> Result<Settings, StoreError> {
        let area = self.current_area();
        let theirs = self.stored_for_writing(&area).await?;
        let merged = self.merged(settings, theirs.as_ref());
        let document = self.document(&merged).await?;
        area.set(Settings::STORAGE_KEY, &document).await?;
        self.inner.written.replace(Some(document));
        self.inner.handed.replace(merged.clone());
        Ok(merged)
    }

    /// Takes in what another window saved: reads the stored settings, merges them with
    /// `mine` (what this window shows), writes the merge back if the other window's save
    /// missed something of this one's (two saves at once), and says what to show.
    pub async fn sync(&self, mine: &Settings) -> Result<Synced, StoreError> {
        if self.is_locked() {
            return Ok(Synced::Same);
        }
        let local = &self.inner.areas.local;
        let found = local.get_all(&[Self::PERSISTENCE_KEY, Settings::STORAGE_KEY]).await?;
        let [choice, remembered] = <[Option<String>; 2]>::try_from(found).unwrap_or_default();
        let persistence = match choice.as_deref() {
            Some("session") => Persistence::Session,
            _ => Persistence::Remember,
        };
        self.state().persistence = persistence;
        let document = match persistence {
            Persistence::Remember => remembered,
            Persistence::Session => self.area(persistence).get(Settings::STORAGE_KEY).await?,
        };
        let theirs = match self.readable(document.as_deref()).await {
            Ok(Some(theirs)) => theirs,
            Ok(None) => {
                // Settings this window read are gone: forgotten elsewhere. (Settings this
                // window has not saved yet are about to be.)
                if self.inner.handed.borrow().profiles.is_empty() {
                    return Ok(Synced::Same);
                }
                self.state().lock = Lock::Plain;
                self.inner.handed.replace(Settings::default());
                return Ok(Synced::Forgotten);
            }
            Err(StoreError::Locked) => return Ok(Synced::Locked),
            Err(e) => return Err(e),
        };
        let merged = self.merged(mine, Some(&theirs));
        if !merge::same(&merged, &theirs) {
            let document = self.document(&merged).await?;
            self.current_area().set(Settings::STORAGE_KEY, &document).await?;
            self.inner.written.replace(Some(document));
        }
        self.inner.handed.replace(merged.clone());
        Ok(match merge::same(&merged, mine) {
            true => Synced::Same,
            false => Synced::Changed(merged),
        })
    }

    /// What the UI shows after a save or sync that started from `snapshot` gave `merged`,
    /// when the UI changed meanwhile (`current`): `merged` with those changes on top.
    pub fn rebase(&self, current: &Settings, snapshot: &Settings, merged: &Settings) -> Settings {
        merge::rebase(current, snapshot, merged, now_ms(), &mut fresh_id)
    }

    /// Runs `changed` when another window (a tab, the popup) changes the stored settings, for
    /// as long as the page lives: then call [`Vault::sync`].
    pub fn on_changed_elsewhere(&self, changed: impl Fn() + 'static) {
        let ours = |key: &str| key == Settings::STORAGE_KEY || key == Self::PERSISTENCE_KEY;
        let vault = self.clone();
        let changed = Rc::new(changed);
        let on_extension = changed.clone();
        const KEYS: &[&str] = &[Settings::STORAGE_KEY, Vault::PERSISTENCE_KEY];
        crate::platform::extension::on_storage_changed(KEYS, move |_, key, value| {
            // An extension page hears its own writes too.
            let own = key == Settings::STORAGE_KEY
                && value.is_some()
                && *vault.inner.written.borrow() == value;
            if !own {
                on_extension();
            }
        });
        crate::platform::on_web_storage_changed(move |key| {
            if key.is_none_or(ours) {
                changed();
            }
        });
    }

    /// Counts "Forget all" in this page, so that work that writes beside the settings (a bulk
    /// run's journal) can tell that it must stop.
    pub fn forgets(&self) -> u32 {
        self.inner.forgets.get()
    }

    /// Sets, changes (`Some`) or removes (`None`) the passphrase, saving `settings` accordingly.
    /// A new passphrase gets a new salt; on failure the old state and document stay.
    /// The UI should ask for the current passphrase first if it wants proof of ownership
    /// ([`Vault::unlock`] checks it).
    pub async fn set_passphrase(
        &self,
        passphrase: Option<&str>,
        settings: &Settings,
    ) -> Result<(), StoreError> {
        let area = self.current_area();
        let theirs = self.stored_for_writing(&area).await?;
        let settings = &self.merged(settings, theirs.as_ref());
        match passphrase {
            Some("") => Err(StoreError::EmptyPassphrase),
            Some(passphrase) => {
                let sealer = Sealer::create(passphrase).await?;
                let sealed = sealer.seal(settings.to_json().as_bytes()).await?;
                area.set(Settings::STORAGE_KEY, &sealed.to_json()).await?;
                self.hand_over(&sealer).await;
                self.state().lock = Lock::Unlocked(Rc::new(sealer));
                Ok(())
            }
            None => {
                area.set(Settings::STORAGE_KEY, &settings.to_json()).await?;
                self.withdraw().await;
                self.state().lock = Lock::Plain;
                Ok(())
            }
        }
    }

    /// Moves the settings to the area `persistence` names (saving `settings` there, in the
    /// current form, and removing them from the other area).
    pub async fn set_persistence(
        &self,
        persistence: Persistence,
        settings: &Settings,
    ) -> Result<(), StoreError> {
        let from = self.current_area();
        let theirs = self.stored_for_writing(&from).await?;
        let document = self.document(&self.merged(settings, theirs.as_ref())).await?;
        let to = self.area(persistence);
        to.set(Settings::STORAGE_KEY, &document).await?;
        if self.persistence() == persistence {
            return Ok(());
        }
        let local = &self.inner.areas.local;
        match persistence {
            Persistence::Session => local.set(Self::PERSISTENCE_KEY, "session").await?,
            Persistence::Remember => local.remove(Self::PERSISTENCE_KEY).await?,
        }
        self.state().persistence = persistence;
        from.remove(Settings::STORAGE_KEY).await
    }

    /// Wipes everything the app stored in every area (the extension's local and session
    /// storage, the page's `localStorage` and `sessionStorage` keys of this app, memory) and
    /// drops the key. Afterwards the vault is empty, plain and remembered, as on first use.
    /// Tries every area even if one fails, then reports the first failure.
    pub async fn forget_all(&self) -> Result<(), StoreError> {
        *self.state() = State::default();
        self.inner.forgets.set(self.inner.forgets.get() + 1);
        self.inner.handed.replace(Settings::default());
        self.inner.written.replace(None);
        let mut outcome = Ok(());
        for backend in self.inner.areas.everywhere() {
            if let Err(e) = backend.clear().await {
                outcome = outcome.and(Err(e));
            }
        }
        outcome
    }

    /// Drops the key (the UI drops its settings), here and in the app's other pages: the next
    /// [`Vault::unlock`] needs the passphrase again. Returns `false`, changing nothing, when no
    /// passphrase is set (there is nothing to lock; the settings stay readable from storage).
    pub fn lock(&self) -> bool {
        let locked = {
            let mut state = self.state();
            match state.lock {
                Lock::Plain => false,
                Lock::Locked | Lock::Unlocked(_) => {
                    state.lock = Lock::Locked;
                    true
                }
            }
        };
        if locked {
            self.inner.handed.replace(Settings::default());
            let vault = self.clone();
            wasm_bindgen_futures::spawn_local(async move { vault.withdraw().await });
        }
        locked
    }

    /// Runs `locked` when another page of the extension locks the vault (its key is withdrawn
    /// from the hand-over area), for as long as the page lives.
    pub fn on_locked_elsewhere(&self, locked: impl Fn() + 'static) {
        if self.inner.areas.handover.is_none() {
            return;
        }
        crate::platform::extension::on_storage_removed("session", Self::HANDED_KEY, locked);
    }

    /// Where an unlocked vault's key waits for the app's other pages.
    pub const HANDED_KEY: &'static str = "canarytoken-manager/unlocked-key";

    /// Leaves the key for the app's other pages, where that is safe (see [`Areas::handover`]).
    /// Failing to is not an error: they ask for the passphrase instead.
    async fn hand_over(&self, sealer: &Sealer) {
        let Some(area) = &self.inner.areas.handover else { return };
        if let Ok(handed) = sealer.export().await {
            let _ = area.set(Self::HANDED_KEY, &handed.to_text()).await;
        }
    }

    async fn withdraw(&self) {
        if let Some(area) = &self.inner.areas.handover {
            let _ = area.remove(Self::HANDED_KEY).await;
        }
    }

    /// The key and settings another page left, if it opens `sealed`.
    async fn handed_over(&self, sealed: &Sealed) -> Option<(Sealer, Settings)> {
        let area = self.inner.areas.handover.as_ref()?;
        let handed = HandedKey::from_text(&area.get(Self::HANDED_KEY).await.ok()??)?;
        if !handed.fits(sealed) {
            return None;
        }
        let sealer = Sealer::import(&handed).await.ok()?;
        let json = String::from_utf8(sealer.open(sealed).await.ok()?).ok()?;
        Some((sealer, Settings::from_json(&json).ok()?))
    }

    pub fn persistence(&self) -> Persistence {
        self.state().persistence
    }

    /// Whether a passphrase protects the stored settings (locked or not).
    pub fn has_passphrase(&self) -> bool {
        !matches!(self.state().lock, Lock::Plain)
    }

    /// Whether the settings are locked: the UI shows the unlock form.
    pub fn is_locked(&self) -> bool {
        matches!(self.state().lock, Lock::Locked)
    }

    fn state(&self) -> std::cell::RefMut<'_, State> {
        self.inner.state.borrow_mut()
    }

    fn area(&self, persistence: Persistence) -> Backend {
        match persistence {
            Persistence::Remember => self.inner.areas.local.clone(),
            Persistence::Session => self.inner.areas.session.clone(),
        }
    }

    fn current_area(&self) -> Backend {
        self.area(self.persistence())
    }

    fn unlocked_plain(&self, settings: Settings) -> Result<Settings, StoreError> {
        self.state().lock = Lock::Plain;
        Ok(settings)
    }

    /// The stored form of `settings` for the current lock.
    async fn document(&self, settings: &Settings) -> Result<String, StoreError> {
        let lock = self.state().lock.clone();
        match lock {
            Lock::Plain => Ok(settings.to_json()),
            Lock::Locked => Err(StoreError::Locked),
            Lock::Unlocked(sealer) => {
                Ok(sealer.seal(settings.to_json().as_bytes()).await?.to_json())
            }
        }
    }

    /// `mine` with what it changed since it was handed stamped, merged with `theirs`.
    fn merged(&self, mine: &Settings, theirs: Option<&Settings>) -> Settings {
        let mut mine = mine.clone();
        // A profile another write of this window named (its result not shown yet) keeps the
        // id it was given there.
        if let Some(theirs) = theirs {
            for p in mine.profiles.iter_mut().filter(|p| p.id.is_empty()) {
                let named =
                    theirs.profiles.iter().find(|q| q.console == p.console && q.name == p.name);
                if let Some(q) = named {
                    p.id = q.id.clone();
                }
            }
        }
        merge::stamp(&mut mine, &self.inner.handed.borrow(), now_ms(), &mut fresh_id);
        merge::merge(&mine, theirs.unwrap_or(&Settings::default()))
    }

    /// What is stored, read the way this handle may write over it: refused while locked, when
    /// the stored vault was locked (or re-keyed) elsewhere since and its key is not handed
    /// over (then this handle locks too), or when it is damaged or from a newer version.
    async fn stored_for_writing(&self, area: &Backend) -> Result<Option<Settings>, StoreError> {
        if self.is_locked() {
            return Err(StoreError::Locked);
        }
        let document = area.get(Settings::STORAGE_KEY).await?;
        match self.readable(document.as_deref()).await {
            Err(e) if e != StoreError::Locked && !envelope::is_vault(document.as_deref()) => {
                Ok(None)
            }
            other => other,
        }
    }

    /// The settings in `document`, decrypted with the held key (or one another page of the
    /// extension handed over) when sealed. A plain document where a passphrase was set means
    /// another window removed it: this handle follows.
    async fn readable(&self, document: Option<&str>) -> Result<Option<Settings>, StoreError> {
        let lock = self.state().lock.clone();
        let stored = match envelope::detect(document)? {
            Stored::Nothing => return Ok(None),
            Stored::Plain(settings) => {
                if matches!(lock, Lock::Unlocked(_)) {
                    self.state().lock = Lock::Plain;
                }
                return Ok(Some(settings));
            }
            Stored::Sealed(stored) => stored,
        };
        let sealer = match lock {
            Lock::Unlocked(sealer) if sealer.made(&stored) => sealer,
            Lock::Locked => return Err(StoreError::Locked),
            _ if crypto::verify(&stored).await == Err(StoreError::Damaged) => {
                return Err(StoreError::Damaged);
            }
            _ => match self.handed_over(&stored).await {
                Some((sealer, _)) => {
                    let sealer = Rc::new(sealer);
                    self.state().lock = Lock::Unlocked(sealer.clone());
                    sealer
                }
                None => {
                    self.state().lock = Lock::Locked;
                    return Err(StoreError::Locked);
                }
            },
        };
        let json =
            String::from_utf8(sealer.open(&stored).await?).map_err(|_| StoreError::Damaged)?;
        Settings::from_json(&json).map(Some).map_err(|_| StoreError::Damaged)
    }

    /// Re-encrypts `settings` under a new salt and today's iteration count, unless the stored
    /// document changed since it was read.
    async fn rekey(
        &self,
        passphrase: &str,
        settings: &Settings,
        area: &Backend,
        read: &Option<String>,
    ) -> Result<Sealer, StoreError> {
        let sealer = Sealer::create(passphrase).await?;
        let sealed: Sealed = sealer.seal(settings.to_json().as_bytes()).await?;
        if area.get(Settings::STORAGE_KEY).await? != *read {
            return Err(StoreError::Locked);
        }
        area.set(Settings::STORAGE_KEY, &sealed.to_json()).await?;
        Ok(sealer)
    }
}

/// Milliseconds since the epoch, by the browser's clock.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A new profile id (see [`merge::new_id`]).
fn fresh_id() -> String {
    merge::new_id(now_ms(), (js_sys::Math::random() * f64::from(u32::MAX)) as u32)
}
