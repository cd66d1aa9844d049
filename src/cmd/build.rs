//! `hinge build`: the orchestrator that runs the stages in order.
//!
//! Each stage is called with the previous stage's value; the [`BuildCache`] of `hinge serve`
//! wraps the stages' pure per-page functions here, so no stage knows about it.

use super::body_store;
use super::cache::BuildCache;
use crate::cli::MessageFormat;
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, LoadError, LoadOptions};
use crate::model::{Highlights, Site, SourceFile, Statics, TextFile};
use crate::render::assets::AssetManifest;
use crate::render::cards::Cards;
use crate::render::images::ImageSet;
use crate::render::templates::{Templates, function_inputs, load_templates};
use crate::render::{self, Rendered, assets, page, search};
use crate::{check, parse, write};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Why a build failed; each variant maps to an exit status (see [`crate::run`]).
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
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            BuildError::Usage(_) => 2,
            BuildError::Content(_) | BuildError::Io(_) => 1,
        }
    }

    /// The message to print.
    pub(crate) fn report(&self) -> String {
        match self {
            BuildError::Content(diagnostics) => diagnostic::render_all(diagnostics),
            BuildError::Usage(message) => format!("error: {message}\n"),
            BuildError::Io(err) => format!("error: {err:#}\n"),
        }
    }
}

impl From<LoadError> for BuildError {
    fn from(err: LoadError) -> Self {
        match err {
            LoadError::NotASite(message) => BuildError::Usage(message),
            LoadError::Content(diagnostics) => BuildError::Content(diagnostics),
            LoadError::Io(err) => BuildError::Io(err),
        }
    }
}

/// What a build or check is asked to do; `Default` is a plain build of `.` into memory.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root, holding `site.yaml`.
    pub root: PathBuf,
    /// Replaces the configured base URL.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Where to write; `None` checks without writing.
    pub output: Option<PathBuf>,
    /// Built for `hinge serve`: the search index keeps a stable name, so editing one page does
    /// not change every page that links to the index (the server sends `no-store` anyway).
    pub live: bool,
    /// When set, warn about pages whose review is older than `review_max_age_days` on this day.
    pub review_day: Option<time::Date>,
    /// Gather the pages' links to other sites, for `hinge check --external`.
    pub collect_external: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub(crate) struct BuildSummary {
    pages: usize,
    assets: usize,
    exercises: usize,
    files: usize,
    millis: u128,
    /// Problems that do not fail the command (unless `--strict`).
    pub(crate) warnings: Vec<Diagnostic>,
    /// The pages' outside links, located, if gathered.
    pub(crate) external: Vec<(String, Diagnostic)>,
    /// The previous site, moved aside by the swap: deleted after the summary is printed.
    retired: Option<PathBuf>,
}

/// Runs every stage in memory and returns the rendered site without writing it.
pub fn build_in_memory(options: &BuildOptions) -> Result<Rendered, BuildError> {
    build_cached(options, None)
}

/// Runs every stage in memory, reusing the markdown and pages that `cache` holds from earlier
/// builds whose inputs have not changed, and storing what it renders afresh (`hinge serve`).
pub fn build_cached(options: &BuildOptions, cache: Option<&BuildCache>) -> Result<Rendered, BuildError> {
    run_stages(options, cache, None)
}

