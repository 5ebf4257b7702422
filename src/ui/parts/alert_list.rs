//! What both alert lists stand on: the alerts of a filter, loaded page by page ([`AlertList`])
//! and shown a screenful at a time ([`alert_items`]); the filter controls ([`alert_filters`],
//! also on the export, through [`adapters`]); and the count of unacknowledged alerts that the
//! nav and the toolbar badge show ([`AlertCount`]).

use super::alert::alert_view;
use super::filters::folded;
use super::widgets::{button, notices, options, refusals, show_more};
use crate::api::incidents::{AlertFilter, Incident, IncidentListing, IncidentState, Source};
use crate::api::{ApiError, endpoints};
use crate::inventory::thousands;
use crate::platform::extension::set_badge;
use crate::ui::app::tokens::Loading;
use crate::ui::app::{AppContext, Capability, ConsoleData};
use crate::ui::dom::{El, dynamic, effect, el, fragment, show};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::Node;

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
        effect(move || {
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
pub fn nav_count() -> Node {
    let count = use_context::<AlertCount>();
    dynamic(move || {
        let n = count.and_then(|c| c.get()).filter(|n| *n > 0)?;
        let badge = el("span").class("nav-count").attr("title", "Unacknowledged alerts");
        Some(badge.text(&thousands(n)).into())
    })
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
    /// into `total` (made while a screen is built: it takes the app's context from there).
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
/// of `typed` (the filter as edited, when it can differ from the one loaded) until the Console
/// has answered for them. Typing on narrows the last matches rather than searching every alert
/// again, and the list is redrawn only when what it shows changes. `empty` is what to say when
/// the filter matches no alert at all.
pub fn alert_items(
    list: AlertList,
    typed: Option<RwSignal<AlertFilter>>,
    link_tokens: bool,
    empty: &'static str,
) -> Node {
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
    let items = el("ol").class("alert-list").dynamic(move || {
        on_screen.with(|Matches { at, .. }| {
            list.items.with_untracked(|all| {
                let shown = at.iter().filter_map(|n| all.get(*n as usize));
                Some(fragment(shown.map(|incident| alert_view(incident, list, link_tokens))))
            })
        })
    });
    fragment([
        refusals(Capability::Acknowledge),
        notices(
            move || (list.loading.get() == Loading::Page).then(|| "Reading alerts…".to_owned()),
            move || list.error.get(),
        ),
        // "Showing 0 of 0" says nothing the empty list's sentence does not.
        el("p")
            .class("hint counts")
            .attr("aria-live", "polite")
            .flag_with("hidden", move || list.total.get() == Some(0))
            .text_with(counts)
            .into(),
        show(
            move || list.total.get() == Some(0),
            move || el("p").class("empty").text(empty).into(),
        ),
        items.into(),
        show_more(move || count() > shown.get(), shown, SHOWN),
    ])
}

/// "Load more", "Load all" (in the largest pages, with progress and "Stop") and "Refresh".
pub fn alert_load_bar(list: AlertList) -> Node {
    let idle = move || list.loading.get() == Loading::Idle;
    let all = move || list.loading.get() == Loading::All;
    let more = move || idle() && list.more_to_load();
    // Both stay in the page; the one not in use is hidden.
    let progress = el("progress")
        .flag_with("hidden", move || !all())
        .attr_with("max", move || Some(list.total.get().unwrap_or(1).max(1).to_string()))
        .attr_with("value", move || Some(list.items.with(Vec::len).to_string()))
        .attr("aria-label", "Loading all alerts");
    let stop = button("", "Stop").flag_with("hidden", move || !all()).on_click(move || list.stop());
    let actions = el("span")
        .class("actions")
        .flag_with("hidden", all)
        .child(
            button("", "Load more")
                .flag_with("disabled", move || !more())
                .on_click(move || list.more()),
        )
        .child(
            button("", "Load all")
                .flag_with("disabled", move || !more())
                .on_click(move || list.all()),
        )
        .child(
            button("ghost", "Refresh")
                .flag_with("disabled", move || !idle())
                .on_click(move || list.reload()),
        );
    el("div").class("load-bar").child(progress).child(stop).child(actions).into()
}

/// The alert filters: state, flock, kind, text and time range, each control named after the
/// search parameter it fills. Times are typed in the user's own zone and sent in UTC.
pub fn alert_filters(filter: RwSignal<AlertFilter>) -> Node {
    let text = el("input")
        .attr("type", "search")
        .attr("name", "filter_str")
        .attr("aria-label", "Filter by memo, source IP or name, or token ID")
        .attr("placeholder", "Memo, source IP or name, token ID")
        .attr("autocomplete", "off")
        .prop_with("value", move || JsValue::from_str(&filter.with(|f| f.text.clone())))
        .on_value("input", move |typed| filter.update(|f| f.text = typed));
    let more = [
        labelled("Show ", state_select(filter)),
        labelled("Flock ", flock_select(filter)),
        labelled("Kind ", kind_select(filter)),
        labelled("From ", time_input(filter, "newer_than", true)),
        labelled("To ", time_input(filter, "older_than", false)),
    ];
    let in_use = move || {
        let shown = IncidentState::default();
        filter.with(|f| {
            usize::from(f.state != shown)
                + usize::from(f.flock_id.is_some())
                + usize::from(f.logtype.is_some())
                + usize::from(f.newer_than.is_some())
                + usize::from(f.older_than.is_some())
        })
    };
    folded("alert-filters", text, more.map(Node::from), in_use)
}

/// `<label>` around its words and control.
fn labelled(words: &str, control: El) -> El {
    el("label").text(words).child(control)
}

fn state_select(filter: RwSignal<AlertFilter>) -> El {
    let states = IncidentState::ALL.map(|s| (s.param().to_owned(), s.label().to_owned()));
    let chosen = filter.with_untracked(|f| f.state.param());
    el("select")
        .attr("name", "filter_incident_state")
        .child(options(states, chosen))
        .prop_with("value", move || JsValue::from_str(filter.with(|f| f.state.param())))
        .on_value("change", move |v| filter.update(|f| f.state = IncidentState::from_param(&v)))
}

/// "All flocks" and the Console's flocks once read, the filter's one selected as they come (a
/// value set before its option exists would not hold).
fn flock_select(filter: RwSignal<AlertFilter>) -> El {
    let console = expect_context::<ConsoleData>();
    let flocks = move || {
        let flocks = console.flocks();
        let chosen = filter.with_untracked(|f| f.flock_id.clone()).unwrap_or_default();
        Some(options(flocks, &chosen))
    };
    el("select")
        .attr("name", "flock_id")
        .on_value("change", move |v| {
            filter.update(|f| f.flock_id = Some(v).filter(|v| !v.is_empty()))
        })
        .child(el("option").attr("value", "").text("All flocks"))
        .dynamic(flocks)
}

fn kind_select(filter: RwSignal<AlertFilter>) -> El {
    let mut kinds: Vec<(u32, &'static str)> = crate::kinds::LOGTYPES
        .iter()
        .filter(|(id, _)| !id.starts_with("autoreg-"))
        .filter_map(|(id, t)| crate::kinds::find(id).map(|k| (*t, k.label)))
        .collect();
    crate::sort::sort_by_key(&mut kinds, |(_, label)| label.to_ascii_lowercase());
    let kinds = kinds.into_iter().map(|(t, label)| (t.to_string(), label.to_owned()));
    let chosen = move || filter.with(|f| f.logtype.map(|t| t.to_string()).unwrap_or_default());
    el("select")
        .attr("name", "filter_logtypes")
        .child(el("option").attr("value", "").text("All kinds"))
        .child(options(kinds, &untrack(chosen)))
        .prop_with("value", move || JsValue::from_str(&chosen()))
        .on_value("change", move |v| filter.update(|f| f.logtype = v.parse().ok()))
}

/// A `datetime-local` input for one end of the range (`newer`: its start), in the user's time.
fn time_input(filter: RwSignal<AlertFilter>, name: &str, newer: bool) -> El {
    let time = move || {
        let at = filter.with(|f| if newer { f.newer_than } else { f.older_than });
        JsValue::from_str(&at.map(local_input).unwrap_or_default())
    };
    let set_time = move |value: String| {
        let at = from_local_input(&value);
        filter.update(|f| *(if newer { &mut f.newer_than } else { &mut f.older_than }) = at);
    };
    el("input")
        .attr("type", "datetime-local")
        .attr("name", name)
        .prop_with("value", time)
        .on_value("change", set_time)
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

/// The filters as a component, for the workbench's alerts export.
pub mod adapters {
    use crate::api::incidents::AlertFilter;
    use crate::ui::dom::embed;
    use leptos::prelude::*;

    #[component]
    pub fn AlertFilters(filter: RwSignal<AlertFilter>) -> impl IntoView {
        embed(super::alert_filters(filter))
    }
}
