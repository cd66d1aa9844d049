//! Structured rehab data: exercises, progressions, warm-up, red flags, faults and plates.
//!
//! Each YAML file deserializes strictly into one of these record types (serde with
//! `deny_unknown_fields`); the parse stage's `data` module then checks what types cannot (ids
//! that must exist, ordered ranges) and hands on a [`Data`] whose references all resolve.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A number or an ordered range of numbers, written `10`, `2.5` or `"10-12"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Amount {
    /// The lower bound (equal to `max` for a single number).
    pub(crate) min: f64,
    /// The upper bound.
    pub(crate) max: f64,
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}–{}", self.min, self.max)
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a range such as \"10-12\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                Ok(Amount { min: v as f64, max: v as f64 })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount { min: v as f64, max: v as f64 })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                Ok(Amount { min: v, max: v })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                parse_amount(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// Parses `"10"`, `"10-12"` or `"10–12"` (en dash), requiring `min <= max`.
pub(crate) fn parse_amount(text: &str) -> Result<Amount, String> {
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    let parts: Vec<&str> = text.split(['-', '–']).collect();
    let amount = match parts.as_slice() {
        [one] => number(one).map(|n| Amount { min: n, max: n }),
        [a, b] => number(a).zip(number(b)).map(|(min, max)| Amount { min, max }),
        _ => None,
    }
    .ok_or_else(|| format!("`{text}` is not a number or a range such as \"10-12\""))?;
    if amount.min > amount.max {
        return Err(format!("range `{text}` is not ordered: write the smaller number first"));
    }
    if amount.min < 0.0 {
        return Err(format!("`{text}` is negative"));
    }
    Ok(amount)
}

/// A setting with bounds and a default, e.g. `{min: 40, max: 50, default: 40}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bounded {
    /// Lowest allowed value.
    pub(crate) min: f64,
    /// Highest allowed value.
    pub(crate) max: f64,
    /// The value used unless the reader chooses another.
    #[serde(default)]
    pub(crate) default: Option<f64>,
}

/// What kind of exercise this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Category {
    /// Moving joints through their range.
    Mobility,
    /// Trunk stability.
    Core,
    /// Learning the hip hinge.
    Hinge,
    /// Loaded pulling.
    Loaded,
    /// Stretches.
    Stretch,
    /// Aerobic work.
    Conditioning,
}

impl Category {
    /// Every category in display order.
    pub(crate) const ALL: [Category; 6] = [
        Category::Mobility,
        Category::Core,
        Category::Hinge,
        Category::Loaded,
        Category::Stretch,
        Category::Conditioning,
    ];

    /// The heading shown for the category.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Category::Mobility => "Mobility",
            Category::Core => "Core stability",
            Category::Hinge => "Hip hinge",
            Category::Loaded => "Loaded pulls",
            Category::Stretch => "Stretches",
            Category::Conditioning => "Conditioning",
        }
    }

    /// The lowercase name used in YAML and URLs.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Category::Mobility => "mobility",
            Category::Core => "core",
            Category::Hinge => "hinge",
            Category::Loaded => "loaded",
            Category::Stretch => "stretch",
            Category::Conditioning => "conditioning",
        }
    }
}

/// How much of an exercise to do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dose {
    /// Sets.
    #[serde(default)]
    pub(crate) sets: Option<Amount>,
    /// Repetitions per set.
    #[serde(default)]
    pub(crate) reps: Option<Amount>,
    /// Seconds to hold each rep.
    #[serde(default)]
    pub(crate) hold_seconds: Option<Amount>,
    /// Minutes, for timed work.
    #[serde(default)]
    pub(crate) minutes: Option<Amount>,
    /// Whether reps or holds are per side.
    #[serde(default)]
    pub(crate) per_side: bool,
    /// How often, in words.
    #[serde(default)]
    pub(crate) frequency: Option<String>,
}

