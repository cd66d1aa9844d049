//! The `hinge` binary: parse the command line, run one library function, map the result to an
//! exit status (0 success, 1 content errors, 2 usage errors).

use clap::Parser;
use hinge::cli::{Cli, Command, NewCommand};
use hinge::scaffold::{Skeleton, create};
use hinge::serve::{ServeOptions, serve};
use hinge::{BuildOptions, build};
use std::path::Path;
use std::process::ExitCode;

/// Prints a plumbing command's outcome and maps it to an exit status.
fn report(result: anyhow::Result<String>) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HINGE_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let (options, verb, strict) = match cli.command {
        Command::Serve { port, bind, open, drafts } => {
            return match serve(ServeOptions { root: cli.root, bind, port, drafts, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {err:#}");
                    ExitCode::from(2)
                }
            };
        }
        Command::BenchCorpus { pages, out } => {
            return report(
                hinge::bench::write_corpus(&out, pages)
                    .map(|()| format!("wrote {pages} pages to {}", out.display())),
            );
        }
        Command::BenchFloor { src, out } => {
            return report(hinge::bench::floor(&src, &out).map(|n| format!("floor: {n} pages")));
        }
        Command::New { what } => {
            let skeleton = match what {
                NewCommand::Article { path } => Skeleton::Article(path),
                NewCommand::Exercise { id } => Skeleton::Exercise(id),
            };
            return match create(&cli.root, &skeleton) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Build { base_url, output, drafts } => {
            let output = if output.is_absolute() || cli.root == Path::new(".") {
                output
            } else {
                cli.root.join(output)
            };
            let options =
                BuildOptions { root: cli.root, base_url, drafts, output: Some(output), ..Default::default() };
            (options, "built", false)
        }
        Command::Check { base_url, drafts, strict } => {
            let today = time::OffsetDateTime::now_utc().date();
            let options = BuildOptions {
                root: cli.root,
                base_url,
                drafts,
                review_day: Some(today),
                ..Default::default()
            };
            (options, "checked", strict)
        }
    };
    match build(&options) {
        Ok(summary) => {
            if !summary.warnings.is_empty() {
                eprint!("{}", hinge::diagnostic::render_warnings(&summary.warnings));
                if strict {
                    eprintln!("error: --strict treats warnings as errors");
                    return ExitCode::FAILURE;
                }
            }
            let target =
                options.output.as_ref().map(|o| format!(" into {}", o.display())).unwrap_or_default();
            println!(
                "{verb} {} pages (of them {} exercises), {} assets ({} files){target} in {} ms",
                summary.pages, summary.exercises, summary.assets, summary.files, summary.millis
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{}", err.report());
            ExitCode::from(err.exit_code())
        }
    }
}