/// Runs every stage; with `staging`, each page is written there as soon as it is rendered and
/// its bytes dropped (except the pages the service worker hashes), so memory holds the pages
/// in flight rather than the whole site. Nothing is swapped in here: the caller finishes the
/// staging folder only if this returns `Ok`.
fn run_stages(
    options: &BuildOptions,
    cache: Option<&BuildCache>,
    staging: Option<&write::Staging>,
) -> Result<Rendered, BuildError> {
    let mut clock = StageClock::start();
    if let Some(cache) = cache {
        cache.forget_build();
    }
    let Parsed { site, earlier, highlights, templates, statics, fonts, context, store_writer } =
        parse_stage(options, cache, &mut clock)?;
    let warnings =
        options.review_day.map(|day| check::review::overdue_reviews(&site, day)).unwrap_or_default();
    let side = side_outputs(options, cache, &site, &statics, &fonts);
    clock.lap("css, search index, images, cards");
    let (manifest, images, cards) = side.finish(options, &site).map_err(|found| failed(found, &earlier))?;
    let globals = render::globals(&site, &images);
    let inputs = function_inputs(&site, &options.root);
    let templates =
        load_templates(&templates, &site.config.base_path, Arc::clone(&manifest), globals, inputs)
            .map_err(|found| failed(found, &earlier))?;
    clock.lap("assets and templates");
    let (jobs, problems) = page::plan_pages(&site, &templates);
    clock.lap("plan pages");
    let kept = staging.map(|_| render::offline::precached_pages(&site)).unwrap_or_default();
    let mut pages = match cache {
        Some(cache) => cache.render_pages(&site, &templates, &manifest, &images, &jobs),
        None => jobs
            .par_iter()
            .map(|job| page::render_page(&templates, job).map(|page| stream(page, staging, &kept)))
            .collect(),
    };
    drop(jobs);
    clock.lap("render pages");
    pages.extend(problems.into_iter().map(Err));
    let mut rendered =
        render::render_site(&site, &templates, &manifest, pages).map_err(|found| failed(found, &earlier))?;
    rendered.warnings = warnings;
    rendered.highlights = highlights;
    rendered.add_files(images.files);
    rendered.add_files(cards.files);
    clock.lap("render");
    let broken = check_stage(&rendered, &site, &templates, cache);
    clock.lap("link check");
    if !broken.is_empty() || !earlier.is_empty() {
        return Err(failed(broken, &earlier));
    }
    if options.collect_external {
        rendered.external = check::external::external_links(&site, &rendered, &templates);
    }
    if let Some(writer) = store_writer {
        let _ = writer.join();
    }
    match (cache, context) {
        (Some(cache), Some(context)) => cache.remember_build(site, templates, context, manifest),
        // Freeing a large site takes a while: off the critical path.
        _ => drop(std::thread::spawn(move || drop((site, templates)))),
    }
    Ok(rendered)
}

/// What the parse stage hands on, with the sources the later stages still read.
struct Parsed {
    site: Site,
    /// Problems found that do not stop the later stages (pages with errors).
    earlier: Vec<Diagnostic>,
    highlights: Highlights,
    templates: BTreeMap<String, TextFile>,
    statics: Statics,
    fonts: BTreeMap<String, SourceFile>,
    /// What rendering a body reads, kept for `hinge serve`'s one-page patches (with a cache).
    context: Option<parse::BodyContext>,
    /// The thread writing the markdown store, when this build changed it.
    store_writer: Option<std::thread::JoinHandle<()>>,
}

