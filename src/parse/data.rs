//! The data files: each YAML record deserialized strictly, then validated as a whole.
//!
//! [`load_data`] parses every data file under `content/` into the [`Data`] model (serde with
//! `deny_unknown_fields`, so a typo is a located error with a suggestion), then [`validate`]
//! checks what types cannot: every referenced exercise exists, ids are unique, ranges are
//! ordered, percentages, weights and pain scores are in range. Every problem is reported with
//! its file, line and column, found through the document's [`SpanIndex`].

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::*;
use crate::yaml::{self, Removed, SpanIndex, YamlBlock};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

mod figure;

/// The data files hinge knows in `content/data/`.
pub(crate) const DATA_FILES: [&str; 4] = ["warmup.yaml", "red-flags.yaml", "faults.yaml", "plates.yaml"];

/// Where each data record came from, to locate problems found after parsing.
#[derive(Debug, Default)]
pub(crate) struct DataSources {
    files: BTreeMap<String, (PathBuf, String, SpanIndex, Removed)>,
}

impl DataSources {
    /// The text of data file `rel` (relative to `content/`), or `""`.
    pub(crate) fn text(&self, rel: &str) -> &str {
        self.files.get(rel).map_or("", |(_, text, _, _)| text.as_str())
    }

    /// Whether `problem` lies in a region removed while reading its file: a check of what is
    /// left there would only repeat the error already reported.
    fn blamed_already(&self, problem: &Diagnostic) -> bool {
        self.files.values().any(|(display, _, _, removed)| {
            !removed.is_empty()
                && *display == problem.path
                && removed.contains((problem.line, problem.column))
        })
    }

    /// A diagnostic at the key that names the value at `path` in data file `rel`.
    pub(crate) fn at_key(&self, rel: &str, path: &str, message: impl Into<String>) -> Diagnostic {
        match self.files.get(rel) {
            Some((display, text, spans, _)) => {
                let (line, column) = spans.locate_key(path);
                Diagnostic::new(display, line, column, message).with_snippet_from(text)
            }
            None => Diagnostic::new(format!("content/{rel}"), 1, 1, message),
        }
    }

    /// A diagnostic at `path` (a YAML path such as `stages.2.exercises.0`) in data file `rel`.
    pub(crate) fn at(&self, rel: &str, path: &str, message: impl Into<String>) -> Diagnostic {
        match self.files.get(rel) {
            Some((display, text, spans, _)) => {
                let (line, column) = spans.locate(path);
                Diagnostic::new(display, line, column, message).with_snippet_from(text)
            }
            None => Diagnostic::new(format!("content/{rel}"), 1, 1, message),
        }
    }
}

/// Parses and validates every data file, returning what parsed and every problem found. A
/// file's records are read in rounds (see [`yaml::parse_all`]): every bad field is reported,
/// the rest of the file is still read and validated, and a check that would only repeat an
/// error already reported (about a value removed to read the rest) is left out.
pub(crate) fn load_data(files: Vec<TextFile>, taxonomies: &[String]) -> (Data, DataSources, Vec<Diagnostic>) {
    let mut data = Data::default();
    let mut sources = DataSources::default();
    let mut problems = Vec::new();
    for file in files {
        let text = file.text;
        let block = YamlBlock { text: &text, first_line: 1 };
        let (found, removed) = read_record(&mut data, &file.rel, &file.display, &text);
        if !found.is_empty() {
            problems.extend(found);
            data.unparsed.insert(file.rel.clone());
        }
        let spans = SpanIndex::new(block);
        sources.files.insert(file.rel, (file.display, text, spans, removed));
    }
    let mut found = validate(&data, &sources);
    for (id, exercise) in &data.exercises {
        check_terms(&format!("exercises/{id}.yaml"), &exercise.taxonomies, taxonomies, &sources, &mut found);
    }
    problems.extend(found.into_iter().filter(|d| !sources.blamed_already(d)));
    (data, sources, problems)
}

