//! What templates see of the structured data: exercises with their URLs and back-links,
//! progressions with their stages' exercises resolved, warning signs grouped by tier, the
//! exercise library grouped two ways, and the calculators' JSON configuration.
//!
//! Views borrow from the [`Site`]; they exist only while a page renders.

use crate::model::figure::Figure;
use crate::model::url::site_url;
use crate::model::{
    CalculatorKind, Category, Component, EmergencyNumbers, Exercise, Loading, PageData, Safety, Sign, Site,
    Tier, TimelineEntry,
};
use serde::Serialize;

pub(crate) mod figure;
mod timeline;

/// A title and a URL.
#[derive(Debug, Serialize)]
pub(crate) struct LinkView<'a> {
    /// Link text.
    pub(crate) title: &'a str,
    /// Absolute path including the base path.
    pub(crate) url: String,
}

/// An exercise as a list or card shows it.
#[derive(Debug, Serialize)]
pub(crate) struct ExerciseCard<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) summary: &'a str,
    /// Its category's slug.
    pub(crate) category: &'static str,
    /// Its category's heading.
    pub(crate) category_label: &'static str,
    /// The dose in words.
    pub(crate) dose_summary: &'a str,
    /// Its figure as a small still thumbnail (inline SVG), if it has one.
    pub(crate) figure_html: Option<String>,
}

/// Where a stage sits, for back-links from exercises.
#[derive(Debug, Serialize)]
pub(crate) struct StageRef<'a> {
    /// The progression's title.
    pub(crate) progression: &'a str,
    /// The stage's number, from 1.
    pub(crate) number: usize,
    /// The stage's title.
    pub(crate) title: &'a str,
    /// The stage's anchor on the progression page.
    pub(crate) url: String,
}

/// An exercise page's full context.
#[derive(Debug, Serialize)]
pub(crate) struct ExerciseView<'a> {
    /// The record itself.
    #[serde(flatten)]
    pub(crate) exercise: &'a Exercise,
    pub(crate) url: String,
    /// Its category's heading.
    pub(crate) category_label: &'static str,
    /// Harder exercises.
    pub(crate) progress_to: Vec<ExerciseCard<'a>>,
    /// Easier exercises.
    pub(crate) regress_to: Vec<ExerciseCard<'a>>,
    /// Exercises that progress to this one.
    pub(crate) progressed_from: Vec<ExerciseCard<'a>>,
    /// Progression stages that use it.
    pub(crate) stages: Vec<StageRef<'a>>,
    /// Articles that link to it or embed it.
    pub(crate) articles: Vec<LinkView<'a>>,
    /// Its figure (inline SVG: still poses and the animation), if it has one.
    pub(crate) figure_html: Option<String>,
}

/// A stage with its exercises resolved.
#[derive(Debug, Serialize)]
pub(crate) struct StageView<'a> {
    /// Its id (the anchor on the progression page).
    pub(crate) id: &'a str,
    /// Its number, from 1.
    pub(crate) number: usize,
    pub(crate) title: &'a str,
    pub(crate) goal: &'a str,
    /// Criteria for moving on.
    pub(crate) advance_when: &'a [String],
    pub(crate) exercises: Vec<ExerciseCard<'a>>,
    /// Its anchor on the progression page.
    pub(crate) url: String,
}

/// A progression with its stages resolved.
#[derive(Debug, Serialize)]
pub(crate) struct ProgressionView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) summary: &'a str,
    /// How long the stages take, in words.
    pub(crate) timeline: &'a [TimelineEntry],
    /// The stage timeline graphic (inline SVG).
    pub(crate) timeline_svg: String,
    pub(crate) url: String,
    /// The stages, in order.
    pub(crate) stages: Vec<StageView<'a>>,
    /// The planner parameters.
    pub(crate) loading: Option<&'a Loading>,
}

/// One tier with its signs.
#[derive(Debug, Serialize)]
pub(crate) struct TierView<'a> {
    /// The tier's words and effects.
    #[serde(flatten)]
    pub(crate) tier: &'a Tier,
    /// Its signs, in file order.
    pub(crate) signs: Vec<&'a Sign>,
}

/// The triage model as templates see it: tiers (most serious first) with their signs.
#[derive(Debug, Serialize)]
pub(crate) struct SafetyView<'a> {
    /// The tiers shown, each with at least one sign.
    pub(crate) tiers: Vec<TierView<'a>>,
    /// Emergency numbers, for the tier marked `emergency`.
    pub(crate) emergency_numbers: &'a [EmergencyNumbers],
    /// The red-flag page.
    pub(crate) url: String,
}

