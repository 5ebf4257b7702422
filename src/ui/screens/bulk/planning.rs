//! From the source inputs to checked rows: a short pause after the last change (so typing a
//! 10,000-row CSV does not re-check it per keystroke), then [`Plan::from_csv`] or
//! [`Plan::from_pattern`] against the Console's kinds.

use super::job::{BulkJob, Mode, Planned};
use crate::api::types::KindList;
use crate::bulk::{Offer, Plan};
use crate::kinds::Draft;
use crate::ui::app::console_info::ConsoleInfo;
use crate::ui::parts::fields::FieldState;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// The pause after the last change before the rows are checked.
const SETTLE: Duration = Duration::from_millis(250);

/// Reads every input (so that an effect calling this re-runs when one changes).
pub fn track(job: &BulkJob) {
    job.mode.track();
    match job.mode.get() {
        Mode::Csv => {
            job.csv.track();
            job.attachments.track();
        }
        Mode::Pattern => {
            let p = &job.pattern;
            for s in [p.kind, p.memo, p.count, p.start, p.flock, p.domain] {
                s.track();
            }
            for (_, state) in job.fields() {
                match state {
                    FieldState::Text(s) => s.track(),
                    FieldState::Flag(s) => s.track(),
                    FieldState::File(s) => s.track(),
                }
            }
        }
    }
}

thread_local! {
    static TICKET: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Checks the rows once the inputs have settled; `info` is read when that happens.
pub fn schedule(job: BulkJob, info: impl Fn() -> Option<ConsoleInfo> + 'static) {
    let ticket = TICKET.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    job.checking.set(true);
    set_timeout(
        move || {
            if TICKET.with(|t| t.get()) == ticket {
                check_now(job, info().as_ref());
            }
        },
        SETTLE,
    );
}

/// Checks the rows at once (Start does, when a check is still pending).
pub fn check_now(job: BulkJob, info: Option<&ConsoleInfo>) {
    TICKET.with(|t| t.set(t.get() + 1));
    let planned = plan(&job, info);
    job.plan.try_set(planned);
    job.checking.try_set(false);
    job.refusal.try_set(None);
}

fn plan(job: &BulkJob, info: Option<&ConsoleInfo>) -> Planned {
    // The Console's kinds when its list was read, and its feature flags.
    let kinds = info.filter(|i| i.kinds_error.is_none()).map(|i| KindList {
        kinds: i.kinds.iter().map(|k| (k.id.clone(), k.label.clone())).collect(),
    });
    let offer = Offer { kinds: kinds.as_ref(), features: info.map(|i| &i.features) };
    let result = match job.mode.get_untracked() {
        Mode::Csv => {
            let text = job.csv.get_untracked();
            if text.trim().is_empty() {
                return Planned::Nothing;
            }
            job.attachments.with_untracked(|files| Plan::from_csv(&text, files, offer))
        }
        Mode::Pattern => {
            let p = &job.pattern;
            let kind = p.kind.get_untracked();
            let pattern = p.memo.get_untracked();
            if kind.is_empty() || pattern.trim().is_empty() {
                return Planned::Nothing;
            }
            let Ok(count) = p.count.with_untracked(|c| c.trim().parse::<usize>()) else {
                return Planned::Refused(
                    "How many tokens: write a whole number from 1 to 10,000.".into(),
                );
            };
            let Ok(start) = p.start.with_untracked(|s| s.trim().parse::<u64>()) else {
                return Planned::Refused(
                    "First number: write a whole number, such as 1 or 100.".into(),
                );
            };
            let template = Draft {
                kind,
                memo: String::new(),
                flock_id: Some(p.flock.get_untracked()),
                custom_domain: Some(p.domain.get_untracked()),
                values: job.fields_untracked().iter().map(|(f, s)| (f.name, s.value())).collect(),
            };
            Plan::from_pattern(&template, &pattern, start, count, offer)
        }
    };
    match result {
        Ok(plan) => Planned::Ready(Arc::new(plan)),
        Err(e) => Planned::Refused(e.to_string()),
    }
}
