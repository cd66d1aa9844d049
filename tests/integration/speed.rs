//! The speed issue's correctness tests (its figures live in BENCHMARKS.md, never here): the
//! highlight cache outside public/ changes no byte of the output, ignores a damaged file and
//! keeps only the blocks the site still uses; a build that streams its pages into the staging
//! folder writes exactly what the in-memory build holds.

use crate::support::{Fixture, snapshot};
use hinge::{BuildOptions, build_in_memory};
use std::collections::BTreeMap;

const CACHE: &str = ".hinge-cache/highlights.json";

#[test]
fn the_highlight_cache_changes_no_output_byte_and_keeps_only_used_blocks() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let cold = site.snapshot("public");
    let cache: std::collections::HashMap<String, String> = serde_json::from_str(&site.read(CACHE)).unwrap();
    assert_eq!(cache.len(), 2, "the fixture's two code blocks: {cache:?}");
    assert!(cache.values().all(|html| html.starts_with("<pre class=\"code\"")));
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), cold, "a warm build is byte-identical to a cold one");
    // A damaged cache is an empty one: same output, and the file is whole again afterwards.
    site.write(CACHE, "{\"12\": ");
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), cold);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&site.read(CACHE)).unwrap().as_object().unwrap().len(),
        2
    );
    // A block the site no longer has leaves the cache; public/ holds no cache file.
    let setup =
        site.read("content/guide/setup.md").replace("fn brace() -> bool { true }", "fn brace() -> u8 { 1 }");
    site.write("content/guide/setup.md", &setup);
    site.hinge(&["build"]).assert_ok();
    let after: std::collections::HashMap<String, String> = serde_json::from_str(&site.read(CACHE)).unwrap();
    assert_eq!(after.len(), 2);
    assert!(
        after.values().any(|html| html.contains("u8")) && !after.values().any(|html| html.contains("bool"))
    );
    assert!(!site.root().join("public/.hinge-cache").exists());
}

/// The in-memory build's files, as `snapshot` reads a written one.
fn in_memory(root: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let options = BuildOptions { root: root.to_path_buf(), ..Default::default() };
    let rendered = build_in_memory(&options).expect("the site builds");
    rendered.files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect()
}

#[test]
fn the_streamed_output_is_byte_identical_to_the_in_memory_build() {
    for site in [Fixture::repository_site(), Fixture::new("good")] {
        site.hinge(&["build"]).assert_ok();
        let mut written = site.snapshot("public");
        assert!(written.remove(".hinge-output").is_some(), "the marker is written last, beside the pages");
        let memory = in_memory(site.root());
        assert_eq!(written.keys().collect::<Vec<_>>(), memory.keys().collect::<Vec<_>>());
        for (path, bytes) in &memory {
            assert!(written[path] == *bytes, "`{path}` differs between the streamed and the in-memory build");
        }
    }
}

#[test]
fn a_large_paginated_site_streams_every_listing_page_and_a_failed_build_leaves_no_staging() {
    let site = Fixture::new("good");
    let corpus = site.root().join("corpus");
    site.hinge(&["bench-corpus", "--pages", "240", "--out", corpus.to_str().unwrap()]).assert_ok();
    std::os::unix::fs::symlink(site.root().join("themes"), corpus.join("themes")).unwrap();
    let build = || site.hinge(&["build", "--root", corpus.to_str().unwrap()]);
    build().assert_ok();
    let mut written = snapshot(&corpus.join("public"));
    written.remove(".hinge-output");
    assert!(written.len() > 250, "{} files", written.len());
    assert_eq!(written, in_memory(&corpus));
    // A broken link fails the build after pages were streamed: the staging folder goes, the
    // previous output stays whole.
    let first =
        std::fs::read_dir(corpus.join("content")).unwrap().flatten().find(|e| e.path().is_dir()).unwrap();
    let page =
        std::fs::read_dir(first.path()).unwrap().flatten().find(|e| e.file_name() != "_index.md").unwrap();
    let text = std::fs::read_to_string(page.path()).unwrap();
    std::fs::write(page.path(), format!("{text}\n[gone](missing.md)\n")).unwrap();
    assert_eq!(build().code(), 1);
    let mut after = snapshot(&corpus.join("public"));
    after.remove(".hinge-output");
    assert_eq!(after, written, "the published site is unchanged");
    let leftovers: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("hinge-new"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn the_markdown_store_changes_no_output_byte_and_never_hides_a_new_problem() {
    const STORE: &str = ".hinge-cache/markdown.bin";
    let site = Fixture::repository_site();
    site.hinge(&["build"]).assert_ok();
    let cold = site.snapshot("public");
    assert!(site.root().join(STORE).is_file(), "the first build stores its bodies");
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), cold, "a build from the store is byte-identical to a cold one");
    site.write(STORE, "damaged");
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), cold, "a damaged store is an empty one");
    // An edited body is rendered again: the same output as a build without the store.
    let rel = "content/guide/technique.md";
    site.write(rel, &format!("{}\nOne more sentence.\n", site.read(rel)));
    site.hinge(&["build"]).assert_ok();
    let edited = site.snapshot("public");
    std::fs::remove_file(site.root().join(STORE)).unwrap();
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.snapshot("public"), edited, "the edited body is not taken from the store");
    // A page the unchanged bodies link to goes away: their links are checked again.
    let good = Fixture::new("good");
    good.hinge(&["build"]).assert_ok();
    std::fs::remove_file(good.root().join("content/guide/setup.md")).unwrap();
    let run = good.hinge(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("link target `guide/setup.md` does not exist"), "{}", run.stderr());
}
