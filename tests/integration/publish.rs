//! Publishing: the GitHub Pages workflow, the Atom feed, the sitemap and the search index.

use crate::support::{Fixture, repo};
use serde_yaml::Value;

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).expect("the workflow is valid YAML")
}

/// The steps of one job.
fn job_steps<'a>(workflow: &'a Value, job: &str) -> &'a Vec<Value> {
    workflow["jobs"][job]["steps"].as_sequence().unwrap_or_else(|| panic!("job `{job}` has steps"))
}

/// The step of `job` that uses `action` (by its name before `@`).
fn step_using<'a>(workflow: &'a Value, job: &str, action: &str) -> &'a Value {
    let prefix = format!("{action}@");
    job_steps(workflow, job)
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(&prefix)))
        .unwrap_or_else(|| panic!("job `{job}` uses {action}"))
}

/// The major version an action is pinned to (`actions/checkout@v5` → 5).
fn major(step: &Value) -> u32 {
    let uses = step["uses"].as_str().unwrap();
    uses.rsplit_once("@v").and_then(|(_, v)| v.split('.').next()?.parse().ok()).unwrap_or(0)
}

#[test]
fn pages_workflow_has_the_permissions_and_official_steps() {
    let wf = workflow();
    let top = &wf["permissions"];
    assert_eq!(top["contents"].as_str(), Some("read"));
    assert!(top["pages"].is_null() && top["id-token"].is_null(), "Pages permissions on the deploy job only");
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(deploy["permissions"]["id-token"].as_str(), Some("write"));
    for job in ["check", "test", "build"] {
        assert!(wf["jobs"][job]["permissions"].is_null(), "`{job}` keeps the read-only default");
    }
    let branches = &wf["on"]["push"]["branches"];
    assert!(
        branches.as_sequence().unwrap().iter().any(|b| b.as_str() == Some("main")),
        "deploys on push to main"
    );
    assert!(wf["on"].get("pull_request").is_some(), "pull requests are checked");
    for job in ["check", "test", "build"] {
        assert!(major(step_using(&wf, job, "actions/checkout")) >= 5, "`{job}`: checkout@v5 or later");
    }
    assert!(major(step_using(&wf, "build", "actions/configure-pages")) >= 5);
    let upload = step_using(&wf, "build", "actions/upload-pages-artifact");
    assert!(major(upload) >= 5, "v5 is the first with `include-hidden-files`");
    assert_eq!(upload["with"]["include-hidden-files"].as_bool(), Some(true), ".nojekyll must be uploaded");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert!(major(step_using(&wf, "deploy", "actions/deploy-pages")) >= 5);
    for job in ["check", "test", "build"] {
        step_using(&wf, job, "Swatinem/rust-cache");
    }
    let run = |job: &str, needle: &str| {
        job_steps(&wf, job)
            .iter()
            .filter_map(|s| s["run"].as_str())
            .find(|r| r.contains(needle))
            .map(String::from)
    };
    let build = run("build", "hinge build").expect("the build job builds the site");
    assert!(build.contains("--base-url") && build.contains("steps.pages.outputs.base_url"), "{build}");
    let check = run("check", "hinge check").expect("the pull-request job checks the site");
    assert!(check.contains("--message-format github"), "errors as annotations: {check}");
    assert_eq!(wf["jobs"]["check"]["if"].as_str(), Some("github.event_name == 'pull_request'"));
    assert!(run("test", ".ci/run").is_some(), "the tests run");
    let needs: Vec<&str> = deploy["needs"].as_sequence().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(needs, ["build", "test"], "tests before deploy");
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    for job in ["check", "build"] {
        let cache = step_using(&wf, job, "actions/cache");
        let key = cache["with"]["key"].as_str().unwrap();
        assert!(
            key.contains("Cargo.lock") && key.contains("src/**"),
            "the binary is keyed by its sources: {key}"
        );
        let cargo = run(job, "cargo build").unwrap();
        assert!(cargo.contains("--locked"), "{cargo}");
        let guarded = job_steps(&wf, job)
            .iter()
            .find(|s| s["run"].as_str().is_some_and(|r| r.contains("cargo build")))
            .and_then(|s| s["if"].as_str())
            .unwrap_or("");
        assert!(guarded.contains("cache-hit"), "a cached binary is not rebuilt");
    }
}

#[test]
fn check_prints_github_annotations_and_never_says_it_built() {
    let site = Fixture::new("good");
    site.apply_overlay("missing-link-target");
    let run = site.hinge(&["check", "--message-format", "github"]);
    assert_eq!(run.code(), 1);
    let stdout = run.stdout();
    let line = stdout.lines().find(|l| l.starts_with("::error file=")).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.starts_with("::error file=content/"), "{line}");
    assert!(line.contains(",line=") && line.contains(",col=") && line.contains("::link target"), "{line}");
    let human = site.hinge(&["check"]);
    assert!(!human.stderr().contains("could not be built"), "check builds nothing: {}", human.stderr());
    assert!(human.stderr().contains("error: the check found problems: "), "{}", human.stderr());
}

