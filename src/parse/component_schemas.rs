//! Component schemas: every template `templates/components/NAME.html` (the site's or the
//! theme's) is a component, the theme's built-ins included, and its schema says how a block
//! of it is written.
//!
//! The schema is YAML, in `components/NAME.yaml` beside the template (which wins) or in the
//! template's front comment (`{#---` … `---#}`):
//!
//! ```yaml
//! description: one stage of a progression
//! body: note              # required | optional (the default) | none | note | fields
//! positional: [progression, stage]
//! data: [red-flags]       # red-flags | faults | warmup | plates
//! args:
//!   progression: {type: progression, required: true}
//!   stage: {type: stage, of: progression, required: true}
//! ```
//!
//! [`load_component_schemas`] reads every schema (problems located in the schema's file);
//! [`Schema::parse_args`] checks a block's arguments (positional ones, then `name=value`) and
//! [`Schema::parse_fields`] a `body: fields` block's `name: value` lines, handing back plain
//! values with defaults filled in; `arg_types` then checks the reference arguments against the
//! data. A template without a schema takes no arguments.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{DataSet, RefType, TextFile};
use crate::yaml::{self, YamlBlock};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Where component templates live among the templates.
const PREFIX: &str = "components/";
/// How a template's front comment that holds a schema opens and closes.
const COMMENT_OPEN: &str = "{#---";
const COMMENT_CLOSE: &str = "---#}";

/// The type of one argument: a plain value, or a reference to the site's typed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ArgType {
    /// Any text.
    String,
    /// A whole number.
    Int,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Bool,
    /// An exercise id.
    Exercise,
    /// An exercise id whose record has a figure.
    DrawnExercise,
    /// A progression id.
    Progression,
    /// A stage id of the progression in the argument named by `of`.
    Stage,
    /// A pose number of the figure of the exercise in the argument named by `of`.
    Pose,
    /// A red-flag tier id.
    Tier,
    /// A red-flag sign id.
    Sign,
    /// `warmup` or `return-plan`; `of` names the argument with the plan's progression.
    Calculator,
    /// A photo's path relative to the page; `of` names the argument with its alt text.
    Image,
}

impl ArgType {
    /// The data a reference type names; `None` for a plain value.
    pub(crate) fn reference(self) -> Option<RefType> {
        Some(match self {
            ArgType::String | ArgType::Int | ArgType::Number | ArgType::Bool => return None,
            ArgType::Exercise => RefType::Exercise,
            ArgType::DrawnExercise => RefType::DrawnExercise,
            ArgType::Progression => RefType::Progression,
            ArgType::Stage => RefType::Stage,
            ArgType::Pose => RefType::Pose,
            ArgType::Tier => RefType::Tier,
            ArgType::Sign => RefType::Sign,
            ArgType::Calculator => RefType::Calculator,
            ArgType::Image => RefType::Image,
        })
    }

    /// The types the argument named by `of` may have, and whether `of` must be given.
    fn of_types(self) -> Option<(&'static [ArgType], bool)> {
        match self {
            ArgType::Stage => Some((&[ArgType::Progression], true)),
            ArgType::Pose => Some((&[ArgType::Exercise, ArgType::DrawnExercise], true)),
            ArgType::Calculator => Some((&[ArgType::Progression], false)),
            ArgType::Image => Some((&[ArgType::String], false)),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ArgType::String | ArgType::Image | ArgType::Calculator => "a string",
            ArgType::Int | ArgType::Pose => "a whole number",
            ArgType::Number => "a number",
            ArgType::Bool => "`true` or `false`",
            _ => "an id",
        }
    }

