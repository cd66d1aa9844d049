//! The `hinge` binary: parse the command line, set up logging, run the command, exit with its
//! status (0 success, 1 content errors, 2 usage errors).

use clap::Parser;
use hinge::Cli;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: a build allocates and frees millions of small strings
/// from two threads at once, and glibc's allocator was a quarter of the profile (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HINGE_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    ExitCode::from(hinge::run(cli))
}
