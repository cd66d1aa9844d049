//! Components: structured data embedded in markdown through fenced blocks.
//!
//! A fenced block whose info string starts with a component name (` ```exercise dead-bug `,
//! ` ```red-flags tier=emergency `) is parsed here into a typed [`Component`], with its
//! arguments and ids checked against the site's [`Data`]. The markdown stage leaves a
//! placeholder in the HTML; the render stage fills it with the component's template from
//! `templates/components/`. The block's body is ignored by hinge, so editors can write a short
//! note there for readers of the raw file on GitHub, except for `right-now`, whose body is
//! markdown: the choices it offers, as a list of links.

use super::user_components::UserComponents;
use crate::diagnostic::did_you_mean;
use crate::model::{CalculatorKind, Component, Data, ImageRef, Safety};
use std::collections::BTreeMap;

/// One component hinge knows: the name written in the info string, its usage (for help
/// texts), the arguments it takes and how its block becomes a [`Component`].
struct Spec {
    name: &'static str,
    usage: &'static str,
    positional: usize,
    named: &'static [&'static str],
    parse: fn(&Args<'_>, &Data) -> Result<Component, ComponentError>,
}

/// A block's arguments, already checked against its [`Spec`].
struct Args<'a> {
    name: &'static str,
    positional: Vec<&'a str>,
    named: BTreeMap<&'a str, &'a str>,
}

/// Every component, the one place a component name is matched. To add one: a row here, a
/// variant of `model::Component` (with its template name), and a template in
/// `templates/components/`.
const COMPONENTS: [Spec; 11] = [
    Spec {
        name: "exercise",
        usage: "exercise EXERCISE-ID",
        positional: 1,
        named: &[],
        parse: parse_exercise,
    },
    Spec {
        name: "stage",
        usage: "stage PROGRESSION-ID STAGE-ID",
        positional: 2,
        named: &[],
        parse: parse_stage,
    },
    Spec {
        name: "progression",
        usage: "progression PROGRESSION-ID",
        positional: 1,
        named: &[],
        parse: parse_progression,
    },
    Spec {
        name: "stage-timeline",
        usage: "stage-timeline PROGRESSION-ID",
        positional: 1,
        named: &[],
        parse: parse_stage_timeline,
    },
    Spec {
        name: "red-flags",
        usage: "red-flags [tier=TIER-ID]",
        positional: 0,
        named: &["tier"],
        parse: |args, data| {
            safety_component(
                args,
                Component::RedFlags { tier: args.named.get("tier").map(|t| t.to_string()) },
                data,
            )
        },
    },
    Spec {
        name: "red-flag",
        usage: "red-flag SIGN-ID",
        positional: 1,
        named: &[],
        parse: |args, data| {
            safety_component(args, Component::RedFlag { id: args.positional[0].to_string() }, data)
        },
    },
    Spec {
        name: "right-now",
        usage: "right-now",
        positional: 0,
        named: &[],
        parse: |args, data| safety_component(args, Component::RightNow { body_html: String::new() }, data),
    },
    Spec { name: "faults", usage: "faults", positional: 0, named: &[], parse: parse_faults },
    Spec {
        name: "exercise-figure",
        usage: "exercise-figure EXERCISE-ID [pose=N]",
        positional: 1,
        named: &["pose"],
        parse: parse_exercise_figure,
    },
    Spec {
        name: "figure",
        usage: "figure (then `src:`, `alt:`, `caption:`, `credit:` lines in the block)",
        positional: 0,
        named: &[],
        parse: |_, _| {
            let image =
                ImageRef { src: String::new(), alt: String::new(), caption: None, credit: None, block: true };
            Ok(Component::Image(image))
        },
    },
    Spec {
        name: "calculator",
        usage: "calculator warmup|return-plan [progression=PROGRESSION-ID]",
        positional: 1,
        named: &["progression"],
        parse: |args, data| {
            parse_calculator(args.positional[0], args.named.get("progression").copied(), data)
        },
    },
];

/// A problem with a component block: the message and an optional fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ComponentError {
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
}

fn error(message: impl Into<String>, help: Option<String>) -> ComponentError {
    ComponentError { message: message.into(), help }
}