/// Reads data file `rel` into `data` (what could be salvaged of it), returning its problems and
/// the regions removed to read the rest.
fn read_record(data: &mut Data, rel: &str, display: &Path, text: &str) -> (Vec<Diagnostic>, Removed) {
    let block = YamlBlock { text, first_line: 1 };
    let (dir, name) = rel.split_once('/').unwrap_or(("", rel));
    let stem = name.trim_end_matches(".yaml").to_string();
    /// Reads the file as a `T` and keeps what was salvaged with `keep`.
    fn read<T: DeserializeOwned>(
        display: &Path,
        text: &str,
        block: YamlBlock<'_>,
        keep: impl FnOnce(T),
    ) -> (Vec<Diagnostic>, Removed) {
        let salvaged = yaml::parse_all::<T>(display, text, block);
        salvaged.value.map(keep);
        (salvaged.problems, salvaged.removed)
    }
    match (dir, name) {
        ("exercises", _) => read(display, text, block, |mut e: Exercise| {
            e.id = stem.clone();
            e.dose_summary = e.dose.summary();
            data.exercises.insert(stem, e);
        }),
        ("progressions", _) => read(display, text, block, |mut p: Progression| {
            p.id = stem.clone();
            data.progressions.insert(stem, p);
        }),
        ("data", "warmup.yaml") => read(display, text, block, |w| data.warmup = Some(w)),
        ("data", "red-flags.yaml") => read(display, text, block, |r| data.safety = Some(r)),
        ("data", "faults.yaml") => read(display, text, block, |f| data.faults = f),
        ("data", "plates.yaml") => read(display, text, block, |p| data.plates = Some(p)),
        _ => {
            let help = did_you_mean(name, DATA_FILES)
                .map(|n| format!("did you mean `{n}`?"))
                .unwrap_or_else(|| format!("data files are: {}", DATA_FILES.join(", ")));
            let problem =
                Diagnostic::new(display, 1, 1, format!("unknown data file `{name}`")).with_help(help);
            (vec![problem], Removed::default())
        }
    }
}

/// A record's `taxonomies:` names only taxonomies `site.yaml` declares, with no empty term.
fn check_terms(
    rel: &str,
    terms: &BTreeMap<String, Vec<String>>,
    declared: &[String],
    sources: &DataSources,
    problems: &mut Vec<Diagnostic>,
) {
    for (name, list) in terms {
        if !declared.contains(name) {
            let help = match did_you_mean(name, declared.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None if declared.is_empty() => "declare it under `taxonomies:` in site.yaml".to_string(),
                None => format!("site.yaml declares {}", declared.join(", ")),
            };
            let message = format!("`{name}` is not a taxonomy of this site");
            problems.push(sources.at_key(rel, &format!("taxonomies.{name}"), message).with_help(help));
        }
        if let Some(i) = list.iter().position(|t| t.trim().is_empty()) {
            let message = format!("an empty term in `{name}`");
            problems.push(
                sources
                    .at(rel, &format!("taxonomies.{name}.{i}"), message)
                    .with_help("write the term, or remove it"),
            );
        }
    }
}

/// Checks cross-references, uniqueness and ranges; returns every problem.
pub(crate) fn validate(data: &Data, sources: &DataSources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, exercise) in &data.exercises {
        validate_exercise(Inputs { data, sources }, id, exercise, &mut problems);
    }
    for (id, progression) in &data.progressions {
        validate_progression(Inputs { data, sources }, id, progression, &mut problems);
    }
    if let Some(warmup) = &data.warmup {
        validate_warmup(Inputs { data, sources }, warmup, &mut problems);
    }
    if let Some(safety) = &data.safety {
        problems.extend(validate_safety(safety, sources));
    }
    for (i, fault) in data.faults.iter().enumerate() {
        if let Some(fig) = &fault.figure {
            for e in figure::check(fig, &format!("{i}.figure")) {
                problems.push(sources.at("data/faults.yaml", &e.path, e.message));
            }
        }
    }
    check_unique_ids(
        "data/faults.yaml",
        "",
        data.faults.iter().map(|f| f.id.as_str()),
        sources,
        &mut problems,
    );
    if let Some(plates) = &data.plates {
        for (unit, equipment) in [("kg", &plates.kg), ("lb", &plates.lb)] {
            validate_equipment(unit, equipment, sources, &mut problems);
        }
    }
    problems
}

