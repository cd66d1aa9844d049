//! The commands: each runs the stages (or, for `new`, writes a skeleton) and says how it went.
//!
//! [`run`] is all `main` calls: it takes the parsed command line and returns the process exit
//! status (0 success, 1 content errors, 2 usage errors).

pub(crate) mod bench;
pub(crate) mod body_store;
pub(crate) mod build;
pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod fingerprint;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;

use crate::cli::{Cli, Command};

/// Runs one command line to the end, printing its outcome, and returns the exit status:
/// 0 on success, 1 for content errors (or warnings under `--strict`), 2 for usage errors.
pub fn run(cli: Cli) -> u8 {
    let root = cli.root;
    match cli.command {
        Command::Build { base_url, output, drafts, message_format } => {
            build::run(root, base_url, output, drafts, message_format)
        }
        Command::Check {
            base_url,
            drafts,
            strict,
            message_format,
            external,
            external_timeout,
            skip_external,
        } => {
            let external =
                external.then_some(check::External { timeout_secs: external_timeout, skip: skip_external });
            check::run(root, base_url, drafts, strict, message_format, external)
        }
        Command::Serve { base_url, port, bind, open, drafts } => {
            serve::run(serve::ServeOptions { root, base_url, bind, port, drafts, open })
        }
        Command::New { what } => new::run(&root, what),
        Command::Init { dir, base_url } => {
            let dir =
                if dir.is_absolute() || root == std::path::Path::new(".") { dir } else { root.join(dir) };
            init::run(&dir, &base_url)
        }
        Command::BenchCorpus { pages, out, variant } => bench::run_corpus(&out, pages, variant),
        Command::BenchFloor { src, out } => bench::run_floor(&src, &out),
    }
}
