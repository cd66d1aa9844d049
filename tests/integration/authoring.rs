//! Authoring features over small fixture sites: menus, markdown extensions, `extra`, template
//! functions, components anyone can write, taxonomies, and `hinge init`.

use crate::build::assert_fails_located;
use crate::support::Fixture;

/// The `<nav class="site-nav">` of a built page.
fn main_nav(html: &str) -> &str {
    html.split("<nav class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).unwrap_or("")
}

#[test]
fn the_menu_is_the_editors_list_in_its_order() {
    let site = Fixture::new("good");
    site.hinge(&["build"]).assert_ok();
    let home = site.read("public/index.html");
    let nav = main_nav(&home);
    let links: Vec<&str> = nav.split("<a href=\"").skip(1).filter_map(|a| a.split('"').next()).collect();
    assert_eq!(links, ["/guide/", "/progressions/return/", "/exercises/"], "{nav}");
    assert!(nav.contains(">Exercises<"), "a url entry shows its name: {nav}");
    assert!(!nav.contains("red-flags"), "the warning signs page is linked by the header, not the menu");
    assert!(home.contains("site-header__alert"), "the header's own warning-signs link stays");
    let guide = site.read("public/guide/brace/index.html");
    assert!(main_nav(&guide).contains("href=\"/guide/\" aria-current=\"true\""), "{}", main_nav(&guide));
}

#[test]
fn a_site_without_a_menu_has_no_navigation() {
    let site = Fixture::new("good");
    let config = site.read("site.yaml");
    site.write("site.yaml", &config[..config.find("menu:").unwrap()]);
    site.hinge(&["build"]).assert_ok();
    assert!(!site.read("public/index.html").contains("site-nav"), "never built from every top-level page");
}

#[test]
fn a_menu_page_that_does_not_exist_is_located() {
    assert_fails_located(
        "menu-unknown-page",
        "site.yaml:11:",
        "the menu names `progressions/retrun.yaml`, which is not a page",
        Some("did you mean `progressions/return.yaml`?"),
    );
}

#[test]
fn headings_get_a_visible_labelled_anchor_link() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/markdown/index.html");
    assert!(
        html.contains(
            "<div class=\"heading\">\n<h2 id=\"setup\">Setup</h2>\n<a class=\"heading-anchor\" href=\"#setup\" \
             aria-label=\"Link to this section: Setup\">#</a></div>"
        ),
        "the link follows the heading, so the heading's name stays its own: {html}"
    );
}

#[test]
fn footnotes_have_their_own_ids_and_link_back() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/markdown/index.html");
    assert_eq!(html.matches("id=\"setup\"").count(), 1, "`[^setup]` does not take the heading's id");
    assert!(
        html.contains(
            "<sup class=\"footnote-reference\" id=\"fnref-setup\"><a href=\"#fn-setup\">1</a></sup>"
        )
    );
    assert!(html.contains("id=\"fnref-setup-2\""), "a second reference has its own id");
    assert!(html.contains("<li class=\"footnote-definition\" id=\"fn-setup\">"), "{html}");
    assert!(html.contains("href=\"#fnref-setup\" aria-label=\"Back to reference 1 (1)\""));
    assert!(html.contains("href=\"#fnref-setup-2\" aria-label=\"Back to reference 1 (2)\""));
    assert!(html.contains("href=\"#fnref-other\" aria-label=\"Back to reference 2\""));
    assert!(!html.contains("Nobody refers"), "a definition nothing refers to is left out");
    site.hinge(&["check"]).assert_ok();
}

#[test]
fn definition_lists_and_callouts_render_through_the_theme() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/markdown/index.html");
    assert!(html.contains("<dl>\n<dt>Brace</dt>\n<dd>Breathe in and tighten the trunk.</dd>"), "{html}");
    assert!(html.contains(
        "<div class=\"callout callout--warning\" role=\"note\">\n<p class=\"callout__title\">Warning</p>"
    ));
    let tip = html.split("callout--tip").nth(1).unwrap();
    let inner = tip.find("callout--note").expect("a callout nests in a callout");
    assert!(tip[inner..].contains("class=\"align-right\""), "tables in callouts keep their classes");
    site.write(
        "templates/callouts/warning.html",
        "<aside class=\"mine\">{{ kind }}: {{ body | safe }}</aside>",
    );
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/markdown/index.html");
    assert!(
        html.contains("<aside class=\"mine\">warning: <p>Stop if it hurts."),
        "a site overrides a kind's template"
    );
}

