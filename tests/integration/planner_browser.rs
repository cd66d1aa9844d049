//! The return planner and the warm-up calculator as a lifter uses them over weeks, in headless
//! Chromium on the built guide under `/rehab-guide/`: a saved plan that survives the site menu,
//! revisions that keep the history, export and import, the compact print, the safety tiers of the
//! check-in, narrow phones and validation that waits for the field to lose focus.
//!
//! Reloading offline and updates are in `offline_browser.rs`; the page weights in `page_weight.rs`.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::support::Fixture;
use headless_chrome::types::PrintToPdfOptions;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// The guide, built once for every test here and served under the sub-path.
fn server() -> &'static StaticServer {
    static SITE: OnceLock<(Fixture, StaticServer)> = OnceLock::new();
    let (_, server) = SITE.get_or_init(|| {
        let site = Fixture::repository_site();
        site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
        let server = StaticServer::start(&site.root().join("public"));
        (site, server)
    });
    server
}

/// Runs a statement in the page.
fn run(session: &Session, script: &str) {
    session.tab.evaluate(script, false).unwrap_or_else(|e| panic!("`{script}`: {e}"));
}

/// Opens the planner with nothing saved and makes a 140 kg plan with the data's defaults.
fn make_plan(session: &Session) {
    session.open(&server().url("tools/return-planner/"));
    session.wait_for("document.querySelector('.calculator--ready')");
    session.type_into(".calculator input[name=weight]", "140");
    session.click(".calculator button[type=submit]");
    session.wait_for("document.querySelectorAll('.calculator tr[data-week]').length === 72");
}

/// Records a check-in for the session the panel shows: pains as given (an empty morning is
/// left for tomorrow), clean form, and the signs answered "yes" by id.
fn check_in(session: &Session, during: &str, morning: &str, signs: &[&str]) {
    let every_session = signs.iter().any(|s| ["saddle-numbness", "fever-or-unwell"].contains(s));
    session.type_into(".calc-checkin input[name=pain_during]", during);
    if !morning.is_empty() {
        session.type_into(".calc-checkin input[name=pain_morning]", morning);
    }
    // Clicked from the page's own script: a mouse click at an element's centre misses when the
    // layout moves between finding the element and clicking it (seen on a loaded machine).
    let press = |selector: &str| {
        session.wait_for(&format!("document.querySelector({})", json!(selector)));
        run(session, &format!("document.querySelector({}).click()", json!(selector)));
    };
    press(".calc-checkin input[name=form_clean][value=yes]");
    press(&format!(
        ".calc-checkin input[name=any_signs][value={}]",
        if every_session { "yes" } else { "no" }
    ));
    for sign in signs {
        let selector = format!(".calc-checkin [data-flag=\"{sign}\"]");
        run(
            session,
            &format!(
                "document.querySelector({}).closest('details')?.setAttribute('open', '')",
                json!(selector)
            ),
        );
        press(&selector);
    }
    press(".calc-checkin button[type=submit]");
}

/// The plan rows' `data-*` attributes that have a decision.
fn decisions(session: &Session) -> Value {
    session.json("[...document.querySelectorAll('tr[data-decision]')].map(r => [r.dataset.session, r.dataset.decision])")
}

