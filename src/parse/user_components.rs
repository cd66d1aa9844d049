//! Components editors write: a template `templates/components/NAME.html` (the site's or the
//! theme's) whose name is not a built-in component is a component of its own.
//!
//! Its arguments are declared in a YAML schema, either in the template's front comment
//! (`{#---` … `---#}`) or in `components/NAME.yaml` beside it:
//!
//! ```yaml
//! body: required          # required | optional (the default) | none
//! args:
//!   title: {type: string, required: true}
//!   level: {type: int, default: 1}
//! ```
//!
//! [`load_user_components`] reads every schema (problems located in the schema's file);
//! [`UserSpec::parse_args`] checks a block's `name=value` arguments against its schema and
//! hands back typed values, defaults filled in. A template without a schema takes no arguments.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::TextFile;
use crate::yaml::{self, YamlBlock};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Where component templates live among the templates.
const PREFIX: &str = "components/";
/// How a template's front comment that holds a schema opens and closes.
const COMMENT_OPEN: &str = "{#---";
const COMMENT_CLOSE: &str = "---#}";

/// The type of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ArgType {
    /// Any text.
    String,
    /// A whole number.
    Int,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Bool,
}

impl ArgType {
    fn describe(self) -> &'static str {
        match self {
            ArgType::String => "a string",
            ArgType::Int => "a whole number",
            ArgType::Number => "a number",
            ArgType::Bool => "`true` or `false`",
        }
    }

    /// The typed value of `text`, if it is of this type.
    fn read(self, text: &str) -> Option<Value> {
        match self {
            ArgType::String => Some(Value::String(text.to_string())),
            ArgType::Int => text.parse::<i64>().ok().map(Value::from),
            ArgType::Number => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            ArgType::Bool => text.parse::<bool>().ok().map(Value::Bool),
        }
    }

    /// Whether a default written in YAML has this type.
    fn accepts(self, value: &Value) -> bool {
        match self {
            ArgType::String => value.is_string(),
            ArgType::Int => value.is_i64(),
            ArgType::Number => value.is_number(),
            ArgType::Bool => value.is_boolean(),
        }
    }
}

/// Whether a component takes a markdown body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum BodyRule {
    /// The block must have a body.
    Required,
    /// A body is allowed; an empty one is fine.
    #[default]
    Optional,
    /// The block must be empty.
    None,
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
    args: BTreeMap<String, ArgSpec>,
}

/// One component an editor wrote, with its checked schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UserSpec {
    /// The name written in the info string.
    pub(crate) name: String,
    /// What it is for, if the schema says.
    pub(crate) description: Option<String>,
    /// Whether it takes a body.
    pub(crate) body: BodyRule,
    /// Its arguments by name.
    pub(crate) args: BTreeMap<String, ArgSpec>,
}

/// Every user component of the site, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UserComponents {
    specs: BTreeMap<String, UserSpec>,
}

impl UserComponents {
    /// The component called `name`, if there is one.
    pub(crate) fn get(&self, name: &str) -> Option<&UserSpec> {
        self.specs.get(name)
    }

    /// Every user component's name.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.specs.keys().map(String::as_str)
    }

    /// A text that changes whenever any schema does (for the serve cache).
    pub(crate) fn fingerprint_text(&self) -> String {
        format!("{:?}", self.specs)
    }
}