impl Dose {
    /// The dose in words, e.g. "3 sets of 10–12 reps per side, daily".
    pub(crate) fn summary(&self) -> String {
        let mut parts = Vec::new();
        let amount = match (&self.reps, &self.hold_seconds, &self.minutes) {
            (Some(r), _, _) => Some(format!("{r} reps")),
            (None, Some(h), _) => Some(format!("{h} s hold")),
            (None, None, Some(m)) => Some(format!("{m} min")),
            _ => None,
        };
        match (&self.sets, amount) {
            (Some(s), Some(a)) => parts.push(format!("{s} sets of {a}")),
            (Some(s), None) => parts.push(format!("{s} sets")),
            (None, Some(a)) => parts.push(a),
            (None, None) => {}
        }
        if self.per_side && !parts.is_empty() {
            let last = parts.pop().unwrap_or_default();
            parts.push(format!("{last} per side"));
        }
        if let Some(f) = &self.frequency {
            let mut chars = f.chars();
            let lowered: String =
                chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
            parts.push(lowered);
        }
        parts.join(", ")
    }
}

/// One exercise, from `content/exercises/ID.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Exercise {
    /// The file stem; set by hinge, not written in the file.
    #[serde(skip_deserializing)]
    pub(crate) id: String,
    /// The exercise's name.
    pub(crate) name: String,
    /// One or two sentences on what it is and why it helps.
    pub(crate) summary: String,
    pub(crate) category: Category,
    /// Muscles or structures it trains.
    #[serde(default)]
    pub(crate) targets: Vec<String>,
    /// What it needs.
    #[serde(default)]
    pub(crate) equipment: Vec<String>,
    /// How much and how often.
    pub(crate) dose: Dose,
    /// How to do it, in order.
    pub(crate) steps: Vec<String>,
    /// Coaching cues.
    #[serde(default)]
    pub(crate) cues: Vec<String>,
    /// Mistakes to avoid.
    #[serde(default)]
    pub(crate) mistakes: Vec<String>,
    /// Signs to stop.
    #[serde(default)]
    pub(crate) stop_if: Vec<String>,
    /// Harder exercises to move on to.
    #[serde(default)]
    pub(crate) progress_to: Vec<String>,
    /// Easier exercises to fall back to.
    #[serde(default)]
    pub(crate) regress_to: Vec<String>,
    /// Its key poses, drawn as an inline SVG (`model/figure.rs`).
    #[serde(default)]
    pub(crate) figure: Option<crate::model::figure::Figure>,
    /// A photo of the exercise, resized like any image.
    #[serde(default)]
    pub(crate) photo: Option<Photo>,
    /// A self-hosted video of the exercise, with a poster image.
    #[serde(default)]
    pub(crate) video: Option<Video>,
    /// Its terms, by taxonomy (`taxonomies: {equipment: [Kettlebell]}`): the taxonomy must be
    /// declared in `site.yaml`; the exercise is then listed on each term's page.
    #[serde(default)]
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    /// The dose in words; set by hinge.
    #[serde(skip_deserializing)]
    pub(crate) dose_summary: String,
}

/// An exercise's photo: a PNG or JPEG beside the exercise's file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Photo {
    /// The image, relative to the exercise's file (`photos/bird-dog.jpg`).
    pub(crate) src: String,
    /// The text alternative.
    pub(crate) alt: String,
    /// Who took it, under which licence.
    #[serde(default)]
    pub(crate) credit: Option<String>,
    /// The image relative to `content/`; set by hinge once the file is checked.
    #[serde(skip_deserializing)]
    pub(crate) key: String,
}

/// An exercise's self-hosted video (`media-src 'self'`), shown with a poster image.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Video {
    /// The video file (MP4 or WebM), relative to the exercise's file.
    pub(crate) src: String,
    /// The poster image (PNG or JPEG), relative to the exercise's file.
    pub(crate) poster: String,
    /// What the video shows, in words (its text alternative).
    pub(crate) caption: String,
    /// The video relative to `content/`; set by hinge.
    #[serde(skip_deserializing)]
    pub(crate) key: String,
    /// The poster relative to `content/`; set by hinge.
    #[serde(skip_deserializing)]
    pub(crate) poster_key: String,
    /// `video/mp4` or `video/webm`; set by hinge.
    #[serde(skip_deserializing)]
    pub(crate) mime: String,
}