/// An ISO date `n` days later (the test's own arithmetic, not the page's).
fn add_days(iso: &str, n: i64) -> String {
    let parts: Vec<i64> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    let (mut y, mut m, mut d) = (parts[0], parts[1], parts[2] + n);
    let days_in = |y: i64, m: i64| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    while d > days_in(y, m) {
        d -= days_in(y, m);
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

/// axe-core (installed by `.ci/run` into `target/axe/`) finds no WCAG 2.2 AA problem on the page
/// as it is now; skipped with a note when axe-core is not installed outside CI.
fn assert_no_axe_violations(session: &Session, context: &str) {
    let Some(axe) = crate::browser_support::axe_core() else {
        eprintln!("*** SKIPPED AXE CHECK ({context}) ***");
        return;
    };
    session.tab.call_method(headless_chrome::protocol::cdp::Page::SetBypassCSP { enabled: true }).unwrap();
    session.tab.evaluate(&axe, false).unwrap();
    let script = "axe.run(document.querySelector('.calculator'), { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] })\
                  .then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.nodes[0].html.slice(0, 120))))";
    let found = session.tab.evaluate(script, true).unwrap().value.unwrap();
    session.tab.call_method(headless_chrome::protocol::cdp::Page::SetBypassCSP { enabled: false }).unwrap();
    assert_eq!(found, json!("[]"), "{context}: axe-core violations");
}

fn stored(session: &Session) -> Value {
    let text = session.json("localStorage.getItem('hinge.plans.v1')");
    serde_json::from_str(text.as_str().unwrap_or("null")).unwrap()
}

#[test]
fn a_saved_plan_and_its_check_ins_survive_the_menu_and_a_change_keeps_the_history() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    session.set_viewport(390, 844);
    make_plan(&session);
    let plans = session.json("[...document.querySelectorAll('[data-plan]')].map(e => e.dataset.plan)");
    assert_eq!(plans.as_array().unwrap().len(), 1, "the plan is listed with data-plan: {plans}");
    check_in(&session, "1", "0", &[]);
    session.wait_for("document.querySelector('tr[data-session=\"1\"][data-decision]')");
    check_in(&session, "2", "", &[]);
    session.wait_for("document.querySelector('tr[data-session=\"2\"][data-decision]')");
    assert_eq!(decisions(&session), json!([["1", "progress"], ["2", "progress"]]));
    assert_eq!(
        session.json("[...document.querySelectorAll('tr[data-this-week]')].map(r => r.dataset.week)"),
        json!(["1", "1"]),
        "the plan starts today, so week 1 is this week"
    );
    assert_eq!(session.json("document.querySelector('tr[data-session=\"3\"]').dataset.date"), {
        let day = session.json("document.querySelector('tr[data-session=\"1\"]').dataset.date");
        let start = day.as_str().unwrap().to_string();
        json!(add_days(&start, 7))
    });
    assert_no_axe_violations(&session, "saved plan with check-ins");
    assert_eq!(
        session.json("!!document.querySelector('tr[data-session=\"2\"] button[data-session=\"2\"]')"),
        json!(true),
        "a session saved with the pain during only offers \"add tomorrow's score\""
    );

    session.click(".site-nav a[href$=\"/tools/\"]");
    session.wait_for("location.pathname === '/rehab-guide/tools/' && document.readyState === 'complete'");
    session.click("main a[href$=\"/tools/return-planner/\"]");
    session.wait_for("document.querySelector('.calculator--ready') && document.querySelectorAll('tr[data-week]').length === 72");
    assert_eq!(decisions(&session), json!([["1", "progress"], ["2", "progress"]]), "back through the menu");
    assert_eq!(session.json("document.querySelector('table.calc-plan').dataset.state"), json!("running"));

    run(&session, "document.querySelector('.calc-edit').open = true");
    session.type_into(".calc-edit input[name=spw]", "1");
    session.click(".calc-edit button[type=submit]");
    session.wait_for("!document.querySelector('.calc-confirm').hidden");
    assert_eq!(
        session.json("document.querySelectorAll('tr[data-week]').length"),
        json!(72),
        "asked before any change"
    );
    session.click("[data-action=confirm-yes]");
    session.wait_for("document.querySelector('[data-revision=\"1\"]')");
    assert_eq!(
        session.json("document.querySelectorAll('tr[data-week]').length"),
        json!(37),
        "one session a week"
    );
    assert_eq!(decisions(&session), json!([]), "no check-in is re-applied to the new sessions");
    let store = stored(&session);
    let revisions = store["plans"][0]["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2, "a new revision: {store}");
    assert_eq!(revisions[0]["inputs"]["spw"], "2");
    assert_eq!(revisions[0]["checkins"].as_object().unwrap().len(), 2, "the history keeps both check-ins");
    assert_eq!(revisions[1]["inputs"]["spw"], "1");
    assert!(revisions[1]["checkins"].as_object().unwrap().is_empty());
    session.assert_clean("planner log");
}

#[test]
fn export_then_clear_then_import_gives_back_the_identical_state() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    make_plan(&session);
    check_in(&session, "1", "1", &[]);
    session.wait_for("document.querySelector('tr[data-session=\"1\"][data-decision]')");
    let before = session.json("localStorage.getItem('hinge.plans.v1')");
    run(
        &session,
        "window.__exports = []; const make = URL.createObjectURL; URL.createObjectURL = (b) => { window.__exports.push(b); return make(b); };",
    );
    // Export and import load when the reader opens them.
    session.click(".calc-transfer-box > summary");
    session.click("[data-action=export-json]");
    let exported = session
        .tab
        .evaluate("window.__exports[0].text()", true)
        .unwrap()
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("an exported file");
    session.click("[data-action=export-csv]");
    let csv = session.tab.evaluate("window.__exports[1].text()", true).unwrap().value.unwrap();
    assert!(csv.as_str().unwrap().lines().count() > 72, "CSV: one line per session and a header");

    session.click("[data-action=clear]");
    assert!(!session.json("localStorage.getItem('hinge.plans.v1')").is_null(), "clear asks first");
    session.click("[data-action=clear-confirm]");
    session.wait_for(
        "localStorage.getItem('hinge.plans.v1') === null && !document.querySelector('[data-plan]')",
    );

    let file = tempfile::NamedTempFile::with_suffix(".json").unwrap();
    std::fs::write(file.path(), &exported).unwrap();
    let input = session.tab.wait_for_element("input[type=file]").unwrap();
    input.set_input_files(&[file.path().to_str().unwrap()]).unwrap();
    session.wait_for("document.querySelector('[data-plan]') && document.querySelector('tr[data-decision]')");
    assert_eq!(
        session.json("localStorage.getItem('hinge.plans.v1')"),
        before,
        "identical state after import"
    );
    session.assert_clean("export and import");
}

#[test]
fn a_36_week_plan_prints_on_at_most_two_a4_pages_with_bar_and_plates() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    make_plan(&session);
    let options = PrintToPdfOptions {
        paper_width: Some(8.27),
        paper_height: Some(11.69),
        prefer_css_page_size: Some(true),
        ..Default::default()
    };
    let pdf = session.tab.print_to_pdf(Some(options)).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert!((1..=2).contains(&pages), "{pages} A4 pages");
    let media = headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
        media: Some("print".into()),
        features: None,
    };
    session.tab.call_method(media).unwrap();
    let printed = session.json(
        "(() => { const p = document.querySelector('.calc-print'); return { shown: getComputedStyle(p).display, \
         weeks: p.querySelectorAll('tr[data-print-week]').length, text: p.innerText, \
         screenTable: document.querySelector('table.calc-plan').getClientRects().length }; })()",
    );
    assert_eq!(printed["shown"], "block");
    assert_eq!(printed["weeks"], 36, "one row per week");
    assert_eq!(printed["screenTable"], 0, "the per-session table does not print");
    let words = printed["text"].as_str().unwrap();
    for expected in ["Equipment: 20 kg bar", "25 x 2 + 10 kg", "Plates per side", "999", "Urgent"] {
        assert!(words.contains(expected), "print lacks `{expected}`: {words}");
    }
    session.assert_clean("print");
}

