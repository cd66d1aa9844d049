//! Taxonomies on exercises: a record's `taxonomies:` map puts it on its terms' pages, apart from
//! the articles, and its page links its terms; its mistakes are located in the YAML.

use crate::support::Fixture;

/// An exercise record with the given `taxonomies:` block.
fn exercise(taxonomies: &str) -> String {
    format!(
        "name: Dowel hinge\nsummary: Hips back with a dowel along the spine.\ncategory: hinge\n\
         dose: {{sets: 3, reps: \"10-12\"}}\nsteps: [Hold the dowel on head, upper back and tailbone.]\n{taxonomies}"
    )
}

#[test]
fn exercises_are_listed_on_their_terms_pages_and_link_their_terms() {
    let site = Fixture::new("authoring");
    site.write(
        "content/exercises/dowel-hinge.yaml",
        &exercise("taxonomies:\n  tags: [Bracing]\n  equipment: [Dowel]\n"),
    );
    site.hinge(&["build"]).assert_ok();
    let term = site.read("public/tags/bracing/index.html");
    let exercises =
        term.split("<h2 id=\"term-exercises\">Exercises</h2>").nth(1).unwrap_or_else(|| panic!("{term}"));
    assert!(exercises.contains("href=\"/docs/exercises/dowel-hinge/\">Dowel hinge</a>"), "{term}");
    let articles = term.split("<h2 id=\"term-articles\">Articles</h2>").nth(1).expect("articles too");
    assert!(articles.contains("/docs/notes/functions/"), "{term}");
    let dowel = site.read("public/equipment/dowel/index.html");
    assert!(dowel.contains("/docs/exercises/dowel-hinge/") && !dowel.contains("term-articles"), "{dowel}");
    let page = site.read("public/exercises/dowel-hinge/index.html");
    assert!(page.contains("<a href=\"/docs/equipment/dowel/\" rel=\"tag\">Dowel</a>"), "{page}");
    assert!(page.contains("<a href=\"/docs/tags/bracing/\" rel=\"tag\">Bracing</a>"), "{page}");
    let index = site.read("public/equipment/index.html");
    assert!(index.contains("/docs/equipment/dowel/"), "{index}");
    site.hinge(&["check"]).assert_ok();
}

#[test]
fn an_exercises_taxonomy_mistakes_are_located_in_its_record() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write(
        "content/exercises/dowel-hinge.yaml",
        &exercise("taxonomies:\n  tgas: [Hinge]\n  equipment: [Dowel, \"\"]\n"),
    );
    site.write("content/exercises/band-hinge.yaml", &exercise("taxonomies: {equipment: [Band]}\n"));
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    for (at, message) in [
        ("content/exercises/dowel-hinge.yaml:7:3", "`tgas` is not a taxonomy of this site"),
        ("content/exercises/dowel-hinge.yaml:8:22", "an empty term in `equipment`"),
    ] {
        assert!(stderr.contains(message) && stderr.contains(&format!("--> {at}")), "{at}: {stderr}");
    }
    assert!(stderr.contains("did you mean `tags`?"), "{stderr}");
    assert_eq!(site.snapshot("public"), before);
    site.write("content/exercises/dowel-hinge.yaml", &exercise("taxonomies: {equipment: [band]}\n"));
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert!(stderr.contains("`band` and `Band` (in `content/exercises/band-hinge.yaml`)"), "{stderr}");
    assert!(stderr.contains("--> content/exercises/dowel-hinge.yaml:6:26"), "{stderr}");
}