    /// How a value of this type is shown in a usage line.
    fn placeholder(self) -> &'static str {
        match self {
            ArgType::String => "TEXT",
            ArgType::Int | ArgType::Pose => "N",
            ArgType::Number => "NUMBER",
            ArgType::Bool => "true|false",
            ArgType::Image => "PATH",
            ArgType::Calculator => "KIND",
            _ => "ID",
        }
    }

    /// The typed value of `text`, if it is of this type (a reference's is checked later).
    fn read(self, text: &str) -> Option<Value> {
        match self {
            ArgType::Int => text.parse::<i64>().ok().map(Value::from),
            ArgType::Number => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            ArgType::Bool => text.parse::<bool>().ok().map(Value::Bool),
            ArgType::Pose => text.parse::<usize>().ok().map(|_| Value::String(text.to_string())),
            _ => Some(Value::String(text.to_string())),
        }
    }

    /// Whether a default written in YAML has this type.
    fn accepts(self, value: &Value) -> bool {
        match self {
            ArgType::Int => value.is_i64(),
            ArgType::Number => value.is_number(),
            ArgType::Bool => value.is_boolean(),
            ArgType::Pose => value.is_u64(),
            _ => value.is_string(),
        }
    }
}

/// What a component does with its block's body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum BodyRule {
    /// The block must have a body, rendered as markdown.
    Required,
    /// A body is allowed and rendered as markdown; an empty one is fine.
    #[default]
    Optional,
    /// The block must be empty.
    None,
    /// A note for readers of the raw file (e.g. on GitHub), never rendered.
    Note,
    /// More arguments, one `name: value` per line.
    Fields,
}

impl BodyRule {
    /// Whether the body is rendered as markdown.
    pub(crate) fn is_markdown(self) -> bool {
        matches!(self, BodyRule::Required | BodyRule::Optional)
    }
}

/// One declared argument.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArgSpec {
    /// Its type.
    #[serde(rename = "type")]
    pub(crate) kind: ArgType,
    /// Whether a block must give it.
    #[serde(default)]
    pub(crate) required: bool,
    /// Its value when a block leaves it out.
    #[serde(default)]
    pub(crate) default: Option<Value>,
    /// What it is for (shown in help texts).
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// The argument it is read with (a stage's progression, a pose's exercise, ...).
    #[serde(default)]
    pub(crate) of: Option<String>,
}

/// A component's schema as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    body: BodyRule,
    #[serde(default)]
    positional: Vec<String>,
    #[serde(default)]
    data: Vec<DataSet>,
    #[serde(default)]
    args: BTreeMap<String, ArgSpec>,
}

/// One component, with its checked schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Schema {
    /// The name written in the info string.
    pub(crate) name: String,
    /// What it is for, if the schema says.
    pub(crate) description: Option<String>,
    /// What it does with a body.
    pub(crate) body: BodyRule,
    /// The arguments that may be written without `name=`, in order.
    pub(crate) positional: Vec<String>,
    /// The data files it draws on as a whole.
    pub(crate) data: Vec<DataSet>,
    /// Its arguments by name.
    pub(crate) args: BTreeMap<String, ArgSpec>,
}

/// Every component of the site, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ComponentSchemas {
    specs: BTreeMap<String, Schema>,
}

impl ComponentSchemas {
    /// The component called `name`, if there is one.
    pub(crate) fn get(&self, name: &str) -> Option<&Schema> {
        self.specs.get(name)
    }

    /// Every component's name.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.specs.keys().map(String::as_str)
    }

    /// A text that changes whenever any schema does (for the serve cache).
    pub(crate) fn fingerprint_text(&self) -> String {
        format!("{:?}", self.specs)
    }
}

/// Reads the schema of every component template.
pub(crate) fn load_component_schemas(
    templates: &BTreeMap<String, TextFile>,
) -> (ComponentSchemas, Vec<Diagnostic>) {
    let mut components = ComponentSchemas::default();
    let mut problems = Vec::new();
    for (rel, file) in templates {
        let Some(name) = rel.strip_prefix(PREFIX) else { continue };
        if let Some(stem) = name.strip_suffix(".yaml") {
            if !templates.contains_key(&format!("{PREFIX}{stem}.html")) {
                let message = format!("a schema for `{stem}`, which has no template");
                problems.push(
                    Diagnostic::new(&file.display, 1, 1, message)
                        .with_help(format!("add `templates/{PREFIX}{stem}.html` or remove this file")),
                );
            }
            continue;
        }
        let Some(stem) = name.strip_suffix(".html") else { continue };
        if stem.contains('/') {
            continue;
        }
        let sibling = templates.get(&format!("{PREFIX}{stem}.yaml"));
        let (raw, mut found) = read_schema(file, sibling);
        problems.append(&mut found);
        if let Some(raw) = raw {
            let spec = Schema {
                name: stem.to_string(),
                description: raw.description,
                body: raw.body,
                positional: raw.positional,
                data: raw.data,
                args: raw.args,
            };
            components.specs.insert(stem.to_string(), spec);
        }
    }
    (components, problems)
}

