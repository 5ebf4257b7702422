//! Keeps a bulk run's journal ([`crate::bulk::journal`]) in the browser's storage while the run
//! goes: rows are marked sent a block ahead, before their requests leave (a request whose mark
//! is not written yet waits for it); answers are written a moment later, many in one write; and
//! the page driving the run renews its lease. Writes go one after another, never blocking the
//! page. When the storage refuses a write (full, disabled), the run goes on unjournaled and the
//! screen says so.

use super::job::BulkJob;
use super::runner;
use crate::bulk::journal::{self, Flush, LEASE_KEY, Stored, Unreadable};
use crate::platform;
use crate::store::{Backend, StoreError, Vault};
use js_sys::{Function, Promise};
use leptos::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_futures::JsFuture;

/// The longest an answer waits before it is written. Answers not written when the page dies
/// are not lost: their rows are still marked sent, so they are looked up on resume.
const BATCH_MS: u64 = 1_000;
/// How often the driving page renews its lease.
const HEARTBEAT_MS: u64 = 2_000;

pub struct Keeper {
    backend: Backend,
    job: BulkJob,
    /// The run this keeper writes (a new run makes it stop).
    run_id: String,
    vault: Vault,
    /// "Forget all" count when the run started: another one means stop.
    forgets: u32,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    flushing: bool,
    timer: bool,
    stopped: bool,
    /// Requests waiting for a flush: (its number, what wakes them).
    waiters: Vec<(u32, Function)>,
    beat: Option<IntervalHandle>,
    /// When the lease was last written (ms since the epoch).
    leased: u64,
}