/// One sign with its tier, for the `red-flag` component.
#[derive(Debug, Serialize)]
pub(crate) struct SignView<'a> {
    pub(crate) sign: &'a Sign,
    pub(crate) tier: &'a Tier,
    /// Emergency numbers, for the tier marked `emergency`.
    pub(crate) emergency_numbers: &'a [EmergencyNumbers],
    /// The sign's entry on the red-flag page.
    pub(crate) url: String,
}

/// Exercises of one category.
#[derive(Debug, Serialize)]
pub(crate) struct CategoryGroup<'a> {
    /// The category's slug.
    pub(crate) slug: &'static str,
    pub(crate) label: &'static str,
    /// Its exercises, by name.
    pub(crate) exercises: Vec<ExerciseCard<'a>>,
}

/// The exercise library.
#[derive(Debug, Serialize)]
pub(crate) struct LibraryView<'a> {
    /// Number of exercises.
    pub(crate) count: usize,
    /// Exercises grouped by category.
    pub(crate) by_category: Vec<CategoryGroup<'a>>,
    /// Every progression's stages with their exercises.
    pub(crate) by_stage: Vec<ProgressionView<'a>>,
}

/// An exercise as a card.
pub(crate) fn exercise_card<'a>(site: &'a Site, id: &'a str) -> ExerciseCard<'a> {
    let e = &site.data.exercises[id];
    ExerciseCard {
        id: &e.id,
        name: &e.name,
        url: site_url(&site.config.base_path, &format!("exercises/{id}/")),
        summary: &e.summary,
        category: e.category.slug(),
        category_label: e.category.label(),
        dose_summary: &e.dose_summary,
        figure_html: e.figure.as_ref().map(|f| {
            let options =
                figure::RenderOptions { title: &e.name, animate: false, class: "fig--card", compact: true };
            figure::render(f, &options)
        }),
    }
}

/// An exercise's full figure: still poses with step numbers, a text alternative, the animation.
pub(crate) fn exercise_figure(exercise: &Exercise) -> Option<String> {
    exercise.figure.as_ref().map(|f| {
        let title = format!("{}, step by step", exercise.name);
        figure::render(f, &figure::RenderOptions { title: &title, animate: true, class: "", compact: false })
    })
}

/// A progression with its stages' exercises resolved.
pub(crate) fn progression_view<'a>(site: &'a Site, id: &'a str) -> ProgressionView<'a> {
    let p = &site.data.progressions[id];
    let url = site_url(&site.config.base_path, &format!("progressions/{id}/"));
    let stages = p
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageView {
            id: &s.id,
            number: i + 1,
            title: &s.title,
            goal: &s.goal,
            advance_when: &s.advance_when,
            exercises: s.exercises.iter().map(|e| exercise_card(site, e)).collect(),
            url: format!("{url}#{}", s.id),
        })
        .collect();
    ProgressionView {
        id: &p.id,
        title: &p.title,
        summary: &p.summary,
        timeline: &p.timeline,
        timeline_svg: timeline::render(p),
        url,
        stages,
        loading: p.loading.as_ref(),
    }
}

/// An exercise with its links both ways.
pub(crate) fn exercise_view<'a>(site: &'a Site, id: &'a str) -> ExerciseView<'a> {
    let exercise = &site.data.exercises[id];
    let cards = |ids: &'a [String]| ids.iter().map(|i| exercise_card(site, i)).collect();
    let progressed_from = site
        .data
        .exercises
        .values()
        .filter(|e| e.progress_to.iter().any(|p| p == id))
        .map(|e| exercise_card(site, &e.id))
        .collect();
    let mut stages = Vec::new();
    for p in site.data.progressions.values() {
        for (i, s) in p.stages.iter().enumerate() {
            if s.exercises.iter().any(|e| e == id) {
                let url = site_url(&site.config.base_path, &format!("progressions/{}/#{}", p.id, s.id));
                stages.push(StageRef { progression: &p.title, number: i + 1, title: &s.title, url });
            }
        }
    }
    let articles = site
        .backlinks
        .get(&format!("exercises/{id}.yaml"))
        .into_iter()
        .flatten()
        .map(|&i| {
            let page = &site.pages[i];
            LinkView { title: &page.meta.title, url: site_url(&site.config.base_path, &page.path) }
        })
        .collect();
    ExerciseView {
        exercise,
        url: site_url(&site.config.base_path, &format!("exercises/{id}/")),
        category_label: exercise.category.label(),
        progress_to: cards(&exercise.progress_to),
        regress_to: cards(&exercise.regress_to),
        progressed_from,
        stages,
        articles,
        figure_html: exercise_figure(exercise),
    }
}

