//! `hinge build` and `hinge check` over fixture sites: output, URLs, errors.

use crate::support::{Fixture, snapshot};
use hinge::html_urls;

fn built_good_site(args: &[&str]) -> Fixture {
    let site = Fixture::new("good");
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    site.hinge(&all).assert_ok();
    site
}

#[test]
fn good_site_has_pretty_urls_and_every_generated_file() {
    let site = Fixture::new("good");
    let run = site.hinge(&["build"]);
    run.assert_ok();
    let summary = run.stdout();
    let files = site.snapshot("public");
    let numbers: Vec<usize> =
        summary.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    assert!(
        summary.starts_with("built 13 pages (of them 3 exercises), ") && summary.trim_end().ends_with(" ms"),
        "{summary}"
    );
    assert_eq!(numbers[3], files.len() - 1, "the summary counts every file but the marker: {summary}");
    for expected in [
        "index.html",
        "guide/index.html",
        "guide/setup/index.html",
        "guide/brace/index.html",
        "red-flags/index.html",
        "exercises/index.html",
        "exercises/dead-bug/index.html",
        "progressions/return/index.html",
        "old/setup/index.html",
        "guide/hinge.svg",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "CNAME",
        "favicon.svg",
        ".hinge-output",
    ] {
        assert!(
            files.contains_key(expected),
            "missing {expected}; have {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(!files.keys().any(|f| f.contains("draft")), "drafts are left out");
    assert!(
        !files.keys().any(|f| f.contains("_tokens") || f.contains("_base")),
        "partials are not published"
    );
    let css: Vec<&String> =
        files.keys().filter(|f| f.starts_with("css/main.") && f.ends_with(".css")).collect();
    assert_eq!(css.len(), 1, "one fingerprinted stylesheet: {css:?}");
    assert_eq!(site.read("public/CNAME"), "guide.example.org\n");
    assert!(site.read("public/robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn pages_carry_toc_links_highlighting_and_layout() {
    let site = built_good_site(&[]);
    let setup = site.read("public/guide/setup/index.html");
    assert!(setup.contains("<h2 id=\"feet-and-bar\">Feet and bar</h2>"), "{setup}");
    assert!(setup.contains("class=\"toc\""), "TOC shown with 3+ headings");
    assert!(setup.contains("href=\"#lats\""), "nested TOC entry");
    assert!(setup.contains("href=\"/guide/brace/#exhale-then-brace\""), "md link resolved");
    assert!(setup.contains("class=\"hl-"), "code highlighted with classes");
    assert!(setup.contains("<table>") && setup.contains("<del>") && setup.contains("type=\"checkbox\""));
    assert!(setup.contains("footnote-definition"));
    assert!(setup.contains("src=\"/guide/hinge.svg\""), "co-located image");
    assert!(setup.contains("rel=\"next\"") && setup.contains("href=\"/guide/brace/\""), "next link");
    assert!(setup.contains("aria-label=\"Breadcrumb\""), "breadcrumbs");
    assert!(setup.contains("Educational, not medical advice"), "footer notice");
    assert!(setup.contains("href=\"/red-flags/\""), "red flags link in footer");
    assert!(setup.contains("Content-Security-Policy"), "CSP meta");
    assert!(setup.contains("class=\"skip-link\" href=\"#main\""));
    assert!(!setup.contains("style=") && !setup.contains("<script>"), "no inline style or script");
    let section = site.read("public/guide/index.html");
    let setup_at = section.find("/guide/setup/").unwrap();
    let brace_at = section.find("/guide/brace/").unwrap();
    assert!(setup_at < brace_at, "children ordered by weight");
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("(site override)"), "site templates override the theme's");
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/guide/setup/</loc>"));
    assert!(sitemap.contains("<lastmod>2026-11-20</lastmod>"));
    let redirect = site.read("public/old/setup/index.html");
    assert!(redirect.contains("url=/guide/setup/"));
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = built_good_site(&["--drafts"]);
    assert!(site.read("public/guide/draft/index.html").contains("Unfinished"));
}

#[test]
fn every_url_honours_a_sub_path_base() {
    let site = built_good_site(&["--base-url", "https://example.github.io/rehab-guide/"]);
    let files = site.snapshot("public");
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in html_urls(&html) {
            let v = url;
            // `data:` URLs (the redirect pages' empty icon) point nowhere, so they cannot escape.
            let ok = v.starts_with("/rehab-guide/")
                || v.starts_with('#')
                || v.starts_with("https://example.github.io/rehab-guide/")
                || v.starts_with("data:")
                || v.starts_with("tel:");
            assert!(ok, "{path}: `{v}` escapes the base path");
            checked += 1;
        }
    }
    assert!(checked > 50, "checked {checked} URLs");
    assert!(site.read("public/404.html").contains("href=\"/rehab-guide/\""), "404 works at any depth");
    assert!(site.read("public/sitemap.xml").contains("https://example.github.io/rehab-guide/guide/setup/"));
}

#[test]
fn base_url_precedence_is_flag_then_env_then_file() {
    let site = Fixture::new("good");
    site.hinge_env(&["build"], &[("HINGE_BASE_URL", "https://e.org/from-env/")]).assert_ok();
    assert!(site.read("public/index.html").contains("href=\"/from-env/guide/\""));
    site.hinge_env(&["build", "--base-url", "/from-flag/"], &[("HINGE_BASE_URL", "https://e.org/from-env/")])
        .assert_ok();
    assert!(site.read("public/index.html").contains("href=\"/from-flag/guide/\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Fixture::new("good");
    site.hinge(&["build", "--output", "one"]).assert_ok();
    site.hinge(&["build", "--output", "two"]).assert_ok();
    let (one, two) = (site.snapshot("one"), site.snapshot("two"));
    assert!(one.len() > 10);
    assert_eq!(one, two);
}

#[test]
fn check_writes_nothing() {
    let site = Fixture::new("good");
    let run = site.hinge(&["check"]);
    run.assert_ok();
    assert!(run.stdout().starts_with("checked "), "{}", run.stdout());
    assert!(!site.root().join("public").exists());
}

#[test]
fn refuses_an_output_directory_it_does_not_own() {
    let site = Fixture::new("good");
    site.write("mine/notes.txt", "keep me");
    let run = site.hinge(&["build", "--output", "mine"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("refusing to replace"), "{}", run.stderr());
    assert_eq!(site.read("mine/notes.txt"), "keep me");
}

#[test]
fn usage_errors_exit_with_two_and_help_works() {
    let site = Fixture::new("good");
    assert_eq!(site.hinge(&["build", "--bogus"]).code(), 2);
    let help = site.hinge(&["build", "--help"]);
    help.assert_ok();
    assert!(help.stdout().contains("--base-url"));
    let elsewhere = tempfile::tempdir().unwrap();
    let run = site.hinge(&["--root", elsewhere.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("no `site.yaml`"));
}

/// Applies an invalid overlay on a built good site and checks the failure is located and harmless.
pub fn assert_fails_located(
    overlay: &str,
    expected_location: &str,
    expected_message: &str,
    expected_help: Option<&str>,
) {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.apply_overlay(overlay);
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{overlay}: {stderr}");
    assert!(
        stderr.contains(&format!("--> {expected_location}")),
        "{overlay}: expected `{expected_location}` in\n{stderr}"
    );
    assert!(stderr.contains(expected_message), "{overlay}: expected `{expected_message}` in\n{stderr}");
    if let Some(help) = expected_help {
        assert!(stderr.contains(help), "{overlay}: expected help `{help}` in\n{stderr}");
    }
    assert!(stderr.contains("error: the site could not be built"), "{stderr}");
    assert_eq!(site.snapshot("public"), before, "{overlay}: the previous public/ must be unchanged");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The image cache is meant to stay; staging, retired and lock files are not.
        .filter(|name| name.contains("hinge-") && name != ".hinge-cache")
        .collect();
    assert!(leftovers.is_empty(), "no staging directories left behind: {leftovers:?}");
}

#[test]
fn broken_yaml_is_located() {
    assert_fails_located(
        "broken-yaml",
        "content/guide/brace.md:5:1",
        "while scanning a quoted scalar at line 3 column 14",
        None,
    );
}

#[test]
fn unknown_front_matter_key_is_located_with_a_suggestion() {
    assert_fails_located(
        "unknown-front-matter-key",
        "content/guide/brace.md:3:1",
        "unknown field `descripton`",
        Some("did you mean `description`?"),
    );
}

#[test]
fn unknown_config_key_is_located_with_a_suggestion() {
    assert_fails_located(
        "unknown-config-key",
        "site.yaml:3:1",
        "unknown field `basee_url`",
        Some("did you mean `base_url`?"),
    );
}

#[test]
fn missing_link_target_is_located() {
    assert_fails_located(
        "missing-link-target",
        "content/guide/brace.md:8:9",
        "link target `guide/setp.md` does not exist",
        Some("did you mean `setup.md`? (content/guide/setup.md)"),
    );
}

#[test]
fn missing_anchor_is_located() {
    assert_fails_located(
        "missing-anchor",
        "content/guide/brace.md:8:9",
        "link to missing anchor `#feet`",
        Some("did you mean `#feet-and-bar`?"),
    );
}

#[test]
fn template_syntax_error_is_located_in_the_template() {
    assert_fails_located("template-syntax-error", "templates/page.html:5:", "", None);
}

#[test]
fn template_unknown_variable_is_located_in_the_template() {
    assert_fails_located(
        "template-unknown-variable",
        "templates/page.html:5:",
        "subtitle",
        Some("while rendering `content/guide/"),
    );
}

#[test]
fn broken_link_in_a_template_names_the_template() {
    assert_fails_located(
        "template-broken-link",
        "templates/page.html:6:",
        "broken link `/glossary/`",
        Some("in the template used for"),
    );
}

#[test]
fn broken_link_in_raw_html_names_the_source() {
    assert_fails_located(
        "raw-html-broken-link",
        "content/guide/brace.md:8:",
        "broken link `/nowhere/`",
        None,
    );
}

#[test]
fn non_utf8_file_is_reported() {
    assert_fails_located("non-utf8", "content/guide/brace.md:5:4", "not valid UTF-8", Some("UTF-8 encoding"));
}

#[test]
fn unclosed_front_matter_is_reported() {
    assert_fails_located(
        "unclosed-front-matter",
        "content/guide/brace.md:1:1",
        "front matter is not closed",
        None,
    );
}

#[test]
fn bad_date_is_located() {
    assert_fails_located("bad-date", "content/guide/brace.md:3:1", "not a date", Some("YYYY-MM-DD"));
}

#[test]
fn unknown_asset_is_located() {
    assert_fails_located("unknown-asset", "templates/page.html:2:", "unknown asset `js/missing.js`", None);
}

#[test]
fn all_errors_are_reported_together() {
    let site = Fixture::new("good");
    site.apply_overlay("missing-link-target");
    site.write("content/guide/extra.md", "---\ntitle: Extra\nwieght: 3\n---\n\n[x](nope.md)\n");
    let run = site.hinge(&["check"]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/guide/brace.md:8:9"), "{stderr}");
    assert!(stderr.contains("content/guide/extra.md:3:1"), "{stderr}");
    assert!(
        stderr.contains("content/guide/extra.md:6:1"),
        "a bad key no longer hides the body's link: {stderr}"
    );
    assert!(stderr.contains("3 errors"), "{stderr}");
}

#[test]
fn the_repository_site_builds_under_a_sub_path() {
    let site = Fixture::repository_site();
    let run = site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]);
    run.assert_ok();
    let files = snapshot(&site.root().join("public"));
    assert!(files.contains_key("index.html") && files.contains_key("red-flags/index.html"));
}

#[test]
fn sections_paginate_their_listings() {
    let site = built_good_site(&["--base-url", "https://example.github.io/rehab-guide/"]);
    let first = site.read("public/guide/index.html");
    assert!(first.contains("/rehab-guide/guide/setup/") && first.contains("/rehab-guide/guide/brace/"));
    assert!(
        !first.contains("class=\"card__link\" href=\"/rehab-guide/guide/components/\""),
        "page 1 lists two pages"
    );
    assert!(
        first.contains("Page 1 of 2") && first.contains("href=\"/rehab-guide/guide/page/2/\" rel=\"next\"")
    );
    let second = site.read("public/guide/page/2/index.html");
    assert!(second.contains("class=\"card__link\" href=\"/rehab-guide/guide/components/\""));
    assert!(second.contains("Page 2 of 2") && second.contains("href=\"/rehab-guide/guide/\" rel=\"prev\""));
    assert!(
        second.contains(
            "<link rel=\"canonical\" href=\"https://example.github.io/rehab-guide/guide/page/2/\">"
        )
    );
}

#[test]
fn the_benchmark_corpus_is_deterministic_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for out in [&one, &two] {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_hinge"))
            .args(["bench-corpus", "--pages", "60", "--out", out.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    assert_eq!(snapshot(&one), snapshot(&two), "same corpus byte for byte");
    let words =
        std::fs::read_to_string(one.join("content/posts/post-7.md")).unwrap().split_whitespace().count();
    assert!((500..=750).contains(&words), "about 600 words per page: {words}");
    std::fs::create_dir_all(one.join("themes")).unwrap();
    let theme = crate::support::repo().join("themes/default");
    for entry in
        walkdir::WalkDir::new(&theme).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file())
    {
        let target = one.join("themes/default").join(entry.path().strip_prefix(&theme).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), target).unwrap();
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_hinge"))
        .args(["--root", one.to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(one.join("public/posts/page/2/index.html").is_file(), "listing paginated by 50");
}

#[test]
fn links_written_with_numeric_entities_resolve() {
    let site = Fixture::new("good");
    site.write(
        "content/guide/entities.md",
        "---\ntitle: Entities\n---\n\n<a href=\"&#47;guide&#47;setup&#47;\">decimal</a>\n\
         <a href=\"&#x2F;guide&#x2F;brace&#x2F;#exhale-then-brace\">hex</a>\n\
         <a href=\"&sol;guide&sol;\">named</a>\n",
    );
    site.hinge(&["build"]).assert_ok();
    site.write(
        "content/guide/entities.md",
        "---\ntitle: Entities\n---\n\n<a href=\"&#47;nowhere&#x2F;\">x</a>\n",
    );
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("broken link `/nowhere/`"), "{}", run.stderr());
    assert!(run.stderr().contains("content/guide/entities.md:5:"), "located in the source: {}", run.stderr());
}
