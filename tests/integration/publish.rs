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
