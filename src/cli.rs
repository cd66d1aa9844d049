//! The command line, declared with clap's derive API; doc comments become `--help`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// hinge: build the deadlift back-rehab guide (or any site in its format) into static HTML.
#[derive(Debug, Parser)]
#[command(name = "hinge", version, about, long_about = None)]
pub struct Cli {
    /// The site's root directory, holding `site.yaml`.
    #[arg(short, long, global = true, default_value = ".")]
    pub(crate) root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output directory (atomically; the previous output stays on failure).
    Build {
        /// Base URL to publish under, e.g. https://USER.github.io/REPO/ (overrides HINGE_BASE_URL and site.yaml).
        #[arg(long, env = "HINGE_BASE_URL")]
        base_url: Option<String>,
        /// Output directory, relative to the site root unless absolute.
        #[arg(short, long, default_value = "public")]
        output: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// How to print problems: `human` (rustc-style) or `github` (workflow annotations).
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Preview the site: build into memory, serve it, rebuild and reload the browser on every change.
    /// It is served under the base URL's path (site.yaml's, or --base-url's), as once published.
    Serve {
        /// Serve under this URL's path, e.g. http://127.0.0.1:1111/rehab-guide/ (the host and port
        /// come from --bind and --port); overrides HINGE_BASE_URL and site.yaml.
        #[arg(long, env = "HINGE_BASE_URL")]
        base_url: Option<String>,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Only loopback unless you pass another address here.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new site in DIR (default: here): site.yaml, a home page, one article and the
    /// default theme. DIR must be empty or not exist yet.
    Init {
        /// The folder to create the site in (relative to --root).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The URL the site will be published at, written to site.yaml's `base_url`.
        #[arg(long, default_value = "/")]
        base_url: String,
    },
    /// Create a valid skeleton for a new article or exercise (never overwrites a file).
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Write the benchmark corpus (for bench/run).
    #[command(hide = true)]
    BenchCorpus {
        /// Number of articles.
        #[arg(long)]
        pages: usize,
        /// Directory to create.
        #[arg(long)]
        out: PathBuf,
        /// `plain` (articles in a section, no code), `code` (one code block a page) or `flat`
        /// (plain articles directly in `content/`, no section).
        #[arg(long, default_value = "plain")]
        variant: Variant,
    },
    /// Render a corpus's markdown with pulldown-cmark alone: the floor (for bench/run).
    #[command(hide = true)]
    BenchFloor {
        /// The corpus's `content/` directory.
        #[arg(long)]
        src: PathBuf,
        /// Where to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check everything a build checks, without writing anything; also warn about pages whose
    /// review is older than `review_max_age_days`.
    Check {
        /// Base URL to check against (overrides HINGE_BASE_URL and site.yaml).
        #[arg(long, env = "HINGE_BASE_URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail (exit 1) on warnings too, e.g. an overdue review.
        #[arg(long)]
        strict: bool,
        /// Also check links to other sites (HEAD, then GET; answers cached for a day in
        /// .hinge-cache/); a failing link is a warning.
        #[arg(long)]
        external: bool,
        /// Seconds one outside link may take to answer.
        #[arg(long, default_value_t = 10, requires = "external")]
        external_timeout: u64,
        /// Do not check outside links starting with this (repeatable), e.g. https://doi.org/.
        #[arg(long, value_name = "PREFIX", requires = "external")]
        skip_external: Vec<String>,
        /// How to print problems: `human` (rustc-style) or `github` (`::error file=...,line=...,col=...::`
        /// annotations, shown on the pull request's lines).
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
}

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum MessageFormat {
    /// rustc-style: the file, line and column, the offending line and a fix.
    #[default]
    Human,
    /// GitHub Actions workflow commands: `::error file=F,line=L,col=C::message`.
    Github,
}

/// What `hinge new` creates.
#[derive(Debug, Subcommand)]
pub(crate) enum NewCommand {
    /// A markdown article, e.g. `guide/bracing` (written as a draft).
    Article {
        /// Path under `content/`, with or without `.md`.
        path: String,
    },
    /// An exercise data file, e.g. `bird-dog`.
    Exercise {
        /// The exercise id: lowercase letters, digits and hyphens.
        id: String,
    },
}

/// The shape of a benchmark corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Variant {
    /// Articles in a `posts` section, no code blocks.
    Plain,
    /// As `plain`, with one highlighted code block a page.
    Code,
    /// Plain articles directly in `content/`, listed by the home page.
    Flat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