#[test]
fn well_known_and_headers_files_are_published() {
    let site = Fixture::new("good");
    site.write("static/.well-known/security.txt", "Contact: mailto:editors@example.org\n");
    site.write("static/.hidden", "not published");
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    assert_eq!(site.read("public/.well-known/security.txt"), "Contact: mailto:editors@example.org\n");
    assert!(!site.root().join("public/.hidden").exists(), "other hidden files stay out");
    // hinge writes _headers: the page's own CSP, and a year's cache for fingerprinted assets.
    let headers = site.read("public/_headers");
    let page = site.read("public/index.html");
    let csp_line = headers.lines().find(|l| l.trim_start().starts_with("Content-Security-Policy:")).unwrap();
    let csp = csp_line.split_once(": ").unwrap().1;
    assert!(page.contains(&format!("content=\"{csp}\"")), "one policy in the page and the headers: {csp}");
    assert!(
        headers.contains("/rehab-guide/js/*\n  Cache-Control: public, max-age=31536000, immutable"),
        "{headers}"
    );
    // The site's templates/_headers replaces the theme's; a static/_headers would be a second producer.
    site.write("templates/_headers", "/*\n  X-Frame-Options: DENY\n");
    site.hinge(&["build"]).assert_ok();
    assert_eq!(site.read("public/_headers"), "/*\n  X-Frame-Options: DENY\n");
    site.write("static/_headers", "/*\n");
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("the output `_headers` is written twice: by the file `static/_headers`"),
        "{}",
        run.stderr()
    );
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

/// A local stand-in for other sites: `/ok` answers, `/gone` is 404, `/slow` takes 5 s,
/// `/no-head` refuses HEAD but answers GET. Returns its port and the count of requests.
fn outside_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let mut parts = line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") | ("GET", "/no-head") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let mut stream = stream;
                let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            });
        }
    });
    (port, count)
}

/// The authoring fixture's menu and `extra` name this outside site: the tests never ask it.
const ELSEWHERE: &str = "https://example.com/";

#[test]
fn check_external_asks_the_links_templates_and_data_write() {
    let (port, _) = outside_server();
    let site = Fixture::new("authoring");
    let base = format!("http://127.0.0.1:{port}");
    site.write(
        "templates/cited.html",
        &format!(
            "{{% extends \"base.html\" %}}{{% block main %}}\n<a href=\"{{{{ page.extra.paper }}}}\">paper</a>\n\
             <a href=\"{base}/template-gone\">fixed</a> <a href=\"{base}/ok\">fine</a>\n{{% endblock main %}}\n"
        ),
    );
    site.write(
        "content/notes/cited.md",
        &format!(
            "---\ntitle: Cited\ntemplate: cited.html\nextra:\n  paper: {base}/extra-gone\n---\n\nText.\n"
        ),
    );
    let run = site.hinge(&["check", "--external", "--external-timeout", "1", "--skip-external", ELSEWHERE]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 0, "{stderr}");
    assert!(stderr.contains(&format!("outside link `{base}/extra-gone`: not found (404)")), "{stderr}");
    assert!(
        stderr.contains("--> content/notes/cited.md:5:10"),
        "at the front matter that holds it: {stderr}"
    );
    assert!(stderr.contains(&format!("outside link `{base}/template-gone`: not found (404)")), "{stderr}");
    assert!(stderr.contains("--> templates/cited.html:3:10"), "at the template line: {stderr}");
    assert!(
        !stderr.contains("/ok`") && !stderr.contains("example.org"),
        "the site's own URLs are not asked: {stderr}"
    );
}

#[test]
fn check_external_warns_about_dead_and_slow_links_and_caches_the_answers() {
    let (port, requests) = outside_server();
    let site = Fixture::new("authoring");
    let base = format!("http://127.0.0.1:{port}");
    site.write(
        "content/notes/links.md",
        &format!(
            "---\ntitle: Links\n---\n\n[fine]({base}/ok) and [moved]({base}/no-head).\n\n\
             A [dead one]({base}/gone) and a [slow one]({base}/slow).\n"
        ),
    );
    site.hinge(&["check"]).assert_ok();
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 0, "off by default");
    let started = std::time::Instant::now();
    let run = site.hinge(&["check", "--external", "--external-timeout", "1", "--skip-external", ELSEWHERE]);
    assert_eq!(run.code(), 0, "outside links only warn: {}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains(&format!("warning: outside link `{base}/gone`: not found (404)")), "{stderr}");
    assert!(stderr.contains("--> content/notes/links.md:7:3"), "located at the link: {stderr}");
    assert!(stderr.contains(&format!("outside link `{base}/slow`: no answer within 1 s")), "{stderr}");
    assert!(!stderr.contains("/ok`") && !stderr.contains("/no-head`"), "GET after a refused HEAD: {stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "a timeout, not a hang");
    assert!(site.root().join(".hinge-cache/external-links.json").is_file());
    assert!(!site.root().join("public/.hinge-cache").exists());
    let asked = requests.load(std::sync::atomic::Ordering::SeqCst);
    let again = site.hinge(&[
        "check",
        "--external",
        "--external-timeout",
        "1",
        "--strict",
        "--skip-external",
        ELSEWHERE,
    ]);
    assert_eq!(again.code(), 1, "--strict fails on the warnings");
    assert!(again.stderr().contains("/gone`: not found (404)"), "the cached answer is reported");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), asked, "answered from the cache");
    let skipped = site.hinge(&[
        "check",
        "--external",
        "--skip-external",
        &format!("{base}/gone"),
        "--skip-external",
        ELSEWHERE,
    ]);
    assert!(!skipped.stderr().contains("/gone`"), "{}", skipped.stderr());
    let github =
        site.hinge(&["check", "--external", "--message-format", "github", "--skip-external", ELSEWHERE]);
    assert!(
        github.stdout().contains("::warning file=content/notes/links.md,line=7,col=3::outside link"),
        "{}",
        github.stdout()
    );
}
