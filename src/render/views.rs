//! What templates see of the structured data: exercises with their URLs and back-links,
//! progressions with their stages' exercises resolved, warning signs grouped by tier, the
//! exercise library grouped two ways, and the calculators' JSON configuration.
//!
//! Views borrow from the [`Site`]; they exist only while a page renders.

use crate::model::figure::Figure;
use crate::model::url::site_url;
use crate::model::{
    ArgValue, Category, Component, DataSet, EmergencyNumbers, Exercise, Loading, PageData, RefType,
    Reference, Safety, Sign, Site, Tier, TimelineEntry,
};
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) mod figure;
mod timeline;

/// Which calculator a `calculator` argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CalculatorKind {
    /// Warm-up sets with plates per side.
    Warmup,
    /// The return-to-lift load plan.
    ReturnPlan,
}

impl CalculatorKind {
    /// The name used in markdown and in `data-calculator`.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            CalculatorKind::Warmup => "warmup",
            CalculatorKind::ReturnPlan => "return-plan",
        }
    }
}

/// A title and a URL.
#[derive(Debug, Serialize, Clone)]
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
    /// The first tier shown that is marked `emergency`, if any.
    pub(crate) emergency: Option<&'a Tier>,
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
        .collect::<Vec<_>>();
    SafetyView {
        emergency: tiers.iter().find(|t| t.tier.emergency).map(|t| t.tier),
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

/// The faults table's view: its rows, and the figures of the faults that have one.
#[derive(Debug, Serialize)]
pub(crate) struct FaultsView<'a> {
    /// Every fault, in file order.
    pub(crate) rows: &'a [crate::model::Fault],
    /// The faults drawn next to their fixes.
    pub(crate) figures: Vec<FaultFigure<'a>>,
}

/// One pose of an exercise's figure, drawn on its own.
#[derive(Debug, Serialize)]
pub(crate) struct PoseView<'a> {
    /// Its number, from 1.
    pub(crate) number: usize,
    /// Its label.
    pub(crate) label: &'a str,
    /// The pose drawn alone (inline SVG), titled with the exercise and the label.
    pub(crate) figure_html: String,
}

/// A calculator as its template sees it.
#[derive(Debug, Serialize)]
pub(crate) struct CalculatorView<'a> {
    /// `warmup` or `return-plan`.
    pub(crate) kind: &'a str,
    /// Its parameters as JSON, safe inside `<script type="application/json">`.
    pub(crate) config_json: String,
    /// The warm-up scheme.
    pub(crate) warmup: Option<&'a crate::model::Warmup>,
    /// The return plan's progression.
    pub(crate) progression: Option<ProgressionView<'a>>,
}

/// The faults table, with the figures of the faults that have one.
pub(crate) fn faults_view(site: &Site) -> FaultsView<'_> {
    let figures = site
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
    FaultsView { rows: &site.data.faults, figures }
}

/// Pose `number` of an exercise's figure, drawn alone.
pub(crate) fn pose_view<'a>(site: &'a Site, exercise: &str, number: usize) -> Option<PoseView<'a>> {
    let exercise = site.data.exercises.get(exercise)?;
    let f = exercise.figure.as_ref()?;
    let pose = f.poses.get(number.checked_sub(1)?)?;
    let alone = Figure { poses: vec![pose.clone()], motion: None, ..f.clone() };
    let title = format!("{}: {}", exercise.name, pose.label);
    let options = figure::RenderOptions { title: &title, animate: false, class: "", compact: false };
    Some(PoseView { number, label: &pose.label, figure_html: figure::render(&alone, &options) })
}

/// A calculator: its kind, its JSON configuration, and the data its rules in words need.
pub(crate) fn calculator_view<'a>(site: &'a Site, reference: &'a Reference) -> CalculatorView<'a> {
    let kind = if reference.id == "warmup" { CalculatorKind::Warmup } else { CalculatorKind::ReturnPlan };
    let progression = reference.of.as_deref();
    CalculatorView {
        kind: kind.slug(),
        config_json: calculator_config(site, kind, progression),
        warmup: site.data.warmup.as_ref(),
        progression: progression.map(|id| progression_view(site, id)),
    }
}

/// The context of one component's template: `index`, the views of its data files, every
/// argument by name (a reference as its data's view), `args` (every argument as written) and
/// `body`.
pub(crate) fn component_context(site: &Site, component: &Component, index: usize) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("index", &index);
    match component {
        Component::Callout { kind, body_html } => {
            context.insert("kind", kind);
            context.insert("body", body_html);
        }
        Component::Block(block) => {
            for set in &block.data {
                insert_data_set(&mut context, site, *set);
            }
            for (name, value) in &block.args {
                match value {
                    ArgValue::Plain(plain) => context.insert(name.clone(), plain),
                    ArgValue::Ref(reference) => insert_reference(&mut context, name, site, reference),
                }
            }
            let written: BTreeMap<&str, serde_json::Value> =
                block.args.iter().map(|(name, value)| (name.as_str(), value.written())).collect();
            context.insert("args", &written);
            context.insert("body", &block.body_html);
        }
    }
    context
}

/// A data file's view, under its variable.
fn insert_data_set(context: &mut tera::Context, site: &Site, set: DataSet) {
    let name = set.variable();
    match set {
        DataSet::RedFlags => context.insert(name, &safety_view(site, None)),
        DataSet::Faults => context.insert(name, &faults_view(site)),
        DataSet::Warmup => context.insert(name, &site.data.warmup),
        DataSet::Plates => context.insert(name, &site.data.plates),
    }
}

/// A reference argument's view, under its name: the row of the argument-type table that says
/// what a template sees of each type.
fn insert_reference(context: &mut tera::Context, name: &str, site: &Site, reference: &Reference) {
    let name = name.to_string();
    let id = reference.id.as_str();
    match reference.kind {
        RefType::Exercise | RefType::DrawnExercise => context.insert(name, &exercise_view(site, id)),
        RefType::Progression => context.insert(name, &progression_view(site, id)),
        RefType::Stage => {
            let progression = reference.of.as_deref().unwrap_or_default();
            let stage = progression_view(site, progression).stages.into_iter().find(|s| s.id == id);
            context.insert(name, &stage);
        }
        RefType::Pose => {
            let exercise = reference.of.as_deref().unwrap_or_default();
            context.insert(name, &id.parse().ok().and_then(|n| pose_view(site, exercise, n)));
        }
        RefType::Tier => context.insert(name, &tier_view(site, id)),
        RefType::Sign => context.insert(name, &sign_view(site, id)),
        RefType::Calculator => context.insert(name, &calculator_view(site, reference)),
        RefType::Image => context.insert(name, id),
    }
}

/// One tier with its signs.
pub(crate) fn tier_view<'a>(site: &'a Site, id: &str) -> Option<TierView<'a>> {
    let safety = safety(site);
    let tier = safety.tier(id)?;
    Some(TierView { tier, signs: safety.signs.iter().filter(|s| s.tier == tier.id).collect() })
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
