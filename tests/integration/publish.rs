//! Publishing: the GitHub Pages workflow, the Atom feed, the sitemap and the search index.

use crate::support::{Fixture, repo};
use serde_yaml::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).expect("the workflow is valid YAML")
}

fn steps_using(workflow: &Value) -> Vec<String> {
    let mut uses = Vec::new();
    for job in workflow["jobs"].as_mapping().unwrap().values() {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(u) = step["uses"].as_str() {
                uses.push(u.to_string());
            }
        }
    }
    uses
}

#[test]
fn pages_workflow_has_the_permissions_and_official_steps() {
    let wf = workflow();
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    let branches = &wf["on"]["push"]["branches"];
    assert!(
        branches.as_sequence().unwrap().iter().any(|b| b.as_str() == Some("main")),
        "deploys on push to main"
    );
    let uses = steps_using(&wf);
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(uses.iter().any(|u| u.starts_with(action)), "missing {action}: {uses:?}");
    }
    let upload = uses.iter().find(|u| u.starts_with("actions/upload-pages-artifact@v")).unwrap();
    let version: u32 = upload.trim_start_matches("actions/upload-pages-artifact@v").parse().unwrap();
    let build_steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let upload_step = build_steps.iter().find(|s| s["uses"].as_str() == Some(upload.as_str())).unwrap();
    if version >= 4 {
        assert_eq!(
            upload_step["with"]["include-hidden-files"].as_bool(),
            Some(true),
            ".nojekyll must be uploaded"
        );
    }
    assert_eq!(upload_step["with"]["path"].as_str(), Some("public"));
    let run = build_steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("hinge") || r.contains("cargo run"))
        .unwrap();
    assert!(run.contains("--base-url") && run.contains("steps.pages.outputs.base_url"), "{run}");
    assert_eq!(wf["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    assert_eq!(wf["jobs"]["deploy"]["environment"]["name"].as_str(), Some("github-pages"));
}

#[test]
fn atom_feed_is_well_formed_with_dated_articles() {
    let site = Fixture::new("good");
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let feed = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let entries: Vec<_> = root.children().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries.len(), 1, "only dated articles");
    let title = entries[0].children().find(|n| n.has_tag_name("title")).unwrap().text();
    assert_eq!(title, Some("Setup"));
    let updated = entries[0].children().find(|n| n.has_tag_name("updated")).unwrap().text().unwrap();
    assert_eq!(updated, "2026-11-20T00:00:00Z");
    let link = entries[0].children().find(|n| n.has_tag_name("link")).unwrap().attribute("href");
    assert_eq!(link, Some("https://example.github.io/rehab-guide/guide/setup/"));
    let page = site.read("public/guide/brace/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Guide\" href=\"/rehab-guide/atom.xml\">"));
    roxmltree::Document::parse(&site.read("public/sitemap.xml")).expect("sitemap is well-formed");
}

#[test]
fn search_index_is_fingerprinted_and_holds_pages_and_exercises() {
    let site = Fixture::new("good");
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let page = site.read("public/index.html");
    let url = page.split("data-index=\"").nth(1).unwrap().split('"').next().unwrap();
    let file = url.strip_prefix("/rehab-guide/").unwrap();
    assert!(
        file.starts_with("search-index.")
            && file.ends_with(".json")
            && file.len() > "search-index..json".len(),
        "{file}"
    );
    let index: serde_json::Value = serde_json::from_str(&site.read(&format!("public/{file}"))).unwrap();
    let entries = index.as_array().unwrap();
    let find = |title: &str| {
        entries.iter().find(|e| e["t"] == title).unwrap_or_else(|| panic!("no entry `{title}`"))
    };
    let setup = find("Setup");
    assert_eq!(setup["u"], "/rehab-guide/guide/setup/");
    assert!(setup["h"].as_array().unwrap().iter().any(|h| h == "Feet and bar"));
    let words = |entry: &serde_json::Value| {
        entry["x"].as_str().unwrap().split(' ').map(str::to_string).collect::<Vec<_>>()
    };
    for word in ["bar", "over", "mid", "foot"] {
        assert!(words(setup).iter().any(|w| w == word), "setup is found by `{word}`");
    }
    let bug = find("Dead bug");
    assert_eq!(bug["u"], "/rehab-guide/exercises/dead-bug/");
    for word in ["lower", "one", "arm"] {
        assert!(words(bug).iter().any(|w| w == word), "dead bug is found by `{word}`");
    }
    assert!(
        !site.root().join("public/search-index.json").exists(),
        "only the fingerprinted copy is published"
    );
}

#[test]
fn an_invalid_date_is_a_located_error() {
    let site = Fixture::new("good");
    site.write("content/guide/when.md", "---\ntitle: When\ndate: 2026-02-31 sometime\n---\n\nText.\n");
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("--> content/guide/when.md:3:1"), "{err}");
    assert!(err.contains("`date`: `2026-02-31 sometime` is not a day of the calendar"), "{err}");
    assert!(!site.root().join("public").exists(), "nothing is written");
}

#[test]
fn a_valid_date_lands_in_the_feed_as_an_rfc_3339_time_with_text_escaped() {
    let site = Fixture::new("good");
    site.write(
        "content/guide/plates.md",
        "---\ntitle: Bars & <plates>\ndescription: \"Load it \\\"light\\\" & slow\"\ndate: 2026-11-21\n---\n\nText.\n",
    );
    site.hinge(&["build"]).assert_ok();
    let feed = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed XML");
    let entry = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("entry") && n.children().any(|c| c.text() == Some("Bars & <plates>")))
        .expect("the new article is in the feed, its title unescaped by the XML parser");
    let text = |tag: &str| entry.children().find(|n| n.has_tag_name(tag)).and_then(|n| n.text());
    assert_eq!(text("published"), Some("2026-11-21T00:00:00Z"));
    assert_eq!(text("summary"), Some("Load it \"light\" & slow"));
    assert!(feed.contains("<title>Bars &amp; &lt;plates&gt;</title>"), "{feed}");
}

#[test]
fn a_site_overrides_the_sitemap_and_the_feed_from_its_templates() {
    let site = Fixture::new("good");
    site.write(
        "templates/sitemap.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         {% for entry in sitemap %}<url><loc>{{ entry.loc }}</loc><changefreq>weekly</changefreq></url>{% endfor %}\
         </urlset>\n",
    );
    site.write(
        "templates/atom.xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{{ site.title }} (site feed)</title><updated>{{ feed.updated }}</updated>\
         {% for entry in feed.entries %}<entry><title>{{ entry.title }}</title></entry>{% endfor %}</feed>\n",
    );
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let sitemap = site.read("public/sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("the override is well-formed");
    assert!(sitemap.contains("<url><loc>https://example.github.io/rehab-guide/guide/setup/</loc><changefreq>weekly</changefreq></url>"), "{sitemap}");
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<title>Fixture Guide (site feed)</title>"), "{feed}");
    assert!(feed.contains("<entry><title>Setup</title></entry>"), "{feed}");
    assert_eq!(
        site.read("public/robots.txt").lines().last(),
        Some("Sitemap: https://example.github.io/rehab-guide/sitemap.xml"),
        "robots.txt still from the theme"
    );
}
