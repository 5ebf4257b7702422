//! What both alert lists stand on: the alerts of a filter, loaded page by page ([`AlertList`])
//! and shown a screenful at a time ([`AlertItems`]); the filter controls ([`AlertFilters`],
//! also on the export); and the count of unacknowledged alerts that the nav and the toolbar
//! badge show ([`AlertCount`]).

use super::alert::AlertView;
use super::widgets::{Notices, Refused, ShowMore};
use crate::api::incidents::{AlertFilter, Incident, IncidentListing, IncidentState, Source};
use crate::api::{ApiError, endpoints};
use crate::inventory::thousands;
use crate::platform::extension::set_badge;
use crate::ui::app::tokens::Loading;
use crate::ui::app::{AppContext, Capability, ConsoleData};
use leptos::prelude::*;

/// The unacknowledged alerts on the Console in use, for the nav and the toolbar badge. Read
/// once per profile after the first paint (a locked store has no profile: nothing is read, and
/// the badge is cleared), then kept current by what the user does here and by any list that
/// loads exactly these alerts. There is no background refresh: the figure changes only while
/// the popup is open.
#[derive(Clone, Copy)]
pub struct AlertCount {
    count: RwSignal<Option<u64>>,
    generation: StoredValue<u64>,
    ctx: AppContext,
}

impl AlertCount {
    pub fn provide(ctx: AppContext) -> Self {
        let this = Self { count: RwSignal::new(None), generation: StoredValue::new(0), ctx };
        provide_context(this);
        Effect::new(move |_| {
            let connected = ctx.active.with(Option::is_some);
            this.count.set(None);
            match connected {
                true => this.refresh(),
                false => set_badge(0),
            }
        });
        this
    }

    /// The count (tracked), once known.
    pub fn get(self) -> Option<u64> {
        self.count.get()
    }

    /// A figure the Console gave, for the nav and the toolbar.
    pub fn set(self, n: u64) {
        self.generation.update_value(|g| *g += 1);
        self.show(n);
    }

    pub fn adjust(self, by: i64) {
        if let Some(n) = self.count.get_untracked() {
            self.show(n.saturating_add_signed(by));
        }
    }

    fn show(self, n: u64) {
        self.count.try_set(Some(n));
        set_badge(n);
    }

    /// Reads the count from the Console again (after a bulk change).
    pub fn refresh(self) {
        let Ok(client) = self.ctx.connected_client() else { return };
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let call = endpoints::search_incidents(&AlertFilter::default(), 1, None);
            if let Ok(page) = client.send(call).await
                && self.generation.try_get_value() == Some(mine)
            {
                let counted = page.cursor.next.is_none().then_some(page.incidents.len() as u64);
                if let Some(n) = page.total_results.or(counted) {
                    self.show(n);
                }
            }
        });
    }
}

/// The count beside the nav's "Alerts", where the page keeps one.
#[component]
pub fn NavCount() -> impl IntoView {
    let count = use_context::<AlertCount>();
    move || {
        let n = count.and_then(|c| c.get()).filter(|n| *n > 0)?;
        Some(view! { <span class="nav-count" title="Unacknowledged alerts">{thousands(n)}</span> })
    }
}

/// The alerts of a filter, in the Console's order (newest first), each once.
#[derive(Clone, Copy)]
pub struct AlertList {
    pub items: RwSignal<Vec<Incident>>,
    /// The filter the items answer, once anything was asked for (`loaded`).
    pub filter: RwSignal<AlertFilter>,
    pub loaded: RwSignal<bool>,
    next: RwSignal<Option<String>>,
    source: StoredValue<Source>,
    /// How many alerts the filter matches, when the Console says (or everything is loaded).
    pub total: RwSignal<Option<u64>>,
    pub loading: RwSignal<Loading>,
    pub error: RwSignal<Option<String>>,
    generation: StoredValue<u64>,
    page: u32,
    ctx: AppContext,
    count: Option<AlertCount>,
}

