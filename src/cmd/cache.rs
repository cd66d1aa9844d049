//! Incremental rebuilds: what `hinge serve` remembers between builds.
//!
//! A [`BuildCache`] keeps each page's rendered markdown, keyed by a fingerprint of everything
//! that rendering reads (the source text, the set of link targets, the data), and each output
//! page's bytes, keyed by a fingerprint of its template context. A rebuild after editing one
//! article re-renders that article's markdown and only the pages whose context changed (the
//! article, its section's listing, its neighbours), and reuses everything else. A plain
//! `hinge build` passes no cache and renders everything.

mod patch;

use super::fingerprint::{fingerprint, hash_serialized};
use crate::check::links;
use crate::diagnostic::Diagnostic;
use crate::html::LinkScan;
use crate::model::Site;
use crate::model::{SiteConfig, Statics, TextFile};
use crate::parse::markdown::RenderedMarkdown;
use crate::parse::{self, FrontMatterReader, FrontMatterResult, Outline};
use crate::render::assets::{self, AssetManifest};
use crate::render::cards::{CardStore, DiskCards};
use crate::render::images::ImageSet;
use crate::render::page::{self, PageJob, RenderedPage};
use crate::render::search;
use crate::render::templates::Templates;
use crate::render::{OutputFile, Rendered};
use rayon::prelude::*;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3;

/// Counts of rendered and reused work in the last build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Front matter blocks read.
    pub front_matter_read: usize,
    /// Front matter blocks taken from the cache.
    pub front_matter_reused: usize,
    /// Markdown bodies rendered.
    pub markdown_rendered: usize,
    /// Markdown bodies taken from the cache.
    pub markdown_reused: usize,
    /// Output pages rendered through templates.
    pub pages_rendered: usize,
    /// Output pages taken from the cache.
    pub pages_reused: usize,
    /// Files whose links were checked.
    pub links_checked: usize,
    /// Files whose links were known to land and could not have changed.
    pub links_skipped: usize,
    /// Search entries made afresh.
    pub search_indexed: usize,
    /// Search entries taken from the cache.
    pub search_reused: usize,
}

/// Rendered markdown bodies and pages from earlier builds, each under the fingerprint of what
/// it was rendered from; shared by the rendering threads of one build after another.
#[derive(Debug, Default)]
pub struct BuildCache {
    front_matter: Mutex<HashMap<PathBuf, (u64, FrontMatterResult)>>,
    markdown: Mutex<HashMap<String, (u64, RenderedMarkdown)>>,
    /// This build's markdown fingerprint of each page, by its path under `content/`: a page's
    /// search entry is a function of what its body was rendered from.
    body_keys: Mutex<HashMap<String, u64>>,
    /// Each page's search entry, written as JSON, by path under `content/`.
    search: Mutex<HashMap<String, (u64, Option<SearchJson>)>>,
    pages: Mutex<HashMap<String, (u64, RenderedPage)>>,
    links: Mutex<LinkMemory>,
    cards: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    bundle: Mutex<Option<(u64, Bundled)>>,
    stats: Mutex<CacheStats>,
    /// This build's search entries, in page order, and its two context keys (of the bodies'
    /// rendering and of the pages'): what a patch of one page reuses.
    entries: Mutex<Vec<Option<SearchJson>>>,
    context_keys: Mutex<(u64, u64)>,
    /// The last good build, for [`BuildCache::patch_page`]; `None` after a failed one.
    last: Mutex<Option<patch::LastBuild>>,
}

impl std::fmt::Debug for patch::LastBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LastBuild").field("pages", &self.site.pages.len()).finish_non_exhaustive()
    }
}

/// A page's search entry as the index writes it, shared between builds.
type SearchJson = Arc<Vec<u8>>;

/// The outcome of bundling the stylesheets and scripts.
type Bundled = Result<AssetManifest, Vec<Diagnostic>>;

