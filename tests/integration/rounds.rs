//! Errors in rounds: one run reports every independent error of every file (each bad field of a
//! data record, each bad front-matter key, the links and components of pages that parsed, the
//! links of templates), never an error that only repeats another, and writes nothing.

use crate::support::{Fixture, repo};

/// The `good` site built once, then the `errors-in-rounds` overlay laid over it.
fn broken_site() -> (Fixture, std::collections::BTreeMap<String, Vec<u8>>) {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.apply_overlay("errors-in-rounds");
    (site, before)
}

/// Asserts that `stderr` names each `(location, message)` pair, the message on the line
/// before its location, and none of `absent`.
fn assert_reported(stderr: &str, expected: &[(&str, &str)], absent: &[&str]) {
    let lines: Vec<&str> = stderr.lines().collect();
    for (location, message) in expected {
        let at = lines.iter().position(|l| l.trim_start() == format!("--> {location}"));
        let at = at.unwrap_or_else(|| panic!("expected `{location}` in\n{stderr}"));
        assert!(lines[at - 1].contains(message), "expected `{message}` at `{location}` in\n{stderr}");
    }
    for text in absent {
        assert!(!stderr.contains(text), "`{text}` repeats an error already reported:\n{stderr}");
    }
}

#[test]
fn every_independent_error_of_every_file_is_reported_in_one_run() {
    let (site, before) = broken_site();
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    let expected = [
        ("content/data/red-flags.yaml:37:5", "signs[1]: unknown field `sevrity`"),
        ("content/data/red-flags.yaml:49:15", "signs[3].question: invalid type: sequence"),
        ("content/exercises/dead-bug.yaml:13:1", "unknown field `cue`"),
        ("content/exercises/dead-bug.yaml:16:15", "unknown exercise `deadlfit`"),
        ("content/exercises/deadlift.yaml:9:13", "dose.per_side: invalid type"),
        ("content/exercises/deadlift.yaml:14:7", "cues: invalid type"),
        ("content/guide/brace.md:3:1", "unknown field `descripton`"),
        ("content/guide/brace.md:4:1", "`21/11/2026` is not a date"),
        ("content/guide/brace.md:11:4", "link target `guide/nope.md` does not exist"),
        ("content/guide/broken.md:2:8", "title: invalid type"),
        ("content/guide/links.md:10:1", "unknown exercise `dead-bugg`"),
    ];
    let absent = [
        "missing field",
        "expected struct Sign",
        "link target `guide/broken.md`",
        "exhale-then-brace",
        "#steps",
    ];
    assert_reported(&stderr, &expected, &absent);
    assert!(stderr.contains("the site could not be built: 11 errors"), "{stderr}");
    assert_eq!(site.snapshot("public"), before, "the previous public/ must be unchanged");
}

#[test]
fn pages_with_errors_do_not_stop_the_check_of_the_built_links() {
    let (site, before) = broken_site();
    let good = repo().join("tests/fixtures/sites/good/content");
    for rel in ["exercises/dead-bug.yaml", "exercises/deadlift.yaml", "data/red-flags.yaml"] {
        site.write(&format!("content/{rel}"), &std::fs::read_to_string(good.join(rel)).unwrap());
    }
    let run = site.hinge(&["check"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    let expected = [
        ("content/guide/brace.md:3:1", "unknown field `descripton`"),
        ("content/guide/brace.md:4:1", "is not a date"),
        ("content/guide/brace.md:11:4", "link target `guide/nope.md` does not exist"),
        ("content/guide/broken.md:2:8", "title: invalid type"),
        ("content/guide/links.md:10:1", "unknown exercise `dead-bugg`"),
        ("templates/page.html:6:12", "broken link `/glossary/`"),
    ];
    let absent = ["broken link `nope.md`", "guide/broken/", "exhale-then-brace"];
    assert_reported(&stderr, &expected, &absent);
    assert_eq!(site.snapshot("public"), before, "check writes nothing");
}

#[test]
fn every_independent_error_of_site_yaml_is_reported_in_one_run() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    let config = site.read("site.yaml");
    let broken = config
        .replace("base_url: https://example.org/", "base_url: example.org")
        .replace("default_unit: kg", "default_unit: stone\nsocial_cards: maybe")
        .replace("cname: guide.example.org", "cname: https://guide.example.org/")
        .replace("  - page: progressions/return.yaml\n", "  - name: Stray\n")
        + "taxonomies:\n  - name: Tags\nimages:\n  quality: 0\n";
    site.write("site.yaml", &broken);
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    let expected = [
        ("site.yaml:3:11", "base URL `example.org` is neither an http(s) URL nor a path"),
        ("site.yaml:6:15", "default_unit: unknown variant `stone`"),
        ("site.yaml:7:15", "social_cards: invalid type"),
        ("site.yaml:9:8", "`cname` must be a bare domain"),
        ("site.yaml:12:9", "a menu entry needs `url` or `page`"),
        ("site.yaml:16:11", "taxonomy name `Tags` is not a URL segment"),
        ("site.yaml:18:12", "`images.quality` must be from 1 to 100"),
    ];
    assert_reported(&stderr, &expected, &["missing field"]);
    assert!(stderr.contains("the site could not be built: 7 errors"), "{stderr}");
    assert_eq!(site.snapshot("public"), before, "the previous public/ must be unchanged");
}

#[test]
fn every_independent_error_of_a_component_schema_is_reported_with_the_pages() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write("templates/components/box.html", "<aside>{{ args.title }}</aside>\n");
    site.write(
        "templates/components/box.yaml",
        "descripton: a box\npositional: [title, ghost]\nargs:\n  title: {type: string, required: true}\n  \
         n: {type: int, default: many}\n  s: {type: stage}\n",
    );
    let page = site.read("content/guide/brace.md");
    site.write("content/guide/brace.md", &format!("{page}\n```box \"Keep it close\" levle=2\n```\n"));
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    let expected = [
        ("templates/components/box.yaml:1:1", "unknown field `descripton`"),
        ("templates/components/box.yaml:2:21", "positional argument `ghost` is not under `args`"),
        ("templates/components/box.yaml:5:27", "the default of `n` is not a whole number"),
        ("templates/components/box.yaml:6:3", "`s` needs `of`"),
    ];
    assert_reported(&stderr, &expected, &["missing field"]);
    assert!(
        stderr.contains("unknown argument `levle` for component `box`"),
        "the page is checked too:\n{stderr}"
    );
    assert!(stderr.contains("the site could not be built: 5 errors"), "{stderr}");
    assert_eq!(site.snapshot("public"), before, "the previous public/ must be unchanged");
}