impl AlertList {
    /// A list whose first page (and every "Load more") holds `page` alerts, counting them
    /// into `total` (made in a component: it takes the app's context from there).
    pub fn new(page: u32, total: RwSignal<Option<u64>>) -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            filter: RwSignal::new(AlertFilter::default()),
            loaded: RwSignal::new(false),
            next: RwSignal::new(None),
            source: StoredValue::new(Source::Search),
            total,
            loading: RwSignal::new(Loading::Idle),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
            page,
            ctx: expect_context(),
            count: use_context(),
        }
    }

    /// Starts over with the first page of `filter`.
    pub fn load(self, filter: AlertFilter) {
        self.filter.set(filter.clone());
        self.loaded.set(true);
        self.total.set(None);
        self.run(Loading::Page, IncidentListing::new(filter, self.page), true);
    }

    /// The next page.
    pub fn more(self) {
        let Some(cursor) = self.next.get_untracked() else { return };
        let filter = self.filter.get_untracked();
        let listing = IncidentListing::resume(filter, self.page, cursor, self.source.get_value());
        self.run(Loading::Page, listing, false);
    }

    /// Every alert of the filter, in the largest pages the Console takes (a cursor keeps its
    /// page size, so this starts again from the top, replacing what is loaded).
    pub fn all(self) {
        let filter = self.filter.get_untracked();
        self.run(Loading::All, IncidentListing::new(filter, 1000), true);
    }

    /// Reads the loaded filter's first page again.
    pub fn reload(self) {
        self.load(self.filter.get_untracked());
    }

    /// Stops after the page in flight; what is loaded stays.
    pub fn stop(self) {
        self.generation.update_value(|g| *g += 1);
        self.loading.set(Loading::Idle);
    }

    /// Whether more pages follow what is loaded (tracked).
    pub fn more_to_load(self) -> bool {
        self.next.with(Option::is_some)
    }

    /// Everything `filter` matches is loaded (tracked).
    pub fn complete(self) -> bool {
        self.loaded.get()
            && !self.more_to_load()
            && self.loading.get() == Loading::Idle
            && self.error.with(Option::is_none)
    }

    /// Records a change the Console confirmed, without redrawing the list.
    pub fn mark(self, key: &str, acknowledged: bool) {
        self.items.try_update_untracked(|all| {
            all.iter_mut().filter(|i| i.key() == key).for_each(|i| i.set_acknowledged(acknowledged))
        });
    }

    /// Drops a deleted alert, without redrawing the list (its view says it is gone).
    pub fn forget(self, key: &str) {
        self.items.try_update_untracked(|all| all.retain(|i| i.key() != key));
        self.total.try_update(|t| *t = t.map(|n| n.saturating_sub(1)));
    }

    fn run(self, mode: Loading, mut listing: IncidentListing, mut replace: bool) {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        self.error.set(None);
        let count = self.count;
        let Ok(client) = self.ctx.connected_client() else {
            return self.error.set(Some(ApiError::NotConnected.to_string()));
        };
        self.loading.set(mode);
        leptos::task::spawn_local(async move {
            while let Some(result) = listing.next(&client).await {
                if self.generation.try_get_value() != Some(mine) {
                    return;
                }
                let page = match result {
                    Ok(page) => page,
                    Err(e) => {
                        self.error.try_set(Some(e.to_string()));
                        break;
                    }
                };
                let mut loaded = 0;
                self.items.try_update(|all| {
                    if replace {
                        all.clear();
                    }
                    add_new(all, page.incidents);
                    loaded = all.len() as u64;
                });
                replace = false;
                let next = listing.cursor().map(str::to_owned);
                let total = page.total_results.or(next.is_none().then_some(loaded));
                self.total.try_set(total.map(|t| t.max(loaded)));
                if let (Some(count), Some(total)) = (count, total)
                    && self.filter.with_untracked(|f| *f == AlertFilter::default())
                {
                    count.set(total);
                }
                self.next.try_set(next);
                self.source.try_update_value(|s| *s = listing.source());
                if mode == Loading::Page {
                    break;
                }
            }
            if self.generation.try_get_value() == Some(mine) {
                self.loading.try_set(Loading::Idle);
            }
        });
    }
}

/// Appends the alerts of a page but those the page before ended with (newer alerts arriving
/// while paging push the last ones of a page onto the next).
fn add_new(all: &mut Vec<Incident>, page: Vec<Incident>) {
    let tail = all.len().saturating_sub(page.len());
    let fresh: Vec<Incident> =
        page.into_iter().filter(|i| !all[tail..].iter().any(|t| t.key() == i.key())).collect();
    all.extend(fresh);
}

/// How many alerts a screenful shows before "Show more" (an alert is tall: ten fill a desktop
/// window, and redrawing them stays quick while the user types).
const SHOWN: usize = 10;

