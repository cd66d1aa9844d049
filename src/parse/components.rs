//! Components: structured data and editors' templates embedded in markdown through fenced
//! blocks.
//!
//! A fenced block whose info string starts with a component's name (` ```exercise dead-bug `,
//! ` ```red-flags tier=emergency `, ` ```key-point title=x `) is a component: a template in
//! `templates/components/` with its schema (`component_schemas`). [`classify`] tells components
//! from code; [`read_block`] checks the block's arguments against the schema, its references
//! against the data (`arg_types`) and its body against the schema's body rule. Nothing here
//! knows a component by name: the built-ins are the theme's templates and schemas.

use super::arg_types::{CheckContext, resolve};
use super::component_schemas::{BodyRule, ComponentSchemas, Schema};
use crate::diagnostic::did_you_mean;
use crate::model::ArgValue;
use std::collections::BTreeMap;

/// A problem with a component block: the message and an optional fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ComponentError {
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
    /// The line within the body it is at (from 0), for a `body: fields` argument; else the
    /// problem is at the block's fence.
    pub(crate) body_line: Option<usize>,
}

fn error(message: String, help: Option<String>, body_line: Option<usize>) -> ComponentError {
    ComponentError { message, help, body_line }
}

/// What a fenced block's info string means.
#[derive(Debug, PartialEq)]
pub(crate) enum BlockKind {
    /// Ordinary code, in this language (possibly empty).
    Code(String),
    /// A component, and the arguments written after its name.
    Component {
        /// Its name.
        name: String,
        /// The rest of the info string.
        written: String,
    },
}