impl Keeper {
    pub fn new(backend: Backend, job: BulkJob, run_id: String, vault: Vault) -> Rc<Self> {
        let forgets = vault.forgets();
        Rc::new(Self { backend, job, run_id, vault, forgets, state: RefCell::default() })
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Writes what changed: now when a request waits for it (or a block of rows was marked
    /// ahead), else within [`BATCH_MS`], with whatever else changes meanwhile.
    pub fn soon(self: &Rc<Self>, urgent: bool) {
        let mut state = self.state.borrow_mut();
        if state.stopped || state.flushing {
            return;
        }
        if urgent {
            state.flushing = true;
            drop(state);
            leptos::task::spawn_local(self.clone().flush());
        } else if !std::mem::replace(&mut state.timer, true) {
            let keeper = self.clone();
            set_timeout(
                move || {
                    let flushing = {
                        let mut state = keeper.state.borrow_mut();
                        state.timer = false;
                        !state.stopped && !std::mem::replace(&mut state.flushing, true)
                    };
                    if flushing {
                        leptos::task::spawn_local(keeper.flush());
                    }
                },
                Duration::from_millis(BATCH_MS),
            );
        }
    }

    /// Resolves once flush `number`, not written yet, is in storage (or journaling stopped).
    /// Called while the run's state is borrowed: it must not read it.
    pub fn until(&self, number: u32) -> impl Future<Output = ()> + 'static {
        let mut wake = None;
        let promise = Promise::new(&mut |resolve, _| wake = Some(resolve));
        let mut state = self.state.borrow_mut();
        match wake {
            Some(wake) if state.stopped => drop(wake.call0(&wasm_bindgen::JsValue::UNDEFINED)),
            Some(wake) => state.waiters.push((number, wake)),
            None => {}
        }
        async move {
            let _ = JsFuture::from(promise).await;
        }
    }

    /// Writes what changed, again at once while requests wait for marks not written yet;
    /// whatever changes after is left for the next batch.
    async fn flush(self: Rc<Self>) {
        loop {
            if self.vault.forgets() != self.forgets {
                // "Forget all" in this page: the run is forgotten with the rest.
                self.stop();
                runner::forget(self.job);
                return;
            }
            let now = platform::epoch_ms();
            let lease = self.state.borrow().leased + HEARTBEAT_MS <= now;
            let batch = self.job.creating.state.try_update_untracked(|d| {
                let d = d.as_mut().filter(|d| d.work.run_id() == self.run_id)?;
                let flush = d.work.ledger.begin_flush()?;
                Some((flush.number, items(&flush, d)))
            });
            let Some(Some((number, mut items))) = batch else { break };
            if lease && self.driving() {
                items.push((LEASE_KEY.to_owned(), journal::lease(page_id(), now)));
                self.state.borrow_mut().leased = now;
            }
            let written = self.backend.set_all(&items).await;
            if self.state.borrow().stopped {
                return;
            }
            match written {
                Ok(()) => self.flushed(number),
                Err(e) => {
                    self.fail(e);
                    return;
                }
            }
            if !self.urgent() {
                break;
            }
        }
        self.state.borrow_mut().flushing = false;
        if self.ledger(|l| l.pending()) {
            self.soon(false);
        }
    }

    /// Rows marked sent wait to be written.
    fn urgent(&self) -> bool {
        self.ledger(|l| l.urgent())
    }

    /// What `ask` says of this keeper's run's ledger (false when the run is gone).
    fn ledger(&self, ask: impl FnOnce(&journal::Ledger) -> bool) -> bool {
        let run = &self.run_id;
        self.job
            .creating
            .state
            .try_with_untracked(|d| {
                d.as_ref().filter(|d| d.work.run_id() == run).is_some_and(|d| ask(&d.work.ledger))
            })
            .unwrap_or(false)
    }

    fn flushed(&self, number: u32) {
        self.job.creating.state.try_update_untracked(|d| {
            if let Some(d) = d.as_mut().filter(|d| d.work.run_id() == self.run_id) {
                d.work.ledger.flushed(number);
            }
        });
        let woken: Vec<Function> = {
            let mut state = self.state.borrow_mut();
            let (due, later) =
                std::mem::take(&mut state.waiters).into_iter().partition(|(n, _)| *n <= number);
            state.waiters = later;
            due.into_iter().map(|(_, wake)| wake).collect()
        };
        for wake in woken {
            let _ = wake.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }

    /// Storage refused a write: the run goes on without a journal, and says so.
    fn fail(&self, error: StoreError) {
        self.job.creating.state.try_update_untracked(|d| {
            if let Some(d) = d.as_mut() {
                d.work.ledger.give_up();
            }
        });
        self.job.journal_error.try_set(Some(format!(
            "The run is no longer kept in the browser's storage ({error}) It goes on, but if \
             this page closes before it finishes, rows sent since cannot be resumed: check the \
             inventory for their memos."
        )));
        self.stop();
    }

    /// The page is going: what is not written yet is written now where the storage can be
    /// written at once (a web page's `localStorage`). An extension's storage cannot be while
    /// its page closes: the answers it misses leave their rows marked sent, looked up on resume.
    pub fn write_on_leave(&self) {
        let Backend::Web(storage) = &self.backend else { return };
        if self.state.borrow().stopped {
            return;
        }
        let batch = self.job.creating.state.try_update_untracked(|d| {
            let d = d.as_mut().filter(|d| d.work.run_id() == self.run_id)?;
            let flush = d.work.ledger.begin_flush()?;
            Some((flush.number, items(&flush, d)))
        });
        if let Some(Some((number, items))) = batch
            && items.iter().all(|(key, value)| storage.set_item(key, value).is_ok())
        {
            self.flushed(number);
        }
    }

    /// Stops writing (the run was discarded, forgotten or replaced): waiting requests go on.
    pub fn stop(&self) {
        let (waiters, beat) = {
            let mut state = self.state.borrow_mut();
            state.stopped = true;
            (std::mem::take(&mut state.waiters), state.beat.take())
        };
        for (_, wake) in waiters {
            let _ = wake.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
        if let Some(beat) = beat {
            beat.clear();
        }
    }

    /// This page drives the run (it started or resumed it): renew the lease while the run is
    /// not finished, so that another page does not resume it meanwhile; give it up after.
    pub fn drive(self: &Rc<Self>) {
        if self.state.borrow().beat.is_some() {
            return;
        }
        let keeper = self.clone();
        let beat = set_interval_with_handle(
            move || {
                if keeper.state.borrow().stopped {
                    return;
                }
                if keeper.driving() {
                    let now = platform::epoch_ms();
                    let (backend, lease) = (keeper.backend.clone(), journal::lease(page_id(), now));
                    keeper.state.borrow_mut().leased = now;
                    leptos::task::spawn_local(async move {
                        let _ = backend.set(LEASE_KEY, &lease).await;
                    });
                } else {
                    if let Some(beat) = keeper.state.borrow_mut().beat.take() {
                        beat.clear();
                    }
                    release(&keeper.backend);
                }
            },
            Duration::from_millis(HEARTBEAT_MS),
        )
        .ok();
        self.state.borrow_mut().beat = beat;
    }

    /// The run is this keeper's and not finished.
    fn driving(&self) -> bool {
        self.job
            .creating
            .state
            .try_with_untracked(|d| {
                d.as_ref().is_some_and(|d| d.work.run_id() == self.run_id && !d.run.is_finished())
            })
            .unwrap_or(false)
    }
}

/// What `flush` writes for the run in `d`.
fn items(flush: &Flush, d: &super::driver::Driven<runner::Creating>) -> Vec<(String, String)> {
    let work = &d.work;
    let mut items = Vec::with_capacity(flush.chunks.len() + 1);
    if flush.header {
        let header = serde_json::to_string(&work.header).expect("the header is plain data");
        items.push((journal::HEADER_KEY.to_owned(), header));
    }
    if flush.plan {
        let chunks = work.jobs.len().div_ceil(journal::CHUNK);
        items.extend(
            (0..chunks).map(|c| (journal::plan_key(c), journal::plan_chunk(&work.jobs, c))),
        );
    }
    for &chunk in &flush.chunks {
        items.push((journal::rows_key(chunk), journal::rows_chunk(&d.run, &work.ledger, chunk)));
    }
    items
}

/// The journal in `backend`, if there is one.
pub async fn load(backend: &Backend) -> Option<Result<Stored, Unreadable>> {
    let header = backend.get(journal::HEADER_KEY).await.ok()??;
    let rows = serde_json::from_str::<serde_json::Value>(&header)
        .ok()
        .and_then(|h| h.get("rows")?.as_u64())
        .map_or(0, |n| n as usize);
    let chunks = rows.div_ceil(journal::CHUNK);
    let names: Vec<String> =
        (0..chunks).map(journal::plan_key).chain((0..chunks).map(journal::rows_key)).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let Ok(mut found) = backend.get_all(&refs).await else {
        return Some(Err(Unreadable::Damaged));
    };
    let marks = found.split_off(chunks);
    Some(journal::read(&header, &found, &marks))
}

/// Whether another page drives the run. A lease left by a page that closed without giving it
/// up (a crash, a tab of the extension, which cannot write while it closes) is waited out
/// (a few seconds); one that is renewed meanwhile belongs to a page still driving the run.
pub async fn leased_elsewhere(backend: &Backend) -> bool {
    for _ in 0..2 {
        let lease = backend.get(LEASE_KEY).await.ok().flatten();
        match journal::leased_elsewhere(lease.as_deref(), page_id(), platform::epoch_ms()) {
            None => return false,
            Some(left) => {
                platform::sleep(u32::try_from(left).unwrap_or(u32::MAX).saturating_add(200)).await
            }
        }
    }
    true
}

/// Removes the journal of a run of `rows` rows.
pub async fn remove(backend: &Backend, rows: usize) -> Result<(), StoreError> {
    backend.remove_all(&journal::keys(rows)).await
}

/// Gives up this page's lease (the run finished, or the page is closing).
pub fn release(backend: &Backend) {
    match backend {
        // Synchronous: done even while the page unloads.
        Backend::Web(storage) => {
            let ours = storage.get_item(LEASE_KEY).ok().flatten();
            if ours.is_some_and(|l| l.starts_with(page_id())) {
                let _ = storage.remove_item(LEASE_KEY);
            }
        }
        _ => {
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                let ours = backend.get(LEASE_KEY).await.ok().flatten();
                if ours.is_some_and(|l| l.starts_with(page_id())) {
                    let _ = backend.remove(LEASE_KEY).await;
                }
            });
        }
    }
}

/// This page's id in leases: random, for as long as the page lives.
pub fn page_id() -> &'static str {
    thread_local! {
        static ID: &'static str = Box::leak(
            format!("p{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32).into_boxed_str(),
        );
    }
    ID.with(|id| *id)
}