/// The social cards of the last build in memory, in front of the cards folder: the served
/// site holds the same bytes, so keeping them costs nothing, and reading them back from disk
/// was most of a warm rebuild of a small site. Dropped at the end of a build, it forgets the
/// cards that build did not use.
pub(crate) struct MemoryCards<'a> {
    memory: &'a Mutex<HashMap<String, Arc<Vec<u8>>>>,
    used: Mutex<HashSet<String>>,
    disk: DiskCards,
}

impl CardStore for MemoryCards<'_> {
    fn get(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        lock(&self.used).insert(key.to_string());
        let remembered = lock(self.memory).get(key).cloned();
        remembered.or_else(|| {
            let read = self.disk.get(key)?;
            lock(self.memory).insert(key.to_string(), Arc::clone(&read));
            Some(read)
        })
    }

    fn put(&self, key: &str, png: &Arc<Vec<u8>>) {
        lock(&self.used).insert(key.to_string());
        lock(self.memory).insert(key.to_string(), Arc::clone(png));
        self.disk.put(key, png);
    }
}

impl Drop for MemoryCards<'_> {
    fn drop(&mut self) {
        let used = std::mem::take(&mut *lock(&self.used));
        lock(self.memory).retain(|key, _| used.contains(key));
    }
}

/// What the last link check saw: every output path, every HTML and CSS file's scan, and the
/// files whose links all landed, with every path their links looked up.
#[derive(Debug, Default)]
struct LinkMemory {
    paths: HashSet<String>,
    scans: HashMap<String, Arc<LinkScan>>,
    clean: HashMap<String, (Arc<LinkScan>, Vec<String>)>,
}

impl BuildCache {
    /// The stylesheets and scripts bundled and fingerprinted, or the last build's bundle when
    /// no static file changed.
    pub(crate) fn bundle_assets(&self, statics: &Statics) -> Bundled {
        let mut hasher = Xxh3::new();
        for (rel, file) in &statics.texts {
            (rel, &file.text).hash(&mut hasher);
        }
        for (rel, file) in &statics.binaries {
            (rel, xxhash_rust::xxh3::xxh3_64(&file.bytes)).hash(&mut hasher);
        }
        let key = hasher.finish();
        let mut bundle = lock(&self.bundle);
        match &*bundle {
            Some((k, bundled)) if *k == key => bundled.clone(),
            _ => {
                let fresh = assets::bundle_assets(statics);
                *bundle = Some((key, fresh.clone()));
                fresh
            }
        }
    }

