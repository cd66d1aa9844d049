//! The markdown store: the page bodies a build rendered, kept in `.hinge-cache/markdown.bin`
//! beside `public/` under the fingerprint of what each was rendered from (its text and
//! everything else rendering reads, as `hinge serve`'s cache keys it) and of the hinge binary
//! that rendered it, so that the next `hinge build` takes each unchanged body from there
//! instead of rendering it again.
//!
//! A body with components or problems is not stored (components hold typed data views that
//! are cheaper to make again than to keep; a problem must be found, and reported, afresh).
//! The file is written whole, to a temporary file renamed over the old one, on a thread of its
//! own while the build goes on; a damaged, missing or foreign file is an empty store.

use super::cache;
use crate::parse::markdown::RenderedMarkdown;
use crate::parse::{self, Outline};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Where the store lives, relative to the site root.
pub(crate) const STORE_FILE: &str = ".hinge-cache/markdown.bin";

/// The store as written: which binary wrote it, and each stored body (bincode) by page.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredFile {
    binary: u64,
    bodies: HashMap<String, (u64, Vec<u8>)>,
}

/// The bodies an earlier build stored, usable by this binary.
#[derive(Debug, Default)]
struct BodyStore {
    bodies: HashMap<String, (u64, Vec<u8>)>,
}

/// One page's body as the next store will hold it: its page, key and bincode bytes.
type StoredBody = (String, u64, Vec<u8>);

impl BodyStore {
    /// The store under `root`, empty when it is missing, damaged or written by another binary.
    fn read(root: &Path) -> Self {
        let Ok(bytes) = std::fs::read(root.join(STORE_FILE)) else { return BodyStore::default() };
        match bincode::deserialize::<StoredFile>(&bytes) {
            Ok(file) if file.binary == binary_identity() => BodyStore { bodies: file.bodies },
            _ => BodyStore::default(),
        }
    }

    /// The stored body of page `rel`, if it was rendered from inputs with `key`.
    fn body(&self, rel: &str, key: u64) -> Option<RenderedMarkdown> {
        let (stored_key, bytes) = self.bodies.get(rel)?;
        (*stored_key == key).then(|| bincode::deserialize(bytes).ok()).flatten()
    }
}

/// Every page's body: from the markdown store when it was rendered from the same inputs by
/// this binary, else rendered; with the thread that writes the new store, when it changed.
pub(crate) fn render_bodies(
    root: &Path,
    outline: &Outline,
) -> (Vec<RenderedMarkdown>, Option<std::thread::JoinHandle<()>>) {
    let store = BodyStore::read(root);
    let context = cache::markdown_context_key(outline);
    // Each body, its key, and (rendered afresh) the bytes the store keeps of it, if any.
    type Made = (RenderedMarkdown, u64, Option<Option<Vec<u8>>>);
    let made: Vec<Made> = outline
        .pages
        .par_iter()
        .map(|page| {
            let key = cache::body_key(context, page.rel(), &page.text, page.body_offset);
            match store.body(page.rel(), key) {
                Some(body) => (body, key, None),
                None => {
                    let body = parse::render_body(outline, page);
                    let stored = storable(&body);
                    (body, key, Some(stored))
                }
            }
        })
        .collect();
    let fresh = made.iter().filter(|(_, _, stored)| stored.is_some()).count();
    if store.bodies.len() == made.len() && fresh == 0 {
        return (made.into_iter().map(|(body, ..)| body).collect(), None);
    }
    let mut kept = store.bodies;
    let mut next: Vec<StoredBody> = Vec::with_capacity(made.len());
    let mut bodies = Vec::with_capacity(made.len());
    for (page, (body, key, stored)) in outline.pages.iter().zip(made) {
        let rel = page.rel().to_string();
        let bytes = match stored {
            Some(fresh) => fresh,
            None => kept.remove(&rel).map(|(_, bytes)| bytes),
        };
        next.extend(bytes.map(|bytes| (rel, key, bytes)));
        bodies.push(body);
    }
    let root = root.to_path_buf();
    (bodies, Some(std::thread::spawn(move || save(&root, next))))
}

/// `body` as the store keeps it, if it is one the store keeps.
fn storable(body: &RenderedMarkdown) -> Option<Vec<u8>> {
    let keep = body.components.is_empty() && body.diagnostics.is_empty();
    keep.then(|| bincode::serialize(body).ok()).flatten()
}

/// Writes `bodies` as the store under `root`, replacing the old one whole (a temporary file
/// renamed over it); a failure only costs the next build the rendering.
fn save(root: &Path, bodies: Vec<StoredBody>) {
    let file = StoredFile {
        binary: binary_identity(),
        bodies: bodies.into_iter().map(|(rel, key, bytes)| (rel, (key, bytes))).collect(),
    };
    let Ok(bytes) = bincode::serialize(&file) else { return };
    let path = root.join(STORE_FILE);
    let temporary = PathBuf::from(format!("{}.tmp", path.display()));
    let written = path.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && std::fs::write(&temporary, bytes).is_ok()
        && std::fs::rename(&temporary, &path).is_ok();
    if !written {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// What identifies the running binary: its version, size and modification time, so that a
/// rebuilt hinge (whose renderer may have changed) never reads an older one's bodies.
fn binary_identity() -> u64 {
    let mut hasher = Xxh3::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        meta.len().hash(&mut hasher);
        meta.modified().ok().hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> RenderedMarkdown {
        let mut body = RenderedMarkdown::default();
        (body.html, body.words, body.search_words) = (html.into(), 2, "a b".into());
        body
    }

    #[test]
    fn a_body_is_read_back_only_under_its_key() {
        let root = tempfile::tempdir().unwrap();
        let stored = storable(&body("<p>a b</p>")).expect("a plain body is stored");
        save(root.path(), vec![("a.md".into(), 7, stored)]);
        let store = BodyStore::read(root.path());
        let read = store.body("a.md", 7).expect("same key");
        assert_eq!((&*read.html, read.words, read.search_words.as_str()), ("<p>a b</p>", 2, "a b"));
        assert!(store.body("a.md", 8).is_none(), "another key");
        assert!(store.body("b.md", 7).is_none(), "another page");
    }

    #[test]
    fn a_damaged_store_is_empty_and_problems_are_not_stored() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join(".hinge-cache")).unwrap();
        std::fs::write(root.path().join(STORE_FILE), b"not bincode").unwrap();
        assert!(BodyStore::read(root.path()).body("a.md", 7).is_none());
        let mut broken = body("<p>x</p>");
        broken.diagnostics.push(crate::diagnostic::Diagnostic::new("content/a.md", 1, 1, "bad"));
        assert!(storable(&broken).is_none());
    }
}