#[test]
fn extra_fields_reach_templates_and_other_keys_stay_errors() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/extra/index.html");
    assert!(html.contains("<p id=\"reviewer\">Dr Lee (physiotherapist)</p>"), "{html}");
    assert!(html.contains("<p id=\"edit\">https://example.com/source/edit/notes/extra.md</p>"), "{html}");
    assert!(html.contains("<p id=\"editors\">Ada, Grace</p>"), "{html}");
    let page = site.read("content/notes/extra.md");
    site.write("content/notes/extra.md", &page.replace("extra:\n", "extras:\n"));
    let run = site.hinge(&["build"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("did you mean `extra`?"), "{}", run.stderr());
}

#[test]
fn template_functions_and_filters_read_pages_and_data() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/functions/index.html");
    assert!(html.contains("<p id=\"data\">Ada editor+reviewer v3 Loads 120</p>"), "{html}");
    assert!(html.contains("<p id=\"csv\">exercise|reps [plank|3][dead bug, slow|8]</p>"), "{html}");
    assert!(html.contains("<p id=\"pages\">Markdown /docs/notes/markdown/ "), "{html}");
    assert!(html.contains("Functions;"), "a section lists its pages: {html}");
    assert!(html.contains("<p id=\"date\">7 March 2026</p>"), "{html}");
    assert!(html.contains("<p id=\"md\">a <em>b</em> <a href=\"https://e.org/\">c</a></p>"), "{html}");
    assert!(html.contains("<p id=\"slug\">hip-hinge-step-2</p>"), "{html}");
    assert!(html.contains("<p id=\"now\">2026-03-07</p>"), "now() is the newest page date, never the clock");
}

/// Builds `site`, applies `change`, and expects the build to fail with `message` located at
/// `location`, the previous public/ untouched.
fn assert_change_fails(site: &Fixture, change: (&str, &str), location: &str, message: &str) {
    site.hinge(&["build"]).assert_ok();
    let before = site.snapshot("public");
    site.write(change.0, change.1);
    let run = site.hinge(&["build"]);
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    assert!(stderr.contains(&format!("--> {location}")), "expected `{location}` in\n{stderr}");
    assert!(stderr.contains(message), "expected `{message}` in\n{stderr}");
    assert_eq!(site.snapshot("public"), before, "the previous public/ must be unchanged");
}

#[test]
fn a_load_data_path_outside_the_site_is_located() {
    let site = Fixture::new("authoring");
    let template = site.read("templates/functions.html");
    let bad = template.replace("data/build.json", "../secret.json");
    assert_change_fails(
        &site,
        ("templates/functions.html", &bad),
        "templates/functions.html:3:",
        "load_data(path=\"../secret.json\"): the path must be relative to the site root and stay inside it",
    );
    site.write("templates/functions.html", &template);
    let missing = template.replace("data/build.json", "data/biuld.json");
    assert_change_fails(
        &site,
        ("templates/functions.html", &missing),
        "templates/functions.html:3:",
        "no file `data/biuld.json`",
    );
}

#[test]
fn editors_components_take_typed_arguments_a_body_and_nest() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/notes/components/index.html");
    let outer = "<aside class=\"key-point key-point--3\" data-open>\n<p class=\"key-point__title\">Keep the bar \
                 close</p>\n<p>The bar travels in a <strong>straight line</strong>. See <a \
                 href=\"/docs/notes/markdown/#setup\">the setup</a>.</p>";
    assert!(
        html.contains(outer),
        "quoted argument, typed int and bool, markdown body, resolved link: {html}"
    );
    assert!(html.contains("<p class=\"dose\">3 x 8, rest 1.5 min</p>"), "nested, with its default: {html}");
    assert!(html.contains("<p>A callout inside a component.</p>"), "a callout in a component body: {html}");
    assert!(html.contains("<aside class=\"key-point key-point--2\">"), "defaults apply: {html}");
    assert!(!html.contains("hinge:component"), "every placeholder filled");
    site.hinge(&["check"]).assert_ok();
}

