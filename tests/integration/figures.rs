//! Exercise figures: every exercise page of the guide has exactly one figure with a text
//! alternative and no inline style; a figure's geometry mistakes fail the build at the angle's
//! line; and in Chromium, reduced motion shows the still poses and hides the animation.

use crate::browser_support::{Session, StaticServer, chromium};
use crate::build::assert_fails_located;
use crate::support::Fixture;

fn built_guide() -> Fixture {
    let site = Fixture::repository_site();
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    site
}

/// The `<figure class="fig ...">...</figure>` elements of a page.
fn figures(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("<figure class=\"fig ") {
        let start = from + at;
        let end = start + html[start..].find("</figure>").expect("closed figure") + "</figure>".len();
        out.push(&html[start..end]);
        from = end;
    }
    out
}

/// The text between `open` and `close` in `html`, if both are there.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find(close)?;
    Some(&html[start..end])
}

#[test]
fn every_exercise_page_has_one_figure_with_a_text_alternative_and_no_inline_style() {
    let site = built_guide();
    let exercises = std::fs::read_dir(site.root().join("content/exercises")).unwrap();
    let mut checked = 0;
    for entry in exercises {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let Some(id) = name.strip_suffix(".yaml") else { continue };
        let html = site.read(&format!("public/exercises/{id}/index.html"));
        let found = figures(&html);
        assert_eq!(found.len(), 1, "{id}: expected exactly one figure, found {}", found.len());
        let figure = found[0];
        let still = between(figure, "<svg class=\"fig__still\"", "</svg>").expect("still poses");
        assert!(still.contains("role=\"img\""), "{id}: the still poses are an image");
        let title = between(still, "<title>", "</title>").unwrap_or_default();
        let desc = between(still, "<desc>", "</desc>").unwrap_or_default();
        assert!(!title.trim().is_empty(), "{id}: the figure has an accessible name");
        assert!(desc.contains("Step 1, "), "{id}: the text alternative walks through the steps: {desc}");
        if figure.contains("fig__anim") {
            assert!(
                between(figure, "<svg class=\"fig__anim\"", ">").unwrap().contains("aria-hidden=\"true\""),
                "{id}: the animation repeats the stills and is hidden from assistive technology"
            );
        }
        assert!(!html.contains(" style="), "{id}: no inline style anywhere on the page (strict CSP)");
        checked += 1;
    }
    assert_eq!(checked, 25, "the guide has 25 exercises");
}

#[test]
fn the_technique_article_shows_the_set_up_the_hinge_and_the_rounded_back_beside_the_braced_one() {
    let site = built_guide();
    let html = site.read("public/guide/technique/index.html");
    let titles: Vec<&str> = figures(&html).iter().filter_map(|f| between(f, "<title>", "</title>")).collect();
    assert!(titles.iter().any(|t| t.starts_with("Deadlift: Set-up")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Bodyweight hip hinge")), "{titles:?}");
    let fault =
        figures(&html).into_iter().find(|f| f.contains("fig--fault")).expect("the faults component's figure");
    let desc = between(fault, "<desc>", "</desc>").unwrap();
    assert!(desc.contains("Rounded back: standing") && desc.contains("low back rounded"), "{desc}");
    assert!(desc.contains("Braced back: standing") && desc.contains("back flat"), "{desc}");
    let library = site.read("public/exercises/index.html");
    let cards = library.matches("<li class=\"exercise-card").count();
    let thumbnails =
        figures(&library).iter().filter(|f| f.contains("fig--card") && f.contains("aria-hidden")).count();
    assert!(cards >= 25, "the library lists every exercise: {cards}");
    assert_eq!(thumbnails, cards, "every card in the library has a thumbnail, hidden from screen readers");
}

#[test]
fn a_knee_out_of_range_is_located_at_the_knee() {
    assert_fails_located(
        "figure-knee-out-of-range",
        "content/exercises/deadlift.yaml:25:13",
        "knee 170 is outside the human range -5 to 155 degrees",
        None,
    );
}

#[test]
fn a_foot_under_the_floor_is_located_at_the_angle_that_puts_it_there() {
    assert_fails_located(
        "figure-foot-under-floor",
        "content/exercises/deadlift.yaml:23:28",
        "the far foot goes 30.2 cm below the floor (try far.knee: 88)",
        None,
    );
}

#[test]
fn reduced_motion_shows_the_still_poses_and_hides_the_animation() {
    let Some(chromium) = chromium() else { return };
    let site = built_guide();
    let server = StaticServer::start(&site.root().join("public"));
    let session = Session::launch(&chromium);
    let displayed = "[...document.querySelectorAll('.fig:not(.fig--card) svg')]\
                     .map(s => s.getAttribute('class') + ':' + getComputedStyle(s).display + ':' + (s.getBoundingClientRect().height > 50))";
    for (motion, anim) in [("reduce", "none"), ("no-preference", "block")] {
        let feature = headless_chrome::protocol::cdp::Emulation::MediaFeature {
            name: "prefers-reduced-motion".into(),
            value: motion.into(),
        };
        session
            .tab
            .call_method(headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![feature]),
            })
            .unwrap();
        session.open(&server.url("exercises/deadlift/"));
        let shown = session.json(displayed);
        let shown: Vec<&str> = shown.as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(shown.len(), 2, "{motion}: the still poses and the animation: {shown:?}");
        assert_eq!(shown[0], "fig__still:block:true", "{motion}: the still poses always show");
        assert!(shown[1].starts_with(&format!("fig__anim:{anim}:")), "{motion}: {shown:?}");
        let animating = session.json(
            "[...document.querySelectorAll('.fig__anim .fig__j')].some(g => getComputedStyle(g).animationName !== 'none')",
        );
        assert_eq!(
            animating,
            serde_json::json!(motion == "no-preference"),
            "{motion}: joints animate only with motion"
        );
        session.assert_clean(motion);
    }
}
