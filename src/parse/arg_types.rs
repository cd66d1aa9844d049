//! The argument types that name the site's typed data: the one table that knows what an
//! `exercise`, a `stage`, a `tier` or an `image` argument must be.
//!
//! [`resolve`] turns a block's plain values into checked [`ArgValue`]s: each reference is
//! looked up in the [`Data`] (a typo gets a "did you mean"), an image is found under
//! `content/`, and each data file the schema's `data:` list names must exist. A file that
//! failed to parse is reported once, where it failed, so its ids count as known here.

use super::component_schemas::{ArgError, Schema};
use super::images::{ImageRules, check_photo};
use crate::diagnostic::did_you_mean;
use crate::model::{ArgValue, Data, DataSet, RefType, Reference};
use serde_json::Value;
use std::collections::BTreeMap;

/// What the checks look in: the data, and the page's images.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckContext<'a> {
    /// The structured data.
    pub(crate) data: &'a Data,
    /// The content files and image limits.
    pub(crate) images: &'a ImageRules,
    /// The page's path relative to `content/`, which image paths are relative to.
    pub(crate) from: &'a str,
}

/// A mistake in a block's arguments, with the argument it is about, if one.
pub(crate) type ResolveError = (Option<String>, ArgError);

fn error(message: impl Into<String>, help: Option<String>) -> ArgError {
    ArgError { message: message.into(), help }
}

/// Checks the schema's data files and every reference argument (those another one is read
/// with first), and returns every argument's value.
pub(crate) fn resolve(
    schema: &Schema,
    values: BTreeMap<String, Value>,
    context: CheckContext<'_>,
) -> Result<BTreeMap<String, ArgValue>, ResolveError> {
    for set in &schema.data {
        check_data_set(*set, &schema.name, context.data).map_err(|e| (None, e))?;
    }
    let mut resolved: BTreeMap<String, ArgValue> = BTreeMap::new();
    let (first, then): (Vec<_>, Vec<_>) = schema.args.iter().partition(|(_, arg)| arg.of.is_none());
    for (name, arg) in first.into_iter().chain(then) {
        let value = values.get(name).cloned().unwrap_or(Value::Null);
        let (Some(kind), Value::String(text)) = (arg.kind.reference(), &value) else {
            resolved.insert(name.clone(), ArgValue::Plain(value));
            continue;
        };
        let of = arg.of.as_ref().and_then(|other| resolved.get(other)).and_then(|v| match v.written() {
            Value::String(s) => Some(s),
            _ => None,
        });
        // An image read with an alt text argument that was left out has an empty one.
        let of = if kind == RefType::Image && arg.of.is_some() { Some(of.unwrap_or_default()) } else { of };
        let reference = check(kind, text, of, context).map_err(|e| (Some(name.clone()), e))?;
        resolved.insert(name.clone(), ArgValue::Ref(reference));
    }
    Ok(resolved)
}

/// Checks one reference against the data.
fn check(
    kind: RefType,
    id: &str,
    of: Option<String>,
    context: CheckContext<'_>,
) -> Result<Reference, ArgError> {
    let data = context.data;
    let reference = |id: String, of: Option<String>| Reference { kind, id, of };
    match kind {
        RefType::Exercise => check_exercise(id, data).map(|_| reference(id.into(), None)),
        RefType::DrawnExercise => check_drawn(id, data).map(|_| reference(id.into(), None)),
        RefType::Progression => check_progression(id, data).map(|_| reference(id.into(), None)),
        RefType::Stage => check_stage(id, of.as_deref(), data).map(|_| reference(id.into(), of)),
        RefType::Pose => check_pose(id, of.as_deref(), data).map(|_| reference(id.into(), of)),
        RefType::Tier | RefType::Sign => check_safety(kind, id, data).map(|_| reference(id.into(), None)),
        RefType::Calculator => check_calculator(id, of.as_deref(), data).map(|p| reference(id.into(), p)),
        RefType::Image => {
            let alt = of.clone().unwrap_or_else(|| "-".into());
            let rel = check_photo(id, &alt, context.from, context.images)
                .map_err(|p| error(p.message, Some(p.help)))?;
            Ok(reference(rel, of))
        }
    }
}

/// A data file the component draws on must exist.
fn check_data_set(set: DataSet, name: &str, data: &Data) -> Result<(), ArgError> {
    let present = match set {
        DataSet::RedFlags => data.safety.is_some(),
        DataSet::Faults => !data.faults.is_empty(),
        DataSet::Warmup => data.warmup.is_some(),
        DataSet::Plates => data.plates.is_some(),
    };
    if present || data.unparsed.contains(set.file()) {
        return Ok(());
    }
    Err(error(format!("`{name}` needs `content/{}`", set.file()), None))
}

