//! What the bulk screen works on: the source the user gave (a CSV and its files, or a kind and a
//! memo pattern), the checked plan, the run and the file download. It belongs to the page's root
//! rather than to the screen, so that a run keeps going, and keeps its outcome, while the user
//! looks at another screen of the workbench.

use super::driver::Engine;
use super::files::FilesSlot;
use super::keeper;
use super::runner::{self, Creating, Snapshot};
use crate::api::Attachment;
use crate::bulk::Plan;
use crate::bulk::journal::{self, HEADER_KEY, Needs, Stored};
use crate::kinds::{Field, find};
use crate::platform;
use crate::ui::app::AppContext;
use crate::ui::parts::fields::FieldState;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Where the rows come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Csv,
    Pattern,
}

/// The checked rows, or why there are none.
#[derive(Clone, Debug, Default)]
pub enum Planned {
    /// Nothing entered yet.
    #[default]
    Nothing,
    /// The source as a whole cannot be read (no header, a bad pattern, ...).
    Refused(String),
    Ready(Arc<Plan>),
}

impl Planned {
    pub fn plan(&self) -> Option<&Arc<Plan>> {
        match self {
            Self::Ready(plan) => Some(plan),
            _ => None,
        }
    }
}

/// A run read back from the journal when the workbench opened, until it is resumed: whose it
/// is, and what resuming it needs given again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub owner: journal::Owner,
    pub needs: Needs,
    /// Rows that may have been sent without an answer: looked up before anything is sent.
    pub checks: usize,
    /// The files attached again.
    pub files: RwSignal<Vec<Attachment>>,
    /// The secret parameters entered again: (parameter, value).
    pub secrets: RwSignal<Vec<(String, String)>>,
}

impl Restored {
    pub fn new(stored: &Stored, checks: usize) -> Self {
        Self {
            owner: stored.header.owner.clone(),
            needs: Needs::of(stored),
            checks,
            files: RwSignal::new(Vec::new()),
            secrets: RwSignal::new(Vec::new()),
        }
    }
}

/// The pattern mode's inputs.
#[derive(Clone, Copy)]
pub struct PatternInputs {
    pub kind: RwSignal<String>,
    pub memo: RwSignal<String>,
    pub count: RwSignal<String>,
    pub start: RwSignal<String>,
    pub flock: RwSignal<String>,
    pub domain: RwSignal<String>,
    /// Each kind's field values, kept while switching kinds (files included).
    fields: StoredValue<HashMap<String, Vec<(&'static Field, FieldState)>>>,
}

#[derive(Clone, Copy)]
pub struct BulkJob {
    pub mode: RwSignal<Mode>,
    pub csv: RwSignal<String>,
    pub attachments: RwSignal<Vec<Attachment>>,
    pub pattern: PatternInputs,
    pub plan: RwSignal<Planned>,
    /// Inputs changed and the rows are being checked again.
    pub checking: RwSignal<bool>,
    pub skip_invalid: RwSignal<bool>,
    pub concurrency: RwSignal<String>,
    /// Why Start was refused.
    pub refusal: RwSignal<Option<String>>,
    /// The run, from Start until "New bulk job": the only copy of its state.
    pub creating: Engine<Creating>,
    pub files: FilesSlot,
    /// The run was read back from the journal and is not resumed yet.
    pub restored: RwSignal<Option<Restored>>,
    /// The journal could not be read (or removed).
    pub broken: RwSignal<Option<String>>,
    /// Why Resume or Discard was refused.
    pub run_error: RwSignal<Option<String>>,
    /// The journal stopped (the browser's storage refused a write).
    pub journal_error: RwSignal<Option<String>>,
    /// The run paused itself because the browser went offline.
    pub offline: RwSignal<bool>,
    owner: StoredValue<Owner, LocalStorage>,
}

/// Requests in flight at once unless the user chooses otherwise.
pub const DEFAULT_CONCURRENCY: usize = 3;
/// The most the concurrency input accepts.
pub const MAX_CONCURRENCY: usize = 10;

impl BulkJob {
    /// Makes the app's bulk job and provides it (the app's root does, so that a run outlives
    /// the screen).
    pub fn provide() -> Self {
        let job = Self::new(Owner::current().expect("provided inside the app"));
        provide_context(job);
        if let Some(ctx) = use_context::<AppContext>() {
            job.watch(ctx);
            runner::reopen(job, ctx);
        }
        job
    }

