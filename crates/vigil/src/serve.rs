//! `vigil serve`: the web UI and the JSON API over a store, until Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use vigil_server::AppState;
use vigil_store::Store;
use vigil_store_sqlite::SqliteStore;

use crate::cli::ServeArgs;

/// Opens the store named by `--db` and serves it on `--addr`.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let store = SqliteStore::open_url(&args.db).with_context(|| format!("opening {}", args.db))?;
    serve_store(AppState::new(Arc::new(store) as Arc<dyn Store>), args.addr)
}

/// Serves `state` on `addr` until Ctrl-C, logging requests to stderr;
/// `vigil demo` calls this once its corpus is stored.
pub fn serve_store(state: AppState, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    // A second subscriber (tests, demo after serve) is not an error.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(vigil_server::serve(state, addr))
        .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}