/// What every check reads: the data and where each record was written.
#[derive(Clone, Copy)]
struct Inputs<'a> {
    data: &'a Data,
    sources: &'a DataSources,
}

/// A reference to an exercise must name one that exists.
fn check_exercise_ref(inputs: Inputs<'_>, rel: &str, path: &str, id: &str, problems: &mut Vec<Diagnostic>) {
    let Inputs { data, sources } = inputs;
    if !data.exercise_known(id) {
        let help = match did_you_mean(id, data.exercises.keys().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("add `content/exercises/{id}.yaml` or use an existing exercise id"),
        };
        problems.push(sources.at(rel, path, format!("unknown exercise `{id}`")).with_help(help));
    }
}

/// An exercise's links lead to other exercises, and it has steps, a name and a summary.
fn validate_exercise(inputs: Inputs<'_>, id: &str, exercise: &Exercise, problems: &mut Vec<Diagnostic>) {
    let Inputs { data, sources } = inputs;
    let rel = format!("exercises/{id}.yaml");
    for (field, list) in [("progress_to", &exercise.progress_to), ("regress_to", &exercise.regress_to)] {
        for (i, target) in list.iter().enumerate() {
            check_exercise_ref(Inputs { data, sources }, &rel, &format!("{field}.{i}"), target, problems);
            if target == id {
                problems.push(sources.at(
                    &rel,
                    &format!("{field}.{i}"),
                    format!("`{id}` lists itself in `{field}`"),
                ));
            }
        }
    }
    if exercise.steps.is_empty() {
        problems.push(sources.at(&rel, "steps", "`steps` is empty").with_help("list at least one step"));
    }
    for (field, value) in [("name", &exercise.name), ("summary", &exercise.summary)] {
        if value.trim().is_empty() {
            problems.push(sources.at(&rel, field, format!("`{field}` is empty")));
        }
    }
    if let Some(fig) = &exercise.figure {
        for e in figure::check(fig, "figure") {
            problems.push(sources.at(&rel, &e.path, e.message));
        }
    }
}

/// A progression's stages have unique ids and known exercises; its loading is in range.
fn validate_progression(
    inputs: Inputs<'_>,
    id: &str,
    progression: &Progression,
    problems: &mut Vec<Diagnostic>,
) {
    let Inputs { data, sources } = inputs;
    let rel = format!("progressions/{id}.yaml");
    let mut seen = HashSet::new();
    for (s, stage) in progression.stages.iter().enumerate() {
        if !seen.insert(stage.id.as_str()) {
            problems.push(sources.at(
                &rel,
                &format!("stages.{s}.id"),
                format!("duplicate stage id `{}`", stage.id),
            ));
        }
        if stage.exercises.is_empty() {
            problems.push(sources.at(
                &rel,
                &format!("stages.{s}.exercises"),
                "a stage needs at least one exercise",
            ));
        }
        for (e, exercise) in stage.exercises.iter().enumerate() {
            check_exercise_ref(
                Inputs { data, sources },
                &rel,
                &format!("stages.{s}.exercises.{e}"),
                exercise,
                problems,
            );
        }
    }
    if let Some(loading) = &progression.loading {
        validate_loading(loading, &rel, sources, problems);
    }
}

