//! The speed issue's correctness tests (its figures live in BENCHMARKS.md, never here): the
//! highlight cache outside public/ changes no byte of the output, ignores a damaged file and
//! keeps only the blocks the site still uses.

use crate::support::Fixture;

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
