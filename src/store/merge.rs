//! Two windows, one settings document. The popup and a workbench tab (or two tabs) each hold
//! the settings and save them whole; without care, whichever saves last wins and what the
//! other saved meanwhile is lost. Here every save merges instead:
//!
//! - every profile carries a stable `id` and `changed`, the time (ms since the epoch) of its
//!   last change; a removed profile leaves a tombstone in `removed` (its id and when, nothing
//!   else: no key) so that a window still showing it does not bring it back; the profile in use
//!   and the idle-lock minutes carry their own times in `stamps`;
//! - [`stamp`] gives the time of the save to whatever the UI changed since the settings it was
//!   handed (screens edit the settings as plain data, so changes are found by comparing);
//! - [`merge`] keeps, per profile and per setting, the later change (a tombstone is a change).
//!   Its content is commutative, associative and idempotent, so windows that keep merging each
//!   other's saves end up with the same settings, whatever order the saves land in. Each window
//!   keeps its own order of the profiles (what it had first, then what others added), so that
//!   a screen's position in the list does not move under it; [`same`] ignores the order.
//!
//! Pure: the vault reads, decrypts, merges and writes; native tests check the rules here.

use super::{Profile, Settings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A removed profile: its id and when it was removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub id: String,
    pub changed: u64,
}

/// When the settings beside the profiles last changed (ms since the epoch; 0: never).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamps {
    #[serde(default)]
    pub active: u64,
    #[serde(default)]
    pub lock: u64,
    #[serde(default)]
    pub recent: u64,
}