/// The warm-up's drills exist and its ranges are in bounds.
fn validate_warmup(inputs: Inputs<'_>, warmup: &Warmup, problems: &mut Vec<Diagnostic>) {
    let Inputs { data, sources } = inputs;
    let rel = "data/warmup.yaml";
    for (i, drill) in warmup.general.drills.iter().enumerate() {
        check_exercise_ref(Inputs { data, sources }, rel, &format!("general.drills.{i}"), drill, problems);
    }
    check_bounded(rel, "general.minutes", &warmup.general.minutes, 0.0, f64::MAX, sources, problems);
    check_bounded(rel, "ramp.sets", &warmup.ramp.sets, 1.0, 10.0, sources, problems);
    check_bounded(rel, "ramp.first_percent", &warmup.ramp.first_percent, 0.0, 100.0, sources, problems);
    check_percent(rel, "belt_percent", warmup.belt_percent, sources, problems);
    if !(warmup.ramp.max_jump_percent > 0.0 && warmup.ramp.max_jump_percent <= 100.0) {
        problems.push(
            sources
                .at(
                    rel,
                    "ramp.max_jump_percent",
                    format!(
                        "`max_jump_percent` is {}, which must be above 0 and at most 100",
                        warmup.ramp.max_jump_percent
                    ),
                )
                .with_help("the default is 20: at most a 20% jump between sets"),
        );
    }
    if warmup.ramp.reps.len() < warmup.ramp.sets.max as usize {
        problems.push(
            sources
                .at(
                    rel,
                    "ramp.reps",
                    format!(
                        "`ramp.reps` lists {} sets but up to {} ramp sets are allowed",
                        warmup.ramp.reps.len(),
                        warmup.ramp.sets.max
                    ),
                )
                .with_help("give the reps of every ramp set, lightest first"),
        );
    }
}

/// Checks the triage model: unique ids, every sign in a defined tier, words where words are
/// needed, exactly one emergency tier and dialable emergency numbers.
fn validate_safety(safety: &Safety, sources: &DataSources) -> Vec<Diagnostic> {
    let rel = "data/red-flags.yaml";
    let mut problems = Vec::new();
    check_unique_ids(rel, "tiers.", safety.tiers.iter().map(|t| t.id.as_str()), sources, &mut problems);
    check_unique_ids(rel, "signs.", safety.signs.iter().map(|s| s.id.as_str()), sources, &mut problems);
    check_safety_page(safety, sources, &mut problems);
    check_tiers(safety, sources, &mut problems);
    check_emergency_numbers(safety, sources, &mut problems);
    check_signs(safety, sources, &mut problems);
    problems
}

/// The red-flag page's words come from its `page:` block.
fn check_safety_page(safety: &Safety, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    let rel = "data/red-flags.yaml";
    for (field, value) in [("title", &safety.page.title), ("description", &safety.page.description)] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            problems.push(
                sources
                    .at(rel, "page", format!("the red-flag page needs a `page.{field}`"))
                    .with_help("write the page's words in the data: `page: {title: ..., description: ...}`"),
            );
        }
    }
}

/// Every tier has words, and exactly one is the emergency tier.
fn check_tiers(safety: &Safety, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    let rel = "data/red-flags.yaml";
    for (i, tier) in safety.tiers.iter().enumerate() {
        for (field, value) in [("id", &tier.id), ("heading", &tier.heading), ("action", &tier.action)] {
            if value.trim().is_empty() {
                problems.push(
                    sources
                        .at(
                            rel,
                            &format!("tiers.{i}.{field}"),
                            format!("tier `{}` has an empty `{field}`", tier.id),
                        )
                        .with_help("every tier needs an id, a heading and an action in plain words"),
                );
            }
        }
    }
    let emergency: Vec<usize> = (0..safety.tiers.len()).filter(|&i| safety.tiers[i].emergency).collect();
    if emergency.len() > 1 {
        problems.push(
            sources
                .at(
                    rel,
                    &format!("tiers.{}.emergency", emergency[1]),
                    "more than one tier has `emergency: true`",
                )
                .with_help("mark only the tier that sends readers to emergency care"),
        );
    }
    if emergency.is_empty() && !safety.tiers.is_empty() {
        problems.push(
            sources
                .at(rel, "tiers", "no tier has `emergency: true`")
                .with_help("mark the tier whose signs need emergency care, so the numbers are shown with it"),
        );
    }
}