/// Classifies a fenced block by its info string; `known_language` says whether a word is a
/// syntax highlighting language (so `rust` is code, but `exercies` is a misspelt component).
pub(crate) fn classify(
    info: &str,
    schemas: &ComponentSchemas,
    known_language: impl Fn(&str) -> bool,
) -> Result<BlockKind, ComponentError> {
    let info = info.trim();
    let (name, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
    if schemas.get(name).is_some() {
        return Ok(BlockKind::Component { name: name.to_string(), written: rest.to_string() });
    }
    if !name.is_empty()
        && !known_language(name)
        && let Some(close) = did_you_mean(name, schemas.names())
    {
        let help = Some(format!("did you mean `{close}`?"));
        return Err(error(format!("unknown component `{name}`"), help, None));
    }
    Ok(BlockKind::Code(name.to_string()))
}

/// Checks a component block: its arguments (`written` after the name, and a `body: fields`
/// block's lines), its references against the data, and its body against the body rule.
pub(crate) fn read_block(
    schema: &Schema,
    written: &str,
    body: &str,
    context: CheckContext<'_>,
) -> Result<BTreeMap<String, ArgValue>, ComponentError> {
    let at_fence = |e: super::component_schemas::ArgError| error(e.message, e.help, None);
    let mut values = schema.parse_args(written).map_err(at_fence)?;
    let mut lines = BTreeMap::new();
    if schema.body == BodyRule::Fields {
        schema
            .parse_fields(body, &mut values, &mut lines)
            .map_err(|(n, e)| error(e.message, e.help, Some(n)))?;
    } else {
        check_body(schema, body)?;
    }
    schema.fill_defaults(&mut values).map_err(at_fence)?;
    resolve(schema, values, context).map_err(|(arg, e)| {
        let line = arg.and_then(|name| lines.get(&name).copied());
        error(e.message, e.help, line)
    })
}

/// A body where the rule wants none, or none where it wants one, is a mistake.
fn check_body(schema: &Schema, body: &str) -> Result<(), ComponentError> {
    let name = &schema.name;
    let empty = body.trim().is_empty();
    if schema.body == BodyRule::Required && empty {
        let help = Some("write the body (markdown) between the fences".to_string());
        return Err(error(format!("component `{name}` needs a body"), help, None));
    }
    if schema.body == BodyRule::None && !empty {
        let help = Some(format!("`{name}` takes no body: leave the block empty"));
        return Err(error(format!("component `{name}` takes no body"), help, None));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Dose, Exercise, RefType, Reference};
    use crate::parse::images::ImageRules;

    fn data() -> crate::model::Data {
        let mut data = crate::model::Data::default();
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

    fn schemas() -> ComponentSchemas {
        crate::parse::component_schemas::theme_schemas()
    }

    fn block(info: &str) -> Result<BTreeMap<String, ArgValue>, ComponentError> {
        let schemas = schemas();
        let (data, images) = (data(), ImageRules::default());
        let context = CheckContext { data: &data, images: &images, from: "guide/a.md" };
        match classify(info, &schemas, |w| w == "rust")? {
            BlockKind::Component { name, written } => {
                read_block(schemas.get(&name).unwrap(), &written, "", context)
            }
            BlockKind::Code(lang) => panic!("`{info}` is code ({lang})"),
        }
    }

    #[test]
    fn a_positional_exercise_argument_is_checked_against_the_data() {
        let args = block("exercise dead-bug").unwrap();
        let reference = Reference { kind: RefType::Exercise, id: "dead-bug".into(), of: None };
        assert_eq!(args["exercise"], ArgValue::Ref(reference));
        let e = block("exercise dead-bugg").unwrap_err();
        assert_eq!(e.message, "unknown exercise `dead-bugg`");
        assert_eq!(e.help.as_deref(), Some("did you mean `dead-bug`?"));
        let e = block("exercise").unwrap_err();
        assert_eq!(e.message, "component `exercise` is missing the argument `exercise`");
        assert!(e.help.unwrap().contains("```exercise EXERCISE-ID"));
        assert!(block("exercise dead-bug size=big").unwrap_err().message.contains("unknown argument `size`"));
        assert!(block("exercise dead-bug drawn").unwrap_err().message.contains("found also `drawn`"));
    }

    #[test]
    fn an_exercise_figure_names_an_exercise_with_a_figure_and_one_of_its_poses() {
        let args = block("exercise-figure drawn pose=2").unwrap();
        let pose = Reference { kind: RefType::Pose, id: "2".into(), of: Some("drawn".into()) };
        assert_eq!(args["pose"], ArgValue::Ref(pose));
        let e = block("exercise-figure dead-bug").unwrap_err();
        assert_eq!(e.message, "exercise `dead-bug` has no `figure`");
        let e = block("exercise-figure drawn pose=3").unwrap_err();
        assert_eq!(e.message, "`pose=3` is not a pose of `drawn`");
        assert_eq!(e.help.as_deref(), Some("write a number from 1 to 2"));
        let e = block("exercise-figure drawn pose=two").unwrap_err();
        assert_eq!(e.message, "argument `pose` of `exercise-figure` must be a whole number, found `two`");
    }

    #[test]
    fn components_and_code_are_told_apart() {
        let schemas = schemas();
        let classify = |info| classify(info, &schemas, |w| w == "rust");
        assert_eq!(classify("rust").unwrap(), BlockKind::Code("rust".into()));
        assert_eq!(classify("").unwrap(), BlockKind::Code(String::new()));
        assert_eq!(classify("haskell").unwrap(), BlockKind::Code("haskell".into()));
        assert!(classify("exercies dead-bug").unwrap_err().help.unwrap().contains("`exercise`"));
    }

    #[test]
    fn missing_data_files_and_unknown_kinds_are_explained() {
        assert_eq!(
            block("red-flags").unwrap_err().message,
            "`red-flags` needs `content/data/red-flags.yaml`"
        );
        assert!(block("faults").unwrap_err().message.contains("faults.yaml"));
        assert!(block("calculator warmup").unwrap_err().message.contains("plates.yaml"));
    }

    #[test]
    fn a_fields_body_gives_arguments_located_at_their_lines() {
        let schemas = schemas();
        let (data, images) = (data(), ImageRules::default());
        let context = CheckContext { data: &data, images: &images, from: "guide/a.md" };
        let figure = schemas.get("figure").unwrap();
        let e = read_block(figure, "", "alt: a lifter\nsrc: nope.png\n", context).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.body_line),
            ("image `content/guide/nope.png` does not exist", Some(1))
        );
        let e = read_block(figure, "", "src: nope.png\nsize: big\n", context).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.body_line),
            ("unknown argument `size` for component `figure`", Some(1))
        );
        let e = read_block(figure, "", "src: nope.png\n", context).unwrap_err();
        assert_eq!((e.message.as_str(), e.body_line), ("image `nope.png` has no alt text", Some(0)));
        let e = read_block(figure, "", "alt: x\n", context).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.body_line),
            ("component `figure` is missing the argument `src`", None)
        );
    }

    #[test]
    fn body_rules_are_kept() {
        let schemas = schemas();
        let (data, images) = (data(), ImageRules::default());
        let context = CheckContext { data: &data, images: &images, from: "guide/a.md" };
        let image = schemas.get("image").unwrap();
        let e = read_block(image, "src=a.png alt=x", "text", context).unwrap_err();
        assert_eq!(e.message, "component `image` takes no body");
        let exercise = schemas.get("exercise").unwrap();
        assert!(read_block(exercise, "dead-bug", "a note for GitHub readers", context).is_ok(), "a note");
    }
}
