//! The stage timeline (issue 14): the protocol page and the five-stage article open with the
//! five stages drawn from the progression data, with a text alternative and no inline style.

use crate::support::Fixture;

#[test]
fn the_protocol_and_the_five_stage_article_show_the_stage_timeline() {
    let site = Fixture::repository_site();
    site.hinge(&["build"]).assert_ok();
    let yaml = site.read("content/progressions/return-to-deadlift.yaml");
    let titles: Vec<&str> = yaml.lines().filter_map(|l| l.strip_prefix("    title: ")).collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    for page in
        ["public/progressions/return-to-deadlift/index.html", "public/guide/five-stage-return/index.html"]
    {
        let html = site.read(page);
        assert_eq!(html.matches("<figure class=\"tl\">").count(), 1, "{page}");
        let start = html.find("<figure class=\"tl\">").unwrap();
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        assert!(!figure.contains("style="), "{page}: colours through classes only");
        assert_eq!(figure.matches("role=\"img\"").count(), 2, "{page}: the wide and the narrow layout");
        let desc = &figure[figure.find("<desc").unwrap()..figure.find("</desc>").unwrap()];
        for title in &titles {
            assert!(desc.contains(title), "{page}: `{title}` in the text alternative {desc}");
            assert!(figure.contains(&format!(">{title}</text>")), "{page}: `{title}` drawn");
        }
        assert!(desc.contains("Stages 1-4: About 2-4 weeks"), "{desc}");
        assert!(figure.contains(">Weeks to months</text>"), "{page}");
    }
}
