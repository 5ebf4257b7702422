use canarytoken_sim::faults::{FailNext, Switches};
use canarytoken_sim::{Config, Seed};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// An in-memory Thinkst Canary Console (the Canarytoken API) that also serves the built app,
/// so that one origin shows the whole product working with no account.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Directory served at `/` beside the API (Trunk's `dist/`).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Data to start with.
    #[arg(long, value_enum, default_value_t = Seed::Demo)]
    seed: Seed,
    /// Tokens the scale seed makes.
    #[arg(long, default_value_t = canarytoken_sim::seed::DEFAULT_SCALE_TOKENS)]
    scale_tokens: usize,
    /// Seed for the random ids and secrets, to make them the same on every run.
    #[arg(long)]
    rng_seed: Option<u64>,
    /// Send CORS headers and answer preflights (the real Console is not known to).
    #[arg(long)]
    cors: bool,
    /// Delay every API request by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fail the next N API requests with --fail-status.
    #[arg(long, default_value_t = 0)]
    fail_next: u32,
    /// The status --fail-next answers with (500 or 429, say).
    #[arg(long, default_value_t = 500)]
    fail_status: u16,
    /// Answer the next N API requests with a 502 HTML page.
    #[arg(long, default_value_t = 0)]
    html_next: u32,
    /// Cut the next N successful API answers in half.
    #[arg(long, default_value_t = 0)]
    truncate_next: u32,
    /// Send API errors with HTTP 200 (the envelope still says "error").
    #[arg(long)]
    errors_with_200: bool,
    /// Allow N API requests a second, answering 429 beyond that (0: no limit).
    #[arg(long, default_value_t = 0)]
    rate_limit: u32,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let config = Config {
        dist: args.dist,
        seed: args.seed,
        scale_tokens: args.scale_tokens,
        rng_seed: args.rng_seed,
        cors: args.cors,
        faults: Switches {
            latency_ms: args.latency_ms,
            fail_next: FailNext { count: args.fail_next, status: args.fail_status },
            html_next: args.html_next,
            truncate_next: args.truncate_next,
            errors_with_200: args.errors_with_200,
            rate_limit_per_sec: args.rate_limit,
        },
    };
    // Seeding comes first, so that "listening" means ready even for the large seed.
    let app = canarytoken_sim::app(&config);
    let addr = listener.local_addr()?;
    println!("Console simulator listening on http://{addr}");
    for key in canarytoken_sim::keys::DEMO_KEYS {
        println!("  {:<16} API key: {}", key.role.label(), key.key);
    }
    axum::serve(listener, app).await
}