#[test]
fn the_check_in_follows_the_four_safety_tiers() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    session.set_viewport(390, 844);
    make_plan(&session);
    let every =
        session.json("[...document.querySelectorAll('.calc-checkin [data-flag]')].map(e => e.dataset.tier)");
    let tiers: std::collections::BTreeSet<&str> =
        every.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(tiers.len(), 4, "every sign's yes control names its tier: {tiers:?}");
    assert_eq!(
        session.json("document.querySelector('.calc-more-signs').open"),
        json!(false),
        "the see-doctor and adjust questions wait until the reader opens them"
    );

    check_in(&session, "0", "0", &["one-sided-pain"]);
    session.wait_for("document.querySelector('tr[data-session=\"1\"][data-decision]')");
    assert_eq!(decisions(&session), json!([["1", "repeat"]]), "adjust: repeat");
    assert_eq!(session.json("document.querySelector('table.calc-plan').dataset.state"), json!("running"));
    let advice = session.json("document.querySelector('.calc-decision[data-decision=repeat]').innerText");
    assert!(advice.as_str().unwrap().contains("both sides share the work"), "the sign's advice: {advice}");

    check_in(&session, "0", "0", &["leg-pain"]);
    session.wait_for("document.querySelector('table.calc-plan').dataset.state === 'paused'");
    assert_eq!(
        session.json("document.querySelector('.calc-checkin') === null"),
        json!(true),
        "no sessions while paused"
    );
    session.click("[data-action=cleared]");
    session.wait_for("document.querySelector('table.calc-plan').dataset.state === 'running'");

    check_in(&session, "0", "0", &["saddle-numbness"]);
    session.wait_for("document.querySelector('table.calc-plan').dataset.state === 'stopped'");
    let stop = session.json(
        "(() => { const d = document.querySelector('.calc-decision[data-decision=stop]'); \
         return { emergency: d.dataset.emergency, tel: [...d.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.getAttribute('href')) }; })()",
    );
    assert_eq!(stop["emergency"], "true");
    assert!(
        stop["tel"].as_array().unwrap().contains(&json!("tel:999")),
        "the emergency number as a tel: link: {stop}"
    );
    session.assert_clean("tiers");
}