#[test]
fn component_mistakes_are_located_at_the_fence_and_public_is_unchanged() {
    let site = Fixture::new("authoring");
    let page = site.read("content/notes/components.md");
    let cases = [
        (
            "level=3",
            "levle=3",
            "content/notes/components.md:8:1",
            "unknown argument `levle` for component `key-point`",
        ),
        (
            "level=3",
            "level=3.5",
            "content/notes/components.md:8:1",
            "argument `level` of `key-point` must be a whole number",
        ),
        (
            "```key-point title=Plain",
            "```key-point",
            "content/notes/components.md:18:1",
            "missing the argument `title`",
        ),
        (
            "```dose sets=3",
            "```dose sets=x",
            "content/notes/components.md:11:1",
            "argument `sets` of `dose` must be a whole",
        ),
        (
            "```key-point title=Plain\nJust words.",
            "```key-piont title=Plain\nJust words.",
            "content/notes/components.md:18:1",
            "unknown component `key-piont`",
        ),
        ("Just words.", "", "content/notes/components.md:18:1", "component `key-point` needs a body"),
        (
            "```dose sets=3 reps=8\n",
            "```dose sets=3 reps=8\nbody\n",
            "content/notes/components.md:11:1",
            "`dose` takes no body",
        ),
    ];
    for (from, to, location, message) in cases {
        assert!(page.contains(from), "{from}");
        let changed = page.replacen(from, to, 1);
        assert_change_fails(&site, ("content/notes/components.md", &changed), location, message);
        site.write("content/notes/components.md", &page);
    }
    site.hinge(&["build"]).assert_ok();
    let typo = page.replacen("```key-point title=Plain", "```key-piont title=Plain", 1);
    site.write("content/notes/components.md", &typo);
    assert!(site.hinge(&["build"]).stderr().contains("did you mean `key-point`?"));
}

#[test]
fn components_nest_only_so_deep_and_schemas_are_checked() {
    let site = Fixture::new("authoring");
    let mut deep = String::from("---\ntitle: Deep\n---\n\n");
    for level in (1..=9).rev() {
        deep.push_str(&format!("{} key-point title=x\n", "`".repeat(level + 3)));
    }
    deep.push_str("core\n");
    for level in 1..=9 {
        deep.push_str(&format!("{}\n", "`".repeat(level + 3)));
    }
    assert_change_fails(
        &site,
        ("content/notes/deep.md", &deep),
        "content/notes/deep.md:13:1",
        "components nested more than 8 deep",
    );
    std::fs::remove_file(site.root().join("content/notes/deep.md")).unwrap();
    let bad_schema = "args:\n  sets: {type: integer}\n";
    assert_change_fails(
        &site,
        ("templates/components/dose.yaml", bad_schema),
        "templates/components/dose.yaml:2:",
        "unknown variant `integer`",
    );
}

#[test]
fn a_site_template_overrides_a_built_in_components_look() {
    let site = Fixture::new("good");
    site.write(
        "templates/components/exercise.html",
        "<p class=\"mine\">{{ exercise.name }}: {{ exercise.summary }}</p>\n",
    );
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/guide/components/index.html");
    assert!(html.contains("<p class=\"mine\">"), "{html}");
    assert!(!html.contains("exercise-summary__name"), "the theme's template is replaced");
}

/// An editor's component with a positional `exercise` argument: it gets the exercise's view.
const MOVE: &str = "{#---\ndescription: one exercise in a line\nbody: note\npositional: [exercise]\nargs:\n  \
                    exercise: {type: exercise, required: true}\n  note: {type: string}\n---#}\n<p class=\"move\"><a \
                    href=\"{{ exercise.url }}\">{{ exercise.name }}</a>: {{ exercise.dose_summary }}, in {{ \
                    exercise.stages | length }} stage(s). {{ note }}</p>\n";