/// Loads the sources and parses them into the site: front matter (remembered by `cache`),
/// markdown bodies (rendered through `cache`), assembled with every problem kept.
fn parse_stage(
    options: &BuildOptions,
    cache: Option<&BuildCache>,
    clock: &mut StageClock,
) -> Result<Parsed, BuildError> {
    let load_options = LoadOptions { root: options.root.clone(), base_url: options.base_url.clone() };
    let load::Sources { config, texts, files, templates, statics, fonts, problems } =
        load::load_sources(&load_options)?;
    clock.lap("load");
    let highlights = load::highlights::read_highlights(&options.root);
    // `hinge serve` remembers each page's front matter by its text.
    let memo = cache.map(|cache| cache.front_matter_memo(&templates, &config));
    let memo = memo.as_ref().map(|m| m as &parse::FrontMatterMemo<'_>);
    let mut outline = parse::outline(config, texts, files, &templates, options.drafts, highlights, memo);
    clock.lap("outline");
    let (bodies, store_writer) = match cache {
        Some(cache) => (cache.render_bodies(&outline), None),
        None => body_store::render_bodies(&options.root, &outline),
    };
    clock.lap("markdown bodies");
    let highlights = outline.highlights_used(&bodies);
    let context = cache.map(|_| outline.take_body_context());
    // A file that is not UTF-8 is reported once, together with every other content problem;
    // a site with problems the later stages can still check goes on, with its problems kept.
    let parse::Assembled { site, problems: mut earlier } = parse::assemble(outline, bodies);
    clock.lap("parse");
    match site {
        Some(site) if problems.is_empty() => {
            Ok(Parsed { site, earlier, highlights, templates, statics, fonts, context, store_writer })
        }
        _ => {
            earlier.extend(problems);
            Err(BuildError::Content(earlier))
        }
    }
}

/// What is made beside the pages, independently of them: the CSS and script bundle, the
/// search index, the resized images and the social cards.
struct SideOutputs {
    bundled: Result<AssetManifest, Vec<Diagnostic>>,
    index: Vec<u8>,
    images: Result<ImageSet, Vec<Diagnostic>>,
    cards: Result<Cards, Vec<Diagnostic>>,
}

/// Makes the [`SideOutputs`] side by side, each through `cache` where it has a memory.
fn side_outputs(
    options: &BuildOptions,
    cache: Option<&BuildCache>,
    site: &Site,
    statics: &Statics,
    fonts: &BTreeMap<String, SourceFile>,
) -> SideOutputs {
    let image_cache = options.root.join(render::images::IMAGE_CACHE_DIR);
    let disk_cards = render::cards::DiskCards(options.root.join(render::cards::CARD_CACHE_DIR));
    let remembered_cards = cache.map(|cache| cache.cards(disk_cards.clone()));
    let card_store: &dyn render::cards::CardStore = match &remembered_cards {
        Some(memory) => memory,
        None => &disk_cards,
    };
    let fonts: Vec<&_> = fonts.values().collect();
    let ((bundled, index), (images, cards)) = rayon::join(
        || {
            rayon::join(
                || cache.map_or_else(|| assets::bundle_assets(statics), |c| c.bundle_assets(statics)),
                || cache.map_or_else(|| search::build_index(site), |c| c.search_index(site)),
            )
        },
        || {
            rayon::join(
                || render::images::process_images(site, Some(&image_cache)),
                || render::cards::render_cards(site, &fonts, Some(card_store)),
            )
        },
    );
    SideOutputs { bundled, index, images, cards }
}

impl SideOutputs {
    /// The asset manifest with the generated assets added (the search index and the planner's
    /// red-flag data: fingerprinted, or under a stable name for `hinge serve`), the images and
    /// the cards; or every problem they had.
    fn finish(
        self,
        options: &BuildOptions,
        site: &Site,
    ) -> Result<(Arc<AssetManifest>, ImageSet, Cards), Vec<Diagnostic>> {
        let mut manifest = self.bundled?;
        let images = self.images?;
        let cards = self.cards?;
        let safety = render::views::safety_json(site).map(|json| (render::views::SAFETY_ASSET, json));
        for (logical, bytes) in std::iter::once((search::INDEX_ASSET, self.index)).chain(safety) {
            if options.live {
                manifest.add_unhashed(logical, bytes);
            } else {
                manifest.add_generated(logical, bytes);
            }
        }
        Ok((Arc::new(manifest), images, cards))
    }
}

/// The check stage: every output has one producer, and then (only then: with two, the page the
/// check would read is an accident of order) every internal link lands.
fn check_stage(
    rendered: &Rendered,
    site: &Site,
    templates: &Templates,
    cache: Option<&BuildCache>,
) -> Vec<Diagnostic> {
    let clashes = check::outputs::check_outputs(rendered, site, templates);
    if !clashes.is_empty() {
        return clashes;
    }
    match cache {
        Some(cache) => cache.check_links(rendered, site, templates),
        None => check::links::check_links(rendered, site, templates),
    }
}

/// Writes a rendered page into the staging folder, if there is one, and drops its bytes, unless
/// it is one the service worker hashes (`keep`).
fn stream(
    mut page: page::RenderedPage,
    staging: Option<&write::Staging>,
    keep: &std::collections::HashSet<String>,
) -> page::RenderedPage {
    if let Some(staging) = staging
        && !keep.contains(&page.file.path)
    {
        staging.stream(&page.file);
        page.file.bytes = Arc::default();
    }
    page
}

/// A failed build's problems: those of a later stage and those found earlier, all reported.
fn failed(mut later: Vec<Diagnostic>, earlier: &[Diagnostic]) -> BuildError {
    later.extend_from_slice(earlier);
    BuildError::Content(later)
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

/// Builds the site and, when `options.output` is set, writes it there atomically: the output is
/// checked before anything is read, and held locked from then until the swap.
pub(crate) fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let target = match &options.output {
        Some(out) => {
            Some(write::place::resolve_output(&options.root, out).map_err(|r| BuildError::Usage(r.0))?)
        }
        None => None,
    };
    let lock =
        target.as_deref().map(write::guard::OutputLock::acquire).transpose().map_err(BuildError::Io)?;
    let staging = target.as_deref().map(write::Staging::open).transpose().map_err(BuildError::Io)?;
    // A failed build drops the staging folder, which deletes it: the output is untouched.
    let rendered = run_stages(options, None, staging.as_ref())?;
    let mut retired = None;
    if let Some(staging) = staging {
        let writing = Instant::now();
        retired = staging.finish(&rendered.files).map_err(BuildError::Io)?;
        save_highlight_cache(&options.root, &rendered);
        tracing::debug!(stage = "write", millis = writing.elapsed().as_secs_f64() * 1000.0, "stage done");
    }
    drop(lock);
    Ok(BuildSummary {
        pages: rendered.pages,
        assets: rendered.assets,
        exercises: rendered.exercises,
        files: rendered.files.len(),
        millis: started.elapsed().as_millis(),
        warnings: rendered.warnings,
        external: rendered.external,
        retired,
    })
}

/// Keeps the site's highlighted code blocks for the next build; a site without code blocks
/// gets no cache folder.
fn save_highlight_cache(root: &Path, rendered: &Rendered) {
    let file = load::highlights::highlights_file(root);
    if !rendered.highlights.known.is_empty() || file.exists() {
        write::highlights::save_highlights(&file, &rendered.highlights);
    }
}

/// `hinge build`: the output directory is relative to the site root unless absolute.
pub(crate) fn run(
    root: PathBuf,
    base_url: Option<String>,
    output: PathBuf,
    drafts: bool,
    format: MessageFormat,
) -> u8 {
    let output = if output.is_absolute() || root == Path::new(".") { output } else { root.join(output) };
    let options = BuildOptions { root, base_url, drafts, output: Some(output), ..Default::default() };
    let result = build(&options);
    let retired = result.as_ref().ok().and_then(|summary| summary.retired.clone());
    let outcome = Outcome { verb: "built", failed: "the site could not be built", strict: false, format };
    let code = print_outcome(&options, result, &outcome);
    // Off the critical path: the new site is in place and announced before the old one goes.
    if let Some(retired) = retired {
        write::remove_retired(&retired);
    }
    code
}

/// How a command reports its result.
pub(crate) struct Outcome {
    /// The summary's verb: "built", "checked".
    pub(crate) verb: &'static str,
    /// The headline of a failure: "the site could not be built".
    pub(crate) failed: &'static str,
    /// Warnings fail the command too.
    pub(crate) strict: bool,
    /// Human-readable or GitHub annotations.
    pub(crate) format: MessageFormat,
}

/// Prints a build's warnings and one-line summary, or its errors; returns the exit status.
/// With `MessageFormat::Github`, problems go to stdout as workflow annotations (the runner
/// reads them there) and a human summary still goes to stderr.
pub(crate) fn print_outcome(
    options: &BuildOptions,
    result: Result<BuildSummary, BuildError>,
    outcome: &Outcome,
) -> u8 {
    let github = outcome.format == MessageFormat::Github;
    let summary = match result {
        Ok(summary) => summary,
        Err(err) => {
            match (&err, github) {
                (BuildError::Content(d), true) => {
                    print!("{}", diagnostic::render_github(d, &options.root));
                    eprintln!("error: {}: {} error(s)", outcome.failed, d.len());
                }
                (BuildError::Content(d), false) => {
                    eprint!("{}", diagnostic::render_all_as(d, outcome.failed))
                }
                (other, true) => println!("::error::{}", diagnostic::escape_data(other.report().trim_end())),
                (other, false) => eprint!("{}", other.report()),
            }
            return err.exit_code();
        }
    };
    let (verb, strict) = (outcome.verb, outcome.strict);
    if !summary.warnings.is_empty() {
        if github {
            print!("{}", diagnostic::render_github(&summary.warnings, &options.root));
        }
        eprint!("{}", diagnostic::render_warnings(&summary.warnings));
        if strict {
            eprintln!("error: --strict treats warnings as errors");
            return 1;
        }
    }
    let target = options.output.as_ref().map(|o| format!(" into {}", o.display())).unwrap_or_default();
    println!(
        "{verb} {} pages (of them {} exercises), {} assets ({} files){target} in {} ms",
        summary.pages, summary.exercises, summary.assets, summary.files, summary.millis
    );
    0
}
