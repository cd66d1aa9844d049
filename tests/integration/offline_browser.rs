//! Offline, in Chromium under `/rehab-guide/`: once a reader has opened the site, the service
//! worker the build generates keeps the calculators, the warning signs and the home page working
//! with no network, each with the assets it was built with, and says so on the page.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;
use std::collections::BTreeSet;

#[test]
fn the_calculators_and_the_warning_signs_reload_offline_once_visited() {
    let Some(chromium) = chromium() else { return };
    let site = Fixture::repository_site();
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let worker = site.read("public/sw.js");
    assert!(worker.contains("\"/rehab-guide/tools/return-planner/\""), "the planner is precached");
    assert!(worker.contains("\"/rehab-guide/red-flags/\""), "the warning signs are precached");
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "/rehab-guide/");
    assert_eq!(manifest["scope"], "/rehab-guide/");
    let server = StaticServer::start(&site.root().join("public"));
    let session = Session::launch(&chromium);
    session.open(&server.url("tools/warm-up-calculator/"));
    session.wait_for("navigator.serviceWorker.controller || false");
    assert_eq!(
        session.json("navigator.serviceWorker.controller.scriptURL.endsWith('/rehab-guide/sw.js')"),
        serde_json::json!(true),
        "registered at the base path, so its scope is the whole site"
    );
    session.wait_for("!document.querySelector('[data-offline-note]').hidden");

    server.set_offline(true);
    for (page, ready) in [
        (
            "tools/warm-up-calculator/?weight=140&reps=5",
            "document.querySelectorAll('.calculator tr[data-load]').length > 0",
        ),
        (
            "tools/return-planner/?weight=140",
            "document.querySelectorAll('.calculator tr[data-week]').length > 0",
        ),
        ("red-flags/", "document.querySelector('.tier--emergency a[href^=\"tel:\"]')"),
        ("", "document.querySelector('.right-now')"),
    ] {
        session.open(&server.url(page));
        session.wait_for(ready);
        let styled = session.json("getComputedStyle(document.body).marginTop === '0px'");
        assert_eq!(styled, serde_json::json!(true), "{page}: its stylesheet came from the cache");
    }
    server.set_offline(false);
}

/// Whether a path names a fingerprinted file (`js/dom.0123456789.js`).
fn hashed(path: &str) -> bool {
    let mut parts = path.rsplit('/').next().unwrap().rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some() && hash.is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The fingerprinted files of the build in `public/`.
fn fingerprinted(site: &Fixture) -> BTreeSet<String> {
    site.snapshot("public").into_keys().filter(|path| hashed(path)).collect()
}

/// The fingerprinted files the page in the tab has loaded (documents, styles, modules, data).
fn loaded(session: &Session) -> BTreeSet<String> {
    let urls = session.json(
        "[...performance.getEntriesByType('resource').map(e => e.name), \
         ...[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)]",
    );
    let prefix = "/rehab-guide/";
    urls.as_array()
        .unwrap()
        .iter()
        .filter_map(|u| {
            let path = u.as_str()?.split_once("://")?.1.split_once('/')?.1;
            Some(path.strip_prefix(&prefix[1..])?.split('?').next()?.to_string())
        })
        .filter(|path| hashed(path))
        .collect()
}

/// The names of the caches the site's worker keeps.
fn caches(session: &Session) -> serde_json::Value {
    let keys = session.tab.evaluate("caches.keys().then(k => JSON.stringify(k))", true).unwrap();
    serde_json::from_str(keys.value.unwrap().as_str().unwrap()).unwrap()
}

#[test]
fn an_update_loads_all_old_or_all_new_assets_and_drops_the_old_cache() {
    let Some(chromium) = chromium() else { return };
    let site = Fixture::repository_site();
    let build = || {
        site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    };
    build();
    let old = fingerprinted(&site);
    let version = |site: &Fixture| {
        let worker = site.read("public/sw.js");
        let start = worker.find("const VERSION = \"").unwrap() + 17;
        format!("hinge-{}", &worker[start..start + worker[start..].find('"').unwrap()])
    };
    let old_cache = version(&site);
    let server = StaticServer::start(&site.root().join("public"));
    let session = Session::launch(&chromium);
    let planner = server.url("tools/return-planner/?weight=140");
    session.open(&planner);
    session.wait_for("navigator.serviceWorker.controller && document.querySelector('tr[data-week]')");
    session.wait_for("!document.querySelector('[data-offline-note]').hidden");
    assert_eq!(caches(&session), serde_json::json!([old_cache]));

    // A new version: one module that every calculator module imports, and the stylesheet.
    let dom = site.read("themes/default/static/js/dom.js");
    site.write(
        "themes/default/static/js/dom.js",
        &format!("{dom}\n/** The edition. */\nexport const edition = 2;\n"),
    );
    let base = site.read("themes/default/static/css/_base.css");
    site.write("themes/default/static/css/_base.css", &format!("{base}\n.edition {{ color: inherit; }}\n"));
    build();
    let new = fingerprinted(&site);
    let new_cache = version(&site);
    let (only_old, only_new): (BTreeSet<_>, BTreeSet<_>) =
        (old.difference(&new).cloned().collect(), new.difference(&old).cloned().collect());
    assert!(
        only_old.iter().any(|p| p.starts_with("css/")) && only_new.iter().any(|p| p.starts_with("js/dom."))
    );

    // The reload that finds the update: either version, never parts of both.
    session.open(&planner);
    session.wait_for("document.querySelector('tr[data-week]')");
    let first = loaded(&session);
    let mixed = first.iter().any(|p| only_old.contains(p)) && first.iter().any(|p| only_new.contains(p));
    assert!(!mixed, "old and new assets in one page: {first:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while caches(&session) != serde_json::json!([new_cache]) {
        assert!(std::time::Instant::now() < deadline, "the old cache stays: {}", caches(&session));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // Offline now: the page comes from the new version's cache, with only new assets.
    server.set_offline(true);
    session.open(&planner);
    session.wait_for("document.querySelector('tr[data-week]')");
    let offline = loaded(&session);
    assert!(offline.iter().any(|p| p.starts_with("js/planner-page.")), "the plan view loaded: {offline:?}");
    assert!(offline.iter().all(|p| new.contains(p)), "offline, only new assets: {offline:?}");
    server.set_offline(false);
}