    /// The card store of one build: this cache's memory in front of the cards folder `disk`.
    pub(crate) fn cards(&self, disk: DiskCards) -> MemoryCards<'_> {
        MemoryCards { memory: &self.cards, used: Mutex::default(), disk }
    }

    /// The memory of front matter the parse stage reads through: a page's front matter is
    /// checked against the template names and the taxonomies, so they are part of its key.
    pub(crate) fn front_matter_memo<'a>(
        &'a self,
        templates: &BTreeMap<String, TextFile>,
        config: &SiteConfig,
    ) -> impl Fn(&Path, &str, &FrontMatterReader<'_>) -> FrontMatterResult + Sync + 'a {
        let names: Vec<&String> = templates.keys().collect();
        let context = fingerprint(&[&names, &format!("{:?}", config.taxonomies)]);
        move |display: &Path, text: &str, read: &FrontMatterReader<'_>| {
            self.front_matter(context, display, text, read)
        }
    }

    /// A page's front matter, read by `read` unless this text was read before in the same
    /// `context`.
    fn front_matter(
        &self,
        context: u64,
        display: &Path,
        text: &str,
        read: &FrontMatterReader<'_>,
    ) -> FrontMatterResult {
        let key = fingerprint(&[&context, &text]);
        let hit = self.reuse(&self.front_matter, display, key, |s| &mut s.front_matter_reused);
        hit.unwrap_or_else(|| {
            let fresh = read(display, text);
            self.store(&self.front_matter, display, key, &fresh, |s| &mut s.front_matter_read);
            fresh
        })
    }

    /// Renders every markdown body of `outline`, reusing those whose inputs are unchanged.
    pub(crate) fn render_bodies(&self, outline: &Outline) -> Vec<RenderedMarkdown> {
        let context = markdown_context_key(outline);
        lock(&self.context_keys).0 = context;
        let keys: Vec<u64> = outline
            .pages
            .par_iter()
            .map(|page| body_key(context, page.rel(), &page.text, page.body_offset))
            .collect();
        let by_page = outline.pages.iter().zip(&keys).map(|(page, key)| (page.rel().to_string(), *key));
        *lock(&self.body_keys) = by_page.collect();
        outline
            .pages
            .par_iter()
            .zip(keys)
            .map(|(page, key)| {
                let hit = self.reuse(&self.markdown, page.rel(), key, |s| &mut s.markdown_reused);
                hit.unwrap_or_else(|| {
                    let fresh = parse::render_body(outline, page);
                    self.store(&self.markdown, page.rel(), key, &fresh, |s| &mut s.markdown_rendered);
                    fresh
                })
            })
            .collect()
    }

    /// The search index, reusing the entry of every page whose body's inputs are unchanged (a
    /// page made from data has no body and is indexed afresh).
    pub(crate) fn search_index(&self, site: &Site) -> Vec<u8> {
        let keys = lock(&self.body_keys);
        let written = |page| search::page_json(site, page).map(Arc::new);
        let entries: Vec<Option<SearchJson>> = site
            .pages
            .par_iter()
            .map(|p| match keys.get(&p.rel) {
                Some(&key) => {
                    self.reuse(&self.search, &p.rel, key, |s| &mut s.search_reused).unwrap_or_else(|| {
                        let fresh = written(p);
                        self.store(&self.search, &p.rel, key, &fresh, |s| &mut s.search_indexed);
                        fresh
                    })
                }
                None => written(p),
            })
            .collect();
        let json = search::index_from_json(site, entries.iter().flatten().map(|e| e.as_slice()));
        *lock(&self.entries) = entries;
        json
    }

    /// Renders every planned page, reusing those whose template context is unchanged.
    pub(crate) fn render_pages(
        &self,
        site: &Site,
        templates: &Templates,
        manifest: &AssetManifest,
        images: &ImageSet,
        jobs: &[PageJob<'_>],
    ) -> Vec<Result<RenderedPage, Diagnostic>> {
        let mut hasher = Xxh3::new();
        page_context_key(site, templates, manifest).hash(&mut hasher);
        hash_serialized(&mut hasher, &images.views);
        let global = hasher.finish();
        lock(&self.context_keys).1 = global;
        jobs.par_iter()
            .map(|job| {
                let key = job_key(global, job);
                if let Some(mut hit) = self.reuse(&self.pages, &job.path, key, |s| &mut s.pages_reused) {
                    // The same context may belong to a page at another index since an earlier
                    // page was added or deleted: the origin is this build's.
                    hit.file.origin = job.origin();
                    return Ok(hit);
                }
                let fresh = page::render_page(templates, job)?;
                self.store(&self.pages, &job.path, key, &fresh, |s| &mut s.pages_rendered);
                Ok(fresh)
            })
            .collect()
    }

    /// Checks the links of `rendered`, skipping each file whose links all landed last time when
    /// neither it nor any path its links looked up has changed (appeared, gone, or changed its
    /// ids). A file with a broken link is always checked again, so its errors are current.
    pub(crate) fn check_links(
        &self,
        rendered: &Rendered,
        site: &Site,
        templates: &Templates,
    ) -> Vec<Diagnostic> {
        let scanned = links::scanned_files(rendered);
        let targets = links::LinkTargets::new(rendered, &scanned, site);
        let mut memory = lock(&self.links);
        let mut changed = changed_targets(&memory, targets.paths(), &scanned);
        // Links into pages with errors are excused while the errors last: check them each time.
        changed.extend(targets.with_errors.iter().cloned());
        let unchanged = |(file, scan): &&(&OutputFile, Arc<LinkScan>)| {
            memory.clean.get(&file.path).is_some_and(|(before, looked_up)| {
                Arc::ptr_eq(before, scan) && !looked_up.iter().any(|path| changed.contains(path))
            })
        };
        let (skipped, to_check): (Vec<_>, Vec<_>) = scanned.iter().partition(unchanged);
        let checked: Vec<_> = to_check
            .par_iter()
            .map(|(file, scan)| {
                let mut looked_up = Vec::new();
                let broken = targets.check_file(file, scan, &mut looked_up);
                (file.path.clone(), Arc::clone(scan), looked_up, broken)
            })
            .collect();
        {
            let mut stats = lock(&self.stats);
            stats.links_checked += to_check.len();
            stats.links_skipped += skipped.len();
        }
        let mut broken = Vec::new();
        for (path, scan, looked_up, found) in checked {
            if found.is_empty() {
                memory.clean.insert(path, (scan, looked_up));
            } else {
                memory.clean.remove(&path);
                broken.extend(found);
            }
        }
        memory.paths = rendered.files.iter().map(|f| f.path.clone()).collect();
        memory.scans = scanned.iter().map(|(f, scan)| (f.path.clone(), Arc::clone(scan))).collect();
        let LinkMemory { scans, clean, .. } = &mut *memory;
        clean.retain(|path, _| scans.contains_key(path));
        drop(memory);
        targets.diagnose(broken, site, templates)
    }

    /// Keeps the good build just made (its site, templates, body context and assets) for
    /// [`BuildCache::patch_page`], freeing the one before off the caller's thread.
    pub(crate) fn remember_build(
        &self,
        site: Site,
        templates: Templates,
        context: parse::BodyContext,
        manifest: Arc<AssetManifest>,
    ) {
        let (body_context_key, page_context_key) = *lock(&self.context_keys);
        let entries = std::mem::take(&mut *lock(&self.entries));
        let last = patch::LastBuild {
            site,
            templates,
            context,
            manifest,
            entries,
            body_context_key,
            page_context_key,
        };
        if let Some(before) = lock(&self.last).replace(last) {
            std::thread::spawn(move || drop(before));
        }
    }

    /// Forgets the last good build (a build has started: until it succeeds there is none to
    /// patch into), freeing it off the caller's thread.
    pub(crate) fn forget_build(&self) {
        if let Some(before) = lock(&self.last).take() {
            std::thread::spawn(move || drop(before));
        }
    }

    /// When only the body of the page at `source` (under `root`'s `content/`) changed since
    /// the last good build, re-renders that page alone into it and returns the output files
    /// that replace the served ones (the page's and the search index); `None` when the edit
    /// needs a whole rebuild (see `cmd/cache/patch.rs` for when).
    pub fn patch_page(&self, root: &Path, source: &Path) -> Option<Vec<OutputFile>> {
        patch::patch_page(self, root, source)
    }

    /// Returns the counts of the build since the last call, and resets them.
    pub fn take_stats(&self) -> CacheStats {
        std::mem::take(&mut *lock(&self.stats))
    }

    fn reuse<K: Borrow<Q> + Eq + Hash, Q: Eq + Hash + ?Sized, T: Clone>(
        &self,
        map: &Mutex<HashMap<K, (u64, T)>>,
        name: &Q,
        key: u64,
        count: fn(&mut CacheStats) -> &mut usize,
    ) -> Option<T> {
        let hit = lock(map).get(name).filter(|(k, _)| *k == key).map(|(_, v)| v.clone());
        if hit.is_some() {
            *count(&mut lock(&self.stats)) += 1;
        }
        hit
    }

    fn store<K: Borrow<Q> + Eq + Hash, Q: Eq + Hash + ToOwned<Owned = K> + ?Sized, T: Clone>(
        &self,
        map: &Mutex<HashMap<K, (u64, T)>>,
        name: &Q,
        key: u64,
        value: &T,
        count: fn(&mut CacheStats) -> &mut usize,
    ) {
        lock(map).insert(name.to_owned(), (key, value.clone()));
        *count(&mut lock(&self.stats)) += 1;
    }
}

