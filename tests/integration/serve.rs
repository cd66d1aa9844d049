//! `hinge serve` end to end: the real binary on a free loopback port, a page fetched, a file
//! edited (reload event and changed page), a file broken (error event with the located message,
//! last good site still served), fixed (recovery), and traversal attempts refused.

use crate::support::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `hinge serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Fixture) -> Server {
    start_with(site, &[])
}

/// `hinge serve --port 0 ARGS` in the site's root.
fn start_with(site: &Fixture, args: &[&str]) -> Server {
    start_in(site.root(), args)
}

/// `hinge serve --port 0 ARGS` in `root`.
fn start_in(root: &std::path::Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hinge"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hinge serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok());
    let port = port.unwrap_or_else(|| panic!("no port in `{line}`"));
    Server { child, port }
}

/// A plain HTTP/1.1 GET; returns the status code and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let (status, _, body) = get_full(port, path);
    (status, body)
}

/// A plain HTTP/1.1 GET; returns the status code, the `Location` header and the body.
fn get_full(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
        .unwrap_or("")
        .to_string();
    (status, location, body.to_string())
}

#[test]
fn serve_answers_under_the_base_path_and_redirects_the_root_to_it() {
    let site = Fixture::new("authoring");
    let server = start(&site);
    assert_eq!(get_full(server.port, "/"), (302, "/docs/".into(), String::new()), "site.yaml's path");
    let (status, page) = get(server.port, "/docs/notes/markdown/");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/docs/notes/\""), "links carry the base path: {page}");
    assert_eq!(get_full(server.port, "/docs/notes").0, 301);
    assert_eq!(get_full(server.port, "/docs/notes").1, "/docs/notes/");
    assert_eq!(get(server.port, "/notes/markdown/").0, 404, "outside the base path");
    drop(server);
    let site = Fixture::new("good");
    let server = start_with(&site, &["--base-url", "http://127.0.0.1:1111/rehab-guide/"]);
    assert_eq!(get_full(server.port, "/").1, "/rehab-guide/");
    assert_eq!(get_full(server.port, "/rehab-guide").1, "/rehab-guide/");
    let (status, page) = get(server.port, "/rehab-guide/guide/brace/");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/rehab-guide/guide/\""), "{page}");
    assert_eq!(get(server.port, "/guide/brace/").0, 404);
}

#[test]
fn serve_without_a_site_exits_2_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_hinge"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no `site.yaml`"), "{stderr}");
    assert!(stderr.contains("hinge init"), "{stderr}");
}

/// An open Server-Sent Events connection.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__hinge/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        Events(BufReader::new(stream))
    }

    /// Waits for the next event named `name`, returning its data lines joined.
    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut current: Option<String> = None;
        let mut data = Vec::new();
        while Instant::now() < deadline {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(event) = line.strip_prefix("event: ") {
                current = Some(event.to_string());
                data.clear();
            } else if let Some(d) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:")) {
                data.push(d.to_string());
            } else if line.is_empty() && current.as_deref() == Some(name) {
                return data.join("\n");
            }
        }
        panic!("no `{name}` event within 20 s");
    }
}

#[test]
fn serve_reloads_on_change_shows_errors_and_recovers() {
    let site = Fixture::new("good");
    let server = start(&site);
    let (status, page) = get(server.port, "/guide/brace/");
    assert_eq!(status, 200);
    assert!(page.contains("Exhale, then brace"));
    assert!(
        page.contains("<script type=\"module\" src=\"/__hinge/reload.js\"></script>"),
        "reload script injected"
    );
    let (status, script) = get(server.port, "/__hinge/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let mut events = Events::open(server.port);
    let original = site.read("content/guide/brace.md");
    site.write("content/guide/brace.md", &original.replace("Exhale fully", "Breathe all the way out"));
    events.next("reload");
    assert!(get(server.port, "/guide/brace/").1.contains("Breathe all the way out"), "the edit is served");

    site.write("content/guide/brace.md", &original.replace("description:", "descripton:"));
    let report = events.next("errors");
    assert!(report.contains("content/guide/brace.md:3:1"), "{report}");
    assert!(report.contains("did you mean `description`?"), "{report}");
    assert!(
        get(server.port, "/guide/brace/").1.contains("Breathe all the way out"),
        "the last good site is still served"
    );
    let mut late = Events::open(server.port);
    assert!(late.next("errors").contains("descripton"), "a tab opened later gets the overlay too");

    site.write("content/guide/brace.md", &original);
    events.next("reload");
    assert!(get(server.port, "/guide/brace/").1.contains("Exhale fully"), "recovered");
}

#[test]
fn serve_refuses_paths_outside_the_site() {
    let site = Fixture::new("good");
    let server = start(&site);
    for path in [
        "/../site.yaml",
        "/guide/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/guide/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/content/guide/brace.md",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked site.yaml");
    }
    assert_eq!(get(server.port, "/guide/brace").0, 301, "directory without slash redirects");
}

#[test]
fn new_writes_valid_skeletons_and_never_overwrites() {
    let site = Fixture::new("good");
    let run = site.hinge(&["new", "exercise", "bird-dog"]);
    run.assert_ok();
    assert!(run.stdout().contains("content/exercises/bird-dog.yaml"));
    let run = site.hinge(&["new", "article", "guide/hinge-drills"]);
    run.assert_ok();
    assert!(site.read("content/guide/hinge-drills.md").contains("draft: true"));
    site.hinge(&["check", "--drafts"]).assert_ok();
    let again = site.hinge(&["new", "exercise", "bird-dog"]);
    assert_eq!(again.code(), 2);
    assert!(again.stderr().contains("already exists"));
}

/// The options `hinge serve` builds `site` with (at the root, live).
fn live_options(site: &Fixture) -> hinge::BuildOptions {
    hinge::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: Some("/".into()),
        live: true,
        ..Default::default()
    }
}

#[test]
fn an_edit_re_renders_only_what_it_touches() {
    use hinge::BuildCache;
    let site = Fixture::new("good");
    let options = live_options(&site);
    let cache = BuildCache::default();
    let first = hinge::build_cached(&options, Some(&cache)).unwrap();
    let cold = cache.take_stats();
    assert_eq!(cold.pages_reused, 0);
    let body = site.read("content/guide/brace.md").replace("Exhale fully", "Exhale all the way");
    site.write("content/guide/brace.md", &body);
    let second = hinge::build_cached(&options, Some(&cache)).unwrap();
    let warm = cache.take_stats();
    assert_eq!(warm.markdown_rendered, 1, "only the edited article's markdown: {warm:?}");
    assert_eq!(warm.front_matter_read, 1, "only the edited article's front matter: {warm:?}");
    assert!(warm.front_matter_reused >= warm.markdown_reused, "{warm:?}");
    assert_eq!(warm.search_indexed, 1, "only the edited article's search entry: {warm:?}");
    assert_eq!(warm.search_reused, warm.markdown_reused, "{warm:?}");
    // Links are checked again only in the edited page and in files the cache cannot vouch for
    // (those not rendered through it: the 404 page, taxonomy pages, stylesheets).
    assert!(warm.links_skipped >= warm.pages_reused - 2, "{warm:?}");
    assert!(warm.links_checked < cold.links_checked, "{warm:?} after {cold:?}");
    assert_eq!(warm.pages_rendered, 1, "only the edited page, its listing is unchanged: {warm:?}");
    assert_eq!(warm.pages_rendered + warm.pages_reused, first.pages);
    let retitled = body.replace("title: Bracing", "title: Bracing well");
    site.write("content/guide/brace.md", &retitled);
    hinge::build_cached(&options, Some(&cache)).unwrap();
    let renamed = cache.take_stats();
    assert!(
        renamed.pages_rendered > 1 && renamed.pages_rendered < second.pages,
        "a new title re-renders its listings and neighbours: {renamed:?}"
    );
    let fresh = hinge::build_in_memory(&options).unwrap();
    let cached = hinge::build_cached(&options, Some(&cache)).unwrap();
    let bytes =
        |r: &hinge::Rendered| r.files.iter().map(|f| (f.path.clone(), f.bytes.clone())).collect::<Vec<_>>();
    assert_eq!(bytes(&fresh), bytes(&cached), "a cached build is byte-identical to a fresh one");
}

/// A build's outcome as comparable text: every file's path and bytes, or every error.
fn outcome(result: Result<hinge::Rendered, hinge::BuildError>) -> Vec<(String, Vec<u8>)> {
    match result {
        Ok(r) => r.files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect(),
        Err(hinge::BuildError::Content(errors)) => {
            errors.iter().map(|e| (e.to_string(), Vec::new())).collect()
        }
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn an_incremental_rebuild_after_every_kind_of_edit_equals_a_fresh_build() {
    let site = Fixture::new("good");
    let options = live_options(&site);
    let cache = hinge::BuildCache::default();
    hinge::build_cached(&options, Some(&cache)).unwrap();
    let brace = site.read("content/guide/brace.md");
    let setup = site.read("content/guide/setup.md");
    let linking = format!("{setup}\nSee [the brace](brace.md#hold-it).\n");
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit<'_>> = vec![
        (
            "body",
            Box::new(|| site.write("content/guide/brace.md", &brace.replace("Exhale fully", "Exhale all"))),
        ),
        (
            "title",
            Box::new(|| {
                site.write("content/guide/brace.md", &brace.replace("title: Bracing", "title: Bracing well"))
            }),
        ),
        (
            "new page",
            Box::new(|| site.write("content/guide/new.md", "---\ntitle: New\n---\n\n## Hold it\n\nText.\n")),
        ),
        ("link to a heading", Box::new(|| site.write("content/guide/setup.md", &linking))),
        (
            "heading renamed under the link",
            Box::new(|| site.write("content/guide/brace.md", &format!("{brace}\n## Hold it\n\nNow.\n"))),
        ),
        (
            "heading renamed away",
            Box::new(|| site.write("content/guide/brace.md", &format!("{brace}\n## Keep it\n\nNow.\n"))),
        ),
        (
            "deleted page",
            Box::new(|| std::fs::remove_file(site.root().join("content/guide/new.md")).unwrap()),
        ),
        ("link removed", Box::new(|| site.write("content/guide/setup.md", &setup))),
    ];
    for (kind, edit) in &edits {
        edit();
        let incremental = outcome(hinge::build_cached(&options, Some(&cache)));
        let fresh = outcome(hinge::build_in_memory(&options));
        assert_eq!(incremental, fresh, "after the edit `{kind}`, incremental and fresh builds differ");
    }
}

#[test]
fn an_asset_used_only_by_a_cached_page_is_still_served_after_an_edit() {
    // A site template that asks for an asset no always-rendered template (404, base) uses.
    let site = Fixture::new("good");
    site.write("static/img/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    let page = std::fs::read_to_string(crate::support::repo().join("themes/default/templates/page.html"))
        .unwrap()
        .replace(
            "<div class=\"prose\">",
            "<img class=\"dot\" alt=\"\" src=\"{{ asset(path='img/dot.svg') }}\">\n  <div class=\"prose\">",
        );
    site.write("templates/page.html", &page);
    let server = start(&site);
    let (status, html) = get(server.port, "/guide/setup/");
    assert_eq!(status, 200);
    let src = html.split("class=\"dot\" alt=\"\" src=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    assert_eq!(get(server.port, src).0, 200, "{src} is served");

    let mut events = Events::open(server.port);
    // Any save re-renders only what it touches: here the home page, not `page.html`'s pages.
    let home = site.read("content/_index.md");
    site.write("content/_index.md", &home.replace("Start with", "Begin with"));
    events.next("reload");
    let (status, html) = get(server.port, "/guide/setup/");
    assert_eq!(status, 200, "the untouched page, reused from the cache, is served");
    assert!(html.contains(src), "its asset URL is unchanged");
    assert_eq!(get(server.port, src).0, 200, "{src} is still served after the edit");
}

#[test]
fn init_starts_a_site_that_builds_checks_and_serves_under_its_base_path() {
    let dir = tempfile::tempdir().unwrap();
    let hinge = |cwd: &std::path::Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_hinge")).args(args).current_dir(cwd).output().unwrap()
    };
    let made = hinge(dir.path(), &["init", "new-site", "--base-url", "https://example.org/new-site/"]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let root = dir.path().join("new-site");
    for file in
        ["site.yaml", "content/_index.md", "content/first-steps.md", "themes/default/templates/base.html"]
    {
        assert!(root.join(file).is_file(), "{file}");
    }
    let built = hinge(&root, &["build"]);
    assert_eq!(built.status.code(), Some(0));
    assert!(built.stderr.is_empty(), "no warnings: {}", String::from_utf8_lossy(&built.stderr));
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("href=\"/new-site/first-steps/\""), "the menu and links: {home}");
    assert!(!home.contains("red-flags"), "no rehab parts without rehab data");
    let checked = hinge(&root, &["check", "--strict"]);
    assert_eq!(checked.status.code(), Some(0), "{}", String::from_utf8_lossy(&checked.stderr));
    assert!(checked.stderr.is_empty(), "{}", String::from_utf8_lossy(&checked.stderr));
    let server = start_in(&root, &[]);
    assert_eq!(get_full(server.port, "/").1, "/new-site/");
    let (status, page) = get(server.port, "/new-site/first-steps/");
    assert_eq!(status, 200);
    assert!(page.contains("First steps"));
    drop(server);
    let before = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let again = hinge(&root, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_to_string(root.join("site.yaml")).unwrap(), before, "nothing overwritten");
}

/// Every output file of a build, by path.
fn files_of(rendered: hinge::Rendered) -> std::collections::BTreeMap<String, Vec<u8>> {
    rendered.files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect()
}

#[test]
fn a_body_edit_is_patched_into_the_last_build_byte_identical_to_a_fresh_one() {
    let site = Fixture::new("good");
    let options = live_options(&site);
    let cache = hinge::BuildCache::default();
    let mut served = files_of(hinge::build_cached(&options, Some(&cache)).unwrap());
    let brace = site.read("content/guide/brace.md");
    let source = site.root().join("content/guide/brace.md");
    let edited =
        brace.replace("Exhale fully", "Exhale all the way, slowly,") + "\nA new paragraph with `code`.\n";
    site.write("content/guide/brace.md", &edited);
    let files = cache.patch_page(site.root(), &source).expect("a body edit is patched");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["guide/brace/index.html", "search-index.json"]);
    served.extend(files.into_iter().map(|f| (f.path, f.bytes.to_vec())));
    let fresh = files_of(hinge::build_in_memory(&options).unwrap());
    assert_eq!(served.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (path, bytes) in &fresh {
        assert!(served[path] == *bytes, "`{path}` differs between the patched site and a fresh build");
    }
    cache.take_stats();
    let next = files_of(hinge::build_cached(&options, Some(&cache)).unwrap());
    let stats = cache.take_stats();
    assert_eq!(next, fresh, "the rebuild after a patch is byte-identical too");
    assert_eq!(
        (stats.markdown_rendered, stats.pages_rendered),
        (0, 0),
        "the patch was remembered: {stats:?}"
    );
}

#[test]
fn an_edit_that_reaches_beyond_the_page_is_left_to_the_whole_rebuild() {
    let site = Fixture::new("good");
    let options = live_options(&site);
    let cache = hinge::BuildCache::default();
    hinge::build_cached(&options, Some(&cache)).unwrap();
    let brace = site.read("content/guide/brace.md");
    let source = site.root().join("content/guide/brace.md");
    let cases = [
        ("a new title", brace.replace("title: Bracing", "title: Bracing well")),
        ("a heading another page links to, renamed", brace.replace("## Exhale, then brace", "## Breathe")),
        ("a broken link", format!("{brace}\nSee [nothing](nothing.md).\n")),
        (
            "a link to another page (a new back-link)",
            format!("{brace}\nSee [the components](components.md).\n"),
        ),
        ("a broken anchor", format!("{brace}\nSee [setup](setup.md#nowhere).\n")),
    ];
    for (kind, text) in &cases {
        site.write("content/guide/brace.md", text);
        assert!(cache.patch_page(site.root(), &source).is_none(), "`{kind}` must not be patched");
        let incremental = outcome(hinge::build_cached(&options, Some(&cache)));
        let fresh = outcome(hinge::build_in_memory(&options));
        assert_eq!(incremental, fresh, "after `{kind}`, the whole rebuild equals a fresh build");
        site.write("content/guide/brace.md", &brace);
        hinge::build_cached(&options, Some(&cache)).unwrap();
    }
    let home = site.root().join("content/_index.md");
    site.write("content/_index.md", &format!("{}\nMore.\n", site.read("content/_index.md")));
    assert!(cache.patch_page(site.root(), &home).is_none(), "the precached home page is rebuilt whole");
    hinge::build_cached(&options, Some(&cache)).unwrap();
    site.write("content/guide/brace.md", &format!("{brace}\nSee [nothing](nothing.md).\n"));
    assert!(hinge::build_cached(&options, Some(&cache)).is_err());
    site.write("content/guide/brace.md", &format!("{brace}\nFixed.\n"));
    assert!(cache.patch_page(site.root(), &source).is_none(), "no patch onto a failed build");
}

#[test]
fn a_body_edit_of_the_guide_is_patched_byte_identical_to_a_fresh_build() {
    let site = Fixture::repository_site();
    let options = live_options(&site);
    let cache = hinge::BuildCache::default();
    let mut served = files_of(hinge::build_cached(&options, Some(&cache)).unwrap());
    let rel = "content/guide/technique.md";
    site.write(rel, &format!("{}\nOne more sentence, with *emphasis* and `code`.\n", site.read(rel)));
    let files = cache.patch_page(site.root(), &site.root().join(rel)).expect("a body edit is patched");
    served.extend(files.into_iter().map(|f| (f.path, f.bytes.to_vec())));
    let fresh = files_of(hinge::build_in_memory(&options).unwrap());
    assert_eq!(served.len(), fresh.len());
    for (path, bytes) in &fresh {
        assert!(served[path] == *bytes, "`{path}` differs between the patched site and a fresh build");
    }
}