fn check_exercise(id: &str, data: &Data) -> Result<(), ArgError> {
    if data.exercise_known(id) {
        return Ok(());
    }
    known(id, data.exercises.keys(), "exercise", "content/exercises/")
}

fn check_drawn(id: &str, data: &Data) -> Result<(), ArgError> {
    check_exercise(id, data)?;
    if data.exercises.get(id).is_some_and(|e| e.figure.is_none()) {
        let help = format!("add a `figure` block to content/exercises/{id}.yaml");
        return Err(error(format!("exercise `{id}` has no `figure`"), Some(help)));
    }
    Ok(())
}

fn check_progression(id: &str, data: &Data) -> Result<(), ArgError> {
    if data.progression_unparsed(id) {
        return Ok(());
    }
    known(id, data.progressions.keys(), "progression", "content/progressions/")
}

/// A stage of `progression` (already checked; `None` when it was not given).
fn check_stage(id: &str, progression: Option<&str>, data: &Data) -> Result<(), ArgError> {
    let Some(progression) = progression else {
        return Err(error(format!("stage `{id}` needs its progression"), None));
    };
    let Some(p) = data.progressions.get(progression) else { return Ok(()) };
    known(id, p.stages.iter().map(|s| &s.id), "stage", &format!("progression `{progression}`"))
}

/// A pose number of the figure of `exercise` (already checked).
fn check_pose(text: &str, exercise: Option<&str>, data: &Data) -> Result<(), ArgError> {
    let Some(id) = exercise else {
        return Err(error(format!("pose `{text}` needs its exercise"), None));
    };
    let Some(e) = data.exercises.get(id) else { return Ok(()) };
    let count = e.figure.as_ref().map_or(0, |f| f.poses.len());
    match text.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(()),
        _ => {
            let help = format!("write a number from 1 to {}", count.max(1));
            Err(error(format!("`pose={text}` is not a pose of `{id}`"), Some(help)))
        }
    }
}

/// A tier or a sign of the triage data.
fn check_safety(kind: RefType, id: &str, data: &Data) -> Result<(), ArgError> {
    const FILE: &str = "content/data/red-flags.yaml";
    if data.unparsed.contains("data/red-flags.yaml") {
        return Ok(());
    }
    let Some(safety) = &data.safety else {
        return Err(error(format!("`{id}` needs `{FILE}`"), None));
    };
    match kind {
        RefType::Tier => known(id, safety.tiers.iter().map(|t| &t.id), "tier", FILE),
        _ => known(id, safety.signs.iter().map(|s| &s.id), "sign", FILE),
    }
}

/// A calculator and the data it needs; a return plan's progression (given, else the only
/// one with a `loading` block) is handed back.
fn check_calculator(kind: &str, progression: Option<&str>, data: &Data) -> Result<Option<String>, ArgError> {
    match kind {
        "warmup" if data.warmup.is_none() => {
            Err(error("the warm-up calculator needs `content/data/warmup.yaml`", None))
        }
        "warmup" => Ok(None),
        "return-plan" => plan_progression(progression, data).map(Some),
        other => {
            let close = did_you_mean(other, ["warmup", "return-plan"]);
            let help =
                close.map_or("use `warmup` or `return-plan`".into(), |c| format!("did you mean `{c}`?"));
            Err(error(format!("unknown calculator `{other}`"), Some(help)))
        }
    }
}

/// The progression whose `loading` parameterises a return plan.
fn plan_progression(given: Option<&str>, data: &Data) -> Result<String, ArgError> {
    let with_loading: Vec<&String> =
        data.progressions.iter().filter(|(_, p)| p.loading.is_some()).map(|(id, _)| id).collect();
    if let Some(id) = given {
        let what = "progression with a `loading` block";
        known(id, with_loading.iter().copied(), what, "content/progressions/")?;
        return Ok(id.to_string());
    }
    match with_loading.as_slice() {
        [only] => Ok((*only).clone()),
        [] => Err(error("the return plan needs a progression with a `loading` block", None)),
        _ => Err(error("several progressions have a `loading` block", Some("add `progression=ID`".into()))),
    }
}

/// `id` must be among `ids`; else a "did you mean" or where the ids live.
fn known<'a>(
    id: &str,
    ids: impl Iterator<Item = &'a String> + Clone,
    what: &str,
    place: &str,
) -> Result<(), ArgError> {
    if ids.clone().any(|k| k == id) {
        return Ok(());
    }
    let help = did_you_mean(id, ids.map(String::as_str))
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| format!("no {what} with that id in {place}"));
    Err(error(format!("unknown {what} `{id}`"), Some(help)))
}