/// The schema of one template (its sibling `.yaml`, else its front comment, else empty) and
/// every problem found in it. Each bad entry is reported and left out of the schema handed
/// back, so that pages are still checked against the rest of it; `None` when the YAML itself
/// cannot be read.
fn read_schema(template: &TextFile, sibling: Option<&TextFile>) -> (Option<RawSchema>, Vec<Diagnostic>) {
    let (file, block) = match sibling {
        Some(file) => (file, YamlBlock { text: &file.text, first_line: 1 }),
        None => match front_comment(&template.text) {
            Some(text) => (template, YamlBlock { text, first_line: 2 }),
            None => return (Some(RawSchema::default()), Vec::new()),
        },
    };
    let salvaged = yaml::parse_all::<RawSchema>(&file.display, &file.text, block);
    let mut problems = salvaged.problems;
    let Some(mut raw) = salvaged.value else { return (None, problems) };
    let spans = yaml::SpanIndex::new(block);
    for (path, message) in schema_problems(&mut raw) {
        let (line, column) = spans.locate(&path);
        problems.push(Diagnostic::new(&file.display, line, column, message).with_snippet_from(&file.text));
    }
    problems.sort_by_key(|d| (d.line, d.column));
    (Some(raw), problems)
}

/// Every mistake in a schema that parsed, as its YAML path and what is wrong; each bad
/// positional name, default or argument is removed from `raw`.
fn schema_problems(raw: &mut RawSchema) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut bad_args = Vec::new();
    for (name, arg) in raw.args.iter_mut() {
        if let Some(default) = &arg.default
            && !arg.kind.accepts(default)
        {
            let message = format!("the default of `{name}` is not {}", arg.kind.describe());
            problems.push((format!("args.{name}.default"), message));
            arg.default = None;
        }
    }
    // An argument read with one that is removed goes too, unreported: its `of` then names
    // nothing only because of the problem already reported.
    for round in 0.. {
        let bad: Vec<(String, String)> = raw
            .args
            .iter()
            .filter_map(|(name, arg)| of_problem(name, arg, &raw.args).map(|m| (name.clone(), m)))
            .collect();
        if bad.is_empty() {
            break;
        }
        for (name, message) in bad {
            raw.args.remove(&name);
            if round == 0 {
                problems.push((format!("args.{name}"), message));
            }
            bad_args.push(name);
        }
    }
    let mut kept = Vec::with_capacity(raw.positional.len());
    for (i, name) in raw.positional.drain(..).enumerate() {
        if raw.args.contains_key(&name) {
            kept.push(name);
        } else if !bad_args.contains(&name) {
            let message = format!("positional argument `{name}` is not under `args`");
            problems.push((format!("positional.{i}"), message));
        }
    }
    raw.positional = kept;
    problems
}

/// What is wrong with an argument's `of`, if anything.
fn of_problem(name: &str, arg: &ArgSpec, args: &BTreeMap<String, ArgSpec>) -> Option<String> {
    match (arg.kind.of_types(), &arg.of) {
        (None, Some(_)) => Some(format!("`{name}` takes no `of`: only stage, pose, calculator and image do")),
        (Some((_, true)), None) => Some(format!("`{name}` needs `of`: the argument it is read with")),
        (Some((types, _)), Some(other)) => match args.get(other) {
            Some(target) if types.contains(&target.kind) => None,
            Some(_) => Some(format!("`of: {other}` of `{name}` names an argument of the wrong type")),
            None => Some(format!("`of: {other}` of `{name}` is not under `args`")),
        },
        _ => None,
    }
}

