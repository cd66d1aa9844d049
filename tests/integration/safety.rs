//! The triage model on the built guide: tiers and their words come from the data, every sign
//! sits in one tier and reads plainly, the emergency number is a `tel:` link, one pain rule and
//! one timeline everywhere, review dates shown and aged, callouts, and a full-text search index
//! that stays small.

use crate::support::{Fixture, repo, snapshot};
use std::collections::BTreeMap;

/// The repository's red-flag data, read as plain YAML (independently of hinge's own types).
fn red_flags() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo().join("content/data/red-flags.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn strings<'a>(value: &'a serde_yaml::Value, key: &str) -> Vec<&'a str> {
    value[key]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("{key}: {v:?}")))
        .collect()
}

fn built_guide() -> BTreeMap<String, Vec<u8>> {
    let site = Fixture::repository_site();
    site.hinge(&["build"]).assert_ok();
    snapshot(&site.root().join("public"))
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8_lossy(files.get(path).unwrap_or_else(|| panic!("no `{path}`"))).into_owned()
}

/// The text a reader sees in `<main>`: tags dropped, whitespace collapsed, dashes unified.
fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_script = false;
    let body = &html[start..end];
    for (i, c) in body.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                let rest = &body[i..];
                if rest.starts_with("<script") {
                    in_script = true;
                } else if rest.starts_with("</script") {
                    in_script = false;
                }
            }
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag && !in_script => text.push(c),
            _ => {}
        }
    }
    let words: Vec<String> =
        text.replace(['–', '—'], "-").replace("&#39;", "'").split_whitespace().map(str::to_string).collect();
    // "2 to 4 weeks" and "2-4 weeks" say the same thing.
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
        if i + 2 < words.len() && words[i + 1] == "to" && number(&words[i]) && number(&words[i + 2]) {
            out.push(format!("{}-{}", words[i], words[i + 2]));
            i += 3;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out.join(" ")
}

#[test]
fn every_tier_is_used_and_every_sign_has_exactly_one_known_tier() {
    let data = red_flags();
    let tiers: Vec<&str> =
        data["tiers"].as_sequence().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(tiers, ["emergency", "urgent", "see-doctor", "adjust"], "safety.md's four tiers, in order");
    let signs = data["signs"].as_sequence().unwrap();
    let mut per_tier: BTreeMap<&str, usize> = BTreeMap::new();
    for sign in signs {
        let tier = sign["tier"].as_str().unwrap_or_else(|| panic!("sign without a tier: {sign:?}"));
        assert!(tiers.contains(&tier), "unknown tier `{tier}`");
        *per_tier.entry(tier).or_default() += 1;
    }
    // safety.md section 2 lists at least this many signs per tier.
    for (tier, at_least) in [("emergency", 7), ("urgent", 6), ("see-doctor", 6), ("adjust", 4)] {
        assert!(per_tier.get(tier).copied().unwrap_or(0) >= at_least, "{tier}: {per_tier:?}");
    }
    let emergency: Vec<&serde_yaml::Value> =
        data["tiers"].as_sequence().unwrap().iter().filter(|t| t["emergency"] == true).collect();
    assert_eq!(emergency.len(), 1);
    assert_eq!(emergency[0]["id"], "emergency");
}

#[test]
fn the_signs_of_safety_md_are_all_there() {
    let data = red_flags();
    let text: String = data["signs"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} | ", s["tier"].as_str().unwrap(), s["sign"].as_str().unwrap().to_lowercase()))
        .collect();
    let tier_of = |needle: &str| -> String {
        let hit = text
            .split(" | ")
            .find(|s| s.contains(needle))
            .unwrap_or_else(|| panic!("no sign says `{needle}`"));
        hit.split(' ').next().unwrap().to_string()
    };
    for (needle, tier) in [
        ("between your legs", "emergency"),
        ("urine", "emergency"),
        ("sexual", "emergency"),
        ("both legs", "emergency"),
        ("foot", "emergency"),
        ("fall", "emergency"),
        ("chest pain", "emergency"),
        ("fever", "urgent"),
        ("cancer", "urgent"),
        ("painkillers", "urgent"),
        ("osteoporosis", "urgent"),
        ("lump", "urgent"),
        ("spreading", "urgent"),
        ("below the knee", "see-doctor"),
        ("wakes you", "see-doctor"),
        ("stiff", "see-doctor"),
        ("comes back", "see-doctor"),
        ("one side", "adjust"),
        ("twinge", "adjust"),
        ("glutes", "adjust"),
    ] {
        assert_eq!(tier_of(needle), tier, "the sign that mentions `{needle}`");
    }
}

