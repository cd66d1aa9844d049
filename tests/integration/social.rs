//! Social cards and structured data (issue 14): every page names its card (`og:image`, a
//! 1200 x 630 PNG that exists), its absolute URL with the base path, its title and description,
//! and `twitter:card`; a second build draws no card again.

use crate::support::Fixture;

/// The `content` of `<meta property|name="key" content="...">`, if the page has it.
pub fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let open = format!("<meta {attr}=\"{key}\" content=\"");
        let start = html.find(&open)? + open.len();
        Some(&html[start..start + html[start..].find('"')?])
    })
}

/// Every HTML page of the built site that is a page of content (not the 404 page or a redirect).
fn content_pages(site: &Fixture) -> Vec<(String, String)> {
    site.snapshot("public")
        .into_iter()
        .filter(|(path, _)| path.ends_with("index.html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

/// `cards drawn=N reused=M`, from a build's debug log (colour codes removed).
fn card_counts(stderr: &str) -> (usize, usize) {
    let plain: String = {
        let mut out = String::new();
        let mut chars = stderr.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    };
    let line = plain.lines().find(|l| l.contains("social cards rendered")).expect("the cards log line");
    let number = |key: &str| {
        let at = line.find(key).expect(key) + key.len();
        line[at..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    (number("drawn="), number("reused="))
}

#[test]
fn every_page_has_a_social_card_and_its_open_graph_tags() {
    let site = Fixture::new("good");
    let log = [("HINGE_LOG", "hinge=debug")];
    let first = site.hinge_env(&["build", "--base-url", "https://example.org/sub/"], &log);
    first.assert_ok();
    let pages = content_pages(&site);
    assert!(pages.len() >= 8, "{}", pages.len());
    for (path, html) in &pages {
        let url = meta(html, "og:url").unwrap_or_else(|| panic!("og:url on {path}"));
        let expected = format!("https://example.org/sub/{}", path.trim_end_matches("index.html"));
        assert_eq!(url, expected, "{path}");
        assert!(meta(html, "og:title").is_some_and(|t| !t.is_empty()), "og:title on {path}");
        assert!(meta(html, "og:description").is_some_and(|t| !t.is_empty()), "og:description on {path}");
        assert_eq!(meta(html, "twitter:card"), Some("summary_large_image"), "{path}");
        let image = meta(html, "og:image").unwrap_or_else(|| panic!("og:image on {path}"));
        let rel = image.strip_prefix("https://example.org/sub/").expect("an absolute URL with the base path");
        let png =
            std::fs::read(site.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(&png[1..4], b"PNG", "{rel}");
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((be(16), be(20)), (1200, 630), "{rel}");
    }
    let exercise = site.read("public/exercises/deadlift/index.html");
    assert_eq!(
        meta(&exercise, "og:image"),
        Some("https://example.org/sub/cards/exercises/deadlift/card.png")
    );
    let (drawn, _) = card_counts(&first.stderr());
    assert!(drawn >= pages.len() - 1, "{drawn} cards drawn for {} pages", pages.len());
    let second = site.hinge_env(&["build", "--base-url", "https://example.org/sub/"], &log);
    second.assert_ok();
    assert_eq!(card_counts(&second.stderr()).0, 0, "no card is drawn again: {}", second.stderr());
    assert!(site.root().join(".hinge-cache/cards").is_dir());
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(at, _)| {
            let start = at + open.len();
            let end = start + html[start..].find("</script>").expect("closed");
            serde_json::from_str(&html[start..end]).expect("valid JSON")
        })
        .collect()
}

#[test]
fn articles_are_medical_web_pages_and_exercises_exercise_plans_in_json_ld() {
    let site = Fixture::new("good");
    let setup = site.read("content/guide/setup.md");
    let hostile = setup.replacen("title: Setup", "title: \"Setup </script><script>alert(1)</script> &\"\nreviewed: {by: \"A. Physio\", on: 2026-11-30}", 1);
    site.write("content/guide/setup.md", &hostile);
    site.hinge(&["build", "--base-url", "https://example.org/sub/"]).assert_ok();
    for (path, html) in content_pages(&site) {
        let blocks = json_ld(&html);
        assert_eq!(blocks.len(), 1, "{path}");
        assert_eq!(blocks[0]["@context"], "https://schema.org", "{path}");
        assert!(blocks[0]["url"].as_str().unwrap().starts_with("https://example.org/sub/"), "{path}");
    }
    let exercise = &json_ld(&site.read("public/exercises/deadlift/index.html"))[0];
    assert_eq!(exercise["@type"], "ExercisePlan");
    assert_eq!(exercise["url"], "https://example.org/sub/exercises/deadlift/");
    assert!(exercise["name"].as_str().is_some_and(|n| !n.is_empty()));
    let html = site.read("public/guide/setup/index.html");
    assert!(!html.contains("<script>alert(1)"), "the title cannot break out of the JSON-LD");
    let article = &json_ld(&html)[0];
    assert_eq!(article["@type"], "MedicalWebPage");
    assert_eq!(article["name"], "Setup </script><script>alert(1)</script> &");
    assert_eq!(article["lastReviewed"], "2026-11-30");
    assert_eq!(article["reviewedBy"]["name"], "A. Physio");
}

#[test]
fn a_site_can_turn_social_cards_off() {
    let site = Fixture::new("good");
    let config = site.read("site.yaml");
    site.write("site.yaml", &format!("{config}social_cards: false\n"));
    site.hinge(&["build"]).assert_ok();
    assert!(!site.root().join("public/cards").exists(), "no card is drawn");
    for (path, html) in content_pages(&site) {
        assert_eq!(meta(&html, "og:image"), None, "{path}");
        assert!(meta(&html, "og:url").is_some(), "{path} keeps its other tags");
        for value in json_ld(&html) {
            assert!(value.get("image").is_none(), "{path}: {value}");
        }
    }
}
