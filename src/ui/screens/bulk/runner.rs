//! The bulk create run: each row is one `canarytoken/create`, asking the Console to return the
//! token it has rather than make a second (`skip_create_if_exists`, unless the Console refuses
//! the parameter), and looked up on the Console first when it may have been made already (its
//! answer was lost to a crash, a server error, the network). The run is journaled
//! ([`super::keeper`]) so that a closed page loses nothing: reopening the workbench reads it
//! back, and "Resume" goes on. When the run settles having created tokens, the app's pages are
//! told that tokens changed.

use super::driver::{Driven, Engine, Work};
use super::job::{BulkJob, Restored};
use super::keeper::{self, Keeper};
use crate::api::endpoints::{self, NewToken, TokenQuery};
use crate::api::error::Unreachable;
use crate::api::listing::Listing;
use crate::api::transport::LocalBoxFuture;
use crate::api::{ApiError, Attachment, Client};
use crate::bulk::journal::{self, Header, Ledger, Owner, SKIP_IF_EXISTS, Stored};
use crate::bulk::{Counts, Created, Failure, Job, Plan, RowState, Run, Settings, files_to_fetch};
use crate::platform::{self, now_ms};
use crate::store::Backend;
use crate::ui::app::{AppContext, tokens};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

pub struct Creating {
    pub plan: Arc<Plan>,
    pub jobs: Vec<Job>,
    /// The Console the run creates on; none for a run read back, until it is resumed.
    pub client: Option<Client>,
    pub header: Header,
    pub ledger: Ledger,
    pub keeper: Option<Rc<Keeper>>,
    /// Token id → the row that has it, for "already there".
    claims: Rc<RefCell<HashMap<String, usize>>>,
    /// The Console has not refused `skip_create_if_exists`.
    skip: Rc<Cell<bool>>,
    offline: RwSignal<bool>,
    /// Tokens created when the other pages were last told.
    announced: usize,
}

impl Creating {
    fn new(
        plan: Arc<Plan>,
        jobs: Vec<Job>,
        header: Header,
        ledger: Ledger,
        run: &Run<Created>,
        job: &BulkJob,
    ) -> Self {
        let claims = run.done().map(|(slot, c)| (c.token_id.clone(), slot)).collect();
        Self {
            plan,
            jobs,
            client: None,
            skip: Rc::new(Cell::new(header.skip_if_exists)),
            header,
            ledger,
            keeper: None,
            claims: Rc::new(RefCell::new(claims)),
            offline: job.offline,
            announced: run.counts().done,
        }
    }

    pub fn run_id(&self) -> &str {
        &self.header.id
    }

    /// Whom the run belongs to.
    pub fn owner(&self) -> &Owner {
        &self.header.owner
    }

    /// Writes what changed, if this page drives the run (a run read back and not resumed is
    /// only shown: another page may be driving it).
    fn write_soon(&self) {
        if let Some(keeper) = self.keeper.as_ref().filter(|_| self.client.is_some()) {
            keeper.soon(self.ledger.urgent());
        }
    }
}

impl Work for Creating {
    type Out = Created;

    fn request(
        &mut self,
        slot: usize,
        run: &Run<Created>,
    ) -> LocalBoxFuture<Result<Created, ApiError>> {
        let wait = self.ledger.starting(run, slot, platform::epoch_secs());
        let waiting = self.keeper.as_ref().zip(wait).map(|(keeper, flush)| keeper.until(flush));
        self.write_soon();
        let row = Row {
            token: self.jobs[slot].token.clone(),
            slot,
            sent_at: self.ledger.sent_at(slot),
            check: self.ledger.needs_check(slot),
            claims: self.claims.clone(),
            skip: self.skip.clone(),
        };
        let client = self.client.clone();
        Box::pin(async move {
            if let Some(written) = waiting {
                written.await;
            }
            row.send(client.ok_or(ApiError::NotConnected)?).await
        })
    }