/// The YAML inside a template's leading `{#---` … `---#}` comment.
fn front_comment(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(COMMENT_OPEN)?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let end = rest.find(COMMENT_CLOSE)?;
    Some(&rest[..end])
}

/// A problem with a block's arguments: the message and an optional fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArgError {
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
}

fn fail(message: String, help: Option<String>) -> ArgError {
    ArgError { message, help }
}

impl Schema {
    /// How to write a block of this component, for help texts.
    pub(crate) fn usage(&self) -> String {
        let positional = self.positional.iter().map(|name| {
            let suffix = if self.args[name].kind.placeholder() == "ID" { "-ID" } else { "" };
            format!("{}{suffix}", name.to_uppercase())
        });
        let named =
            self.args.iter().filter(|(name, _)| !self.positional.contains(name)).map(|(name, arg)| {
                let value = format!("{name}={}", arg.kind.placeholder());
                if arg.required { value } else { format!("[{value}]") }
            });
        let words: Vec<String> = positional.chain(named).collect();
        let usage = format!("write it as ```{} {}", self.name, words.join(" ")).trim_end().to_string();
        match &self.description {
            Some(what) => format!("{usage} ({what})"),
            None => usage,
        }
    }

    /// Checks the arguments written after the name (`dead-bug`, `title="Keep it close"
    /// level=2`), as plain values, each reference still as written.
    pub(crate) fn parse_args(&self, written: &str) -> Result<BTreeMap<String, Value>, ArgError> {
        let mut values = BTreeMap::new();
        let mut positional = self.positional.iter();
        for token in tokenize(written).map_err(|m| fail(m, Some(self.usage())))? {
            let (key, text) = match token.split_once('=') {
                Some((key, text)) => (key.to_string(), text),
                None => match positional.next() {
                    Some(key) => (key.clone(), token.as_str()),
                    None => return Err(self.stray(&token)),
                },
            };
            self.set(&mut values, &key, text)?;
        }
        Ok(values)
    }

    /// Reads a `body: fields` block's lines (`src: photos/hinge.jpg`) into `values`; a mistake
    /// comes with its line within the body (from 0).
    pub(crate) fn parse_fields(
        &self,
        body: &str,
        values: &mut BTreeMap<String, Value>,
        lines: &mut BTreeMap<String, usize>,
    ) -> Result<(), (usize, ArgError)> {
        for (n, line) in body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let Some((key, text)) = line.split_once(':') else {
                let message = format!("`{}` is not `name: value`", line.trim());
                return Err((n, fail(message, Some(self.usage()))));
            };
            let key = key.trim();
            self.set(values, key, text.trim()).map_err(|e| (n, e))?;
            lines.insert(key.to_string(), n);
        }
        Ok(())
    }

    /// Fills in every argument not given: its default, or null; a missing required one is a
    /// mistake.
    pub(crate) fn fill_defaults(&self, values: &mut BTreeMap<String, Value>) -> Result<(), ArgError> {
        for (key, arg) in &self.args {
            if values.contains_key(key) {
                continue;
            }
            if arg.required {
                let message = format!("component `{}` is missing the argument `{key}`", self.name);
                return Err(fail(message, Some(self.usage())));
            }
            values.insert(key.clone(), arg.default.clone().unwrap_or(Value::Null));
        }
        Ok(())
    }

    /// Records one argument, checked against its declaration.
    fn set(&self, values: &mut BTreeMap<String, Value>, key: &str, text: &str) -> Result<(), ArgError> {
        let name = &self.name;
        let Some(arg) = self.args.get(key) else {
            let help = did_you_mean(key, self.args.keys().map(String::as_str))
                .map(|close| format!("did you mean `{close}`?"))
                .unwrap_or_else(|| self.usage());
            return Err(fail(format!("unknown argument `{key}` for component `{name}`"), Some(help)));
        };
        let value = arg.kind.read(text).ok_or_else(|| {
            let message =
                format!("argument `{key}` of `{name}` must be {}, found `{text}`", arg.kind.describe());
            fail(message, None)
        })?;
        if values.insert(key.to_string(), value).is_some() {
            return Err(fail(format!("argument `{key}` is given twice"), Some(self.usage())));
        }
        Ok(())
    }

    /// The mistake of a word without `=` beyond the positional arguments.
    fn stray(&self, token: &str) -> ArgError {
        let name = &self.name;
        let message = match self.positional.len() {
            0 => format!("component `{name}` takes only `name=value` arguments, found `{token}`"),
            n => format!("component `{name}` takes {n} positional argument(s), found also `{token}`"),
        };
        fail(message, Some(self.usage()))
    }
}