/// The site's triage data; panics if it has none (components and pages check first).
fn safety(site: &Site) -> &Safety {
    site.data.safety.as_ref().expect("red-flag views need content/data/red-flags.yaml")
}

/// The tiers with their signs, most serious first, optionally one tier only.
pub(crate) fn safety_view<'a>(site: &'a Site, only: Option<&str>) -> SafetyView<'a> {
    let safety = safety(site);
    let tiers = safety
        .tiers
        .iter()
        .filter(|t| only.is_none_or(|o| o == t.id))
        .map(|tier| TierView { tier, signs: safety.signs.iter().filter(|s| s.tier == tier.id).collect() })
        .filter(|t| !t.signs.is_empty())
        .collect();
    SafetyView {
        tiers,
        emergency_numbers: &safety.emergency_numbers,
        url: site_url(&site.config.base_path, "red-flags/"),
    }
}

/// One sign with its tier and its entry on the red-flag page.
pub(crate) fn sign_view<'a>(site: &'a Site, id: &str) -> SignView<'a> {
    let safety = safety(site);
    let sign = safety.signs.iter().find(|s| s.id == id).expect("sign ids are checked at parse");
    let tier = safety.tier(&sign.tier).expect("sign tiers are checked at load");
    SignView {
        sign,
        tier,
        emergency_numbers: &safety.emergency_numbers,
        url: site_url(&site.config.base_path, &format!("red-flags/#{id}")),
    }
}

/// The exercise library grouped by category (by name within) and by stage.
pub(crate) fn library_view(site: &Site) -> LibraryView<'_> {
    let by_category = Category::ALL
        .into_iter()
        .map(|c| {
            let mut exercises: Vec<ExerciseCard<'_>> = site
                .data
                .exercises
                .values()
                .filter(|e| e.category == c)
                .map(|e| exercise_card(site, &e.id))
                .collect();
            exercises.sort_by(|a, b| a.name.cmp(b.name));
            CategoryGroup { slug: c.slug(), label: c.label(), exercises }
        })
        .filter(|g| !g.exercises.is_empty())
        .collect();
    let by_stage = site.data.progressions.keys().map(|id| progression_view(site, id)).collect();
    LibraryView { count: site.data.exercises.len(), by_category, by_stage }
}

/// A fault drawn next to its fix, for the faults component.
#[derive(Debug, Serialize)]
pub(crate) struct FaultFigure<'a> {
    /// The fault's id (its row's anchor is `fault-ID`).
    pub(crate) id: &'a str,
    /// The fault in words.
    pub(crate) fault: &'a str,
    /// The figure, inline SVG.
    pub(crate) html: String,
}

/// What a data page's template needs: the variable's name and its value.
pub(crate) fn page_data_value(site: &Site, data: &PageData) -> (&'static str, serde_json::Value) {
    let value = match data {
        PageData::Exercise(id) => serde_json::to_value(exercise_view(site, id)),
        PageData::ExerciseLibrary => serde_json::to_value(library_view(site)),
        PageData::Progression(id) => serde_json::to_value(progression_view(site, id)),
        PageData::RedFlags => serde_json::to_value(safety_view(site, None)),
    };
    let name = match data {
        PageData::Exercise(_) => "exercise",
        PageData::ExerciseLibrary => "library",
        PageData::Progression(_) => "progression",
        PageData::RedFlags => "red_flags",
    };
    (name, value.unwrap_or_default())
}