/// One stage of a progression.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Stage {
    /// Unique within the progression; also the stage's anchor on the progression page.
    pub(crate) id: String,
    /// The stage's title.
    pub(crate) title: String,
    /// What the stage is for.
    pub(crate) goal: String,
    /// Exercise ids, in order.
    pub(crate) exercises: Vec<String>,
    /// Criteria for moving on.
    pub(crate) advance_when: Vec<String>,
}

/// Weekly load increase bounds per unit.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeeklyIncrease {
    /// In kilograms.
    pub(crate) kg: Bounded,
    /// In pounds.
    pub(crate) lb: Bounded,
}

/// Pain thresholds (0-10) of the session decision.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PainThresholds {
    /// Pain above this, during or next morning, means step back.
    pub(crate) step_back_above: f64,
    /// Pain above this means repeat the level.
    pub(crate) repeat_above: f64,
}

/// The parameters of the return-to-lift planner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Loading {
    /// Start as a percent of the pre-injury working weight.
    pub(crate) start_percent: Bounded,
    /// Technique-only sessions at the start load.
    pub(crate) technique_sessions: Bounded,
    /// Deadlift sessions per week.
    pub(crate) sessions_per_week: Bounded,
    /// Load added per week.
    pub(crate) weekly_increase: WeeklyIncrease,
    /// Pain thresholds for the decision.
    pub(crate) pain: PainThresholds,
    /// Belt hint at or above this percent of the estimated one-rep max.
    pub(crate) belt_percent: f64,
    /// The conditions for progressing, in words.
    #[serde(default)]
    pub(crate) progress_when: Vec<String>,
}

/// How long some of a progression's stages take.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimelineEntry {
    /// The stages it covers, in words (`1-4`, `5`).
    pub(crate) stages: String,
    /// The duration, in words.
    pub(crate) duration: String,
    /// A few words for the stage timeline graphic (by default the duration's first clause).
    #[serde(default)]
    pub(crate) label: Option<String>,
}

/// A progression, from `content/progressions/ID.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Progression {
    /// The file stem; set by hinge.
    #[serde(skip_deserializing)]
    pub(crate) id: String,
    pub(crate) title: String,
    /// What it is.
    pub(crate) summary: String,
    /// How long the stages take, one entry per group of stages, in words.
    #[serde(default)]
    pub(crate) timeline: Vec<TimelineEntry>,
    /// Ordered stages.
    pub(crate) stages: Vec<Stage>,
    /// Planner parameters, if this progression ends in loaded lifting.
    #[serde(default)]
    pub(crate) loading: Option<Loading>,
    /// How the progression's page is titled and listed (by default its `title` and `summary`).
    #[serde(default, skip_serializing)]
    pub(crate) page: Option<DataPage>,
}

/// The general part of the warm-up.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GeneralWarmup {
    /// Minutes to spend.
    pub(crate) minutes: Bounded,
    /// Exercise ids.
    pub(crate) drills: Vec<String>,
}

/// The ramp sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ramp {
    /// Number of ramp sets.
    pub(crate) sets: Bounded,
    /// First set as a percent of the working weight.
    pub(crate) first_percent: Bounded,
    /// Reps of each ramp set, lightest first.
    pub(crate) reps: Vec<u32>,
    /// Add a ramp set when a jump between sets would exceed this percent of the working weight.
    #[serde(default = "default_max_jump_percent")]
    pub(crate) max_jump_percent: f64,
    /// Reps of the optional empty-bar set.
    #[serde(default = "default_empty_bar_reps")]
    pub(crate) empty_bar_reps: u32,
}

