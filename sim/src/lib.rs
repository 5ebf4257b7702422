//! An in-memory Canary Console for demos and tests. It follows the behaviour recorded in the
//! project's `console-api.md` reference, not the app's client code: the two are written apart
//! so that each checks the other.

mod actions;
mod api;
mod archive;
mod audit;
mod auth;
mod clock;
mod events;
mod extras;
mod factories;
pub mod faults;
mod features;
pub mod files;
mod flocks;
mod incidents;
pub mod keys;
pub mod kinds;
mod mail;
mod ooxml;
mod operator;
mod paging;
mod pdf;
mod qr;
mod queries;
mod random;
mod reply;
mod requests;
mod routes;
pub mod seed;
mod state;
mod tokens;
pub mod variant;

pub use seed::Seed;
pub use variant::Variant;

use axum::Router;
use axum::http::{HeaderName, Method, header};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::net::TcpListener;
use tower_http::cors::{Any, CorsLayer};

#[derive(Clone, Debug)]
pub struct Config {
    pub dist: Option<PathBuf>,
    pub seed: Seed,
    /// How many tokens the scale seed makes.
    pub scale_tokens: usize,
    /// How many incidents the scale seed makes; `None`: about 2% of its tokens have one.
    pub scale_incidents: Option<usize>,
    pub variant: Variant,
    /// Makes ids and secrets the same on every run.
    pub rng_seed: Option<u64>,
    /// Answers CORS preflights and allows every origin (the real Console is not known to).
    pub cors: bool,
    pub faults: faults::Switches,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            dist: None,
            seed: Seed::default(),
            scale_tokens: seed::DEFAULT_SCALE_TOKENS,
            scale_incidents: None,
            variant: Variant::default(),
            rng_seed: None,
            cors: false,
            faults: faults::Switches::default(),
        }
    }
}

/// Everything one simulator holds, shared by its handlers.
pub struct Sim {
    console: Mutex<state::Console>,
    faults: Mutex<faults::Faults>,
    log: Mutex<requests::Log>,
    rng_seed: Option<u64>,
    scale: seed::Scale,
}

impl Sim {
    /// A fresh generator: the configured seed again (so a reset reproduces the same ids), or
    /// a random one.
    fn rng(&self) -> fastrand::Rng {
        rng(self.rng_seed)
    }
}

fn rng(seed: Option<u64>) -> fastrand::Rng {
    seed.map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed)
}

pub type Shared = Arc<Sim>;

/// A poisoned lock only means a handler panicked; the data is still usable for a simulator.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The router: the API under `/api/v1/`, the operator's controls under `/_sim/`, `dist/`
/// everywhere else.
pub fn app(config: &Config) -> Router {
    let scale = seed::Scale { tokens: config.scale_tokens, incidents: config.scale_incidents };
    let mut console = seed::seeded(config.seed, scale, rng(config.rng_seed));
    console.variant = config.variant;
    let faults = faults::Faults::new(config.faults.clone(), rng(config.rng_seed));
    let shared: Shared = Arc::new(Sim {
        console: Mutex::new(console),
        faults: Mutex::new(faults),
        log: Mutex::default(),
        rng_seed: config.rng_seed,
        scale,
    });
    let mut router = Router::new()
        .nest("/api/v1", api::router(shared.clone()))
        .nest("/_sim", operator::router(shared));
    if let Some(dir) = &config.dist {
        router = router.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    if config.cors {
        router = router.layer(cors());
    }
    router
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers(Any)
        // Without this a page on another origin cannot read the download's file name.
        .expose_headers([header::CONTENT_DISPOSITION, HeaderName::from_static("retry-after")])
}

/// Serves [`app`], telling it each caller's address (the audit trail records it).
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    let service = app(&config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).await
}
