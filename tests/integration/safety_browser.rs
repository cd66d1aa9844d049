//! The triage model in a real browser, on a phone-sized screen (390 x 844) under
//! `/rehab-guide/`: the home page's first screen holds the emergency route and the three-way
//! "what do I do right now" path, and search finds words from anywhere on the site.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;

/// The repository's guide, built for the sub-path and served.
fn served_guide() -> (Fixture, StaticServer) {
    let site = Fixture::repository_site();
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    let server = StaticServer::start(&site.root().join("public"));
    (site, server)
}

/// Whether the element matched by `selector` lies wholly inside the first screen.
fn in_first_screen(session: &Session, selector: &str) -> serde_json::Value {
    let target = serde_json::json!(selector);
    session.json(&format!(
        "(() => {{ const e = document.querySelector({target}); if (!e) return 'missing'; \
           const r = e.getBoundingClientRect(); \
           return r.top >= 0 && r.bottom <= innerHeight && r.width > 0 && r.right <= innerWidth; }})()"
    ))
}

#[test]
fn the_first_phone_screen_of_the_home_page_shows_what_to_do_right_now() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served_guide();
    let session = Session::launch(&chromium);
    session.set_viewport(390, 844);
    session.open(&server.url(""));
    assert_eq!(session.json("[innerWidth, innerHeight]"), serde_json::json!([390, 844]));
    let tel = ".right-now__emergency a[href^='tel:']";
    for selector in [
        ".site-header__alert",
        ".right-now__title",
        ".right-now__emergency a[href$='red-flags/#emergency']",
        tel,
        ".right-now__choices li:nth-of-type(1) a",
        ".right-now__choices li:nth-of-type(2) a",
    ] {
        assert_eq!(
            in_first_screen(&session, selector),
            serde_json::json!(true),
            "`{selector}` in the first screen"
        );
    }
    assert_eq!(
        session.json("document.querySelectorAll('.right-now__choices li').length"),
        serde_json::json!(2),
        "the emergency route plus two more choices"
    );
    // The header's route to the warning signs looks like a warning, not a plain link.
    let styled = session.json(
        "(() => { const s = getComputedStyle(document.querySelector('.site-header__alert')); \
           return s.borderTopStyle === 'solid' && parseFloat(s.borderTopWidth) >= 2 \
             && s.backgroundColor !== 'rgba(0, 0, 0, 0)'; })()",
    );
    assert_eq!(styled, serde_json::json!(true));
    session.click(".right-now__emergency a[href$='red-flags/#emergency']");
    session.wait_for("location.pathname === '/rehab-guide/red-flags/' && location.hash === '#emergency'");
    assert_eq!(in_first_screen(&session, "#emergency"), serde_json::json!(true), "one tap lands on the tier");
    session.assert_clean("home on a phone");
}

#[test]
fn search_finds_words_from_anywhere_on_the_site() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served_guide();
    let session = Session::launch(&chromium);
    session.set_viewport(390, 844);
    session.open(&server.url("guide/"));
    for (query, expected) in [
        ("sciatica", "/rehab-guide/guide/specific-problems/"),
        ("stenosis", "/rehab-guide/guide/specific-problems/"),
        ("fever", "/rehab-guide/red-flags/"),
        ("foot drop", "/rehab-guide/red-flags/"),
    ] {
        session.wait_for("!document.querySelector('.site-search').hidden");
        session.type_into("#site-search-input", query);
        let urls = format!(
            "[...document.querySelectorAll('#site-search-results a')].map(a => a.pathname).includes({})",
            serde_json::json!(expected)
        );
        session.wait_for(&urls);
    }
    session.assert_clean("search");
}
