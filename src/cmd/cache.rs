//! Incremental rebuilds: what `hinge serve` remembers between builds.
//!
//! A [`BuildCache`] keeps each page's rendered markdown, keyed by a fingerprint of everything
//! that rendering reads (the source text, the set of link targets, the data), and each output
//! page's bytes, keyed by a fingerprint of its template context. A rebuild after editing one
//! article re-renders that article's markdown and only the pages whose context changed (the
//! article, its section's listing, its neighbours), and reuses everything else. A plain
//! `hinge build` passes no cache and renders everything.

use crate::parse::markdown::RenderedMarkdown;
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

/// Rendered work from earlier builds, shared by the rendering threads.
#[derive(Debug, Default)]
pub struct BuildCache {
    markdown: Mutex<HashMap<String, (u64, RenderedMarkdown)>>,
    pages: Mutex<HashMap<String, (u64, Vec<u8>)>>,
    stats: Mutex<CacheStats>,
}

impl BuildCache {
    /// The markdown of `rel` if it was rendered with the same `key`.
    pub fn markdown(&self, rel: &str, key: u64) -> Option<RenderedMarkdown> {
        let hit = lock(&self.markdown).get(rel).filter(|(k, _)| *k == key).map(|(_, m)| m.clone());
        let mut stats = lock(&self.stats);
        if hit.is_some() {
            stats.markdown_reused += 1
        } else {
            stats.markdown_rendered += 1
        }
        hit
    }

    /// Remembers the markdown of `rel` rendered with `key`.
    pub fn store_markdown(&self, rel: &str, key: u64, rendered: &RenderedMarkdown) {
        lock(&self.markdown).insert(rel.to_string(), (key, rendered.clone()));
    }

    /// The bytes of output `path` if it was rendered from the same `key`.
    pub fn page(&self, path: &str, key: u64) -> Option<Vec<u8>> {
        let hit = lock(&self.pages).get(path).filter(|(k, _)| *k == key).map(|(_, b)| b.clone());
        let mut stats = lock(&self.stats);
        if hit.is_some() {
            stats.pages_reused += 1
        } else {
            stats.pages_rendered += 1
        }
        hit
    }

    /// Remembers the bytes of output `path` rendered from `key`.
    pub fn store_page(&self, path: &str, key: u64, bytes: &[u8]) {
        lock(&self.pages).insert(path.to_string(), (key, bytes.to_vec()));
    }

    /// Returns the counts of the build since the last call, and resets them.
    pub fn take_stats(&self) -> CacheStats {
        std::mem::take(&mut *lock(&self.stats))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fingerprint of several hashable parts, stable within one process.
pub fn fingerprint(parts: &[&dyn HashPart]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.hash_into(&mut hasher);
    }
    hasher.finish()
}

/// Something that can feed a fingerprint.
pub trait HashPart {
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
        assert!(cache.page("a/index.html", 1).is_none());
        cache.store_page("a/index.html", 1, b"one");
        assert_eq!(cache.page("a/index.html", 1).as_deref(), Some(&b"one"[..]));
        assert!(cache.page("a/index.html", 2).is_none());
        let stats = cache.take_stats();
        assert_eq!((stats.pages_rendered, stats.pages_reused), (2, 1));
        assert_eq!(cache.take_stats(), CacheStats::default());
    }

    #[test]
    fn fingerprints_differ_with_any_part() {
        assert_eq!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &1u8]));
        assert_ne!(fingerprint(&[&"a", &1u8]), fingerprint(&[&"a", &2u8]));
    }
}
