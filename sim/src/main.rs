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
    /// Demo data to start with.
    #[arg(long, value_enum, default_value_t = Seed::Demo)]
    seed: Seed,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let config = Config {
        dist: args.dist,
        seed: args.seed,
    };
    let addr = listener.local_addr()?;
    println!("Console simulator listening on http://{addr}");
    for key in canarytoken_sim::keys::DEMO_KEYS {
        println!("  {:<16} API key: {}", key.role.label(), key.key);
    }
    canarytoken_sim::serve(listener, config).await
}
