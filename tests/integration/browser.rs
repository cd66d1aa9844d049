//! Real-browser tests: the built site served on 127.0.0.1 under `/rehab-guide/`, driven by
//! Debian's headless Chromium. Skipped with a loud message when Chromium is missing, except
//! under `CI=true`.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;

/// An output file's path and bytes.
type OutputPage = (String, Vec<u8>);

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
    let (redirects, pages): (Vec<OutputPage>, Vec<OutputPage>) =
        crate::support::snapshot(&site.root().join("public"))
            .into_iter()
            .filter(|(p, _)| p.ends_with("index.html"))
            .partition(|(_, bytes)| String::from_utf8_lossy(bytes).contains("http-equiv=\"refresh\""));
    let pages: Vec<String> =
        pages.into_iter().map(|(p, _)| p.trim_end_matches("index.html").to_string()).collect();
    assert!(pages.len() >= at_least, "{} pages", pages.len());
    for (path, bytes) in &redirects {
        let html = String::from_utf8_lossy(bytes);
        let target = html.split("url=").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
        session.open(&server.url(path.trim_end_matches("index.html")));
        session.wait_for(&format!("location.pathname === {}", serde_json::json!(target)));
        session.assert_clean(path);
    }
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

/// Every result row's `data-*` attributes, in order.
const ROWS: &str = "[...document.querySelectorAll('.calculator tr[data-load]')].map(r => ({...r.dataset}))";

#[test]
fn warm_up_calculator_answers_typed_input_to_the_last_plate() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served(Fixture::repository_site());
    let session = Session::launch(&chromium);
    session.open(&server.url("tools/warm-up-calculator/"));
    session.wait_for("document.querySelector('.calculator--ready')");
    session.type_into(".calculator input[name=weight]", "140");
    session.type_into(".calculator input[name=reps]", "5");
    session.wait_for("document.querySelectorAll('.calculator tr[data-load]').length === 4");
    let rows = session.json(ROWS);
    let summary: Vec<(String, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["load"].as_str().unwrap().into(),
                r["reps"].as_str().unwrap_or("").into(),
                r["plates"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("55", "5", "15,2.5"),
        ("85", "3", "25,5,2.5"),
        ("112.5", "2", "25,20,1.25"),
        ("140", "5", "25,25,10"),
    ];
    for (got, want) in summary.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2.as_str()), want, "rows: {rows}");
    }
    assert!(
        rows[3].get("working").is_some() && rows[3].get("belt").is_some(),
        "working set with belt hint: {rows}"
    );
    assert!(rows[0].get("belt").is_none(), "ramp sets never carry the belt hint");
    assert_eq!(
        session.json("document.querySelectorAll('.calculator svg[role=img][aria-label]').length > 0"),
        serde_json::json!(true),
        "bar diagram with a text alternative"
    );
    let query = session.json("location.search");
    assert!(query.as_str().unwrap().contains("weight=140"), "the URL mirrors the input: {query}");
    let results_live = session.json("document.querySelector('.calculator [aria-live]') !== null");
    assert_eq!(results_live, serde_json::json!(true));
    session.assert_clean("warm-up");
}

#[test]
fn warm_up_calculator_shows_each_error_next_to_its_field() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served(Fixture::repository_site());
    let session = Session::launch(&chromium);
    session.open(&server.url("tools/warm-up-calculator/"));
    session.wait_for("document.querySelector('.calculator--ready')");
    for (field, value, code) in [
        ("weight", "abc", "not_a_number"),
        ("weight", "-5", "not_positive"),
        ("weight", "5000", "too_large"),
        ("weight", "10", "below_bar"),
        ("weight", "", "empty"),
        ("reps", "20", "reps_out_of_range"),
    ] {
        session.type_into(".calculator input[name=weight]", "140");
        session.type_into(&format!(".calculator input[name={field}]"), value);
        // Errors wait for the field to lose focus, and the summary for a submit (GOV.UK).
        session.tab.evaluate("document.activeElement.blur()", false).unwrap();
        session.click(".calculator button[type=submit]");
        session.wait_for(&format!("document.querySelector('.calculator [data-error={code}]')"));
        let invalid = session.json(&format!(
            "document.querySelector('.calculator input[name={field}]').getAttribute('aria-invalid')"
        ));
        assert_eq!(invalid, serde_json::json!("true"), "{field}={value}");
        let rows = session.json("document.querySelectorAll('.calculator tr[data-load]').length");
        assert_eq!(rows, serde_json::json!(0), "{field}={value}: no rows while an error shows");
        let summary = session.json("[...document.querySelectorAll('.calculator a[href^=\"#\"]')].some(a => a.closest('[role=alert], .calc-summary, .calc-error-summary'))");
        assert_eq!(summary, serde_json::json!(true), "{field}={value}: the error summary links to the field");
        session.type_into(
            &format!(".calculator input[name={field}]"),
            if field == "reps" { "5" } else { "140" },
        );
    }
    session.open(&server.url("tools/warm-up-calculator/?unit=kg&weight=200&plates=25,20&pairs=25:1,20:1"));
    session.wait_for("document.querySelector('.calculator [data-error=not_enough_plates]')");
    session.assert_clean("warm-up errors");
}

