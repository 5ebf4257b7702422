//! The bulk create run: each row is one `canarytoken/create`. When the run settles having
//! created tokens, the app's pages are told that tokens changed.

use super::driver::{Driven, Engine, Work};
use super::job::BulkJob;
use crate::api::transport::LocalBoxFuture;
use crate::api::{ApiError, Client, endpoints};
use crate::bulk::{Counts, Created, Job, Plan, RowState, Run, Settings, files_to_fetch};
use crate::platform::now_ms;
use crate::ui::app::tokens;
use leptos::prelude::*;
use std::sync::Arc;

pub struct Creating {
    pub plan: Arc<Plan>,
    pub jobs: Vec<Job>,
    pub client: Client,
    /// Tokens created when the other pages were last told.
    announced: usize,
}

impl Work for Creating {
    type Out = Created;

    fn request(&self, slot: usize) -> LocalBoxFuture<Result<Created, ApiError>> {
        let call = endpoints::create(&self.jobs[slot].token);
        let client = self.client.clone();
        Box::pin(async move { client.send(call).await.map(|c| Created::from_token(&c.token)) })
    }

    fn settled(engine: Engine<Self>) {
        let created = engine.state.try_update_untracked(|d| {
            let d = d.as_mut()?;
            let done = d.run.counts().done;
            (done != std::mem::replace(&mut d.work.announced, done)).then_some(())
        });
        if created.flatten().is_some() {
            tokens::announce_change();
        }
    }
}

/// What the run panel shows, derived from the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub counts: Counts,
    pub eta_ms: Option<u64>,
    pub paused: bool,
    pub cancelled: bool,
    pub finished: bool,
    /// Failed or cancelled rows whose token may exist although the Console reported an error.
    pub maybe_created: usize,
    /// Created tokens whose kind has a file (counted once the run is finished).
    pub downloadable: usize,
}

impl Snapshot {
    pub fn of(driven: &Driven<Creating>) -> Self {
        let run = &driven.run;
        let counts = run.counts();
        let finished = run.is_finished();
        let maybe_created = match counts.failed + counts.cancelled {
            0 => 0,
            _ => run
                .states()
                .iter()
                .filter(|s| match s {
                    RowState::Failed(f) | RowState::Cancelled { last: Some(f) } => f.maybe_created,
                    _ => false,
                })
                .count(),
        };
        let downloadable = match finished {
            true => files_to_fetch(&driven.work.jobs, run).len(),
            false => 0,
        };
        Self {
            counts,
            eta_ms: run.eta_ms(now_ms()),
            paused: run.is_paused(),
            cancelled: run.is_cancelled(),
            finished,
            maybe_created,
            downloadable,
        }
    }

    /// Rows "Rerun failed rows" would send again.
    pub fn rerunnable(&self) -> usize {
        self.counts.failed + self.counts.cancelled
    }
}

/// Starts creating the plan's rows, or says why not.
pub fn start(
    job: BulkJob,
    plan: Arc<Plan>,
    client: Result<Client, ApiError>,
) -> Result<(), String> {
    let jobs = plan.jobs(job.skip_invalid.get_untracked()).map_err(|e| e.to_string())?;
    let concurrency = job.concurrency_value()?;
    let client = client.map_err(|e| e.to_string())?;
    let run = Run::new(jobs.len(), Settings { concurrency, ..Settings::default() });
    job.creating.start(run, Creating { plan, jobs, client, announced: 0 });
    Ok(())
}

/// Forgets the run (after it finished): back to the source and preview.
pub fn discard(job: BulkJob) {
    job.creating.discard();
    job.files.engine.discard();
    job.files.status.set(None);
    job.files.error.set(None);
}