    fn answered(
        &mut self,
        run: &mut Run<Created>,
        slot: usize,
        result: Result<Created, ApiError>,
        now: u64,
    ) {
        let maybe = result.as_ref().err().is_some_and(|e| Failure::new(e, false).maybe_created);
        let offline =
            matches!(&result, Err(ApiError::Unreachable { why: Unreachable::Network, .. }))
                && platform::offline();
        if let Ok(created) = &result {
            self.claims.borrow_mut().insert(created.token_id.clone(), slot);
        }
        self.ledger.answered(slot, maybe);
        if self.skip.get() != self.header.skip_if_exists {
            self.header.skip_if_exists = self.skip.get();
            self.ledger.touch_header();
        }
        let recorded = run.finished(slot, result, now);
        debug_assert!(recorded, "row {slot} answered while not running");
        if offline && !run.is_paused() {
            // The network is gone: wait for it rather than use up the rows' tries.
            run.pause(now);
            self.offline.try_set(true);
        }
        self.write_soon();
    }

    fn controlled(&mut self, run: &Run<Created>) {
        if run.settings().concurrency != self.header.concurrency {
            self.header.concurrency = run.settings().concurrency;
            self.ledger.touch_header();
        }
        self.ledger.touch_all();
        self.write_soon();
        // Going again (a rerun): this page holds the run again.
        if let Some(keeper) = self.keeper.as_ref().filter(|_| self.client.is_some())
            && !run.is_finished()
        {
            keeper.drive();
        }
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

/// One row's request, as it leaves.
struct Row {
    token: NewToken,
    slot: usize,
    /// When the row was (possibly) first sent, seconds since the epoch.
    sent_at: i64,
    /// It may exist already: look it up first.
    check: bool,
    claims: Rc<RefCell<HashMap<String, usize>>>,
    skip: Rc<Cell<bool>>,
}

impl Row {
    async fn send(self, client: Client) -> Result<Created, ApiError> {
        if self.check {
            match self.look_up(&client).await {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                // A key that may create but not search (a flock deploy key): the Console's own
                // check (skip_create_if_exists) is the lookup then.
                Err(ApiError::NoPermission { .. }) if self.skip.get() => {}
                Err(e) => return Err(e),
            }
        }
        loop {
            let mut request = self.token.clone();
            let skip = self.skip.get();
            if skip {
                request.params.push((SKIP_IF_EXISTS, "true".to_owned()));
            }
            match client.send(endpoints::create(&request)).await {
                // A Console that does not know the parameter: it refused the row (nothing was
                // made), so send it again without, and rely on the lookups.
                Err(ApiError::Console { message, .. })
                    if skip && message.contains(SKIP_IF_EXISTS) =>
                {
                    self.skip.set(false);
                }
                Err(e) => return Err(e),
                Ok(answer) => {
                    let token = &answer.token;
                    let claimed = self.claimed_elsewhere(token.id());
                    let existed = journal::existed(token, self.sent_at, claimed);
                    return Ok(Created { existed, ..Created::from_token(token) });
                }
            }
        }
    }

    /// The row's token on the Console (same kind, memo and flock, no other row's), if there.
    async fn look_up(&self, client: &Client) -> Result<Option<Created>, ApiError> {
        let query = TokenQuery {
            search_string: Some(journal::search_words(&self.token.memo)),
            kind: Some(self.token.kind.clone()),
            flock_id: self.token.flock_id.clone(),
            ..TokenQuery::default()
        };
        let mut listing = Listing::new(query, 100);
        let mut found = Vec::new();
        while let Some(page) = listing.next(client).await {
            found.extend(page?.tokens);
        }
        let picked =
            journal::pick(&self.token, &found, self.sent_at, |id| self.claimed_elsewhere(id));
        Ok(picked.map(|(token, existed)| Created { existed, ..Created::from_token(token) }))
    }

    fn claimed_elsewhere(&self, id: &str) -> bool {
        self.claims.borrow().get(id).is_some_and(|&slot| slot != self.slot)
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
    /// Rows done because the Console already had their token.
    pub existed: usize,
    /// Rows to be looked up on the Console before they are sent.
    pub checks: usize,
    /// Created tokens whose kind has a file (counted once the run is finished or paused).
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
        let downloadable = match finished || run.is_paused() {
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
            existed: run.done().filter(|(_, c)| c.existed).count(),
            checks: driven.work.ledger.checks(run),
            downloadable,
        }
    }

    /// Rows "Rerun failed rows" would send again.
    pub fn rerunnable(&self) -> usize {
        self.counts.failed + self.counts.cancelled
    }
}

/// Whether runs are journaled: always, except for the benchmark's measurement without
/// (`workbench.html?journal=off`).
fn journaling() -> bool {
    !platform::page_flag("journal=off")
}

/// Starts creating the plan's rows on the Console in use, or says why not.
pub fn start(job: BulkJob, plan: Arc<Plan>, ctx: AppContext) -> Result<(), String> {
    let jobs = plan.jobs(job.skip_invalid.get_untracked()).map_err(|e| e.to_string())?;
    let concurrency = job.concurrency_value()?;
    let profile = ctx.active.get_untracked().ok_or_else(|| ApiError::NotConnected.to_string())?;
    let owner = Owner { console: profile.console.to_string(), profile: profile.name.clone() };
    let id = format!("{:x}-{:08x}", platform::epoch_ms(), (js_sys::Math::random() * 4e9) as u32);
    let header = journal::header(id, owner, platform::epoch_secs(), &plan, &jobs, concurrency);
    let run = Run::new(jobs.len(), Settings { concurrency, ..Settings::default() });
    let ledger = Ledger::new(jobs.len(), concurrency);
    let mut work = Creating::new(plan, jobs, header, ledger, &run, &job);
    work.client = Some(ctx.client(&profile));
    if journaling() {
        let keeper = Keeper::new(Backend::detect(), job, work.header.id.clone(), ctx.vault());
        keeper.drive();
        work.keeper = Some(keeper);
    }
    clear_notes(job);
    job.creating.start(run, work);
    Ok(())
}

/// The run as stored, not sending, with `files` and `secrets` given again.
fn read_back(
    job: BulkJob,
    stored: &Stored,
    files: &[Attachment],
    secrets: &[(String, String)],
) -> (Run<Created>, Creating) {
    let settings = journal::settings(&stored.header);
    let (ledger, states) = Ledger::restored(&stored.marks, settings.concurrency);
    let run = Run::restore(states, settings, now_ms());
    let jobs = journal::jobs(&stored.rows, files, secrets);
    let plan = Arc::new(journal::plan(&stored.header, &jobs));
    let work = Creating::new(plan, jobs, stored.header.clone(), ledger, &run, &job);
    (run, work)
}

/// When the workbench opens: the run a closed page left, if any, shown as it was (paused).
pub fn reopen(job: BulkJob, ctx: AppContext) {
    if !journaling() {
        return;
    }
    leptos::task::spawn_local(async move {
        let backend = Backend::detect();
        let stored = match keeper::load(&backend).await {
            None => return,
            Some(Err(e)) => {
                job.broken.set(Some(e.to_string()));
                return;
            }
            Some(Ok(stored)) => stored,
        };
        if job.creating.is_running() {
            return;
        }
        let (run, mut work) = read_back(job, &stored, &[], &[]);
        work.keeper = Some(Keeper::new(backend, job, stored.header.id.clone(), ctx.vault()));
        job.restored.set(Some(Restored::new(&stored, work.ledger.checks(&run))));
        job.creating.restore(run, work);
    });
}

/// Resumes the run: at once for a run of this page; a run read back is taken over first
/// ([`take_over`]).
pub async fn resume(job: BulkJob, ctx: AppContext) -> Result<(), String> {
    job.run_error.set(None);
    take_over(job, ctx).await?;
    job.offline.set(false);
    job.creating.control(|run, now| run.resume(now));
    Ok(())
}

/// Makes a run read back this page's to drive: it needs its own Console in use, its files and
/// secrets given again, and no other page driving it, and goes on from what is stored now
/// (another page may have taken it further). Nothing to do for a run of this page.
pub async fn take_over(job: BulkJob, ctx: AppContext) -> Result<(), String> {
    let Some(restored) = job.restored.get_untracked() else { return Ok(()) };
    let owner = &restored.owner;
    let profile = ctx
        .active
        .get_untracked()
        .filter(|p| p.console.to_string() == owner.console && p.name == owner.profile);
    let Some(profile) = profile else {
        return Err(format!(
            "This run was made with the profile “{}” ({}). Choose it as the Console in use to \
             resume the run; it is never sent to another Console.",
            owner.profile, owner.console
        ));
    };
    let files = restored.files.get_untracked();
    let missing: Vec<&str> = restored
        .needs
        .files
        .iter()
        .filter(|f| !files.iter().any(|a| a.filename == f.name))
        .map(|f| f.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Attach {} again: the rows not created yet send {}.",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    let secrets = restored.secrets.get_untracked();
    if let Some(empty) = restored
        .needs
        .secrets
        .iter()
        .find(|s| !secrets.iter().any(|(name, value)| name == *s && !value.is_empty()))
    {
        return Err(format!("Enter {empty} again: the rows not created yet need it."));
    }
    let keeper =
        job.creating.state.with_untracked(|d| d.as_ref().and_then(|d| d.work.keeper.clone()));
    let Some(keeper) = keeper else { return Err("There is no run to resume.".to_owned()) };
    if keeper::leased_elsewhere(keeper.backend()).await {
        return Err(ELSEWHERE.to_owned());
    }
    let id = job.creating.state.with_untracked(|d| d.as_ref().map(|d| d.work.run_id().to_owned()));
    let stored = match keeper::load(keeper.backend()).await {
        Some(Ok(stored)) if Some(&stored.header.id) == id.as_ref() => stored,
        _ => {
            forget(job);
            return Err("The run was discarded in another tab or window.".to_owned());
        }
    };
    let (run, mut work) = read_back(job, &stored, &files, &secrets);
    work.client = Some(ctx.client(&profile));
    work.keeper = Some(keeper.clone());
    job.creating.restore(run, work);
    job.restored.set(None);
    keeper.drive();
    Ok(())
}

const ELSEWHERE: &str = "This run is being sent from another tab or window. Go on there, or \
     close it and press Resume here a few seconds later.";

/// A client for the run's own Console, for fetching its files.
pub fn client_for_run(job: BulkJob, ctx: AppContext) -> Result<Client, String> {
    let (client, owner) = job
        .creating
        .state
        .with_untracked(|d| d.as_ref().map(|d| (d.work.client.clone(), d.work.owner().clone())))
        .ok_or("There is no run.")?;
    if let Some(client) = client {
        return Ok(client);
    }
    ctx.active
        .get_untracked()
        .filter(|p| p.console.to_string() == owner.console && p.name == owner.profile)
        .map(|p| ctx.client(&p))
        .ok_or_else(|| {
            format!(
                "Choose the profile “{}” ({}) as the Console in use first.",
                owner.profile, owner.console
            )
        })
}

/// Forgets the run and its journal: back to the source and preview. Refused (said in the run
/// panel) while another page drives the run.
pub fn discard(job: BulkJob) {
    let keeper = job.creating.state.with_untracked(|d| {
        d.as_ref().map(|d| (d.work.keeper.clone(), d.work.jobs.len(), d.run.is_finished()))
    });
    let Some((Some(keeper), rows, finished)) = keeper else {
        forget(job);
        return;
    };
    leptos::task::spawn_local(async move {
        if !finished
            && job.restored.with_untracked(Option::is_some)
            && keeper::leased_elsewhere(keeper.backend()).await
        {
            job.run_error.set(Some(ELSEWHERE.to_owned()));
            return;
        }
        keeper.stop();
        let removed = keeper::remove(keeper.backend(), rows).await;
        forget(job);
        if let Err(e) = removed {
            job.broken.set(Some(format!("The record of the run could not be removed: {e}")));
        }
    });
}

/// Forgets the run here (its journal is gone, or going).
pub fn forget(job: BulkJob) {
    let keeper =
        job.creating.state.with_untracked(|d| d.as_ref().and_then(|d| d.work.keeper.clone()));
    if let Some(keeper) = keeper {
        keeper.stop();
        keeper::release(keeper.backend());
    }
    job.creating.discard();
    job.files.engine.discard();
    job.files.status.set(None);
    job.files.error.set(None);
    job.restored.set(None);
    clear_notes(job);
}

/// The journal header was removed (by "Forget all" or a discard in another page): forget the
/// run it recorded, if it was this page's.
pub fn journal_removed(job: BulkJob) {
    let keeper = job.creating.state.with_untracked(|d| {
        // A run whose journal was never written yet has not lost it.
        d.as_ref().filter(|d| d.work.ledger.written() > 0).and_then(|d| d.work.keeper.clone())
    });
    let Some(keeper) = keeper else { return };
    leptos::task::spawn_local(async move {
        if keeper.backend().get(journal::HEADER_KEY).await.ok().flatten().is_none() {
            forget(job);
        }
    });
}

fn clear_notes(job: BulkJob) {
    job.run_error.set(None);
    job.journal_error.set(None);
    job.offline.set(false);
}
