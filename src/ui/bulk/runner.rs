//! The bulk create run: each row is one `canarytoken/create`; progress goes to the job's
//! signals; when a run finishes having created tokens, the inventory is marked for reloading.

use super::driver::{self, Driven, Work};
use super::job::BulkJob;
use crate::api::transport::LocalBoxFuture;
use crate::api::{ApiError, Client, endpoints};
use crate::bulk::{Counts, Created, Job, Plan, RowState, Run, Settings};
use crate::ui::inventory::InventoryData;
use leptos::prelude::*;
use std::sync::Arc;

/// What the run panel shows.
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
    /// Rows "Rerun failed rows" would send again.
    pub fn rerunnable(&self) -> usize {
        self.counts.failed + self.counts.cancelled
    }
}

pub struct Creating {
    pub plan: Arc<Plan>,
    pub jobs: Vec<Job>,
    pub client: Client,
    job: BulkJob,
    inventory: Option<InventoryData>,
    /// Tokens created when the inventory was last told to reload.
    announced: usize,
}

impl Work for Creating {
    type Out = Created;

    fn request(&self, slot: usize) -> LocalBoxFuture<Result<Created, ApiError>> {
        let call = endpoints::create(&self.jobs[slot].token);
        let client = self.client.clone();
        Box::pin(async move { client.send(call).await.map(|c| Created::from_token(&c.token)) })
    }

    fn show(driven: &mut Driven<Self>, now: u64) {
        let run = &driven.run;
        let finished = run.is_finished();
        let counts = run.counts();
        let maybe_created = match counts.failed + counts.cancelled {
            0 => 0,
            _ => run
                .states()
                .iter()
                .filter(|s| match s {
                    RowState::Failed(f) => f.maybe_created,
                    RowState::Cancelled { last: Some(f) } => f.maybe_created,
                    _ => false,
                })
                .count(),
        };
        let downloadable = match finished {
            true => crate::bulk::files_to_fetch(&driven.work.jobs, run).len(),
            false => 0,
        };
        let snapshot = Snapshot {
            counts,
            eta_ms: run.eta_ms(now),
            paused: run.is_paused(),
            cancelled: run.is_cancelled(),
            finished,
            maybe_created,
            downloadable,
        };
        let work = &mut driven.work;
        work.job.run.snapshot.try_set(Some(snapshot));
        work.job.run.version.try_update(|v| *v += 1);
        // New tokens exist: the inventory reloads when next opened.
        if finished && counts.done != work.announced {
            work.announced = counts.done;
            if let Some(inventory) = work.inventory
                && inventory.query.try_with_untracked(Option::is_some) == Some(true)
            {
                inventory.reset();
            }
        }
    }
}

/// Starts creating the plan's rows, or says why not.
pub fn start(
    job: BulkJob,
    plan: Arc<Plan>,
    client: Result<Client, ApiError>,
    inventory: Option<InventoryData>,
) -> Result<(), String> {
    let jobs = plan.jobs(job.skip_invalid.get_untracked()).map_err(|e| e.to_string())?;
    let concurrency = job.concurrency_value()?;
    let client = client.map_err(|e| e.to_string())?;
    let run = Run::new(jobs.len(), Settings { concurrency, ..Settings::default() });
    let work = Creating { plan, jobs, client, job, inventory, announced: 0 };
    let shared = driver::start(run, work);
    job.run.engine.set_value(Some(shared));
    Ok(())
}

/// Applies `change` to the run, if there is one.
pub fn control(job: BulkJob, change: impl FnOnce(&mut Run<Created>, u64)) {
    if let Some(shared) = job.run.engine.get_value() {
        driver::control(&shared, change);
    }
}

/// Forgets the run (after it finished): back to the source and preview.
pub fn discard(job: BulkJob) {
    if let Some(shared) = job.run.engine.get_value() {
        driver::drop_run(&shared);
    }
    if let Some(files) = job.files.engine.get_value() {
        driver::drop_run(&files);
    }
    job.run.engine.set_value(None);
    job.files.engine.set_value(None);
    job.files.progress.set(None);
    job.files.status.set(None);
    job.files.error.set(None);
    job.run.snapshot.set(None);
}
