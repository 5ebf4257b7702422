//! The simulator's command line: flags for the seed, the variant and the faults.

use canarytoken_sim::faults::{FailNext, FailSome, Switches};
use canarytoken_sim::{Config, Seed, Variant};
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
    /// Incidents the scale seed makes (default: about 2% of its tokens have one).
    #[arg(long)]
    scale_incidents: Option<usize>,
    /// How behaviours the reference leaves open are answered.
    #[arg(long, value_enum, default_value_t = Variant::Default)]
    variant: Variant,
    /// Seed for the random ids and secrets, to make them the same on every run.
    #[arg(long)]
    rng_seed: Option<u64>,
    /// Send CORS headers and answer preflights (the real Console is not known to).
    #[arg(long)]
    cors: bool,
    /// Delay every API request by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Never answer the next N API requests.
    #[arg(long, default_value_t = 0)]
    hang_next: u32,
    /// Fail the next N API requests with --fail-status.
    #[arg(long, default_value_t = 0)]
    fail_next: u32,
    /// The status --fail-next answers with (500 or 429, say).
    #[arg(long, default_value_t = 500)]
    fail_status: u16,
    /// Fail every Nth API request with --fail-status (0: none).
    #[arg(long, default_value_t = 0)]
    fail_every: u32,
    /// Fail each API request with this probability (0 to 1), drawn from --rng-seed.
    #[arg(long, default_value_t = 0.0)]
    fail_ratio: f64,
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
        scale_incidents: args.scale_incidents,
        variant: args.variant,
        rng_seed: args.rng_seed,
        cors: args.cors,
        faults: Switches {
            latency_ms: args.latency_ms,
            hang_next: args.hang_next,
            fail_next: FailNext { count: args.fail_next, status: args.fail_status },
            fail_some: FailSome {
                every: args.fail_every,
                ratio: args.fail_ratio,
                status: args.fail_status,
            },
            html_next: args.html_next,
            truncate_next: args.truncate_next,
            errors_with_200: args.errors_with_200,
            rate_limit_per_sec: args.rate_limit,
        },
    };
    if !(0.0..=1.0).contains(&config.faults.fail_some.ratio) {
        eprintln!("--fail-ratio must be from 0 to 1");
        std::process::exit(2);
    }
    // Seeding comes first, so that "listening" means ready even for the large seed.
    let app =
        canarytoken_sim::app(&config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let addr = listener.local_addr()?;
    println!("Console simulator listening on http://{addr}");
    for key in canarytoken_sim::keys::DEMO_KEYS {
        println!("  {:<16} API key: {}", key.role.label(), key.key);
    }
    axum::serve(listener, app).await
}