/// The context of one component's template.
pub(crate) fn component_context(site: &Site, component: &Component, index: usize) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("index", &index);
    match component {
        Component::Exercise { id } => context.insert("exercise", &exercise_view(site, id)),
        Component::Stage { progression, stage } => {
            let view = progression_view(site, progression);
            let found = view.stages.into_iter().find(|s| s.id == stage);
            context.insert("stage", &found);
            context.insert(
                "progression",
                &LinkView { title: &site.data.progressions[progression].title, url: view.url },
            );
        }
        Component::Progression { id } | Component::StageTimeline { progression: id } => {
            context.insert("progression", &progression_view(site, id))
        }
        Component::RedFlags { tier } => {
            context.insert("safety", &safety_view(site, tier.as_deref()));
            context.insert("tier", tier);
        }
        Component::RedFlag { id } => context.insert("red_flag", &sign_view(site, id)),
        Component::RightNow { body_html } => {
            context.insert("body", body_html);
            let view = safety_view(site, None);
            let emergency = view.tiers.iter().find(|t| t.tier.emergency).map(|t| t.tier);
            context.insert("emergency_tier", &emergency);
            context.insert("safety", &view);
        }
        Component::Callout { kind, body_html } => {
            context.insert("kind", kind);
            context.insert("body", body_html);
        }
        Component::User { args, body_html, .. } => {
            for (name, value) in args {
                context.insert(name.clone(), value);
            }
            context.insert("args", args);
            context.insert("body", body_html);
        }
        Component::Faults => {
            context.insert("faults", &site.data.faults);
            let figures: Vec<FaultFigure<'_>> = site
                .data
                .faults
                .iter()
                .filter_map(|f| {
                    let options = figure::RenderOptions {
                        title: &f.fault,
                        animate: false,
                        class: "fig--fault",
                        compact: false,
                    };
                    f.figure.as_ref().map(|fig| FaultFigure {
                        id: &f.id,
                        fault: &f.fault,
                        html: figure::render(fig, &options),
                    })
                })
                .collect();
            context.insert("fault_figures", &figures);
        }
        Component::ExerciseFigure { id, pose } => {
            let exercise = &site.data.exercises[id];
            let html = exercise.figure.as_ref().map(|f| {
                let (fig, title) = match pose {
                    Some(n) => (
                        Figure { poses: vec![f.poses[n - 1].clone()], motion: None, ..f.clone() },
                        format!("{}: {}", exercise.name, f.poses[n - 1].label),
                    ),
                    None => (f.clone(), format!("{}, step by step", exercise.name)),
                };
                let options = figure::RenderOptions {
                    title: &title,
                    animate: pose.is_none(),
                    class: "",
                    compact: false,
                };
                figure::render(&fig, &options)
            });
            context.insert("figure_html", &html);
            context.insert("exercise", &exercise_card(site, id));
        }
        Component::Image(image) => {
            context.insert("src", &image.src);
            context.insert("alt", &image.alt);
            context.insert("caption", &image.caption);
            context.insert("credit", &image.credit);
        }
        Component::Calculator { kind, progression } => {
            context.insert("calculator", kind.slug());
            context.insert("config_json", &calculator_config(site, *kind, progression.as_deref()));
            context.insert("warmup", &site.data.warmup);
            context.insert("plates", &site.data.plates);
            if let Some(id) = progression {
                context.insert("progression", &progression_view(site, id));
            }
            context.insert("safety", &safety_view(site, None));
        }
    }
    context
}

/// The calculator's parameters as JSON, safe to embed in `<script type="application/json">`:
/// only what its kind uses. The planner's red-flag data is not here but in [`SAFETY_ASSET`],
/// which the planner fetches when it first shows a plan, so a first visit does not pay for it.
pub(crate) fn calculator_config(site: &Site, kind: CalculatorKind, progression: Option<&str>) -> String {
    let loading = progression.and_then(|id| site.data.progressions.get(id)).and_then(|p| p.loading.as_ref());
    let mut config = serde_json::json!({
        "calculator": kind.slug(),
        "default_unit": site.config.default_unit,
        "plates": site.data.plates,
    });
    match kind {
        CalculatorKind::Warmup => config["warmup"] = serde_json::json!(site.data.warmup),
        CalculatorKind::ReturnPlan => config["loading"] = serde_json::json!(loading),
    }
    // `<` never appears raw, so the JSON cannot close its script element.
    config.to_string().replace('<', "\\u003c")
}

/// The logical path of the planner's red-flag data (tiers, signs, emergency numbers) as JSON.
pub(crate) const SAFETY_ASSET: &str = "calculator-safety.json";

/// The red-flag data the planner's check-in asks about, as the bytes of [`SAFETY_ASSET`].
pub(crate) fn safety_json(site: &Site) -> Option<Vec<u8>> {
    site.data.safety.as_ref().and_then(|safety| serde_json::to_vec(safety).ok())
}
