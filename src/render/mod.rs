//! Stage 3, render: the site, its templates and assets become output files in memory.
//!
//! Pages render in parallel through one shared, compiled [`Templates`]; site-wide values (`site`,
//! `data`) sit in tera's global context, set once when the templates are compiled. [`page`]
//! plans and renders each output page (each render returns the assets it used); [`render_site`]
//! adds `404.html`, alias redirects, taxonomy pages ([`taxonomies`]), `sitemap.xml`,
//! `robots.txt`, `.nojekyll`, `CNAME`, the
//! assets that were used, and the web app manifest and service worker ([`offline`]). Each output file remembers where it came from, so the link check can
//! name the template or source behind a broken link.

pub(crate) mod assets;
mod body;
pub(crate) mod cards;
mod css_checks;
mod functions;
mod generated;
pub(crate) mod images;
pub(crate) mod offline;
pub(crate) mod page;
pub(crate) mod search;
mod structured;
mod taxonomies;
pub(crate) mod templates;
pub(crate) mod views;

use crate::diagnostic::Diagnostic;
use crate::html::LinkScan;
use crate::model::Site;
use assets::AssetManifest;
use page::{RenderedPage, site_view};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use templates::Templates;

/// Where an output file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A markdown page (index into `Site::pages`) rendered through a template.
    Page {
        /// Index into `Site::pages`.
        page: usize,
        /// The template name.
        template: String,
    },
    /// A template rendered on its own, such as `404.html`.
    Template(String),
    /// A file hinge generates itself (the search index, `.nojekyll`, `CNAME`).
    Generated,
    /// A static or content file copied byte for byte from this file (so an offset in the
    /// output is the same offset in the source).
    Copied(PathBuf),
    /// A stylesheet or script bundled from this entry file.
    Bundled(PathBuf),
}

/// One file of the built site: its path in the output, its bytes and where it came from.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The bytes to write, shared: the serve cache and the server hold the same copy.
    pub bytes: Arc<Vec<u8>>,
    /// Where it came from.
    pub(crate) origin: Origin,
}

/// The whole built site, in memory, sorted by path.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Number of HTML pages rendered from content.
    pub pages: usize,
    /// Number of asset files written.
    pub(crate) assets: usize,
    /// Number of exercises in the data (each has a page).
    pub(crate) exercises: usize,
    /// Warnings that do not stop the build (overdue reviews, when asked for).
    pub(crate) warnings: Vec<Diagnostic>,
    /// The highlighted code blocks the site uses, for the next build's cache.
    pub(crate) highlights: crate::model::Highlights,
    /// The pages' links to other sites, each located where it is written (when asked for).
    pub(crate) external: Vec<(String, Diagnostic)>,
    /// The link scans the page render made, by output path; other files are scanned by the
    /// link check.
    pub(crate) scans: HashMap<String, Arc<LinkScan>>,
}

impl Rendered {
    /// Adds files made outside the page render (the resized images), keeping the order by path.
    pub(crate) fn add_files(&mut self, files: Vec<OutputFile>) {
        if files.is_empty() {
            return;
        }
        let mut files = files;
        // Two copies of one image (same bytes and name) give the same file once; a clash with
        // any other output is left for the output check to report.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path && a.bytes == b.bytes);
        self.assets += files.len();
        self.files.extend(files);
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

/// What every template sees besides its own context: `site`, `data` and `images` (each
/// photo's `<picture>` view by its path under `content/`).
pub(crate) fn globals(site: &Site, images: &images::ImageSet) -> tera::Context {
    let mut globals = tera::Context::new();
    globals.insert("site", &site_view(site));
    globals.insert("data", &site.data);
    globals.insert("images", &images.views);
    globals
}

/// The whole site from its rendered pages: adds the 404 page, redirects, feeds, the sitemap and
/// the assets the pages used; fails with every page's and every generated file's problems.
pub(crate) fn render_site(
    site: &Site,
    templates: &Templates,
    manifest: &AssetManifest,
    pages: Vec<Result<RenderedPage, Diagnostic>>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut files = Vec::with_capacity(pages.len() + 16);
    let mut used = BTreeSet::new();
    let mut scans = HashMap::with_capacity(pages.len());
    for result in pages {
        match result {
            Ok(page) => {
                if let Some(links) = page.links {
                    scans.insert(page.file.path.clone(), links);
                }
                files.push(page.file);
                used.extend(page.assets);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let page_count = files.len();
    let mut extra_files = generated::generated_files(site, templates);
    extra_files.extend(taxonomies::taxonomy_pages(site, templates));
    for result in extra_files.into_iter().chain(offline::web_manifest(site, templates)) {
        match result {
            Ok(file) => {
                files.push(file.file);
                used.extend(file.assets);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(crate::diagnostic::group_repeated(diagnostics));
    }
    files.push(generated(".nojekyll", String::new()));
    if let Some(cname) = &site.config.cname {
        files.push(generated("CNAME", format!("{cname}\n")));
    }
    files.extend(site.files.iter().map(|f| OutputFile {
        path: f.rel.clone(),
        bytes: Arc::new(f.bytes.clone()),
        origin: Origin::Copied(f.display.clone()),
    }));
    let assets = manifest.output_files(&used);
    let asset_count = assets.len();
    files.extend(assets);
    // Last: the service worker lists (and hashes) the finished files it precaches.
    match offline::service_worker(site, templates, &files) {
        Some(Ok(worker)) => files.push(worker.file),
        Some(Err(d)) => return Err(vec![d]),
        None => {}
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered {
        files,
        pages: page_count,
        assets: asset_count,
        exercises: site.data.exercises.len(),
        warnings: Vec::new(),
        highlights: Default::default(),
        external: Vec::new(),
        scans,
    })
}

fn generated(path: &str, text: String) -> OutputFile {
    OutputFile { path: path.to_string(), bytes: Arc::new(text.into_bytes()), origin: Origin::Generated }
}