#[test]
fn safety_words_are_plain_short_sentences() {
    let data = red_flags();
    let mut checked = 0;
    let mut texts: Vec<(String, &str)> = Vec::new();
    for sign in data["signs"].as_sequence().unwrap() {
        for key in ["sign", "advice", "question"] {
            texts.push((format!("{} {key}", sign["id"].as_str().unwrap()), sign[key].as_str().unwrap()));
        }
    }
    for tier in data["tiers"].as_sequence().unwrap() {
        for key in ["heading", "action"] {
            texts.push((format!("tier {} {key}", tier["id"].as_str().unwrap()), tier[key].as_str().unwrap()));
        }
    }
    for (what, text) in texts {
        for sentence in text.split(['.', '?', '!']).filter(|s| !s.trim().is_empty()) {
            let words = sentence.split_whitespace().count();
            assert!(words < 25, "{what}: {words} words in `{sentence}`");
            checked += 1;
        }
    }
    assert!(checked > 60, "checked {checked} sentences");
}

#[test]
fn tier_words_live_in_the_data_not_in_rust() {
    let data = red_flags();
    let mut rust = String::new();
    for entry in walkdir::WalkDir::new(repo().join("src")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            rust.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let files = built_guide();
    let flags_page = main_text(&page(&files, "red-flags/index.html"));
    let mut last = 0;
    for tier in data["tiers"].as_sequence().unwrap() {
        for key in ["heading", "action"] {
            let words = tier[key].as_str().unwrap();
            assert!(!rust.contains(words), "`{words}` is written in src/");
            let at =
                flags_page[last..].find(words).unwrap_or_else(|| panic!("red-flag page lacks `{words}`"));
            if key == "heading" {
                last += at;
            }
        }
    }
    for sign in data["signs"].as_sequence().unwrap() {
        let id = sign["id"].as_str().unwrap();
        assert!(page(&files, "red-flags/index.html").contains(&format!("id=\"{id}\"")), "anchor for `{id}`");
    }
}

#[test]
fn the_emergency_number_is_a_tel_link_on_the_home_and_red_flag_pages() {
    let data = red_flags();
    let files = built_guide();
    let numbers: Vec<String> = data["emergency_numbers"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|r| strings(r, "numbers").into_iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(numbers.iter().any(|n| n == "999") && numbers.iter().any(|n| n == "911"));
    for path in ["index.html", "red-flags/index.html"] {
        let html = page(&files, path);
        for number in &numbers {
            assert!(html.contains(&format!("href=\"tel:{number}\"")), "{path}: no tel: link for {number}");
        }
    }
}

#[test]
fn every_page_links_the_warning_signs_from_its_header() {
    let files = built_guide();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with("index.html")) {
        let html = String::from_utf8_lossy(bytes);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let header =
            html.split("<header class=\"site-header\">").nth(1).unwrap().split("</header>").next().unwrap();
        assert!(
            header.contains("class=\"site-header__alert\" href=\"/rehab-guide/red-flags/\""),
            "{path}: no warning-signs link in the header"
        );
    }
}

#[test]
fn the_triage_passages_render_signs_from_the_data() {
    let files = built_guide();
    for path in [
        "index.html",
        "guide/soreness-or-injury/index.html",
        "guide/first-days/index.html",
        "guide/self-assessment/index.html",
        "guide/specific-problems/index.html",
        "guide/faq/index.html",
    ] {
        let html = page(&files, path);
        assert!(
            html.contains("class=\"component sign-card") || html.contains("class=\"tier tier--"),
            "{path}: no sign rendered from the data"
        );
    }
    let home = page(&files, "index.html");
    let right_now = home.find("class=\"component right-now\"").expect("home has the right-now path");
    let emergency = home.find("class=\"tier tier--emergency\"").expect("home lists the emergency signs");
    assert!(
        right_now < emergency && right_now < home.find("<h2 id=").unwrap(),
        "the home page opens with them"
    );
}

#[test]
fn one_pain_rule_and_pain_free_only_as_the_daily_life_goal() {
    let files = built_guide();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = main_text(&String::from_utf8_lossy(bytes)).to_lowercase();
        for sentence in text.split(". ").filter(|s| s.contains("pain-free") || s.contains("pain free")) {
            assert!(
                ["daily life", "everyday", "day-to-day", "goal"].iter().any(|w| sentence.contains(w)),
                "{path}: `pain-free` used as a rule: `{sentence}`"
            );
        }
    }
    for path in
        ["guide/five-stage-return/index.html", "tools/return-planner/index.html", "guide/faq/index.html"]
    {
        let text = main_text(&page(&files, path)).to_lowercase();
        let rule = ["2 out of 10", "2/10", "2 of 10", "2 or less", "2 or lower"];
        assert!(rule.iter().any(|r| text.contains(r)), "{path}: no pain rule");
        assert!(text.contains("3-5"), "{path}: 3-5 means repeat");
    }
}