/// Which loaded alerts have every typed word: their positions in the list, the words, how
/// many alerts there were, and how many times the alerts themselves changed (then the views
/// are built again).
#[derive(Clone, Default, PartialEq)]
struct Matches {
    words: Vec<String>,
    at: Vec<u32>,
    of: usize,
    loads: u64,
}

/// The loaded alerts of `list`, a screenful at a time, narrowed as the user types by the words
/// of `typed` until the Console has answered for them. Typing on narrows the last matches
/// rather than searching every alert again, and the list is redrawn only when what it shows
/// changes.
#[component]
pub fn AlertItems(
    list: AlertList,
    /// The filter as edited, when it can differ from the one loaded.
    #[prop(optional)]
    typed: Option<RwSignal<AlertFilter>>,
    #[prop(optional)] link_tokens: bool,
    /// What to say when the filter matches no alert at all.
    empty: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(SHOWN);
    let words = move || {
        let typed = typed.map(|t| t.with(|f| (f.text.clone(), f.words()))).unwrap_or_default();
        let asked = list.filter.with(|f| f.text.clone());
        if typed.0 == asked { Vec::new() } else { typed.1 }
    };
    let matches = Memo::new(move |last: Option<&Matches>| {
        let words = words();
        list.items.with(|all| {
            // The same words again: the alerts changed, and all of them are searched (so too
            // when one was deleted meanwhile, which moves those after it).
            let narrower = last.filter(|m| {
                m.words != words
                    && m.of == all.len()
                    && m.words.iter().all(|w| words.iter().any(|n| n.contains(w.as_str())))
            });
            let hit = |n: &u32| all.get(*n as usize).is_some_and(|i| i.has_words(&words));
            let at = match narrower {
                Some(m) => m.at.iter().copied().filter(hit).collect(),
                None => (0..all.len() as u32).filter(hit).collect(),
            };
            let loads = last.map_or(0, |m| m.loads + u64::from(m.words == words));
            Matches { words, at, of: all.len(), loads }
        })
    });
    // Of the same type as `matches` (each type of memo costs the page code of its own).
    let on_screen = Memo::new(move |_| {
        matches.with(|m| Matches {
            words: Vec::new(),
            at: m.at.iter().take(shown.get()).copied().collect(),
            of: m.of,
            loads: m.loads,
        })
    });
    let count = move || matches.with(|m| m.at.len());
    let counts = move || {
        let loaded = list.items.with(Vec::len) as u64;
        let total = list.total.get().unwrap_or(loaded).max(loaded);
        let showing = count().min(shown.get());
        format!(
            "Showing {} of {} · {} of {} loaded",
            showing,
            thousands(count() as u64),
            thousands(loaded),
            thousands(total)
        )
    };
    view! {
        <Refused capability=Capability::Acknowledge/>
        <Notices
            status=Signal::derive(move || (list.loading.get() == Loading::Page).then(|| "Reading alerts…".to_owned()))
            error=list.error
        />
        <p class="hint counts" aria-live="polite">{counts}</p>
        {move || (list.total.get() == Some(0)).then(|| view! { <p class="empty">{empty}</p> })}
        <ol class="alert-list">
            {move || {
                on_screen.with(|Matches { at, .. }| {
                    list.items.with_untracked(|all| {
                        at.iter()
                            .filter_map(|n| all.get(*n as usize))
                            .map(|incident| view! { <AlertView incident=incident.clone() list link_token=link_tokens/> })
                            .collect_view()
                    })
                })
            }}
        </ol>
        <ShowMore more=Signal::derive(move || count() > shown.get()) limit=shown step=SHOWN/>
    }
}

/// "Load more", "Load all" (in the largest pages, with progress and "Stop") and "Refresh".
#[component]
pub fn AlertLoadBar(list: AlertList) -> impl IntoView {
    let idle = move || list.loading.get() == Loading::Idle;
    let all = Memo::new(move |_| list.loading.get() == Loading::All);
    let more = move || idle() && list.more_to_load();
    view! {
        <div class="load-bar">
            // Both stay in the page; the one not in use is hidden.
            <progress
                hidden=move || !all.get()
                max=move || list.total.get().unwrap_or(1).max(1).to_string()
                value=move || list.items.with(Vec::len).to_string()
                aria-label="Loading all alerts"
            ></progress>
            <button type="button" hidden=move || !all.get() on:click=move |_| list.stop()>"Stop"</button>
            <span class="actions" hidden=all>
                <button type="button" disabled=move || !more() on:click=move |_| list.more()>"Load more"</button>
                <button type="button" disabled=move || !more() on:click=move |_| list.all()>"Load all"</button>
                <button type="button" class="ghost" disabled=move || !idle() on:click=move |_| list.reload()>"Refresh"</button>
            </span>
        </div>
    }
}

