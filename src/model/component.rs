//! Components: structured data embedded in a page, as the parse stage found them.
//!
//! A [`Component`] names the records it shows by id, already checked against the data; the
//! render stage fills its placeholder in the page's HTML with its template.

/// Which calculator a `calculator` block embeds.
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

/// One embedded component, its ids already checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Component {
    /// An exercise card.
    Exercise {
        /// The exercise id.
        id: String,
    },
    /// One stage of a progression.
    Stage {
        /// The progression id.
        progression: String,
        /// The stage id.
        stage: String,
    },
    /// A whole progression, every stage.
    Progression {
        /// The progression id.
        id: String,
    },
    /// A progression's stage timeline graphic.
    StageTimeline {
        /// The progression id.
        progression: String,
    },
    /// The warning signs grouped by tier, optionally one tier only.
    RedFlags {
        /// Only this tier, if given.
        tier: Option<String>,
    },
    /// One warning sign with its tier's heading and action.
    RedFlag {
        /// The sign's id.
        id: String,
    },
    /// The home page's "what do I do right now" path: the emergency route, then the choices
    /// written as a markdown list in the block's body.
    RightNow {
        /// The body rendered to HTML (links resolved); empty until the markdown stage renders it.
        body_html: String,
    },
    /// The technique faults table.
    Faults,
    /// A GitHub callout (`> [!WARNING]`), drawn by the theme's `callouts/KIND.html`.
    Callout {
        /// `note`, `tip`, `important`, `warning` or `caution`.
        kind: &'static str,
        /// The callout's body as HTML.
        body_html: String,
    },
    /// An exercise's figure, or one of its poses.
    ExerciseFigure {
        /// The exercise id.
        id: String,
        /// Only this pose, 1-based.
        pose: Option<usize>,
    },
    /// A component an editor wrote: `templates/components/NAME.html` and its schema.
    User {
        /// Its name, the template's stem.
        name: String,
        /// Every declared argument's value (given, default, or null), already type-checked.
        args: std::collections::BTreeMap<String, serde_json::Value>,
        /// The block's markdown body as HTML (components in it left as placeholders).
        body_html: String,
    },
    /// A photo: a markdown image (inline) or a `figure` block (with caption and credit),
    /// drawn as a responsive `<picture>` from the resized copies.
    Image(ImageRef),
    /// A calculator's mount point and data.
    Calculator {
        /// Which calculator.
        kind: CalculatorKind,
        /// The progression whose `loading` parameterises the return plan.
        progression: Option<String>,
    },
}

impl Component {
    /// The template that renders it, under `components/` (a callout's under `callouts/`).
    pub(crate) fn template(&self) -> String {
        let name = match self {
            Component::Exercise { .. } => "exercise",
            Component::Stage { .. } => "stage",
            Component::Progression { .. } => "progression",
            Component::StageTimeline { .. } => "stage-timeline",
            Component::RedFlags { .. } => "red-flags",
            Component::RedFlag { .. } => "red-flag",
            Component::RightNow { .. } => "right-now",
            Component::Faults => "faults",
            Component::Callout { kind, .. } => return format!("callouts/{kind}.html"),
            Component::User { name, .. } => return format!("components/{name}.html"),
            Component::ExerciseFigure { .. } => "exercise-figure",
            Component::Image(image) if image.block => "figure",
            Component::Image(_) => "image",
            Component::Calculator { kind: CalculatorKind::Warmup, .. } => "calculator-warmup",
            Component::Calculator { kind: CalculatorKind::ReturnPlan, .. } => "calculator-return-plan",
        };
        format!("components/{name}.html")
    }

    /// The content file this component draws on, for back-links (e.g. `exercises/dead-bug.yaml`).
    pub(crate) fn reference(&self) -> Option<String> {
        match self {
            Component::Exercise { id } | Component::ExerciseFigure { id, .. } => {
                Some(format!("exercises/{id}.yaml"))
            }
            Component::Stage { progression, .. }
            | Component::Progression { id: progression }
            | Component::StageTimeline { progression } => Some(format!("progressions/{progression}.yaml")),
            Component::RedFlags { .. } | Component::RedFlag { .. } | Component::RightNow { .. } => {
                Some("data/red-flags.yaml".into())
            }
            _ => None,
        }
    }
}

/// An image a page shows, its file already known to exist and its alt text present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The image file, relative to `content/` (e.g. `guide/photos/hinge.png`).
    pub(crate) src: String,
    /// The text alternative.
    pub(crate) alt: String,
    /// A `figure` block's caption.
    pub(crate) caption: Option<String>,
    /// A `figure` block's credit line (photographer, licence).
    pub(crate) credit: Option<String>,
    /// A `figure` block (true) or an inline markdown image (false).
    pub(crate) block: bool,
}

/// The placeholder left in the HTML for the `index`th component of a page.
pub(crate) fn component_placeholder(index: usize) -> String {
    format!("<!--hinge:component:{index}-->")
}