/// Reads the schema of every component template that is not one of `builtin`.
pub(crate) fn load_user_components(
    templates: &BTreeMap<String, TextFile>,
    builtin: &[&str],
) -> (UserComponents, Vec<Diagnostic>) {
    let mut components = UserComponents::default();
    let mut problems = Vec::new();
    for (rel, file) in templates {
        let Some(name) = rel.strip_prefix(PREFIX) else { continue };
        if let Some(stem) = name.strip_suffix(".yaml") {
            if !templates.contains_key(&format!("{PREFIX}{stem}.html")) {
                problems.push(
                    Diagnostic::new(
                        &file.display,
                        1,
                        1,
                        format!("a schema for `{stem}`, which has no template"),
                    )
                    .with_help(format!("add `templates/{PREFIX}{stem}.html` or remove this file")),
                );
            }
            continue;
        }
        let Some(stem) = name.strip_suffix(".html") else { continue };
        if builtin.contains(&stem) || stem.contains('/') {
            continue;
        }
        let sibling = templates.get(&format!("{PREFIX}{stem}.yaml"));
        match read_schema(file, sibling) {
            Ok(raw) => {
                let spec = UserSpec {
                    name: stem.to_string(),
                    description: raw.description,
                    body: raw.body,
                    args: raw.args,
                };
                components.specs.insert(stem.to_string(), spec);
            }
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    (components, problems)
}

/// The schema of one template: its sibling `.yaml`, else its front comment, else empty.
fn read_schema(template: &TextFile, sibling: Option<&TextFile>) -> Result<RawSchema, Diagnostic> {
    let (file, block) = match sibling {
        Some(file) => (file, YamlBlock { text: &file.text, first_line: 1 }),
        None => match front_comment(&template.text) {
            Some(text) => (template, YamlBlock { text, first_line: 2 }),
            None => return Ok(RawSchema::default()),
        },
    };
    let raw: RawSchema = yaml::parse(&file.display, &file.text, block)?;
    let spans = yaml::SpanIndex::new(block);
    for (name, arg) in &raw.args {
        let Some(default) = &arg.default else { continue };
        if !arg.kind.accepts(default) {
            let (line, column) = spans.locate(&format!("args.{name}.default"));
            let message = format!("the default of `{name}` is not {}", arg.kind.describe());
            return Err(Diagnostic::new(&file.display, line, column, message).with_snippet_from(&file.text));
        }
    }
    Ok(raw)
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

impl UserSpec {
    /// How to write a block of this component, for help texts.
    pub(crate) fn usage(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value =
                    format!("{name}={}", arg.kind.describe().trim_start_matches("a ").replace(' ', "-"));
                if arg.required { value } else { format!("[{value}]") }
            })
            .collect();
        let usage = format!("write it as ```{} {}", self.name, args.join(" ")).trim_end().to_string();
        match &self.description {
            Some(what) => format!("{usage} ({what})"),
            None => usage,
        }
    }

    /// Checks the arguments written after the name (`title="Keep it close" level=2`) and returns
    /// every declared argument's value: given, else its default, else null.
    pub(crate) fn parse_args(&self, written: &str) -> Result<BTreeMap<String, Value>, ArgError> {
        let fail = |message: String, help: Option<String>| ArgError { message, help };
        let name = &self.name;
        let mut values = BTreeMap::new();
        for token in tokenize(written).map_err(|m| fail(m, Some(self.usage())))? {
            let Some((key, text)) = token.split_once('=') else {
                return Err(fail(
                    format!("component `{name}` takes only `name=value` arguments, found `{token}`"),
                    Some(self.usage()),
                ));
            };
            let Some(arg) = self.args.get(key) else {
                let help = did_you_mean(key, self.args.keys().map(String::as_str))
                    .map(|close| format!("did you mean `{close}`?"))
                    .unwrap_or_else(|| self.usage());
                return Err(fail(format!("unknown argument `{key}` for component `{name}`"), Some(help)));
            };
            let value = arg.kind.read(text).ok_or_else(|| {
                fail(
                    format!("argument `{key}` of `{name}` must be {}, found `{text}`", arg.kind.describe()),
                    None,
                )
            })?;
            if values.insert(key.to_string(), value).is_some() {
                return Err(fail(format!("argument `{key}` is given twice"), None));
            }
        }
        for (key, arg) in &self.args {
            if values.contains_key(key) {
                continue;
            }
            if arg.required {
                let help =
                    arg.description.clone().map(|d| format!("`{key}`: {d}")).unwrap_or_else(|| self.usage());
                return Err(fail(format!("component `{name}` is missing the argument `{key}`"), Some(help)));
            }
            values.insert(key.clone(), arg.default.clone().unwrap_or(Value::Null));
        }
        Ok(values)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> (String, TextFile) {
        let display = format!("templates/{rel}").into();
        (rel.to_string(), TextFile { rel: rel.to_string(), display, text: text.to_string() })
    }

    fn load(files: &[(&str, &str)]) -> (UserComponents, Vec<Diagnostic>) {
        let templates = files.iter().map(|(r, t)| file(r, t)).collect();
        load_user_components(&templates, &["exercise"])
    }

    const KEY_POINT: &str = "{#---\nbody: required\nargs:\n  title: {type: string, required: true}\n  \
                             level: {type: int, default: 1}\n  open: {type: bool}\n---#}\n<aside>{{ body }}</aside>";

    #[test]
    fn a_front_comment_declares_the_arguments() {
        let (components, problems) =
            load(&[("components/key-point.html", KEY_POINT), ("components/exercise.html", "")]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            components.names().collect::<Vec<_>>(),
            ["key-point"],
            "built-ins are not user components"
        );
        let spec = components.get("key-point").unwrap();
        assert_eq!(spec.body, BodyRule::Required);
        let args = spec.parse_args("title=\"Keep it close\" open=true").unwrap();
        assert_eq!(args["title"], "Keep it close");
        assert_eq!(args["level"], 1, "the default fills in");
        assert_eq!(args["open"], true);
    }

    #[test]
    fn argument_mistakes_are_explained() {
        let (components, _) = load(&[("components/key-point.html", KEY_POINT)]);
        let spec = components.get("key-point").unwrap();
        let e = spec.parse_args("title=x levle=2").unwrap_err();
        assert_eq!(e.message, "unknown argument `levle` for component `key-point`");
        assert_eq!(e.help.as_deref(), Some("did you mean `level`?"));
        let e = spec.parse_args("level=2").unwrap_err();
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
}