#[test]
fn both_clocks_are_stated_wherever_a_duration_is_given() {
    let files = built_guide();
    for path in [
        "index.html",
        "progressions/return-to-deadlift/index.html",
        "guide/five-stage-return/index.html",
        "tools/return-planner/index.html",
        "guide/faq/index.html",
    ] {
        let text = main_text(&page(&files, path));
        assert!(text.contains("2-4 weeks"), "{path}: stages 1-4 take about 2-4 weeks");
        assert!(text.contains("36 weeks"), "{path}: stage 5 takes weeks to months (36 weeks for 140 kg)");
    }
}

#[test]
fn every_article_shows_its_review() {
    let files = built_guide();
    let mut shown = 0;
    for entry in walkdir::WalkDir::new(repo().join("content")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let front = text.split("---").nth(1).unwrap_or_default();
            assert!(front.contains("reviewed:"), "{} has no `reviewed`", entry.path().display());
            shown += 1;
        }
    }
    let articles = files
        .iter()
        .filter(|(p, _)| p.starts_with("guide/") && p.ends_with("index.html"))
        .filter(|(_, b)| !String::from_utf8_lossy(b).contains("http-equiv=\"refresh\""));
    for (path, bytes) in articles {
        assert!(String::from_utf8_lossy(bytes).contains("Reviewed by"), "{path}: review not shown");
    }
    assert!(shown > 15);
}

#[test]
fn check_warns_about_overdue_reviews_and_strict_fails() {
    let site = Fixture::new("good");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}review_max_age_days: 365\n"));
    site.write(
        "content/guide/brace.md",
        "---\ntitle: Brace\ndescription: Breathe out, then brace.\nreviewed: {by: An Editor, on: 2020-01-01}\n---\n\n## Exhale, then brace\n\nBreathe out.\n",
    );
    let run = site.hinge(&["check"]);
    assert_eq!(run.code(), 0, "warnings alone do not fail: {}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains("warning: review is overdue: last reviewed on 2020-01-01"), "{stderr}");
    assert!(stderr.contains("--> content/guide/brace.md:4:"), "located at the date: {stderr}");
    assert!(stderr.contains("warning: the page has no `reviewed` date"), "unreviewed pages too: {stderr}");
    let strict = site.hinge(&["check", "--strict"]);
    assert_eq!(strict.code(), 1, "{}", strict.stderr());
    assert!(
        site.hinge(&["build"]).stderr().is_empty(),
        "build does not age pages: output never depends on the day"
    );
}

#[test]
fn a_bad_review_date_is_a_located_error() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write(
        "content/guide/brace.md",
        "---\ntitle: Brace\ndescription: Breathe out, then brace.\nreviewed:\n  by: An Editor\n  on: 2026-02-31\n---\n\nBody.\n",
    );
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(stderr.contains("`reviewed.on`: `2026-02-31` is not a day of the calendar"), "{stderr}");
    assert!(stderr.contains("--> content/guide/brace.md:6:7"), "{stderr}");
    assert_eq!(site.snapshot("public"), before, "nothing published is lost");
}

#[test]
fn github_callouts_become_styled_notes() {
    let site = Fixture::new("good");
    site.write(
        "content/guide/notes.md",
        "---\ntitle: Notes\ndescription: Callouts of every kind.\n---\n\n> [!WARNING]\n> Stop if it hurts.\n\n> [!TIP]\n> Film from the side.\n\n> A plain quote.\n",
    );
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/guide/notes/index.html");
    assert!(html.contains("<div class=\"callout callout--warning\" role=\"note\">"), "{html}");
    assert!(html.contains("<div class=\"callout callout--tip\" role=\"note\">"));
    assert!(html.contains("<blockquote>"), "a plain quote stays a quote");
    assert!(!html.contains("[!WARNING]"));
}

#[test]
fn search_finds_every_word_and_the_index_stays_small() {
    let files = built_guide();
    let (name, bytes) =
        files.iter().find(|(p, _)| p.starts_with("search-index.") && p.ends_with(".json")).unwrap();
    let index: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let pages_with = |word: &str| -> Vec<String> {
        index
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["x"].as_str().unwrap().split(' ').any(|w| w == word))
            .map(|e| e["u"].as_str().unwrap().to_string())
            .collect()
    };
    for (word, url) in [
        ("sciatica", "/rehab-guide/guide/specific-problems/"),
        ("stenosis", "/rehab-guide/guide/specific-problems/"),
        ("kidney", "/rehab-guide/guide/specific-problems/"),
        ("fever", "/rehab-guide/red-flags/"),
        ("drop", "/rehab-guide/red-flags/"),
    ] {
        assert!(
            pages_with(word).iter().any(|u| u == url),
            "`{word}` does not find {url}: {:?}",
            pages_with(word)
        );
    }
    let gzip = std::process::Command::new("gzip")
        .arg("-9c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .expect("gzip");
    let gzipped = gzip.stdout.len();
    eprintln!("search index {name}: {} bytes raw, {gzipped} bytes gzipped", bytes.len());
    assert!(gzipped < 60 * 1024, "{name}: {gzipped} bytes gzipped");
}