fn default_max_jump_percent() -> f64 {
    20.0
}

fn default_empty_bar_reps() -> u32 {
    10
}

/// `content/data/warmup.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Warmup {
    /// General warm-up.
    pub(crate) general: GeneralWarmup,
    /// Ramp sets.
    pub(crate) ramp: Ramp,
    /// Belt hint threshold, percent of the estimated one-rep max.
    pub(crate) belt_percent: f64,
    /// Plain-words notes on the rules.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
}

/// What a tier's "yes" answer does to the return planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PlannerEffect {
    /// The plan ends until a clinician clears the reader.
    Stop,
    /// No progression, and no sessions, until the reader records that a clinician cleared them.
    Pause,
    /// The week is at most `repeat`, with the sign's advice shown.
    Repeat,
}

/// When the planner's check-in asks a tier's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AskWhen {
    /// In the short group asked after every session.
    EverySession,
    /// Only when the reader opens the longer list.
    OnRequest,
}

/// One tier of the triage model (safety.md): its words and what it does, all from the data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tier {
    /// Unique id, named by each sign's `tier` (`emergency`, `urgent`, `see-doctor`, `adjust`).
    pub(crate) id: String,
    /// The heading shown above the tier's signs.
    pub(crate) heading: String,
    /// What to do when a sign of this tier fits.
    pub(crate) action: String,
    /// What a "yes" does to the planner.
    pub(crate) planner: PlannerEffect,
    /// When the check-in asks this tier's questions.
    pub(crate) ask: AskWhen,
    /// Whether the emergency numbers are shown with this tier.
    #[serde(default)]
    pub(crate) emergency: bool,
}

/// The emergency numbers of one region, shown as `tel:` links.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EmergencyNumbers {
    /// Where they apply, e.g. `UK` or `US and Canada`.
    pub(crate) label: String,
    /// The numbers, e.g. `["999", "112"]`.
    pub(crate) numbers: Vec<String>,
}

/// One warning sign, in exactly one tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sign {
    /// Unique id; also the sign's anchor on the red-flag page.
    pub(crate) id: String,
    /// The id of the sign's tier.
    pub(crate) tier: String,
    /// The sign in plain words.
    pub(crate) sign: String,
    /// Why it matters or what to do beyond the tier's action.
    pub(crate) advice: String,
    /// The yes/no check-in question for the planner.
    pub(crate) question: String,
}

/// `content/data/red-flags.yaml`: the tiers, the emergency numbers and the signs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Safety {
    /// Emergency numbers by region.
    pub(crate) emergency_numbers: Vec<EmergencyNumbers>,
    /// The tiers, most serious first.
    pub(crate) tiers: Vec<Tier>,
    /// The signs, in file order.
    pub(crate) signs: Vec<Sign>,
    /// How the red-flag page is titled, described and placed in the navigation.
    #[serde(skip_serializing)]
    pub(crate) page: DataPage,
}

/// The `page:` block of a data file: how the page generated from it is titled, described and
/// placed among its siblings (the words are content, so they live with the data, not in hinge).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataPage {
    /// The page title.
    pub(crate) title: Option<String>,
    /// A short title for navigation and breadcrumbs.
    #[serde(default)]
    pub(crate) link_title: Option<String>,
    /// One sentence for search results and link previews.
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Position among siblings; lower comes first.
    #[serde(default)]
    pub(crate) weight: Option<i64>,
}

impl Safety {
    /// The tier with this id.
    pub(crate) fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }
}

/// One technique fault, from `content/data/faults.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fault {
    /// Unique id.
    pub(crate) id: String,
    pub(crate) fault: String,
    /// Why it hurts.
    pub(crate) why: String,
    /// The fix cue.
    pub(crate) fix: String,
    /// The fault and its fix drawn side by side, if it has a figure.
    #[serde(default)]
    pub(crate) figure: Option<crate::model::figure::Figure>,
}

