//! Drives a [`Run`] with timers: `pump` starts every row the scheduler allows, each answer is
//! recorded and pumps again, and one timeout waits for the next moment something can start (a
//! retry falling due, a rate-limit hold ending). Nothing loops or polls, so the page is idle
//! between answers and the rate is set by the concurrency.
//!
//! The run's state has one home, [`Engine::state`]: the screens read it (tracked) and derive
//! what they show; the driver changes it without notifying and tells the readers at most every
//! [`SHOW_MS`], so that a fast Console does not make the page re-render for every row.

use crate::api::ApiError;
use crate::api::transport::LocalBoxFuture;
use crate::bulk::Run;
use crate::platform::now_ms;
use leptos::prelude::*;
use std::time::Duration;

/// The longest a change waits before it is shown.
pub const SHOW_MS: u64 = 100;

/// What a run does with each row.
pub trait Work: Sized + 'static {
    type Out: 'static;
    /// The request for row `slot`, which the run has just started.
    fn request(
        &mut self,
        slot: usize,
        run: &Run<Self::Out>,
    ) -> LocalBoxFuture<Result<Self::Out, ApiError>>;
    /// Records the answer for row `slot` in the run (and whatever else the work keeps).
    fn answered(
        &mut self,
        run: &mut Run<Self::Out>,
        slot: usize,
        result: Result<Self::Out, ApiError>,
        now: u64,
    ) {
        let recorded = run.finished(slot, result, now);
        debug_assert!(recorded, "row {slot} answered while not running");
    }
    /// The run was paused, resumed, cancelled, rerun or given another concurrency.
    fn controlled(&mut self, _run: &Run<Self::Out>) {}
    /// Called when every row has settled (again, after a rerun); the state is readable.
    fn settled(engine: Engine<Self>);
}

/// A run and the work it does.
pub struct Driven<W: Work> {
    pub run: Run<W::Out>,
    pub work: W,
}

/// The timers and the generation of the run in [`Engine::state`]; a new run or a discard
/// makes the answers of the old one void.
#[derive(Default)]
struct Timers {
    generation: u64,
    wake: Option<TimeoutHandle>,
    show_pending: bool,
}

pub struct Engine<W: Work> {
    /// The run, if there is one: the only copy of its state.
    pub state: RwSignal<Option<Driven<W>>, LocalStorage>,
    timers: StoredValue<Timers, LocalStorage>,
}

impl<W: Work> Clone for Engine<W> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<W: Work> Copy for Engine<W> {}

impl<W: Work> Engine<W> {
    pub fn new() -> Self {
        Self { state: RwSignal::new_local(None), timers: StoredValue::new_local(Timers::default()) }
    }

    /// Starts `run` over `work`, replacing any run before it.
    pub fn start(self, run: Run<W::Out>, work: W) {
        self.stop_timers();
        self.state.set(Some(Driven { run, work }));
        self.pump();
    }

    /// Puts back a run read from storage, without sending anything: it waits, paused, for
    /// [`Engine::control`] to resume it.
    pub fn restore(self, run: Run<W::Out>, work: W) {
        self.stop_timers();
        self.state.set(Some(Driven { run, work }));
    }

    /// Pauses, resumes, cancels, reruns or changes the concurrency, then carries on.
    pub fn control(self, change: impl FnOnce(&mut Run<W::Out>, u64)) {
        let changed = self.state.try_update_untracked(|d| {
            d.as_mut().map(|d| {
                change(&mut d.run, now_ms());
                d.work.controlled(&d.run);
            })
        });
        if changed.flatten().is_some() {
            self.state.notify();
            self.pump();
        }
    }

    /// Forgets the run: answers still in flight are ignored, no timer fires.
    pub fn discard(self) {
        self.stop_timers();
        self.state.set(None);
    }

    pub fn is_running(self) -> bool {
        self.state.with_untracked(Option::is_some)
    }

    fn stop_timers(self) {
        self.timers.update_value(|t| {
            t.generation += 1;
            if let Some(wake) = t.wake.take() {
                wake.clear();
            }
        });
    }

    /// Starts what may start now and sets the timer for what may start later.
    fn pump(self) {
        let now = now_ms();
        let generation = self.timers.with_value(|t| t.generation);
        let started = self.state.try_update_untracked(|d| {
            let d = d.as_mut()?;
            let mut requests = Vec::new();
            while let Some(start) = d.run.next_to_start(now) {
                requests.push((start.slot, d.work.request(start.slot, &d.run)));
            }
            Some((requests, d.run.next_wake(now)))
        });
        let Some(Some((requests, wake))) = started else { return };
        for (slot, request) in requests {
            leptos::task::spawn_local(async move {
                let result = request.await;
                if self.timers.try_with_value(|t| t.generation) != Some(generation) {
                    return;
                }
                let settled = self.state.try_update_untracked(|d| {
                    let d = d.as_mut()?;
                    d.work.answered(&mut d.run, slot, result, now_ms());
                    Some(d.run.is_finished())
                });
                if settled.flatten() == Some(true) {
                    self.state.notify();
                    W::settled(self);
                }
                self.pump();
            });
        }
        self.timers.update_value(|t| {
            if let Some(old) = t.wake.take() {
                old.clear();
            }
            t.wake = wake.and_then(|at| {
                let wait = Duration::from_millis(at.saturating_sub(now).max(1));
                set_timeout_with_handle(move || self.pump(), wait).ok()
            });
        });
        self.show_soon();
    }

    /// Tells the readers within [`SHOW_MS`], once however many changes come meanwhile.
    fn show_soon(self) {
        let first = self.timers.try_update_value(|t| !std::mem::replace(&mut t.show_pending, true));
        if first == Some(true) {
            set_timeout(
                move || {
                    if self.timers.try_update_value(|t| t.show_pending = false).is_some() {
                        self.state.notify();
                    }
                },
                Duration::from_millis(SHOW_MS),
            );
        }
    }
}

impl<W: Work> Default for Engine<W> {
    fn default() -> Self {
        Self::new()
    }
}
