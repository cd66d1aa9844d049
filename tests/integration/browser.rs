//! Real-browser tests: the built site served on 127.0.0.1 under `/rehab-guide/`, driven by
//! Debian's headless Chromium. Skipped with a loud message when Chromium is missing, except
//! under `CI=true`.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;

/// A site built for the sub-path and served.
fn served(site: Fixture) -> (Fixture, StaticServer) {
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let server = StaticServer::start(&site.root().join("public"));
    (site, server)
}

#[test]
fn every_page_of_the_guide_loads_cleanly_under_the_sub_path() {
    assert_pages_load_cleanly(Fixture::repository_site(), 20);
}

#[test]
fn every_page_of_the_fixture_loads_cleanly_under_the_sub_path() {
    assert_pages_load_cleanly(Fixture::new("good"), 8);
}

/// Opens every page: the stylesheet applies, no console error, no request leaves 127.0.0.1;
/// then a missing page gets the 404 page with working links.
fn assert_pages_load_cleanly(site: Fixture, at_least: usize) {
    let Some(chromium) = chromium() else { return };
    let (site, server) = served(site);
    let session = Session::launch(&chromium);
    let pages: Vec<String> = crate::support::snapshot(&site.root().join("public"))
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    assert!(pages.len() >= at_least, "{} pages", pages.len());
    for path in &pages {
        session.open(&server.url(path));
        let stylesheet_applied = session.json("getComputedStyle(document.body).marginTop === '0px'");
        assert_eq!(
            stylesheet_applied,
            serde_json::json!(true),
            "{path}: the stylesheet loads under the sub-path"
        );
        session.assert_clean(path);
    }
    let missing = server.url("no/such/page/");
    session.open(&missing);
    let built_404 = std::fs::read_to_string(site.root().join("public/404.html")).unwrap();
    let heading = session.json("document.querySelector('h1').textContent");
    assert!(
        built_404.contains(&format!(">{}</h1>", heading.as_str().unwrap())),
        "the 404 page is served: {heading}"
    );
    let home_link = session.json("document.querySelector('main a').getAttribute('href')");
    assert_eq!(home_link, serde_json::json!("/rehab-guide/"), "404 links work at any depth");
    let stylesheet_applied = session.json("getComputedStyle(document.body).marginTop === '0px'");
    assert_eq!(stylesheet_applied, serde_json::json!(true), "the 404 page is styled at any depth");
    session.assert_clean_except("404", Some(&missing));
}

#[test]
fn search_finds_pages_offline_under_the_sub_path_with_the_keyboard() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served(Fixture::repository_site());
    let session = Session::launch(&chromium);
    session.open(&server.url("guide/"));
    assert_eq!(
        session.json("document.querySelector('.site-search').hidden"),
        serde_json::json!(false),
        "shown when JS runs"
    );
    let input = session.tab.wait_for_element("#site-search-input").unwrap();
    input.click().unwrap();
    session.tab.type_str("dead bug").unwrap();
    let first = session.tab.wait_for_element("#site-search-results li a").unwrap();
    let text = first.get_inner_text().unwrap();
    assert!(text.contains("Dead bug"), "first result: {text}");
    let status = session.json("document.querySelector('#site-search-status').textContent");
    assert!(status.as_str().unwrap().contains("result"), "{status}");
    session.tab.press_key("ArrowDown").unwrap();
    let focused = session.json("document.activeElement.getAttribute('href')");
    assert_eq!(focused, serde_json::json!("/rehab-guide/exercises/dead-bug/"));
    session.tab.press_key("Enter").unwrap();
    session.tab.wait_until_navigated().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let heading = session.json("document.querySelector('h1').textContent");
    assert_eq!(heading, serde_json::json!("Dead bug"));
    session.assert_clean("search");
}