/// What a fenced block's info string means.
#[derive(Debug, PartialEq)]
pub(crate) enum BlockKind {
    /// Ordinary code, in this language (possibly empty).
    Code(String),
    /// A component.
    Component(Component),
}

/// The names of the built-in components (a template of that name overrides its look).
pub(crate) fn builtin_names() -> Vec<&'static str> {
    COMPONENTS.iter().map(|spec| spec.name).collect()
}

/// Classifies a fenced block by its info string; `known_language` says whether a word is a
/// syntax highlighting language (so `rust` is code, but `exercies` is a misspelt component).
/// A name among `user` is an editor's component, its arguments checked against its schema.
pub(crate) fn classify(
    info: &str,
    data: &Data,
    user: &UserComponents,
    known_language: impl Fn(&str) -> bool,
) -> Result<BlockKind, ComponentError> {
    let info = info.trim();
    let (name, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
    let args: Vec<&str> = rest.split_whitespace().collect();
    if let Some(spec) = COMPONENTS.iter().find(|spec| spec.name == name) {
        return parse_component(spec, &args, data).map(BlockKind::Component);
    }
    if let Some(spec) = user.get(name) {
        let args = spec.parse_args(rest).map_err(|e| error(e.message, e.help))?;
        let component = Component::User { name: name.to_string(), args, body_html: String::new() };
        return Ok(BlockKind::Component(component));
    }
    let names = COMPONENTS.iter().map(|spec| spec.name).chain(user.names());
    if !name.is_empty()
        && !known_language(name)
        && let Some(close) = did_you_mean(name, names)
    {
        return Err(error(format!("unknown component `{name}`"), Some(format!("did you mean `{close}`?"))));
    }
    Ok(BlockKind::Code(name.to_string()))
}

/// Splits arguments into positional ones and `key=value` pairs.
fn split_args<'a>(args: &[&'a str]) -> (Vec<&'a str>, BTreeMap<&'a str, &'a str>) {
    let mut positional = Vec::new();
    let mut named = BTreeMap::new();
    for arg in args {
        match arg.split_once('=') {
            Some((k, v)) => {
                named.insert(k, v);
            }
            None => positional.push(*arg),
        }
    }
    (positional, named)
}

fn signature(spec: &Spec) -> String {
    format!("write it as ```{}", spec.usage)
}

/// Checks a block's arguments against its spec, then parses it.
fn parse_component(spec: &Spec, args: &[&str], data: &Data) -> Result<Component, ComponentError> {
    let (positional, named) = split_args(args);
    let name = spec.name;
    if let Some(unknown) = named.keys().find(|k| !spec.named.contains(k)) {
        let help = did_you_mean(unknown, spec.named.iter().copied())
            .map(|a| format!("did you mean `{a}`?"))
            .unwrap_or_else(|| signature(spec));
        return Err(error(format!("unknown argument `{unknown}` for component `{name}`"), Some(help)));
    }
    if positional.len() < spec.positional {
        return Err(error(format!("component `{name}` is missing an argument"), Some(signature(spec))));
    }
    if positional.len() > spec.positional {
        return Err(error(
            format!(
                "component `{name}` takes {} positional argument(s), found `{}`",
                spec.positional,
                positional.join(" ")
            ),
            Some(signature(spec)),
        ));
    }
    (spec.parse)(&Args { name, positional, named }, data)
}

fn parse_exercise(args: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    let id = args.positional[0];
    if !data.exercise_known(id) {
        known(id, data.exercises.keys(), "exercise", "content/exercises/")?;
    }
    Ok(Component::Exercise { id: id.to_string() })
}

fn parse_progression(args: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    let id = args.positional[0];
    if !data.progression_unparsed(id) {
        known(id, data.progressions.keys(), "progression", "content/progressions/")?;
    }
    Ok(Component::Progression { id: id.to_string() })
}

fn parse_stage_timeline(args: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    let id = args.positional[0];
    if !data.progression_unparsed(id) {
        known(id, data.progressions.keys(), "progression", "content/progressions/")?;
    }
    Ok(Component::StageTimeline { progression: id.to_string() })
}