impl Stamps {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The most tombstones kept (the latest): a profile removed longer ago than the last 64
/// removals is unlikely to be still open in another window.
const MAX_REMOVED: usize = 64;

/// Gives ids to profiles saved before ids existed, the same in every window that reads the
/// same document: their position (so that they keep their order, before any newer profile)
/// and a hash of what they are.
pub fn name_unnamed(settings: &mut Settings) {
    for (index, p) in settings.profiles.iter_mut().enumerate() {
        if p.id.is_empty() {
            let hash = fnv(&[p.console.origin(), "\n", &p.name]);
            p.id = format!("{index:013x}{hash:08x}");
        }
    }
}

/// A new profile id: the time in ms (13 hex digits: ids sort by when the profile was added)
/// and 8 random hex digits.
pub fn new_id(now: u64, random: u32) -> String {
    format!("{now:013x}{random:08x}")
}

/// Marks what `mine` changed since `since` (the settings the UI was handed) with the time
/// `now`: edited and added profiles, removed ones (as tombstones), the profile in use, the
/// idle minutes. Profiles without an id get the id of the profile they replace (same Console
/// and name in `since`) or a new one from `fresh`.
pub fn stamp(mine: &mut Settings, since: &Settings, now: u64, fresh: &mut dyn FnMut() -> String) {
    let later = |t: u64| now.max(t + 1);
    for p in mine.profiles.iter_mut().filter(|p| p.id.is_empty()) {
        let taken = since.profiles.iter().find(|q| q.console == p.console && q.name == p.name);
        p.id = taken.map_or_else(&mut *fresh, |q| q.id.clone());
    }
    for p in &mut mine.profiles {
        match since.profiles.iter().find(|q| q.id == p.id) {
            Some(q) if q.same_as(p) => p.changed = p.changed.max(q.changed),
            Some(q) => p.changed = p.changed.max(later(q.changed)),
            None => p.changed = p.changed.max(now),
        }
    }
    for q in &since.profiles {
        if !mine.profiles.iter().any(|p| p.id == q.id) {
            mine.removed.retain(|r| r.id != q.id);
            mine.removed.push(Removed { id: q.id.clone(), changed: later(q.changed) });
        }
    }
    for r in &since.removed {
        if !mine.removed.iter().any(|m| m.id == r.id) {
            mine.removed.push(r.clone());
        }
    }
    mine.stamps.active = match active_id(mine) == active_id(since) {
        true => mine.stamps.active.max(since.stamps.active),
        false => mine.stamps.active.max(later(since.stamps.active)),
    };
    mine.stamps.lock = match mine.lock_after_minutes == since.lock_after_minutes {
        true => mine.stamps.lock.max(since.stamps.lock),
        false => mine.stamps.lock.max(later(since.stamps.lock)),
    };
    mine.stamps.recent = match mine.recent_kinds == since.recent_kinds {
        true => mine.stamps.recent.max(since.stamps.recent),
        false => mine.stamps.recent.max(later(since.stamps.recent)),
    };
}

/// One document from two: per profile the later change, per setting the later change.
pub fn merge(a: &Settings, b: &Settings) -> Settings {
    // id → the latest entry: Some(profile) or None (removed), with its time.
    let mut latest: BTreeMap<&str, (u64, Option<&Profile>)> = BTreeMap::new();
    for (changed, id, profile) in a
        .profiles
        .iter()
        .chain(&b.profiles)
        .map(|p| (p.changed, p.id.as_str(), Some(p)))
        .chain(a.removed.iter().chain(&b.removed).map(|r| (r.changed, r.id.as_str(), None)))
    {
        match latest.get(id) {
            Some(&(t, held)) if !wins((changed, profile), (t, held)) => {}
            _ => {
                latest.insert(id, (changed, profile));
            }
        }
    }
    // `a`'s order, then what only `b` has.
    let mut profiles: Vec<Profile> = Vec::with_capacity(latest.len());
    for id in a.profiles.iter().chain(&b.profiles).map(|p| p.id.as_str()) {
        if let Some((_, Some(p))) = latest.get(id)
            && !profiles.iter().any(|q| q.id == id)
        {
            profiles.push((*p).to_owned());
        }
    }
    let mut removed: Vec<Removed> = latest
        .iter()
        .filter(|(_, (_, p))| p.is_none())
        .map(|(id, (changed, _))| Removed { id: (*id).to_owned(), changed: *changed })
        .collect();
    crate::sort::sort_by(&mut removed, |x, y| {
        y.changed.cmp(&x.changed).then_with(|| x.id.cmp(&y.id))
    });
    removed.truncate(MAX_REMOVED);
    crate::sort::sort_by(&mut removed, |x, y| x.id.cmp(&y.id));
    let (active, active_at) =
        match (a.stamps.active, active_id(a)).cmp(&(b.stamps.active, active_id(b))) {
            std::cmp::Ordering::Less => (active_id(b), b.stamps.active),
            _ => (active_id(a), a.stamps.active),
        };
    let (lock, lock_at) =
        match (a.stamps.lock, a.lock_after_minutes).cmp(&(b.stamps.lock, b.lock_after_minutes)) {
            std::cmp::Ordering::Less => (b.lock_after_minutes, b.stamps.lock),
            _ => (a.lock_after_minutes, a.stamps.lock),
        };
    let (recent, recent_at) =
        match (a.stamps.recent, &a.recent_kinds).cmp(&(b.stamps.recent, &b.recent_kinds)) {
            std::cmp::Ordering::Less => (&b.recent_kinds, b.stamps.recent),
            _ => (&a.recent_kinds, a.stamps.recent),
        };
    let active = active.and_then(|id| profiles.iter().position(|p| p.id == id));
    Settings {
        profiles,
        active,
        lock_after_minutes: lock,
        removed,
        stamps: Stamps { active: active_at, lock: lock_at, recent: recent_at },
        recent_kinds: recent.clone(),
    }
}

/// What the UI shows after a save it started from `snapshot` returned `merged`: `merged`, with
/// whatever the user changed since the snapshot (`current`) on top.
pub fn rebase(
    current: &Settings,
    snapshot: &Settings,
    merged: &Settings,
    now: u64,
    fresh: &mut dyn FnMut() -> String,
) -> Settings {
    if same(current, snapshot) {
        return merged.clone();
    }
    let mut mine = current.clone();
    stamp(&mut mine, snapshot, now, fresh);
    merge(&mine, merged)
}

/// Whether two documents say the same, bookkeeping included, in whatever order each keeps
/// the profiles.
pub fn same(a: &Settings, b: &Settings) -> bool {
    sorted(a).to_json() == sorted(b).to_json()
}

fn sorted(s: &Settings) -> Settings {
    let active = active_id(s).map(str::to_owned);
    let mut s = s.clone();
    crate::sort::sort_by(&mut s.profiles, |x, y| x.id.cmp(&y.id));
    s.active = active.and_then(|id| s.profiles.iter().position(|p| p.id == id));
    s
}

/// Whether `(changed, profile)` beats what is held: the later change; at the same time a
/// removal, then the larger profile (any fixed rule would do: every window applies the same).
fn wins(new: (u64, Option<&Profile>), held: (u64, Option<&Profile>)) -> bool {
    match new.0.cmp(&held.0) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => match (new.1, held.1) {
            (None, _) => held.1.is_some(),
            (Some(_), None) => false,
            (Some(n), Some(h)) => order_key(n) > order_key(h),
        },
    }
}