/// The output paths a link may see differently since the last check: files that appeared or
/// went, and HTML files whose ids changed.
fn changed_targets(
    memory: &LinkMemory,
    now: &HashSet<&str>,
    scanned: &[(&OutputFile, Arc<LinkScan>)],
) -> HashSet<String> {
    let appeared = now.iter().filter(|p| !memory.paths.contains(**p)).map(|p| p.to_string());
    let gone = memory.paths.iter().filter(|p| !now.contains(p.as_str())).cloned();
    let ids_changed = scanned.iter().filter(|(file, scan)| match memory.scans.get(&file.path) {
        Some(before) => !Arc::ptr_eq(before, scan) && before.ids != scan.ids,
        None => true,
    });
    appeared.chain(gone).chain(ids_changed.map(|(file, _)| file.path.clone())).collect()
}

/// The cache key of a page's rendered markdown: its text and what every body reads.
pub(crate) fn body_key(context: u64, rel: &str, text: &str, body_offset: usize) -> u64 {
    fingerprint(&[&context, &rel, &text, &body_offset])
}

/// The cache key of an output page: its template context and what every page reads (`global`).
fn job_key(global: u64, job: &PageJob<'_>) -> u64 {
    let mut hasher = Xxh3::new();
    (global, job.template).hash(&mut hasher);
    hash_serialized(&mut hasher, &job.view);
    job.body.hash(&mut hasher);
    if let Some((name, value)) = &job.data {
        name.hash(&mut hasher);
        hash_serialized(&mut hasher, value);
    }
    job.assets.hash(&mut hasher);
    hasher.finish()
}