fn parse_stage(args: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    let (progression, stage) = (args.positional[0], args.positional[1]);
    let component = Component::Stage { progression: progression.to_string(), stage: stage.to_string() };
    if data.progression_unparsed(progression) {
        return Ok(component);
    }
    known(progression, data.progressions.keys(), "progression", "content/progressions/")?;
    let stages = data.progressions[progression].stages.iter().map(|s| &s.id);
    known(stage, stages, "stage", &format!("progression `{progression}`"))?;
    Ok(component)
}

fn parse_exercise_figure(args: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    let id = args.positional[0];
    if !data.exercise_known(id) {
        known(id, data.exercises.keys(), "exercise", "content/exercises/")?;
    }
    // An exercise that failed to parse is reported once, where it failed.
    let poses = data.exercises.get(id).map(|e| e.figure.as_ref().map_or(0, |f| f.poses.len()));
    if poses == Some(0) {
        let help = format!("add a `figure` block to content/exercises/{id}.yaml");
        return Err(error(format!("exercise `{id}` has no `figure`"), Some(help)));
    }
    let pose = match args.named.get("pose") {
        None => None,
        Some(v) => match (v.parse::<usize>(), poses) {
            (Ok(n), Some(count)) if (1..=count).contains(&n) => Some(n),
            (Ok(n), None) if n >= 1 => Some(n),
            _ => {
                let help = format!("write a number from 1 to {}", poses.unwrap_or(1));
                return Err(error(format!("`pose={v}` is not a pose of `{id}`"), Some(help)));
            }
        },
    };
    Ok(Component::ExerciseFigure { id: id.to_string(), pose })
}

fn parse_faults(_: &Args<'_>, data: &Data) -> Result<Component, ComponentError> {
    if data.faults.is_empty() {
        return Err(error("`faults` needs `content/data/faults.yaml`", None));
    }
    Ok(Component::Faults)
}

/// A component drawn from the triage data, its tier or sign checked against the data.
fn safety_component(args: &Args<'_>, component: Component, data: &Data) -> Result<Component, ComponentError> {
    if data.unparsed.contains("data/red-flags.yaml") {
        // Reported once, where the file failed to parse.
        return Ok(component);
    }
    let name = args.name;
    let safety: &Safety = data
        .safety
        .as_ref()
        .ok_or_else(|| error(format!("`{name}` needs `content/data/red-flags.yaml`"), None))?;
    match &component {
        Component::RedFlag { id } => {
            known(id, safety.signs.iter().map(|s| &s.id), "sign", "content/data/red-flags.yaml")?
        }
        Component::RedFlags { tier: Some(t) } => {
            known(t, safety.tiers.iter().map(|t| &t.id), "tier", "content/data/red-flags.yaml")?
        }
        _ => {}
    }
    Ok(component)
}

fn parse_calculator(kind: &str, progression: Option<&str>, data: &Data) -> Result<Component, ComponentError> {
    let kind = match kind {
        "warmup" => CalculatorKind::Warmup,
        "return-plan" => CalculatorKind::ReturnPlan,
        other => {
            let close = did_you_mean(other, ["warmup", "return-plan"]);
            return Err(error(
                format!("unknown calculator `{other}`"),
                Some(
                    close.map_or("use `warmup` or `return-plan`".into(), |c| format!("did you mean `{c}`?")),
                ),
            ));
        }
    };
    if data.plates.is_none() {
        return Err(error("calculators need `content/data/plates.yaml`", None));
    }
    match kind {
        CalculatorKind::Warmup => {
            if data.warmup.is_none() {
                return Err(error("the warm-up calculator needs `content/data/warmup.yaml`", None));
            }
            Ok(Component::Calculator { kind, progression: None })
        }
        CalculatorKind::ReturnPlan => {
            let with_loading: Vec<&String> =
                data.progressions.iter().filter(|(_, p)| p.loading.is_some()).map(|(id, _)| id).collect();
            let id = match progression {
                Some(id) => {
                    known(
                        id,
                        with_loading.iter().copied(),
                        "progression with a `loading` block",
                        "content/progressions/",
                    )?;
                    id.to_string()
                }
                None => match with_loading.as_slice() {
                    [only] => (*only).clone(),
                    [] => {
                        return Err(error(
                            "the return plan needs a progression with a `loading` block",
                            None,
                        ));
                    }
                    _ => {
                        return Err(error(
                            "several progressions have a `loading` block",
                            Some("add `progression=ID`".into()),
                        ));
                    }
                },
            };
            Ok(Component::Calculator { kind, progression: Some(id) })
        }
    }
}