#[test]
fn both_calculators_fit_320_px_and_errors_wait_for_the_field_to_lose_focus() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    session.set_viewport(320, 700);
    let overflow = "[document.documentElement.scrollWidth - innerWidth, \
                    ...[...document.querySelectorAll('.calc-table-wrap')].map(w => w.scrollWidth - w.clientWidth)]";
    for page in [
        "tools/warm-up-calculator/?weight=140&reps=5&empty=1",
        "tools/warm-up-calculator/?unit=lb&weight=405&reps=3&plateunit=kg",
        "tools/return-planner/?weight=140&reps=5",
    ] {
        session.open(&server().url(page));
        session.wait_for("document.querySelector('.calculator--ready tr[data-load]')");
        run(&session, "document.querySelectorAll('.calculator details').forEach(d => d.open = true)");
        let wide = session.json(overflow);
        assert!(
            wide.as_array().unwrap().iter().all(|v| v.as_i64() == Some(0)),
            "{page}: horizontal scroll {wide}"
        );
    }
    let small = session.json(
        "[...document.querySelectorAll('.calculator button, .calculator input[type=text], .calc-choice')]\
         .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))",
    );
    assert_eq!(small, json!([]), "tap targets at least 44 px");

    session.open(&server().url("tools/warm-up-calculator/"));
    session.wait_for("document.querySelector('.calculator--ready')");
    run(&session, "document.querySelector('.calculator input[name=weight]').focus()");
    for key in ["1", "4", "0"] {
        session.tab.type_str(key).unwrap();
        assert_eq!(
            session.json("document.querySelectorAll('.calculator [data-error]').length"),
            json!(0),
            "after {key}"
        );
    }
    session.wait_for("document.querySelectorAll('.calculator tr[data-load]').length === 4");
    session.type_into(".calculator input[name=weight]", "abc");
    assert_eq!(
        session.json("document.querySelectorAll('.calculator [data-error]').length"),
        json!(0),
        "no error before blur"
    );
    session.click(".calculator input[name=reps]");
    session.wait_for("document.querySelector('.calculator [data-error=not_a_number]')");
    assert_eq!(session.json("document.querySelectorAll('.calculator tr[data-load]').length"), json!(0));
    session.click(".calculator button[type=submit]");
    session.wait_for("document.activeElement.classList.contains('calc-error-summary')");
    session.assert_clean("320 px and blur");
}

#[test]
fn a_shared_link_opens_read_only_and_several_named_plans_can_be_kept() {
    let Some(chromium) = chromium() else { return };
    let session = Session::launch(&chromium);
    session.open(
        &server()
            .url("tools/return-planner/?unit=kg&bar=20&weight=100&start=50&technique=2&spw=1&increase=5"),
    );
    session.wait_for("document.querySelectorAll('tr[data-week]').length > 0");
    assert_eq!(
        session.json("document.querySelector('.calc-checkin') === null"),
        json!(true),
        "read-only: no check-in"
    );
    assert_eq!(
        session.json("document.querySelectorAll('[data-plan]').length"),
        json!(0),
        "nothing saved yet"
    );
    assert!(stored(&session).is_null());
    session.click("[data-action=save-shared]");
    session.wait_for(
        "document.querySelectorAll('[data-plan]').length === 1 && document.querySelector('.calc-checkin')",
    );
    let first = stored(&session)["plans"][0]["id"].as_str().unwrap().to_string();

    session.click("[data-action=new-plan]");
    session.wait_for("document.querySelector('.calc-plan-form input[name=weight]')");
    session.type_into(".calc-plan-form input[name=weight]", "120");
    session.type_into(".calc-plan-form input[name=name]", "Romanian deadlift");
    session.click(".calc-plan-form button[type=submit]");
    session.wait_for("document.querySelectorAll('[data-plan]').length === 2");
    assert_eq!(
        session.json("document.querySelector('.calc-plan-title').textContent"),
        json!("Romanian deadlift")
    );
    assert_eq!(
        session.json("document.querySelector('tr[data-week]').dataset.load"),
        json!("47.5"),
        "40% of 120, floored"
    );

    session.click(&format!("[data-plan=\"{first}\"] button"));
    session.wait_for("document.querySelector('tr[data-week]').dataset.load === '50'");
    session.click("[data-action=delete-plan]");
    assert_eq!(
        session.json("document.querySelectorAll('[data-plan]').length"),
        json!(2),
        "delete asks first"
    );
    session.click("[data-action=confirm-yes]");
    session.wait_for("document.querySelectorAll('[data-plan]').length === 1");
    assert_eq!(
        session.json("document.querySelector('.calc-plan-title').textContent"),
        json!("Romanian deadlift")
    );
    assert_eq!(stored(&session)["plans"].as_array().unwrap().len(), 1);
    session.assert_clean("shared link and several plans");
}
