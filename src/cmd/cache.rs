//! Incremental rebuilds: what `hinge serve` remembers between builds.
//!
//! A [`BuildCache`] keeps each page's rendered markdown, keyed by a fingerprint of everything
//! that rendering reads (the source text, the set of link targets, the data), and each output
//! page's bytes, keyed by a fingerprint of its template context. A rebuild after editing one
//! article re-renders that article's markdown and only the pages whose context changed (the
//! article, its section's listing, its neighbours), and reuses everything else. A plain
//! `hinge build` passes no cache and renders everything.

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::parse::markdown::RenderedMarkdown;
use crate::parse::{self, Outline};
use crate::render::assets::AssetManifest;
use crate::render::images::ImageSet;
use crate::render::page::{self, PageJob, RenderedPage};
use crate::render::templates::Templates;
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// Counts of rendered and reused work in the last build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Markdown bodies rendered.
    pub markdown_rendered: usize,
    /// Markdown bodies taken from the cache.
    pub markdown_reused: usize,
    /// Output pages rendered through templates.
    pub pages_rendered: usize,
    /// Output pages taken from the cache.
    pub pages_reused: usize,
}

/// Rendered markdown bodies and pages from earlier builds, each under the fingerprint of what
/// it was rendered from; shared by the rendering threads of one build after another.
#[derive(Debug, Default)]
pub struct BuildCache {
    markdown: Mutex<HashMap<String, (u64, RenderedMarkdown)>>,
    pages: Mutex<HashMap<String, (u64, RenderedPage)>>,
    stats: Mutex<CacheStats>,
}

impl BuildCache {
    /// Renders every markdown body of `outline`, reusing those whose inputs are unchanged.
    pub(crate) fn render_bodies(&self, outline: &Outline) -> Vec<RenderedMarkdown> {
        let context = markdown_context_key(outline);
        outline
            .pages
            .par_iter()
            .map(|page| {
                let key = fingerprint(&[&context, &page.rel(), &page.text, &page.body_offset]);
                let hit = self.reuse(&self.markdown, page.rel(), key, |s| &mut s.markdown_reused);
                hit.unwrap_or_else(|| {
                    let fresh = parse::render_body(outline, page);
                    self.store(&self.markdown, page.rel(), key, &fresh, |s| &mut s.markdown_rendered);
                    fresh
                })
            })
            .collect()
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
        let images_json = serde_json::to_string(&images.views).unwrap_or_default();
        let global = fingerprint(&[&page_context_key(site, templates, manifest), &images_json]);
        jobs.par_iter()
            .map(|job| {
                let view_json = serde_json::to_string(&job.view).unwrap_or_default();
                let data_json = job.data.as_ref().map(|(_, v)| v.to_string()).unwrap_or_default();
                let key = fingerprint(&[&global, &job.template, &view_json, &data_json, &job.assets]);
                if let Some(hit) = self.reuse(&self.pages, &job.path, key, |s| &mut s.pages_reused) {
                    return Ok(hit);
                }
                let fresh = page::render_page(templates, job)?;
                self.store(&self.pages, &job.path, key, &fresh, |s| &mut s.pages_rendered);
                Ok(fresh)
            })
            .collect()
    }

    /// Returns the counts of the build since the last call, and resets them.
    pub fn take_stats(&self) -> CacheStats {
        std::mem::take(&mut *lock(&self.stats))
    }

    fn reuse<T: Clone>(
        &self,
        map: &Mutex<HashMap<String, (u64, T)>>,
        name: &str,
        key: u64,
        count: fn(&mut CacheStats) -> &mut usize,
    ) -> Option<T> {
        let hit = lock(map).get(name).filter(|(k, _)| *k == key).map(|(_, v)| v.clone());
        if hit.is_some() {
            *count(&mut lock(&self.stats)) += 1;
        }
        hit
    }

    fn store<T: Clone>(
        &self,
        map: &Mutex<HashMap<String, (u64, T)>>,
        name: &str,
        key: u64,
        value: &T,
        count: fn(&mut CacheStats) -> &mut usize,
    ) {
        lock(map).insert(name.to_string(), (key, value.clone()));
        *count(&mut lock(&self.stats)) += 1;
    }
}

/// A fingerprint of what every body's rendering reads besides its own text.
fn markdown_context_key(outline: &Outline) -> u64 {
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
    let site_json = serde_json::to_string(&crate::render::page::site_view(site)).unwrap_or_default();
    let data_json = serde_json::to_string(&site.data).unwrap_or_default();
    let assets: Vec<(&String, &String)> = manifest.assets.iter().map(|(k, a)| (k, &a.hashed_path)).collect();
    fingerprint(&[&templates.sources, &site_json, &data_json, &assets])
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fingerprint of several hashable parts, stable within one process.
pub(crate) fn fingerprint(parts: &[&dyn HashPart]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.hash_into(&mut hasher);
    }
    hasher.finish()
}

/// Something that can feed a fingerprint.
pub(crate) trait HashPart {
    /// Feeds `self` to `hasher`.
    fn hash_into(&self, hasher: &mut DefaultHasher);
}

impl<T: Hash + ?Sized> HashPart for T {
    fn hash_into(&self, hasher: &mut DefaultHasher) {
        self.hash(hasher);
    }
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

    #[test]
    fn fingerprints_differ_with_any_part() {
        assert_eq!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &1u8]));
        assert_ne!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &2u8]));
    }
}