#[test]
fn an_editors_component_takes_a_typed_exercise_argument() {
    let site = Fixture::new("good");
    site.write("templates/components/move.html", MOVE);
    let page = "---\ntitle: Moves\n---\n\n```move dead-bug note=Slowly.\nA note for GitHub readers.\n```\n";
    site.write("content/guide/moves.md", page);
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/guide/moves/index.html");
    assert!(
        html.contains("<p class=\"move\"><a href=\"/exercises/dead-bug/\">Dead bug</a>:"),
        "the exercise's view: {html}"
    );
    assert!(html.contains("stage(s). Slowly.</p>") && !html.contains("GitHub readers"), "{html}");
    let exercise = site.read("public/exercises/dead-bug/index.html");
    assert!(exercise.contains("href=\"/guide/moves/\""), "a back-link from the typed argument");
    let typo = page.replace("dead-bug", "dead-bugg");
    assert_change_fails(
        &site,
        ("content/guide/moves.md", &typo),
        "content/guide/moves.md:5:1",
        "unknown exercise `dead-bugg`",
    );
    assert!(site.hinge(&["build"]).stderr().contains("did you mean `dead-bug`?"));
    site.write("content/guide/moves.md", page);
    let wrong = page.replace("```move dead-bug", "```move dead-bug note");
    assert_change_fails(
        &site,
        ("content/guide/moves.md", &wrong),
        "content/guide/moves.md:5:1",
        "component `move` takes 1 positional argument(s), found also `note`",
    );
}

#[test]
fn a_site_overrides_a_built_in_components_schema() {
    let site = Fixture::new("good");
    let schema = "body: note\npositional: [exercise]\nargs:\n  exercise: {type: exercise, required: true}\n  \
                  heading: {type: string, default: Try this}\n";
    site.write("templates/components/exercise.yaml", schema);
    site.write(
        "templates/components/exercise.html",
        "<p class=\"mine\">{{ heading }}: {{ exercise.name }}</p>\n",
    );
    site.hinge(&["build"]).assert_ok();
    let html = site.read("public/guide/components/index.html");
    assert!(
        html.contains("<p class=\"mine\">Try this: Dead bug</p>"),
        "the default of a new argument: {html}"
    );
    let page = site.read("content/guide/components.md");
    let bad = page.replacen("```exercise dead-bug", "```exercise dead-bug heading", 1);
    assert!(bad != page);
    assert_change_fails(
        &site,
        ("content/guide/components.md", &bad),
        "content/guide/components.md:",
        "component `exercise` takes 1 positional argument(s), found also `heading`",
    );
    site.write("content/guide/components.md", &page);
    let bad_schema = schema.replace("positional: [exercise]", "positional: [exercise, size]");
    assert_change_fails(
        &site,
        ("templates/components/exercise.yaml", &bad_schema),
        "templates/components/exercise.yaml:2:",
        "positional argument `size` is not under `args`",
    );
}

