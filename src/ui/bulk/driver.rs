//! Drives a [`Run`] with timers, as its module doc describes: `pump` starts every row the
//! scheduler allows, each answer is recorded and pumps again, and one timeout waits for the next
//! moment something can start (a retry falling due, a rate-limit hold ending). Nothing loops or
//! polls, so the page is idle between answers and the rate is set by the concurrency.
//!
//! Progress is shown at most every [`SHOW_MS`] rather than per answer, so a fast Console does not
//! make the page re-render for every row.

use super::clock::now_ms;
use crate::api::ApiError;
use crate::api::transport::LocalBoxFuture;
use crate::bulk::Run;
use leptos::prelude::{TimeoutHandle, set_timeout, set_timeout_with_handle};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// The longest a change waits before it is shown.
pub const SHOW_MS: u64 = 100;

/// What a run does with each row, and how it shows progress.
pub trait Work: Sized + 'static {
    type Out: 'static;
    /// The request for row `slot`.
    fn request(&self, slot: usize) -> LocalBoxFuture<Result<Self::Out, ApiError>>;
    /// Shows the state of the run (called at most every [`SHOW_MS`], and at once after a
    /// control). Must not reach back into the run's `Rc`.
    fn show(driven: &mut Driven<Self>, now: u64);
}

pub struct Driven<W: Work> {
    pub run: Run<W::Out>,
    pub work: W,
    timer: Option<TimeoutHandle>,
    show_pending: bool,
    /// The job was thrown away: late answers are ignored and nothing starts again.
    dropped: bool,
}

pub type Shared<W> = Rc<RefCell<Driven<W>>>;

/// Starts `run` over `work`.
pub fn start<W: Work>(run: Run<W::Out>, work: W) -> Shared<W> {
    let shared = Rc::new(RefCell::new(Driven {
        run,
        work,
        timer: None,
        show_pending: false,
        dropped: false,
    }));
    pump(&shared);
    show_now(&shared);
    shared
}

/// Starts what may start now and sets the timer for what may start later.
pub fn pump<W: Work>(shared: &Shared<W>) {
    let now = now_ms();
    let mut driven = shared.borrow_mut();
    if driven.dropped {
        return;
    }
    while let Some(start) = driven.run.next_to_start(now) {
        let request = driven.work.request(start.slot);
        let shared = Rc::clone(shared);
        leptos::task::spawn_local(async move {
            let result = request.await;
            {
                let mut driven = shared.borrow_mut();
                if driven.dropped {
                    return;
                }
                let recorded = driven.run.finished(start.slot, result, now_ms());
                debug_assert!(recorded, "row {} answered while not running", start.slot);
            }
            pump(&shared);
        });
    }
    if let Some(timer) = driven.timer.take() {
        timer.clear();
    }
    if let Some(at) = driven.run.next_wake(now) {
        let again = Rc::clone(shared);
        let wait = Duration::from_millis(at.saturating_sub(now).max(1));
        driven.timer = set_timeout_with_handle(move || pump(&again), wait).ok();
    }
    if !driven.show_pending {
        driven.show_pending = true;
        let later = Rc::clone(shared);
        set_timeout(
            move || {
                let mut driven = later.borrow_mut();
                driven.show_pending = false;
                if !driven.dropped {
                    W::show(&mut driven, now_ms());
                }
            },
            Duration::from_millis(SHOW_MS),
        );
    }
}

/// Shows the run's state now.
pub fn show_now<W: Work>(shared: &Shared<W>) {
    let mut driven = shared.borrow_mut();
    if !driven.dropped {
        W::show(&mut driven, now_ms());
    }
}

/// Pauses, resumes, cancels, reruns or changes the concurrency, then carries on.
pub fn control<W: Work>(shared: &Shared<W>, change: impl FnOnce(&mut Run<W::Out>, u64)) {
    change(&mut shared.borrow_mut().run, now_ms());
    pump(shared);
    show_now(shared);
}

/// Forgets the run: answers still in flight are ignored, no timer fires.
pub fn drop_run<W: Work>(shared: &Shared<W>) {
    let mut driven = shared.borrow_mut();
    driven.dropped = true;
    if let Some(timer) = driven.timer.take() {
        timer.clear();
    }
}
