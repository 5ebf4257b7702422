//! An in-memory Canary Console for demos and tests. It follows the behaviour recorded in the
//! project's `console-api.md` reference, not the app's client code: the two are written apart
//! so that each checks the other.

pub mod api;
pub mod keys;
pub mod state;

use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Mutex;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Seed {
    /// No tokens.
    Empty,
    /// A few dozen tokens of several kinds in two flocks.
    #[default]
    Demo,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub dist: Option<PathBuf>,
    pub seed: Seed,
}

pub type Shared = Arc<Mutex<state::Console>>;

/// The router: the API under `/api/v1/`, `dist/` everywhere else.
pub fn app(config: &Config) -> Router {
    let shared: Shared = Arc::new(Mutex::new(state::Console::seeded(config.seed)));
    let router = Router::new().nest("/api/v1", api::router(shared));
    match &config.dist {
        Some(dir) => router.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => router,
    }
}

pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    axum::serve(listener, app(&config)).await
}