/// Splits arguments at spaces, keeping a double-quoted value (`title="Two words"`) whole.
fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err("an argument's quote is not closed".to_string());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    Ok(tokens)
}

/// The default theme's schemas, as a site without overrides loads them.
#[cfg(test)]
pub(crate) fn theme_schemas() -> ComponentSchemas {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/components");
    let templates = std::fs::read_dir(dir)
        .expect("the default theme's components")
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            let rel = format!("{PREFIX}{}", path.file_name().unwrap_or_default().to_string_lossy());
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (rel.clone(), TextFile { rel: rel.clone(), display: rel.into(), text })
        })
        .collect();
    let (schemas, problems) = load_component_schemas(&templates);
    assert!(problems.is_empty(), "{problems:?}");
    schemas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> (String, TextFile) {
        let display = format!("templates/{rel}").into();
        (rel.to_string(), TextFile { rel: rel.to_string(), display, text: text.to_string() })
    }

    fn load(files: &[(&str, &str)]) -> (ComponentSchemas, Vec<Diagnostic>) {
        let templates = files.iter().map(|(r, t)| file(r, t)).collect();
        load_component_schemas(&templates)
    }

    const KEY_POINT: &str = "{#---\nbody: required\nargs:\n  title: {type: string, required: true}\n  \
                             level: {type: int, default: 1}\n  open: {type: bool}\n---#}\n<aside>{{ body }}</aside>";

    #[test]
    fn a_front_comment_declares_the_arguments() {
        let (components, problems) = load(&[("components/key-point.html", KEY_POINT)]);
        assert!(problems.is_empty(), "{problems:?}");
        let spec = components.get("key-point").unwrap();
        assert_eq!(spec.body, BodyRule::Required);
        let mut args = spec.parse_args("title=\"Keep it close\" open=true").unwrap();
        spec.fill_defaults(&mut args).unwrap();
        assert_eq!(args["title"], "Keep it close");
        assert_eq!(args["level"], 1, "the default fills in");
        assert_eq!(args["open"], true);
    }

    #[test]
    fn positional_arguments_come_in_order_and_may_be_named() {
        let schema = "positional: [progression, stage]\nargs:\n  progression: {type: progression}\n  \
                      stage: {type: stage, of: progression}\n";
        let (components, problems) =
            load(&[("components/stage.html", ""), ("components/stage.yaml", schema)]);
        assert!(problems.is_empty(), "{problems:?}");
        let spec = components.get("stage").unwrap();
        let args = spec.parse_args("return hinge").unwrap();
        assert_eq!((&args["progression"], &args["stage"]), (&Value::from("return"), &Value::from("hinge")));
        assert_eq!(spec.parse_args("stage=hinge return").unwrap()["progression"], "return");
        let e = spec.parse_args("return hinge more").unwrap_err();
        assert_eq!(e.message, "component `stage` takes 2 positional argument(s), found also `more`");
        assert_eq!(e.help.as_deref(), Some("write it as ```stage PROGRESSION-ID STAGE-ID"));
        assert!(spec.parse_args("return progression=x").unwrap_err().message.contains("given twice"));
    }

    #[test]
    fn argument_mistakes_are_explained() {
        let (components, _) = load(&[("components/key-point.html", KEY_POINT)]);
        let spec = components.get("key-point").unwrap();
        let e = spec.parse_args("title=x levle=2").unwrap_err();
        assert_eq!(e.message, "unknown argument `levle` for component `key-point`");
        assert_eq!(e.help.as_deref(), Some("did you mean `level`?"));
        let e = spec.fill_defaults(&mut spec.parse_args("level=2").unwrap()).unwrap_err();
        assert_eq!(e.message, "component `key-point` is missing the argument `title`");
        let e = spec.parse_args("title=x level=two").unwrap_err();
        assert_eq!(e.message, "argument `level` of `key-point` must be a whole number, found `two`");
        assert!(spec.parse_args("title=\"open").unwrap_err().message.contains("quote"));
        assert!(spec.parse_args("x").unwrap_err().message.contains("`name=value`"));
    }

    #[test]
    fn a_sibling_schema_wins_and_bad_schemas_are_located() {
        let schema = "args:\n  n: {type: int, default: many}\n";
        let (_, problems) = load(&[("components/box.html", ""), ("components/box.yaml", schema)]);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (2, 27), "{problems:?}");
        assert_eq!(problems[0].message, "the default of `n` is not a whole number");
        let (_, problems) = load(&[("components/box.html", "{#---\nargs:\n  n: {typ: int}\n---#}")]);
        assert_eq!(problems[0].line, 3, "{problems:?}");
        let (_, problems) = load(&[("components/lonely.yaml", "")]);
        assert!(problems[0].message.contains("has no template"));
    }

    #[test]
    fn every_problem_of_a_schema_is_reported_and_the_rest_of_it_kept() {
        let schema = "descripton: a box\npositional: [title, ghost]\nbody: sometimes\nargs:\n  \
                      title: {type: string}\n  n: {type: int, default: many}\n  \
                      p: {type: progression}\n  s: {type: stage, of: n}\n  e: {type: exercise, of: p}\n  \
                      t: {type: pose, of: e}\n  w: {type: wide}\n";
        let (components, problems) = load(&[("components/box.html", ""), ("components/box.yaml", schema)]);
        let found: Vec<(usize, &str)> = problems.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [1, 2, 3, 6, 8, 9, 11], "{found:#?}");
        assert!(found[0].1.contains("unknown field `descripton`"), "{found:#?}");
        assert_eq!(found[1].1, "positional argument `ghost` is not under `args`");
        assert!(found[2].1.contains("unknown variant `sometimes`"), "{found:#?}");
        assert_eq!(found[3].1, "the default of `n` is not a whole number");
        assert_eq!(found[4].1, "`of: n` of `s` names an argument of the wrong type");
        assert_eq!(found[5].1, "`e` takes no `of`: only stage, pose, calculator and image do");
        assert!(found[6].1.contains("unknown variant `wide`"), "{found:#?}");
        let spec = components.get("box").expect("the rest of the schema is kept");
        assert_eq!(spec.positional, ["title"]);
        assert_eq!(spec.args.keys().collect::<Vec<_>>(), ["n", "p", "title"], "`t` went with `s`");
        assert_eq!(spec.parse_args("Hello").unwrap()["title"], "Hello");
    }

    #[test]
    fn positional_names_and_of_must_name_declared_arguments() {
        let cases = [
            ("positional: [id]\n", "positional argument `id` is not under `args`", 1),
            ("args:\n  s: {type: stage}\n", "`s` needs `of`: the argument it is read with", 2),
            ("args:\n  s: {type: stage, of: p}\n", "`of: p` of `s` is not under `args`", 2),
            (
                "args:\n  p: {type: int}\n  s: {type: stage, of: p}\n",
                "`of: p` of `s` names an argument of the wrong type",
                3,
            ),
            (
                "args:\n  e: {type: exercise, of: e}\n",
                "`e` takes no `of`: only stage, pose, calculator and image do",
                2,
            ),
        ];
        for (schema, message, line) in cases {
            let (_, problems) = load(&[("components/box.html", ""), ("components/box.yaml", schema)]);
            assert_eq!(problems.len(), 1, "{schema}");
            assert_eq!((problems[0].message.as_str(), problems[0].line), (message, line), "{schema}");
        }
    }
}