/// A named weight (a bar or a collar).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NamedWeight {
    pub(crate) name: String,
    /// Its weight in the unit.
    pub(crate) weight: f64,
}

/// Equipment for one unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Equipment {
    /// Bar presets, the first is the default.
    pub(crate) bars: Vec<NamedWeight>,
    /// Standard plates, heaviest first.
    pub(crate) plates: Vec<f64>,
    /// Optional micro plates.
    #[serde(default)]
    pub(crate) micro_plates: Vec<f64>,
    /// Collar presets (weight of one collar), the first is the default.
    pub(crate) collars: Vec<NamedWeight>,
    /// The largest weight accepted.
    pub(crate) max_load: f64,
}

/// `content/data/plates.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Plates {
    /// Kilogram equipment.
    pub(crate) kg: Equipment,
    /// Pound equipment.
    pub(crate) lb: Equipment,
}

/// All structured data of the site, validated.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Data {
    /// Exercises by id.
    pub(crate) exercises: BTreeMap<String, Exercise>,
    /// Progressions by id.
    pub(crate) progressions: BTreeMap<String, Progression>,
    /// The warm-up scheme.
    pub(crate) warmup: Option<Warmup>,
    /// The triage model: tiers, emergency numbers and signs.
    pub(crate) safety: Option<Safety>,
    /// Technique faults, in file order.
    pub(crate) faults: Vec<Fault>,
    /// Bars and plates.
    pub(crate) plates: Option<Plates>,
    /// Data files that exist but failed to parse (e.g. `exercises/deadlift.yaml`): their ids
    /// count as known, so one broken file is reported once, not at every reference.
    #[serde(skip)]
    pub(crate) unparsed: std::collections::BTreeSet<String>,
}

impl Data {
    /// Whether exercise `id` exists, or exists but failed to parse.
    pub(crate) fn exercise_known(&self, id: &str) -> bool {
        self.exercises.contains_key(id) || self.unparsed.contains(&format!("exercises/{id}.yaml"))
    }

    /// Whether progression `id` failed to parse.
    pub(crate) fn progression_unparsed(&self, id: &str) -> bool {
        self.unparsed.contains(&format!("progressions/{id}.yaml"))
    }
}

/// True for the content files that are data rather than pages or copied files.
pub(crate) fn is_data_file(rel: &str) -> bool {
    rel.ends_with(".yaml")
        && (rel.starts_with("exercises/") || rel.starts_with("progressions/") || rel.starts_with("data/"))
        && rel.matches('/').count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_numbers_and_ordered_ranges() {
        assert_eq!(parse_amount("10-12").unwrap(), Amount { min: 10.0, max: 12.0 });
        assert_eq!(parse_amount("2.5").unwrap(), Amount { min: 2.5, max: 2.5 });
        assert!(parse_amount("12-10").unwrap_err().contains("not ordered"));
        assert!(parse_amount("ten").is_err());
        assert_eq!(Amount { min: 10.0, max: 12.0 }.to_string(), "10–12");
    }

    #[test]
    fn data_files_are_recognised() {
        assert!(is_data_file("exercises/dead-bug.yaml"));
        assert!(is_data_file("data/warmup.yaml"));
        assert!(!is_data_file("guide/notes.yaml"));
        assert!(!is_data_file("exercises/sub/x.yaml"));
    }

    #[test]
    fn dose_summary_reads_naturally() {
        let dose = Dose {
            sets: Some(Amount { min: 3.0, max: 3.0 }),
            reps: Some(Amount { min: 10.0, max: 12.0 }),
            per_side: true,
            frequency: Some("daily".into()),
            ..Dose::default()
        };
        assert_eq!(dose.summary(), "3 sets of 10–12 reps per side, daily");
        let hold = Dose { hold_seconds: Some(Amount { min: 30.0, max: 30.0 }), ..Dose::default() };
        assert_eq!(hold.summary(), "30 s hold");
    }
}
