//! The fast path of `hinge serve`: one page's body edited, re-rendered alone into the last
//! good build.
//!
//! Most saves change the body of one article. What the rest of the site shows of a page (its
//! title, description, date, terms and URL in listings, neighbours, breadcrumbs, the feed, the
//! sitemap and `get_page`) comes from its front matter, so when the front matter is unchanged
//! only the page itself, its search entry and its own links need doing again. [`patch_page`]
//! does just that, and hands the edit to a whole (incremental) rebuild whenever it reaches
//! further: the front matter changed, the body has a problem or a broken link, its heading
//! ids, output ids, references or components' references changed (another page's anchor
//! check, back-links, images, calculators), the page is one the service worker precaches, or
//! its templates asked for other assets. Everything it changes is also stored in the cache as
//! the whole rebuild would, so the next rebuild reuses it.

use super::{BuildCache, SearchJson, body_key, job_key, lock};
use crate::check::links::LinkTargets;
use crate::load;
use crate::model::{Page, Site};
use crate::parse::frontmatter::split_front_matter;
use crate::parse::{self, BodyContext};
use crate::render::OutputFile;
use crate::render::assets::AssetManifest;
use crate::render::page::{self, RenderedPage};
use crate::render::search;
use crate::render::templates::Templates;
use crate::render::{offline, page::PageJob};
use std::path::Path;
use std::sync::Arc;

/// What the last good build of `hinge serve` leaves for patching one page into it.
pub(crate) struct LastBuild {
    /// The site as built (a patched page replaces its old version in it).
    pub(crate) site: Site,
    /// The compiled templates, with the functions that read the site's front matter.
    pub(crate) templates: Templates,
    /// What rendering a body reads besides the page and the data.
    pub(crate) context: BodyContext,
    /// The bundled and generated assets (in `hinge serve`, the search index is unhashed).
    pub(crate) manifest: Arc<AssetManifest>,
    /// Each page's search entry as JSON, in the order of `site.pages`.
    pub(crate) entries: Vec<Option<SearchJson>>,
    /// The fingerprint of what every body's rendering reads besides its own text.
    pub(crate) body_context_key: u64,
    /// The fingerprint of what every page's rendering reads besides its own context.
    pub(crate) page_context_key: u64,
}

/// The page `source` (a file under `root`'s `content/`) re-rendered into the last good build
/// when only its body changed: the output files that replace the served ones (the page's,
/// and the search index). `None` when the edit needs a whole rebuild.
pub(crate) fn patch_page(cache: &BuildCache, root: &Path, source: &Path) -> Option<Vec<OutputFile>> {
    let rel = source.strip_prefix(root.join("content")).ok()?.to_str()?.replace('\\', "/");
    let mut remembered = lock(&cache.last);
    let last = remembered.as_mut()?;
    let index = last.site.pages.binary_search_by(|p| p.rel.as_str().cmp(&rel)).ok()?;
    let text = read_text(source)?;
    let old = &last.site.pages[index];
    if old.data.is_some() || offline::is_precached(old) {
        return None;
    }
    let body_offset = same_front_matter(old, &text)?;
    let index_path = last.manifest.assets.get(search::INDEX_ASSET)?.hashed_path.clone();
    let body_key = body_key(last.body_context_key, &rel, &text, body_offset);
    let (page, body) = parse::rerender_page(&last.context, &last.site.data, old, text, body_offset);
    let reaches_further = !body.diagnostics.is_empty()
        || page.heading_ids != old.heading_ids
        || page.references != old.references
        || !page.components.iter().flat_map(|c| c.refs()).eq(old.components.iter().flat_map(|c| c.refs()))
        || offline::is_precached(&page)
        || (!body.anchors.is_empty()
            && !parse::anchor_problems(&last.site.pages, body.anchors.clone()).is_empty());
    if reaches_further {
        return None;
    }
    let old = std::mem::replace(&mut last.site.pages[index], page);
    let rendered = render_outputs(cache, last, index);
    let Some(rendered) = rendered else {
        last.site.pages[index] = old;
        return None;
    };
    let entry = search::page_json(&last.site, &last.site.pages[index]).map(Arc::new);
    last.entries[index] = entry.clone();
    let index_bytes =
        search::index_from_json(&last.site, last.entries.iter().flatten().map(|e| e.as_slice()));
    remember(cache, &rel, body_key, body, entry, &rendered);
    let index_file = OutputFile {
        path: index_path,
        bytes: Arc::new(index_bytes),
        origin: crate::render::Origin::Generated,
    };
    Some(rendered.into_iter().map(|output| output.page.file).chain([index_file]).collect())
}