/// A fingerprint of what every body's rendering reads besides its own text.
pub(crate) fn markdown_context_key(outline: &Outline) -> u64 {
    let links = &outline.links;
    let mut targets: Vec<(&String, &String)> = links.targets.iter().collect();
    targets.sort();
    let mut excluded: Vec<&String> = links.excluded.iter().collect();
    excluded.sort();
    let data_json = serde_json::to_string(&outline.data).unwrap_or_default();
    // Image checks read every content file's size and the `images:` limits.
    let mut sizes: Vec<(&String, &u64)> = links.images.sizes.iter().collect();
    sizes.sort();
    let images = format!("{sizes:?}{:?}", links.images.config);
    let components = outline.components.fingerprint_text();
    fingerprint(&[
        &targets,
        &excluded,
        &links.base_path,
        &data_json,
        &outline.data.unparsed,
        &components,
        &images,
    ])
}

/// A fingerprint of what every page's rendering reads besides its own context.
fn page_context_key(site: &Site, templates: &Templates, manifest: &AssetManifest) -> u64 {
    let mut hasher = Xxh3::new();
    hash_serialized(&mut hasher, &crate::render::page::site_view(site));
    hash_serialized(&mut hasher, &site.data);
    let assets: Vec<(&String, &String)> = manifest.assets.iter().map(|(k, a)| (k, &a.hashed_path)).collect();
    (&templates.sources, assets).hash(&mut hasher);
    hasher.finish()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_need_the_same_key_and_are_counted() {
        let cache = BuildCache::default();
        fn count(s: &mut CacheStats) -> &mut usize {
            &mut s.pages_rendered
        }
        assert!(cache.reuse(&cache.markdown, "a.md", 1, |s| &mut s.markdown_reused).is_none());
        cache.store(&cache.markdown, "a.md", 1, &RenderedMarkdown::default(), count);
        assert!(cache.reuse(&cache.markdown, "a.md", 1, |s| &mut s.markdown_reused).is_some());
        assert!(cache.reuse(&cache.markdown, "a.md", 2, |s| &mut s.markdown_reused).is_none());
        let stats = cache.take_stats();
        assert_eq!((stats.pages_rendered, stats.markdown_reused), (1, 1));
        assert_eq!(cache.take_stats(), CacheStats::default());
    }
}
