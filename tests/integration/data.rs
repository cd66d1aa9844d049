//! Structured data over the `good` fixture: generated pages, components, and one invalid
//! overlay per kind of data mistake, each failing with a located message and a fix.

use crate::build::assert_fails_located;
use crate::support::Fixture;

fn built() -> Fixture {
    let site = Fixture::new("good");
    site.hinge(&["build", "--base-url", "https://example.github.io/rehab-guide/"]).assert_ok();
    site
}

/// The text between the first `<main` and `</main>`, whitespace collapsed, for structure checks.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("/main");
    html[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that `needles` appear in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("`{needle}` missing or out of order after byte {from} in\n{haystack}"),
        }
    }
}

#[test]
fn exercise_page_lays_out_every_part_of_the_record() {
    let site = built();
    let html = main_text(&site.read("public/exercises/dead-bug/index.html"));
    assert_in_order(
        &html,
        &[
            "<nav class=\"breadcrumbs\"",
            "href=\"/rehab-guide/exercises/\">Exercises</a>",
            "<p class=\"eyebrow\">Core stability</p>",
            "<h1>Dead bug</h1>",
            "<dt>Dose</dt><dd>3 sets of 6–10 reps per side</dd>",
            "<dt>Works</dt><dd>transverse abdominis, multifidus</dd>",
            "<dt>Equipment</dt><dd>floor mat</dd>",
            "<h2 id=\"steps\">How to do it</h2>",
            "<li>Lie on your back, arms up, hips and knees at right angles.</li>",
            "<h2 id=\"cues\">Cues</h2>",
            "<h2 id=\"mistakes\">Mistakes to avoid</h2>",
            "<h2 id=\"stop-if\">Stop if you feel</h2>",
            "<li>Pain into a leg</li>",
            "Step back to <a href=\"/rehab-guide/exercises/cat-cow/\">Cat-cow</a>",
            "Move on to <a href=\"/rehab-guide/exercises/deadlift/\">Deadlift</a>",
            "<h2 id=\"used-in\">Where it is used</h2>",
            "href=\"/rehab-guide/progressions/return/#loading\">Stage 2: Loading</a> of The return",
            "href=\"/rehab-guide/guide/components/\">Components</a>",
            "Comes after <a href=\"/rehab-guide/exercises/cat-cow/\">Cat-cow</a>",
        ],
    );
}

#[test]
fn progression_page_lays_out_stages_in_order() {
    let site = built();
    let html = main_text(&site.read("public/progressions/return/index.html"));
    assert_in_order(
        &html,
        &[
            "<h1>The return</h1>",
            "<dt>Stage 1</dt><dd>About a week.</dd>",
            "<dt>Stage 2</dt><dd>Weeks to months.</dd>",
            "<a href=\"#mobility\">Mobility</a>",
            "<a href=\"#loading\">Loading</a>",
            "<h2 id=\"mobility\" class=\"stage__title\"><span class=\"stage__number\">Stage 1</span> Mobility</h2>",
            "href=\"/rehab-guide/exercises/cat-cow/\">Cat-cow</a>",
            "Move on when",
            "<li>Cat-cow feels easy</li>",
            "<span class=\"stage__number\">Stage 2</span> Loading",
            "href=\"/rehab-guide/exercises/dead-bug/\">Dead bug</a>",
            "href=\"/rehab-guide/exercises/deadlift/\">Deadlift</a>",
            "<h2 id=\"loading-the-bar\">Loading the bar again</h2>",
            "start at 40–50% of your pre-injury working weight",
            "add 2.5–5 kg (5–10 lb) a week",
        ],
    );
}

