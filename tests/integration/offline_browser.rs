//! Offline, in Chromium under `/rehab-guide/`: once a reader has opened the site, the service
//! worker the build generates keeps the calculators, the warning signs and the home page working
//! with no network, each with the assets it was built with, and says so on the page.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;

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
