//! hinge: a static site generator for a deadlift back-rehab guide.
//!
//! The build is a chain of stages, each a module taking the previous stage's value:
//!
//! ```text
//! load ─► parse ─► render ─► check ─► write
//! Sources  Site     Rendered  (links)   public/
//! ```
//!
//! [`load`] reads `site.yaml`, `content/`, the theme and overrides; [`content`] parses front
//! matter and markdown into a [`site::Site`]; [`assets`] and [`templates`] prepare CSS and tera;
//! [`render`] produces every output file in memory; [`linkcheck`] verifies every internal link;
//! [`write`] swaps the result into place. Content problems are collected as
//! [`diagnostic::Diagnostic`]s across the whole site and reported together.

pub mod assets;
pub mod bench;
pub mod cache;
pub mod cli;
pub mod components;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostic;
pub mod frontmatter;
pub mod fsutil;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod views;
pub mod write;
pub mod yaml;

use diagnostic::Diagnostic;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's content, templates or configuration (exit status 1).
    Content(Vec<Diagnostic>),
    /// The command cannot run as asked, e.g. an output directory hinge does not own (exit status 2).
    Usage(String),
    /// A filesystem or other system failure (exit status 1).
    Io(anyhow::Error),
}

impl BuildError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Usage(_) => 2,
            BuildError::Content(_) | BuildError::Io(_) => 1,
        }
    }

    /// The message to print.
    pub fn report(&self) -> String {
        match self {
            BuildError::Content(diagnostics) => diagnostic::render_all(diagnostics),
            BuildError::Usage(message) => format!("error: {message}\n"),
            BuildError::Io(err) => format!("error: {err:#}\n"),
        }
    }
}

/// What a build or check is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root, holding `site.yaml`.
    pub root: PathBuf,
    /// Replaces the configured base URL.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Where to write; `None` checks without writing.
    pub output: Option<PathBuf>,
    /// Built for `hinge serve`: the search index keeps a stable name, so editing one page does
    /// not change every page that links to the index (the server sends `no-store` anyway).
    pub live: bool,
    /// When set, warn about pages whose review is older than `review_max_age_days` on this day.
    pub review_day: Option<time::Date>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// HTML pages rendered from content.
    pub pages: usize,
    /// Asset files written.
    pub assets: usize,
    /// Exercises in the data.
    pub exercises: usize,
    /// All files in the output.
    pub files: usize,
    /// Wall time in milliseconds.
    pub millis: u128,
    /// Warnings found (they do not fail the build unless the command is strict).
    pub warnings: Vec<Diagnostic>,
}

/// Runs every stage in memory and returns the rendered site without writing it.
pub fn build_in_memory(options: &BuildOptions) -> Result<render::Rendered, BuildError> {
    build_cached(options, None)
}

/// Runs every stage in memory, reusing and refreshing `cache` (for `hinge serve`).
pub fn build_cached(
    options: &BuildOptions,
    cache: Option<&cache::BuildCache>,
) -> Result<render::Rendered, BuildError> {
    let mut clock = StageClock::start();
    let load_options = load::LoadOptions { root: options.root.clone(), base_url: options.base_url.clone() };
    let sources = load::load_sources(&load_options)?;
    clock.lap("load");
    let site = content::parse_site(sources, content::ParseOptions { drafts: options.drafts, cache })
        .map_err(BuildError::Content)?;
    clock.lap("parse");
    let warnings = options.review_day.map(|day| review::overdue_reviews(&site, day)).unwrap_or_default();
    // The CSS bundle and the search index are independent: build them side by side.
    let (bundled, index) =
        rayon::join(|| assets::bundle_assets(&site.statics), || search::build_index(&site));
    let mut manifest = bundled.map_err(BuildError::Content)?;
    if options.live {
        manifest.add_unhashed(search::INDEX_ASSET, index);
    } else {
        manifest.add_generated(search::INDEX_ASSET, index);
    }
    let manifest = Arc::new(manifest);
    let mut templates =
        templates::load_templates(&site.templates, &site.config.base_path, Arc::clone(&manifest))
            .map_err(BuildError::Content)?;
    clock.lap("assets and templates");
    let mut rendered =
        render::render_site(&site, &mut templates, &manifest, cache).map_err(BuildError::Content)?;
    rendered.warnings = warnings;
    clock.lap("render");
    let broken = linkcheck::check_links(&rendered, &site, &templates);
    clock.lap("link check");
    if !broken.is_empty() {
        return Err(BuildError::Content(broken));
    }
    Ok(rendered)
}

/// Logs each stage's duration at debug level (`HINGE_LOG=debug`).
struct StageClock(Instant);

impl StageClock {
    fn start() -> Self {
        StageClock(Instant::now())
    }

    fn lap(&mut self, stage: &str) {
        tracing::debug!(stage, millis = self.0.elapsed().as_secs_f64() * 1000.0, "stage done");
        self.0 = Instant::now();
    }
}

/// Builds the site and, when `options.output` is set, writes it there atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    if let Some(out) = &options.output {
        write::check_output_dir(out).map_err(|r| BuildError::Usage(r.0))?;
    }
    let rendered = build_in_memory(options)?;
    if let Some(out) = &options.output {
        let writing = Instant::now();
        write::write_site(&rendered.files, out).map_err(BuildError::Io)?;
        tracing::debug!(stage = "write", millis = writing.elapsed().as_secs_f64() * 1000.0, "stage done");
    }
    Ok(BuildSummary {
        pages: rendered.pages,
        assets: rendered.assets,
        exercises: rendered.exercises,
        files: rendered.files.len(),
        millis: started.elapsed().as_millis(),
        warnings: rendered.warnings,
    })
}