#[test]
fn library_and_red_flags_pages_are_grouped() {
    let site = built();
    let library = main_text(&site.read("public/exercises/index.html"));
    assert_in_order(
        &library,
        &[
            "Browse 3 exercises",
            "id=\"category-mobility\"",
            "Cat-cow",
            "id=\"category-core\"",
            "Dead bug",
            "id=\"category-loaded\"",
            "Deadlift",
            "id=\"by-stage\"",
            "Stage 1: Mobility",
            "Cat-cow",
            "Stage 2: Loading",
            "Dead bug",
            "Deadlift",
        ],
    );
    let flags = main_text(&site.read("public/red-flags/index.html"));
    assert_in_order(
        &flags,
        &[
            "Call the emergency number now",
            "Call an ambulance or go to an emergency department now.",
            "Numbness in the saddle area.",
            "Get seen today",
            "A fever with the back pain.",
            "See a doctor this week",
            "Pain down one leg, below the knee.",
            "Change how you train",
            "Pain on one side only.",
        ],
    );
    let flags_html = site.read("public/red-flags/index.html");
    assert!(
        flags_html.contains("href=\"tel:999\"") && flags_html.contains("href=\"tel:911\""),
        "numbers as tel: links"
    );
    assert!(
        flags_html.contains("id=\"emergency\"") && flags_html.contains("id=\"saddle-numbness\""),
        "tier and sign anchors"
    );
    assert!(
        site.read("public/index.html").contains("href=\"/rehab-guide/red-flags/\""),
        "footer links the red flags"
    );
}

#[test]
fn components_render_through_their_templates() {
    let site = built();
    let html = site.read("public/guide/components/index.html");
    assert!(html.contains("href=\"/rehab-guide/exercises/dead-bug/#steps\""), "yaml link resolved");
    assert!(html.contains("class=\"component exercise-summary\""));
    assert!(!html.contains("Dead bug card (rendered by hinge)"), "block bodies are ignored");
    assert!(html.contains("Stage 2: Loading"));
    assert!(html.contains("Stage 1: Mobility"), "progression component");
    let flags_component = html
        .split("<div class=\"component red-flags\">")
        .nth(1)
        .unwrap()
        .split("red-flags__more")
        .next()
        .unwrap();
    assert!(
        flags_component.contains("Numbness in the saddle area.")
            && !flags_component.contains("Pain down one leg"),
        "tier filter"
    );
    assert!(
        html.contains("A fever with the back pain.") && html.contains("Get seen today"),
        "one sign with its tier"
    );
    assert!(html.contains("href=\"tel:999\""), "the emergency tier shows the number");

    assert!(html.contains("<caption>Common deadlift faults"));
    assert!(html.contains("data-calculator=\"warmup\"") && html.contains("data-calculator=\"return-plan\""));
    let config_start = html.find("<script type=\"application/json\" class=\"calculator__config\">").unwrap();
    let json_text = &html[config_start..].split_once('>').unwrap().1.split_once("</script>").unwrap().0;
    let config: serde_json::Value = serde_json::from_str(json_text).expect("calculator config is JSON");
    assert_eq!(config["warmup"]["ramp"]["reps"], serde_json::json!([5, 3, 2]));
    assert_eq!(config["plates"]["kg"]["bars"][0]["weight"], serde_json::json!(20.0));
    assert!(config.get("safety").is_none(), "the warm-up's config carries no triage data");
    // The planner fetches the triage data when it shows a plan: a fingerprinted JSON file.
    let url = html.split("data-safety=\"").nth(1).unwrap().split('"').next().unwrap();
    let safety: serde_json::Value =
        serde_json::from_str(&site.read(&format!("public/{}", url.trim_start_matches("/rehab-guide/"))))
            .unwrap();
    assert_eq!(safety["tiers"][2]["planner"], serde_json::json!("pause"));
    assert_eq!(safety["signs"][3]["tier"], serde_json::json!("adjust"));
    assert_eq!(safety["emergency_numbers"][0]["numbers"][0], serde_json::json!("999"));
    assert!(
        html.contains("css/calculators."),
        "a page with a calculator and another template adds its stylesheet"
    );
    assert!(html.contains("class=\"hl-"), "ordinary code is still highlighted");
    assert!(!html.contains("hinge:component"), "no placeholder left");
}

#[test]
fn unknown_field_in_an_exercise() {
    assert_fails_located(
        "data-unknown-field",
        "content/exercises/dead-bug.yaml:2:1",
        "unknown field `sumary`",
        Some("did you mean `summary`?"),
    );
}