#[test]
fn component_bodies_reach_the_search_index() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let search = std::fs::read_dir(site.root().join("public"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("search-index."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    let entry = search.split("{\"t\":").find(|e| e.contains("\"u\":\"/docs/notes/components/\"")).unwrap();
    for word in ["intro", "straight", "callout", "words"] {
        assert!(entry.contains(word), "`{word}`, from a component's or a callout's body: {entry}");
    }
}

#[test]
fn a_template_that_reads_the_body_gets_the_body_itself() {
    let site = Fixture::new("authoring");
    let theme = site.read("themes/default/templates/page.html");
    let printed = "{{ page.content | safe }}<p id=\"after-body\"></p>";
    site.write("templates/page.html", &theme.replace("{{ page.content | safe }}", printed));
    site.hinge(&["build"]).assert_ok();
    let spliced = site.read("public/notes/components/index.html");
    let measured = format!("{printed}{{% if page.content | length > 500 %}}<p id=\"long\"></p>{{% endif %}}");
    site.write("templates/page.html", &theme.replace("{{ page.content | safe }}", &measured));
    site.hinge(&["build"]).assert_ok();
    let whole = site.read("public/notes/components/index.html");
    let expected =
        spliced.replace("<p id=\"after-body\"></p>", "<p id=\"after-body\"></p><p id=\"long\"></p>");
    assert_eq!(whole, expected, "a template that measures the body sees all of it");
    site.hinge(&["check"]).assert_ok();
}

#[test]
fn taxonomies_list_their_terms_and_paginate_each_terms_pages() {
    let site = Fixture::new("authoring");
    site.hinge(&["build"]).assert_ok();
    let index = site.read("public/tags/index.html");
    assert!(
        index.contains(
            "<a href=\"/docs/tags/bracing/\">Bracing</a> <span class=\"terms__count\">(3 pages)</span>"
        ),
        "{index}"
    );
    assert!(
        index.contains("<a href=\"/docs/tags/hip-hinge/\">Hip hinge</a>"),
        "terms are slugified: {index}"
    );
    let first = site.read("public/tags/bracing/index.html");
    let cards: Vec<&str> =
        first.split("class=\"card__link\" href=\"").skip(1).filter_map(|c| c.split('"').next()).collect();
    assert_eq!(
        cards,
        ["/docs/notes/functions/", "/docs/notes/extra/"],
        "dated first, then by title: {first}"
    );
    assert!(first.contains("href=\"/docs/tags/bracing/page/2/\" rel=\"next\""), "{first}");
    let second = site.read("public/tags/bracing/page/2/index.html");
    assert!(second.contains("href=\"/docs/notes/markdown/\""), "{second}");
    assert!(first.contains("<li><a href=\"/docs/tags/\">Tags</a></li>"), "breadcrumbs lead back: {first}");
    let page = site.read("public/notes/markdown/index.html");
    assert!(
        page.contains("<a href=\"/docs/tags/setup/\" rel=\"tag\">Setup</a>"),
        "a page links its terms: {page}"
    );
    assert!(
        site.root().join("public/equipment/index.html").is_file(),
        "a declared taxonomy with no terms yet"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/tags/hip-hinge/</loc>"), "{sitemap}");
    let search = std::fs::read_dir(site.root().join("public"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("search-index."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert!(search.contains("\"t\":\"tags: Hip hinge\",\"u\":\"/docs/tags/hip-hinge/\""), "{search}");
    let feed = site.read("public/tags/bracing/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the term feed is well-formed XML");
    let text =
        |name: &str| doc.descendants().find(|n| n.has_tag_name(name)).and_then(|n| n.text()).unwrap_or("");
    assert_eq!(text("title"), "Authoring fixture: Bracing", "{feed}");
    assert_eq!(text("id"), "https://example.org/docs/tags/bracing/");
    let entries = doc.descendants().filter(|n| n.has_tag_name("entry")).count();
    assert_eq!(entries, 1, "only dated articles: {feed}");
    assert!(feed.contains("href=\"https://example.org/docs/notes/functions/\""), "{feed}");
    site.hinge(&["check"]).assert_ok();
}

#[test]
fn taxonomy_mistakes_are_located() {
    let site = Fixture::new("authoring");
    let page = site.read("content/notes/markdown.md");
    let collide = page.replace("tags: [Bracing, Setup]", "tags: [Setup, bracing]");
    assert_change_fails(
        &site,
        ("content/notes/markdown.md", &collide),
        "content/notes/markdown.md:4:15",
        "`bracing` and `Bracing` (in `content/notes/extra.md`) both become `/tags/bracing/`",
    );
    site.write("content/notes/markdown.md", &page);
    let undeclared = page.replace("tags: [Bracing, Setup]", "tgas: [Bracing, Setup]");
    assert_change_fails(
        &site,
        ("content/notes/markdown.md", &undeclared),
        "content/notes/markdown.md:4:1",
        "`tgas` is not a taxonomy of this site",
    );
    assert!(site.hinge(&["build"]).stderr().contains("did you mean `tags`?"));
    site.write("content/notes/markdown.md", &page);
    let config = site.read("site.yaml");
    let clash = config.replace("name: equipment", "name: notes");
    assert_change_fails(&site, ("site.yaml", &clash), "site.yaml:", "taxonomy `notes` would write `/notes/`");
    site.write("site.yaml", &config);
    let upper = config.replace("name: equipment", "name: Equipment");
    assert_change_fails(
        &site,
        ("site.yaml", &upper),
        "site.yaml:",
        "taxonomy name `Equipment` is not a URL segment",
    );
}