/// Where the body of `text` starts, if its front matter is byte for byte `old`'s.
fn same_front_matter(old: &Page, text: &str) -> Option<usize> {
    let before = split_front_matter(&old.display, &old.source_text).ok()?.body_offset;
    let now = split_front_matter(&old.display, text).ok()?.body_offset;
    (before == now && text.as_bytes()[..now] == old.source_text.as_bytes()[..before]).then_some(now)
}

/// A source file's text as the load stage reads it (without a byte-order mark); `None` when
/// it is gone or not UTF-8 (the whole rebuild reports that).
fn read_text(path: &Path) -> Option<String> {
    String::from_utf8(load::without_bom(std::fs::read(path).ok()?)).ok()
}

/// One output page of a patch: its cache key, the page, and the paths its links looked up.
struct Output {
    key: u64,
    page: RenderedPage,
    looked_up: Vec<String>,
}

/// The outputs of page `index` rendered afresh, each with its cache key, if they can replace
/// the old ones alone: they render, ask for the same assets, keep the same ids and every link
/// in them lands.
fn render_outputs(cache: &BuildCache, last: &LastBuild, index: usize) -> Option<Vec<Output>> {
    let site = &last.site;
    let jobs: Vec<PageJob<'_>> =
        page::plan_listing_pages(site, &last.templates, index, &site.pages[index]).ok()?;
    let pages = lock(&cache.pages);
    let memory = lock(&cache.links);
    let targets = LinkTargets::remembered(&memory.paths, &memory.scans, site);
    let mut rendered = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let fresh = page::render_page(&last.templates, job).ok()?;
        let (_, before) = pages.get(&job.path)?;
        let (scan, old_scan) = (fresh.links.as_ref()?, memory.scans.get(&job.path)?);
        let same = fresh.assets == before.assets && scan.ids == old_scan.ids;
        let mut looked_up = Vec::new();
        if !same || !targets.check_file(&fresh.file, scan, &mut looked_up).is_empty() {
            return None;
        }
        rendered.push(Output { key: job_key(last.page_context_key, job), page: fresh, looked_up });
    }
    Some(rendered)
}

/// Stores what the patch made as the whole rebuild would: the body, the search entry, the
/// pages and their link scans (their links all landed).
fn remember(
    cache: &BuildCache,
    rel: &str,
    body_key: u64,
    body: crate::parse::markdown::RenderedMarkdown,
    entry: Option<SearchJson>,
    rendered: &[Output],
) {
    lock(&cache.markdown).insert(rel.to_string(), (body_key, body));
    lock(&cache.body_keys).insert(rel.to_string(), body_key);
    lock(&cache.search).insert(rel.to_string(), (body_key, entry));
    let mut pages = lock(&cache.pages);
    let mut memory = lock(&cache.links);
    for Output { key, page, looked_up } in rendered {
        let path = page.file.path.clone();
        if let Some(scan) = &page.links {
            memory.scans.insert(path.clone(), Arc::clone(scan));
            memory.clean.insert(path.clone(), (Arc::clone(scan), looked_up.clone()));
        }
        pages.insert(path, (*key, page.clone()));
    }
}