fn known<'a>(
    id: &str,
    ids: impl Iterator<Item = &'a String> + Clone,
    what: &str,
    place: &str,
) -> Result<(), ComponentError> {
    if ids.clone().any(|k| k == id) {
        return Ok(());
    }
    let help = did_you_mean(id, ids.map(String::as_str))
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| format!("no {what} with that id in {place}"));
    Err(error(format!("unknown {what} `{id}`"), Some(help)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Dose, Exercise};

    fn data() -> Data {
        let mut data = Data::default();
        let exercise = Exercise {
            id: "dead-bug".into(),
            name: "Dead bug".into(),
            summary: "s".into(),
            category: Category::Core,
            targets: vec![],
            equipment: vec![],
            dose: Dose::default(),
            steps: vec!["x".into()],
            cues: vec![],
            mistakes: vec![],
            stop_if: vec![],
            progress_to: vec![],
            regress_to: vec![],
            figure: None,
            photo: None,
            video: None,
            taxonomies: Default::default(),
            dose_summary: String::new(),
        };
        data.exercises.insert("dead-bug".into(), exercise);
        let pose = crate::model::figure::Pose { label: "Stand".into(), ..Default::default() };
        let figure = crate::model::figure::Figure {
            base: crate::model::figure::Base::Standing,
            props: vec![],
            poses: vec![pose.clone(), pose],
            motion: None,
            view: Default::default(),
        };
        let mut drawn = data.exercises["dead-bug"].clone();
        drawn.id = "drawn".into();
        drawn.figure = Some(figure);
        data.exercises.insert("drawn".into(), drawn);
        data
    }

    #[test]
    fn an_exercise_figure_names_an_exercise_with_a_figure_and_one_of_its_poses() {
        assert_eq!(
            classify_code("exercise-figure drawn pose=2").unwrap(),
            BlockKind::Component(Component::ExerciseFigure { id: "drawn".into(), pose: Some(2) })
        );
        let e = classify_code("exercise-figure dead-bug").unwrap_err();
        assert_eq!(e.message, "exercise `dead-bug` has no `figure`");
        let e = classify_code("exercise-figure drawn pose=3").unwrap_err();
        assert_eq!(e.message, "`pose=3` is not a pose of `drawn`");
        assert_eq!(e.help.as_deref(), Some("write a number from 1 to 2"));
    }

    fn classify_code(info: &str) -> Result<BlockKind, ComponentError> {
        classify(info, &data(), &UserComponents::default(), |w| w == "rust")
    }

    #[test]
    fn components_and_code_are_told_apart() {
        assert_eq!(
            classify_code("exercise dead-bug").unwrap(),
            BlockKind::Component(Component::Exercise { id: "dead-bug".into() })
        );
        assert_eq!(classify_code("rust").unwrap(), BlockKind::Code("rust".into()));
        assert_eq!(classify_code("").unwrap(), BlockKind::Code(String::new()));
        assert_eq!(classify_code("haskell").unwrap(), BlockKind::Code("haskell".into()));
    }

    #[test]
    fn mistakes_are_explained() {
        let e = classify_code("exercise dead-bugg").unwrap_err();
        assert_eq!(e.message, "unknown exercise `dead-bugg`");
        assert_eq!(e.help.as_deref(), Some("did you mean `dead-bug`?"));
        assert!(classify_code("exercise").unwrap_err().message.contains("missing an argument"));
        assert!(classify_code("exercies dead-bug").unwrap_err().help.unwrap().contains("`exercise`"));
        assert!(
            classify_code("exercise dead-bug size=big")
                .unwrap_err()
                .message
                .contains("unknown argument `size`")
        );
        assert!(classify_code("red-flags").unwrap_err().message.contains("red-flags.yaml"));
        assert!(classify_code("calculator warmpu").unwrap_err().help.unwrap().contains("warmup"));
    }
}