    /// For as long as the page lives: the network going and coming back, the journal removed
    /// elsewhere ("Forget all"), the page closing (its lease is given up).
    fn watch(self, ctx: AppContext) {
        // "Forget all" in this page: the run's journal went with everything else.
        let forgets = StoredValue::new(ctx.vault().forgets());
        Effect::new(move |_| {
            ctx.settings.track();
            let now = ctx.vault().forgets();
            if forgets.get_value() != now {
                forgets.set_value(now);
                runner::forget(self);
            }
        });
        platform::on_online_change(move |online| match online {
            true if self.offline.get_untracked() => {
                self.offline.set(false);
                self.creating.control(|run, now| run.resume(now));
            }
            false => {
                let going = self.creating.state.with_untracked(|d| {
                    d.as_ref().is_some_and(|d| !d.run.is_paused() && !d.run.is_finished())
                });
                if going {
                    self.offline.set(true);
                    self.creating.control(|run, now| run.pause(now));
                }
            }
            true => {}
        });
        platform::extension::on_storage_changed(&[HEADER_KEY], move |area, key, value| {
            if area == "local" && key == HEADER_KEY && value.is_none() {
                runner::journal_removed(self);
            }
        });
        platform::on_web_storage_changed(move |key| {
            if key.is_none_or(|k| k == HEADER_KEY) {
                runner::journal_removed(self);
            }
        });
        let leave = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let keeper = self
                .creating
                .state
                .try_with_untracked(|d| d.as_ref().and_then(|d| d.work.keeper.clone()));
            if let Some(Some(keeper)) = keeper {
                keeper.write_on_leave();
                keeper::release(keeper.backend());
            }
        });
        if let Some(window) = web_sys::window() {
            use wasm_bindgen::JsCast;
            let _ =
                window.add_event_listener_with_callback("pagehide", leave.as_ref().unchecked_ref());
        }
        leave.forget();
    }

    pub fn get() -> Self {
        expect_context::<BulkJob>()
    }

    /// Holds a run: nothing more is sent until the user resumes (the store was locked).
    pub fn pause(&self) {
        self.creating.control(|run, now| run.pause(now));
    }

    fn new(owner: Owner) -> Self {
        Self {
            mode: RwSignal::new(Mode::Csv),
            csv: RwSignal::new(String::new()),
            attachments: RwSignal::new(Vec::new()),
            pattern: PatternInputs {
                kind: RwSignal::new(String::new()),
                memo: RwSignal::new(String::new()),
                count: RwSignal::new("10".to_owned()),
                start: RwSignal::new("1".to_owned()),
                flock: RwSignal::new(String::new()),
                domain: RwSignal::new(String::new()),
                fields: StoredValue::new(HashMap::new()),
            },
            plan: RwSignal::new(Planned::Nothing),
            checking: RwSignal::new(false),
            skip_invalid: RwSignal::new(false),
            concurrency: RwSignal::new(DEFAULT_CONCURRENCY.to_string()),
            refusal: RwSignal::new(None),
            creating: Engine::new(),
            files: FilesSlot::new(),
            restored: RwSignal::new(None),
            broken: RwSignal::new(None),
            run_error: RwSignal::new(None),
            journal_error: RwSignal::new(None),
            offline: RwSignal::new(false),
            owner: StoredValue::new_local(owner),
        }
    }

    /// The chosen concurrency, if the input holds a valid one.
    pub fn concurrency_value(&self) -> Result<usize, String> {
        self.concurrency.with_untracked(|c| parse_concurrency(c))
    }

    /// A run exists (running or finished, until "New bulk job").
    pub fn started(&self) -> bool {
        self.creating.state.with(Option::is_some)
    }

    /// What the run panel shows (tracked), or `None` before Start.
    pub fn snapshot(&self) -> Option<Snapshot> {
        self.creating.state.with(|d| d.as_ref().map(Snapshot::of))
    }
}

/// The concurrency input's value, checked.
pub fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        _ => Err(format!("Requests at once: choose a number from 1 to {MAX_CONCURRENCY}.")),
    }
}

impl PatternInputs {
    /// The field controls of `kind` (made on first use and kept while the app runs).
    pub fn fields_for(&self, kind: &str, owner: Owner) -> Vec<(&'static Field, FieldState)> {
        let Some(spec) = find(kind) else { return Vec::new() };
        if let Some(found) = self.fields.with_value(|m| m.get(kind).cloned()) {
            return found;
        }
        let made: Vec<_> =
            owner.with(|| spec.fields.iter().map(|f| (f, FieldState::new(f))).collect());
        self.fields.update_value(|m| {
            m.insert(kind.to_owned(), made.clone());
        });
        made
    }
}

impl BulkJob {
    /// The current kind's field controls.
    pub fn fields(&self) -> Vec<(&'static Field, FieldState)> {
        let kind = self.pattern.kind.get();
        self.pattern.fields_for(&kind, self.owner.get_value())
    }

    pub fn fields_untracked(&self) -> Vec<(&'static Field, FieldState)> {
        let kind = self.pattern.kind.get_untracked();
        self.pattern.fields_for(&kind, self.owner.get_value())
    }
}