/// At least one region, each with dialable numbers.
fn check_emergency_numbers(safety: &Safety, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    let rel = "data/red-flags.yaml";
    if safety.emergency_numbers.is_empty() {
        problems.push(
            sources
                .at(rel, "emergency_numbers", "`emergency_numbers` is empty")
                .with_help("list at least one region, e.g. `- {label: UK, numbers: [\"999\", \"112\"]}`"),
        );
    }
    for (i, region) in safety.emergency_numbers.iter().enumerate() {
        if region.numbers.is_empty() {
            problems.push(sources.at(
                rel,
                &format!("emergency_numbers.{i}.numbers"),
                "list at least one number",
            ));
        }
        for (n, number) in region.numbers.iter().enumerate() {
            let digits = number.strip_prefix('+').unwrap_or(number);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                problems.push(
                    sources
                        .at(
                            rel,
                            &format!("emergency_numbers.{i}.numbers.{n}"),
                            format!("`{number}` is not a phone number"),
                        )
                        .with_help(
                            "use digits only, with an optional leading `+`, so it works as a `tel:` link",
                        ),
                );
            }
        }
    }
}

/// Every sign names a defined tier and has its words.
fn check_signs(safety: &Safety, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    let rel = "data/red-flags.yaml";
    let tier_ids: Vec<&str> = safety.tiers.iter().map(|t| t.id.as_str()).collect();
    for (i, sign) in safety.signs.iter().enumerate() {
        if safety.tier(&sign.tier).is_none() {
            let help = match did_you_mean(&sign.tier, tier_ids.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the tiers are: {}", tier_ids.join(", ")),
            };
            problems.push(
                sources
                    .at(rel, &format!("signs.{i}.tier"), format!("unknown tier `{}`", sign.tier))
                    .with_help(help),
            );
        }
        for (field, value) in [("sign", &sign.sign), ("advice", &sign.advice), ("question", &sign.question)] {
            if value.trim().is_empty() {
                problems.push(
                    sources
                        .at(
                            rel,
                            &format!("signs.{i}.{field}"),
                            format!("sign `{}` has an empty `{field}`", sign.id),
                        )
                        .with_help("write it in plain words"),
                );
            }
        }
    }
}

fn validate_loading(loading: &Loading, rel: &str, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    let p = "loading";
    check_bounded(rel, &format!("{p}.start_percent"), &loading.start_percent, 0.0, 100.0, sources, problems);
    check_bounded(
        rel,
        &format!("{p}.technique_sessions"),
        &loading.technique_sessions,
        0.0,
        20.0,
        sources,
        problems,
    );
    check_bounded(
        rel,
        &format!("{p}.sessions_per_week"),
        &loading.sessions_per_week,
        1.0,
        7.0,
        sources,
        problems,
    );
    check_bounded(
        rel,
        &format!("{p}.weekly_increase.kg"),
        &loading.weekly_increase.kg,
        f64::MIN_POSITIVE,
        100.0,
        sources,
        problems,
    );
    check_bounded(
        rel,
        &format!("{p}.weekly_increase.lb"),
        &loading.weekly_increase.lb,
        f64::MIN_POSITIVE,
        200.0,
        sources,
        problems,
    );
    check_percent(rel, &format!("{p}.belt_percent"), loading.belt_percent, sources, problems);
    for (key, value) in
        [("step_back_above", loading.pain.step_back_above), ("repeat_above", loading.pain.repeat_above)]
    {
        if !(0.0..=10.0).contains(&value) {
            problems.push(
                sources
                    .at(rel, &format!("{p}.pain.{key}"), format!("pain threshold {value} is outside 0..=10"))
                    .with_help("pain is scored from 0 (none) to 10 (worst)"),
            );
        }
    }
    if loading.pain.repeat_above > loading.pain.step_back_above {
        problems.push(
            sources
                .at(rel, &format!("{p}.pain.repeat_above"), "`repeat_above` is higher than `step_back_above`")
                .with_help("repeating should start at a lower pain score than stepping back"),
        );
    }
}