#[test]
fn missing_required_field() {
    assert_fails_located(
        "data-missing-field",
        "content/exercises/deadlift.yaml:",
        "missing field `category`",
        None,
    );
}

#[test]
fn wrong_type() {
    assert_fails_located(
        "data-wrong-type",
        "content/exercises/deadlift.yaml:10:8",
        "invalid type: string",
        None,
    );
}

#[test]
fn unknown_category() {
    assert_fails_located(
        "data-unknown-category",
        "content/exercises/deadlift.yaml:3:",
        "unknown variant `strength`",
        Some("did you mean"),
    );
}

#[test]
fn unknown_tier() {
    assert_fails_located(
        "data-unknown-tier",
        "content/data/red-flags.yaml:40:11",
        "unknown tier `see-docter`",
        Some("did you mean `see-doctor`?"),
    );
}

#[test]
fn tier_without_an_action() {
    assert_fails_located(
        "data-tier-missing-action",
        "content/data/red-flags.yaml:18:",
        "missing field `action`",
        None,
    );
}

#[test]
fn sign_without_a_question() {
    assert_fails_located(
        "data-sign-missing-question",
        "content/data/red-flags.yaml:34:",
        "missing field `question`",
        None,
    );
}

#[test]
fn sign_without_a_tier() {
    assert_fails_located(
        "data-sign-missing-tier",
        "content/data/red-flags.yaml:44:",
        "missing field `tier`",
        None,
    );
}

#[test]
fn unknown_exercise_in_a_stage() {
    assert_fails_located(
        "data-unknown-exercise-in-stage",
        "content/progressions/return.yaml:13:27",
        "unknown exercise `deadlfit`",
        Some("did you mean `deadlift`?"),
    );
}

#[test]
fn unknown_exercise_in_progress_to() {
    assert_fails_located(
        "data-unknown-progress-to",
        "content/exercises/cat-cow.yaml:15:15",
        "unknown exercise `dead-bugs`",
        Some("did you mean `dead-bug`?"),
    );
}

#[test]
fn unknown_warmup_drill() {
    assert_fails_located(
        "data-unknown-warmup-drill",
        "content/data/warmup.yaml:3:21",
        "unknown exercise `hip-circles`",
        Some("content/exercises/hip-circles.yaml"),
    );
}

#[test]
fn unknown_id_in_a_component() {
    assert_fails_located(
        "data-unknown-component-id",
        "content/guide/components.md:11:1",
        "unknown exercise `dead-bugg`",
        Some("did you mean `dead-bug`?"),
    );
}

#[test]
fn unknown_component() {
    assert_fails_located(
        "data-unknown-component",
        "content/guide/components.md:11:1",
        "unknown component `exercize`",
        Some("did you mean `exercise`?"),
    );
}

#[test]
fn component_missing_argument() {
    assert_fails_located(
        "data-component-missing-arg",
        "content/guide/components.md:17:1",
        "component `stage` is missing the argument `stage`",
        Some("```stage PROGRESSION-ID STAGE-ID"),
    );
}

#[test]
fn component_unknown_argument() {
    assert_fails_located(
        "data-component-unknown-arg",
        "content/guide/components.md:",
        "unknown argument `level` for component `red-flags`",
        None,
    );
}

#[test]
fn link_to_a_missing_exercise() {
    assert_fails_located(
        "data-link-to-missing-exercise",
        "content/guide/components.md:9:",
        "link target `exercises/dead-bugg.yaml` does not exist",
        Some("did you mean `../exercises/dead-bug.yaml`? (content/exercises/dead-bug.yaml)"),
    );
}

#[test]
fn duplicate_red_flag_id() {
    assert_fails_located(
        "data-duplicate-id",
        "content/data/red-flags.yaml:44:9",
        "duplicate id `leg-pain`",
        Some("unique"),
    );
}