/// The alert filters: state, flock, kind, text and time range, each control named after the
/// search parameter it fills. Times are typed in the user's own zone and sent in UTC.
#[component]
pub fn AlertFilters(filter: RwSignal<AlertFilter>) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let flocks =
        move || console.with(|i| i.and_then(|i| i.flocks.clone().ok()).unwrap_or_default());
    let mut kinds: Vec<(u32, &'static str)> = crate::kinds::LOGTYPES
        .iter()
        .filter(|(id, _)| !id.starts_with("autoreg-"))
        .filter_map(|(id, t)| crate::kinds::find(id).map(|k| (*t, k.label)))
        .collect();
    kinds.sort_by_key(|(_, label)| label.to_ascii_lowercase());
    let time = move |newer: bool| {
        let at = filter.with(|f| if newer { f.newer_than } else { f.older_than });
        at.map(local_input).unwrap_or_default()
    };
    let set_time = move |newer: bool, value: String| {
        let at = from_local_input(&value);
        filter.update(|f| *(if newer { &mut f.newer_than } else { &mut f.older_than }) = at);
    };
    view! {
        <div class="filters alert-filters" role="search">
            <label>"Show "
                <select name="filter_incident_state" prop:value=move || filter.with(|f| f.state.param()) on:change:target=move |ev| filter.update(|f| f.state = IncidentState::from_param(&ev.target().value()))>
                    {IncidentState::ALL.map(|s| view! { <option value=s.param()>{s.label()}</option> })}
                </select>
            </label>
            <label>"Flock "
                <select name="flock_id" on:change:target=move |ev| filter.update(|f| f.flock_id = Some(ev.target().value()).filter(|v| !v.is_empty()))>
                    <option value="">"All flocks"</option>
                    {move || flocks().into_iter().map(|(id, name)| {
                        let selected = filter.with_untracked(|f| f.flock_id.as_ref() == Some(&id));
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Kind "
                <select name="filter_logtypes" prop:value=move || filter.with(|f| f.logtype.map(|t| t.to_string()).unwrap_or_default()) on:change:target=move |ev| filter.update(|f| f.logtype = ev.target().value().parse().ok())>
                    <option value="">"All kinds"</option>
                    {kinds.into_iter().map(|(t, label)| view! { <option value=t.to_string()>{label}</option> }).collect_view()}
                </select>
            </label>
            <input
                type="search"
                name="filter_str"
                aria-label="Filter by memo, source IP or name, or token ID"
                placeholder="Memo, source IP or name, token ID"
                autocomplete="off"
                prop:value=move || filter.with(|f| f.text.clone())
                on:input:target=move |ev| filter.update(|f| f.text = ev.target().value())
            />
            <label>"From "
                <input type="datetime-local" name="newer_than" prop:value=move || time(true) on:change:target=move |ev| set_time(true, ev.target().value())/>
            </label>
            <label>"To "
                <input type="datetime-local" name="older_than" prop:value=move || time(false) on:change:target=move |ev| set_time(false, ev.target().value())/>
            </label>
        </div>
    }
}

/// How far east of UTC the user's clock is at `epoch_secs`, in seconds.
fn local_offset_secs(epoch_secs: i64) -> i64 {
    let minutes = js_sys::Date::new(&((epoch_secs * 1000) as f64).into()).get_timezone_offset();
    -(minutes as i64) * 60
}

/// `2026-12-01T10:30`, the user's time, for a `datetime-local` input.
fn local_input(epoch_secs: i64) -> String {
    let text = crate::api::incidents::console_time(epoch_secs + local_offset_secs(epoch_secs));
    format!("{}T{}", &text[..10], &text[11..16])
}

/// What a `datetime-local` input holds, the user's time, as seconds since the epoch (the
/// browser reads a date and time without a zone as local time).
fn from_local_input(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&value.into()).get_time();
    (!value.is_empty() && ms.is_finite()).then(|| (ms / 1000.0).floor() as i64)
}