fn validate_equipment(
    unit: &str,
    equipment: &Equipment,
    sources: &DataSources,
    problems: &mut Vec<Diagnostic>,
) {
    let rel = "data/plates.yaml";
    let mut positive = |path: String, value: f64, allow_zero: bool| {
        let ok = if allow_zero { value >= 0.0 } else { value > 0.0 };
        if !ok || !value.is_finite() {
            problems.push(sources.at(
                rel,
                &path,
                format!("weight {value} must be {}", if allow_zero { "zero or more" } else { "positive" }),
            ));
        }
    };
    for (i, bar) in equipment.bars.iter().enumerate() {
        positive(format!("{unit}.bars.{i}.weight"), bar.weight, false);
    }
    for (i, collar) in equipment.collars.iter().enumerate() {
        positive(format!("{unit}.collars.{i}.weight"), collar.weight, true);
    }
    for (i, plate) in equipment.plates.iter().enumerate() {
        positive(format!("{unit}.plates.{i}"), *plate, false);
    }
    for (i, plate) in equipment.micro_plates.iter().enumerate() {
        positive(format!("{unit}.micro_plates.{i}"), *plate, false);
    }
    positive(format!("{unit}.max_load"), equipment.max_load, false);
    if equipment.bars.is_empty() {
        problems.push(sources.at(rel, &format!("{unit}.bars"), "list at least one bar"));
    }
    if equipment.plates.windows(2).any(|w| w[0] <= w[1]) {
        problems.push(sources.at(
            rel,
            &format!("{unit}.plates"),
            "plates must be listed heaviest first, without repeats",
        ));
    }
}

/// A range in words a reader can check: "at least 1", "above 0 and at most 100",
/// "within 0..=100" (never the 307 zeros of the smallest positive float).
fn allowed_range(lowest: f64, highest: f64) -> String {
    let unbounded = highest >= f64::MAX / 2.0;
    match (lowest > 0.0 && lowest < 1e-9, unbounded) {
        (true, true) => "above 0".to_string(),
        (true, false) => format!("above 0 and at most {highest}"),
        (false, true) => format!("at least {lowest}"),
        (false, false) => format!("within {lowest}..={highest}"),
    }
}

fn check_bounded(
    rel: &str,
    path: &str,
    b: &Bounded,
    lowest: f64,
    highest: f64,
    sources: &DataSources,
    problems: &mut Vec<Diagnostic>,
) {
    if b.min > b.max {
        problems.push(
            sources
                .at(
                    rel,
                    &format!("{path}.min"),
                    format!("range is not ordered: min {} is above max {}", b.min, b.max),
                )
                .with_help("make `min` less than or equal to `max`"),
        );
    }
    for (key, value) in [("min", b.min), ("max", b.max)] {
        if value < lowest || value > highest {
            let allowed = allowed_range(lowest, highest);
            problems.push(sources.at(
                rel,
                &format!("{path}.{key}"),
                format!("`{key}` is {value}, which must be {allowed}"),
            ));
        }
    }
    if let Some(default) = b.default.filter(|d| *d < b.min || *d > b.max) {
        problems.push(
            sources
                .at(
                    rel,
                    &format!("{path}.default"),
                    format!("default {default} is outside {}..={}", b.min, b.max),
                )
                .with_help("choose a default between `min` and `max`"),
        );
    }
}

fn check_percent(rel: &str, path: &str, value: f64, sources: &DataSources, problems: &mut Vec<Diagnostic>) {
    if !(0.0..=100.0).contains(&value) {
        problems.push(sources.at(rel, path, format!("percentage {value} is outside 0..=100")));
    }
}

fn check_unique_ids<'a>(
    rel: &str,
    list: &str,
    ids: impl Iterator<Item = &'a str>,
    sources: &DataSources,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            problems.push(
                sources
                    .at(rel, &format!("{list}{i}.id"), format!("duplicate id `{id}`"))
                    .with_help("ids must be unique within the file"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_range;

    #[test]
    fn ranges_are_worded_without_float_noise() {
        assert_eq!(allowed_range(f64::MIN_POSITIVE, f64::MAX), "above 0");
        assert_eq!(allowed_range(f64::MIN_POSITIVE, 100.0), "above 0 and at most 100");
        assert_eq!(allowed_range(1.0, f64::MAX), "at least 1");
        assert_eq!(allowed_range(0.0, 100.0), "within 0..=100");
    }
}