#[test]
fn duplicate_stage_id() {
    assert_fails_located(
        "data-duplicate-stage",
        "content/progressions/return.yaml:10:9",
        "duplicate stage id `mobility`",
        None,
    );
}

#[test]
fn unordered_range() {
    assert_fails_located(
        "data-unordered-range",
        "content/data/warmup.yaml:6:",
        "range is not ordered: min 50 is above max 40",
        Some("less than or equal"),
    );
}

#[test]
fn unordered_dose_range() {
    assert_fails_located(
        "data-unordered-dose",
        "content/exercises/dead-bug.yaml:8:",
        "range `10-6` is not ordered",
        None,
    );
}

#[test]
fn percentage_out_of_range() {
    assert_fails_located(
        "data-percent-out-of-range",
        "content/progressions/return.yaml:16:",
        "`max` is 150, which must be within 0..=100",
        None,
    );
}

#[test]
fn weight_not_positive() {
    assert_fails_located(
        "data-nonpositive-weight",
        "content/data/plates.yaml:2:",
        "weight -20 must be positive",
        None,
    );
}

#[test]
fn pain_threshold_out_of_range() {
    assert_fails_located(
        "data-pain-out-of-range",
        "content/progressions/return.yaml:23:",
        "pain threshold 12 is outside 0..=10",
        Some("0 (none) to 10"),
    );
}

#[test]
fn default_outside_its_range() {
    assert_fails_located(
        "data-default-outside-range",
        "content/data/warmup.yaml:5:",
        "default 4 is outside 2..=3",
        None,
    );
}

#[test]
fn unknown_data_file() {
    assert_fails_located(
        "data-unknown-data-file",
        "content/data/warmups.yaml:1:1",
        "unknown data file `warmups.yaml`",
        Some("did you mean `warmup.yaml`?"),
    );
}

#[test]
fn the_repository_data_is_complete() {
    let site = Fixture::repository_site();
    site.hinge(&["build"]).assert_ok();
    let exercises = std::fs::read_dir(site.root().join("content/exercises")).unwrap().count();
    assert!(exercises >= 20, "{exercises} exercises");
    let progression = site.read("public/progressions/return-to-deadlift/index.html");
    assert_eq!(progression.matches("class=\"stage__number\"").count(), 5, "five stages");
    let flags = site.read("public/red-flags/index.html");
    for sign in ["saddle", "bladder", "sexual", "both legs", "weakness"] {
        assert!(flags.to_lowercase().contains(sign), "red flags mention {sign}");
    }
}

#[test]
fn the_red_flag_page_takes_its_words_from_the_data() {
    let site = Fixture::new("good");
    let flags = site.read("content/data/red-flags.yaml");
    site.write(
        "content/data/red-flags.yaml",
        &flags.replace("title: \"Red flags: when to get checked\"", "title: Warning signs to act on"),
    );
    site.hinge(&["build"]).assert_ok();
    let page = site.read("public/red-flags/index.html");
    assert!(page.contains("Warning signs to act on"), "the title comes from `page:`");
    assert!(!page.contains("when to get checked"));
    assert!(
        site.read("public/index.html").contains(">Warning signs to act on<"),
        "and its listing on the home page"
    );
    site.write(
        "content/data/red-flags.yaml",
        &flags.replace("  description: The signs", "  summary: The signs"),
    );
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("unknown field `summary`"), "{}", run.stderr());
}

#[test]
fn a_progression_page_block_sets_its_navigation_title_and_place() {
    let site = Fixture::new("good");
    let file = "content/progressions/return.yaml";
    let progression = site.read(file);
    site.write(file, &format!("{progression}page:\n  link_title: The stages\n  weight: 0\n"));
    site.hinge(&["build"]).assert_ok();
    let home = site.read("public/index.html");
    let nav = home.split("<nav class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).unwrap();
    assert!(nav.contains(">The stages<"), "{nav}");
    let listing = home.split("<li class=\"card\">").nth(1).unwrap();
    assert!(
        listing.contains("progressions/return/"),
        "weight 0 puts it first among the home's pages: {listing}"
    );
}