fn order_key(p: &Profile) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

fn active_id(s: &Settings) -> Option<&str> {
    s.active_profile().map(|p| p.id.as_str())
}

/// FNV-1a, 32 bits: a stable hash for ids of profiles saved before ids existed.
fn fnv(parts: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in parts.iter().flat_map(|p| p.bytes()) {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiKey, ConsoleUrl};

    fn profile(host: &str, key: &str) -> Profile {
        Profile::new(ConsoleUrl::parse(host).unwrap(), ApiKey::new(key))
    }

    /// Ids as a window would make them: time-ordered, unique.
    fn ids(start: u64) -> impl FnMut() -> String {
        let mut n = start;
        move || {
            n += 1;
            new_id(n, 7)
        }
    }

    /// A window's save: what it changed since `since`, merged with what is stored.
    fn save(mut mine: Settings, since: &Settings, stored: &Settings, now: u64) -> Settings {
        stamp(&mut mine, since, now, &mut ids(now * 10));
        merge(&mine, stored)
    }

    fn names(s: &Settings) -> Vec<&str> {
        s.profiles.iter().map(|p| p.name.as_str()).collect()
    }

    fn base() -> Settings {
        let mut s = Settings::default();
        s.use_profile(profile("aaaa1111", "a"));
        stamp(&mut s, &Settings::default(), 1_000, &mut ids(0));
        s
    }

    #[test]
    fn two_windows_adding_profiles_at_once_keep_both() {
        let stored = base();
        let (mut popup, mut tab) = (stored.clone(), stored.clone());
        popup.use_profile(profile("bbbb2222", "b"));
        tab.use_profile(profile("cccc3333", "c"));
        // The tab saves first; the popup, which read before, merges with what the tab wrote.
        let after_tab = save(tab.clone(), &stored, &stored, 2_000);
        let after_popup = save(popup.clone(), &stored, &after_tab, 2_001);
        let expected = ["aaaa1111.canary.tools", "bbbb2222.canary.tools", "cccc3333.canary.tools"];
        assert_eq!(names(&after_popup), expected, "the popup's own first, then the tab's");
        // Both wrote at once, each over what it read: the tab's later merge of the popup's
        // document heals it, and the two agree.
        let popup_alone = save(popup, &stored, &stored, 2_001);
        let healed = merge(&after_tab, &popup_alone);
        assert!(same(&healed, &merge(&popup_alone, &after_tab)));
        assert_eq!(healed.profiles.len(), 3);
        assert_eq!(
            healed.active_profile().unwrap().name,
            "bbbb2222.canary.tools",
            "the later choice"
        );
    }

    #[test]
    fn a_removed_profile_stays_removed_and_a_later_edit_wins() {
        let mut stored = base();
        stored.use_profile(profile("bbbb2222", "b"));
        let stored = save(stored, &base(), &base(), 1_500);
        // The popup removes b; a tab that still shows b saves something else.
        let mut popup = stored.clone();
        popup.remove_profile(1);
        let removed = save(popup, &stored, &stored, 2_000);
        assert_eq!(names(&removed), ["aaaa1111.canary.tools"]);
        assert_eq!(removed.removed.len(), 1);
        assert!(!removed.to_json().contains("\"key\":\"b\""), "a tombstone keeps no key");
        let mut tab = stored.clone();
        tab.lock_after_minutes = 15;
        let merged = save(tab, &stored, &removed, 2_100);
        assert_eq!(names(&merged), ["aaaa1111.canary.tools"], "b is not brought back");
        assert_eq!(merged.lock_after_minutes, 15);
        // An edit made after the removal, in a window that had not heard of it, wins.
        let mut late = stored.clone();
        late.profiles[1].name = "Renamed".into();
        let revived = save(late, &stored, &removed, 3_000);
        assert_eq!(names(&revived), ["aaaa1111.canary.tools", "Renamed"]);
        assert!(revived.removed.is_empty());
    }

    #[test]
    fn edits_keep_their_id_and_the_later_one_wins() {
        let stored = base();
        let (mut a, mut b) = (stored.clone(), stored.clone());
        a.replace_profile(0, profile("aaaa1111", "new-key-a"));
        b.replace_profile(0, profile("aaaa1111", "new-key-b"));
        let first = save(a, &stored, &stored, 2_000);
        let second = save(b, &stored, &first, 2_500);
        assert_eq!(second.profiles.len(), 1);
        assert_eq!(second.profiles[0].key.expose(), "new-key-b");
        assert_eq!(second.profiles[0].id, stored.profiles[0].id);
    }

    #[test]
    fn the_profile_in_use_and_the_idle_minutes_follow_the_later_change() {
        let mut stored = base();
        stored.use_profile(profile("bbbb2222", "b"));
        let stored = save(stored, &base(), &base(), 1_500);
        let (mut a, mut b) = (stored.clone(), stored.clone());
        a.active = Some(0);
        b.lock_after_minutes = 30;
        let merged = save(b, &stored, &save(a, &stored, &stored, 2_000), 2_100);
        assert_eq!((merged.active, merged.lock_after_minutes), (Some(0), 30));
    }

    #[test]
    fn unchanged_saves_change_nothing_and_old_documents_get_stable_ids() {
        let stored = base();
        let again = save(stored.clone(), &stored, &stored, 9_000);
        assert!(same(&again, &stored), "{}\n{}", again.to_json(), stored.to_json());
        let old = r#"{"profiles":[{"name":"a","console":"https://aaaa1111.canary.tools","key":"k"},{"name":"b","console":"https://bbbb2222.canary.tools","key":"k"}],"active":1}"#;
        let (x, y) = (Settings::from_json(old).unwrap(), Settings::from_json(old).unwrap());
        assert!(same(&x, &y));
        assert!(x.profiles[0].id < x.profiles[1].id, "old profiles keep their order");
        let mut later = x.clone();
        later.use_profile(profile("cccc3333", "c"));
        let merged = save(later, &x, &y, 1_700_000_000_000);
        assert_eq!(names(&merged), ["a", "b", "cccc3333.canary.tools"], "new ones sort last");
        assert!(same(&merge(&merged, &x), &merged));
    }

    #[test]
    fn rebase_keeps_what_the_user_changed_during_a_save() {
        let stored = base();
        let snapshot = stored.clone();
        let mut other = stored.clone();
        other.use_profile(profile("bbbb2222", "b"));
        let merged = save(snapshot.clone(), &stored, &save(other, &stored, &stored, 2_000), 2_001);
        let mut current = snapshot.clone();
        current.lock_after_minutes = 5;
        let shown = rebase(&current, &snapshot, &merged, 2_002, &mut ids(99));
        assert_eq!((shown.profiles.len(), shown.lock_after_minutes), (2, 5));
        assert!(same(&rebase(&snapshot, &snapshot, &merged, 2_003, &mut ids(99)), &merged));
    }

    proptest::proptest! {
        /// Windows that start from one document, change it in random ways and merge in any
        /// order end up with the same document.
        #[test]
        fn merging_is_commutative_associative_and_idempotent(
            ops in proptest::collection::vec((0u8..3, 0u8..7, 0u64..4), 1..12)
        ) {
            let start = base();
            let mut windows = [start.clone(), start.clone(), start.clone()];
            for (i, (w, op, dt)) in ops.iter().enumerate() {
                let now = 2_000 + i as u64 * 10 + dt;
                let mut mine = windows[*w as usize].clone();
                let since = mine.clone();
                match op {
                    0 => mine.use_profile(profile(&format!("{:08x}", 0xdd00_0000u32 + i as u32), "k")),
                    1 if !mine.profiles.is_empty() => mine.remove_profile(0),
                    2 if !mine.profiles.is_empty() => mine.profiles[0].name = format!("n{i}"),
                    3 => mine.lock_after_minutes = i as u32,
                    5 => mine.note_created(["dns", "http", "aws-id"][i % 3]),
                    4 if !mine.profiles.is_empty() => mine.active = Some(mine.profiles.len() - 1),
                    _ => {}
                }
                stamp(&mut mine, &since, now, &mut ids(now * 100));
                windows[*w as usize] = mine;
            }
            let [a, b, c] = [&windows[0], &windows[1], &windows[2]];
            proptest::prop_assert!(same(&merge(a, b), &merge(b, a)));
            proptest::prop_assert!(same(&merge(&merge(a, b), c), &merge(a, &merge(b, c))));
            let ab = merge(a, b);
            proptest::prop_assert!(same(&merge(&ab, &ab), &ab));
            proptest::prop_assert!(same(&merge(&ab, a), &ab));
        }
    }
}