#[test]
fn planner_reads_a_shared_url_and_check_ins_move_the_plan() {
    let Some(chromium) = chromium() else { return };
    let (_site, server) = served(Fixture::repository_site());
    let session = Session::launch(&chromium);
    session.open(
        &server
            .url("tools/return-planner/?unit=kg&bar=20&weight=140&start=40&technique=3&spw=2&increase=2.5"),
    );
    session.wait_for("document.querySelectorAll('.calculator tr[data-week]').length > 0");
    let rows = session
        .json("[...document.querySelectorAll('.calculator tr[data-week]')].map(r => ({...r.dataset}))");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows[0]["load"], "55");
    assert_eq!(rows[0]["focus"], "technique");
    assert_eq!(rows[3]["focus"], "consolidate");
    let last = rows.last().unwrap();
    assert_eq!(
        (last["week"].as_str(), last["load"].as_str(), last["focus"].as_str()),
        (Some("36"), Some("140"), Some("target"))
    );
    let weeks: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["week"].as_str().unwrap()).collect();
    assert_eq!(weeks.len(), 36, "36 weeks");

    // A shared link opens read-only; the reader saves it as their own plan to check in.
    session.click("[data-action=save-shared]");
    session.wait_for("!document.querySelector('.calc-checkin').hidden");
    let check_in = |during: &str, morning: &str, sign: Option<&str>| {
        session.type_into(".calc-checkin input[name=pain_during]", during);
        session.type_into(".calc-checkin input[name=pain_morning]", morning);
        session.click(".calc-checkin input[name=form_clean][value=yes]");
        let any = if sign.is_some() { "yes" } else { "no" };
        session.click(&format!(".calc-checkin input[name=any_signs][value={any}]"));
        if let Some(sign) = sign {
            session.click(&format!(".calc-checkin [data-flag=\"{sign}\"]"));
        }
        session.click(".calc-checkin button[type=submit]");
    };
    check_in("6", "3", None);
    session.wait_for("document.querySelector('[data-decision]')");
    assert_eq!(
        session.json("document.querySelector('[data-decision]').dataset.decision"),
        serde_json::json!("step_back")
    );
    let stored = session.json("localStorage.getItem('hinge.plans.v1') !== null");
    assert_eq!(stored, serde_json::json!(true), "plans and check-ins stay in localStorage");

    session.type_into(".calc-checkin input[name=pain_during]", "11");
    session.click(".calc-checkin button[type=submit]");
    session.wait_for("document.querySelector('.calc-checkin [data-error=pain_out_of_range]')");
    session.type_into(".calc-checkin input[name=pain_during]", "1");
    check_in("1", "1", Some("saddle-numbness"));
    session.wait_for("document.querySelector('[data-decision=stop]')");
    assert_eq!(
        session.json("document.querySelector('table[data-state]').dataset.state"),
        serde_json::json!("stopped")
    );

    for (query, code) in [
        ("weight=140&start=60", "start_pct_out_of_range"),
        ("weight=140&technique=5", "technique_out_of_range"),
        ("weight=140&spw=3", "spw_out_of_range"),
        ("weight=140&increase=50", "increase_out_of_range"),
    ] {
        session.open(&server.url(&format!("tools/return-planner/?unit=kg&{query}")));
        session.wait_for(&format!("document.querySelector('.calculator [data-error={code}]')"));
        assert_eq!(
            session.json("document.querySelectorAll('.calculator tr[data-week]').length"),
            serde_json::json!(0),
            "{query}"
        );
    }
    session.assert_clean("planner");
}

/// axe-core, installed by `.ci/run` with npm into `target/axe/` (never committed, never loaded by
/// the site itself: the test injects it with the page's CSP bypassed).
fn axe_source() -> Option<String> {
    crate::browser_support::axe_core()
}

#[test]
fn key_pages_have_no_wcag_violations_in_light_and_dark() {
    let Some(chromium) = chromium() else { return };
    let Some(axe) = axe_source() else { return };
    let (_site, server) = served(Fixture::repository_site());
    let session = Session::launch(&chromium);
    session.tab.call_method(headless_chrome::protocol::cdp::Page::SetBypassCSP { enabled: true }).unwrap();
    let pages = [
        "",
        "guide/soreness-or-injury/",
        "guide/first-days/",
        "guide/technique/",
        "guide/who-to-see/",
        "guide/glossary/",
        "exercises/",
        "exercises/dead-bug/",
        "progressions/return-to-deadlift/",
        "red-flags/",
        "tools/warm-up-calculator/?weight=140&reps=5",
        "tools/warm-up-calculator/?weight=abc",
        "tools/return-planner/?weight=140",
        "no/such/page/",
    ];
    let mut violations = Vec::new();
    for scheme in ["light", "dark"] {
        let feature = headless_chrome::protocol::cdp::Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        };
        session
            .tab
            .call_method(headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![feature]),
            })
            .unwrap();
        for page in pages {
            session.open(&server.url(page));
            std::thread::sleep(std::time::Duration::from_millis(200));
            session.tab.evaluate(&axe, false).unwrap();
            let run = "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })\
                       .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes[0].html.slice(0, 120))))";
            let result = session.tab.evaluate(run, true).unwrap();
            let found: Vec<String> = serde_json::from_str(result.value.unwrap().as_str().unwrap()).unwrap();
            violations.extend(found.into_iter().map(|v| format!("{scheme} {page}: {v}")));
        }
    }
    assert!(violations.is_empty(), "axe-core found:\n{}", violations.join("\n"));
}
