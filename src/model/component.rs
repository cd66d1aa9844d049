//! Components: structured data embedded in a page, as the parse stage found them.
//!
//! Every fenced component block is a [`Block`]: the name of its template under
//! `templates/components/` and its arguments, each either a plain value (text, a number, a
//! flag) or a [`Reference`] to the site's typed data, already checked against it. The render
//! stage fills the block's placeholder in the page's HTML with its template, each reference
//! turned into its data's view. Which data a reference means is the [`RefType`] declared in the
//! component's schema: no component name is known here.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The type of a reference argument: a value that names the site's typed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum RefType {
    /// An exercise id (`content/exercises/ID.yaml`).
    Exercise,
    /// An exercise id whose record has a drawn `figure`.
    DrawnExercise,
    /// A progression id (`content/progressions/ID.yaml`).
    Progression,
    /// A stage id of the progression named by another argument.
    Stage,
    /// A pose number (from 1) of the figure of the exercise named by another argument.
    Pose,
    /// A tier id of `content/data/red-flags.yaml`.
    Tier,
    /// A sign id of `content/data/red-flags.yaml`.
    Sign,
    /// A calculator: `warmup` or `return-plan` (with the progression whose `loading` it uses).
    Calculator,
    /// A PNG or JPEG of the site, relative to the page (its text alternative in another argument).
    Image,
}

impl RefType {
    /// The content file a reference draws on, for back-links (e.g. `exercises/dead-bug.yaml`);
    /// a stage's or a pose's file is its other argument's.
    pub(crate) fn file(self, id: &str) -> Option<String> {
        match self {
            RefType::Exercise | RefType::DrawnExercise => Some(format!("exercises/{id}.yaml")),
            RefType::Progression => Some(format!("progressions/{id}.yaml")),
            RefType::Tier | RefType::Sign => Some("data/red-flags.yaml".into()),
            RefType::Stage | RefType::Pose | RefType::Calculator | RefType::Image => None,
        }
    }
}

/// A site-wide data file a component draws on as a whole, named in its schema's `data:` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DataSet {
    /// `content/data/red-flags.yaml`, seen as `red_flags` (tiers with their signs).
    RedFlags,
    /// `content/data/faults.yaml`, seen as `faults` (`rows` and `figures`).
    Faults,
    /// `content/data/warmup.yaml`, seen as `warmup`.
    Warmup,
    /// `content/data/plates.yaml`, seen as `plates`.
    Plates,
}

impl DataSet {
    /// Its file, relative to `content/`.
    pub(crate) fn file(self) -> &'static str {
        match self {
            DataSet::RedFlags => "data/red-flags.yaml",
            DataSet::Faults => "data/faults.yaml",
            DataSet::Warmup => "data/warmup.yaml",
            DataSet::Plates => "data/plates.yaml",
        }
    }

    /// The variable its view is in, in the component's template.
    pub(crate) fn variable(self) -> &'static str {
        match self {
            DataSet::RedFlags => "red_flags",
            DataSet::Faults => "faults",
            DataSet::Warmup => "warmup",
            DataSet::Plates => "plates",
        }
    }
}

/// A reference argument's checked value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// What it names.
    pub(crate) kind: RefType,
    /// The id, pose number, calculator kind or image path (relative to `content/`).
    pub(crate) id: String,
    /// The value it is read with: a stage's progression, a pose's exercise, a return plan's
    /// progression, an image's alt text.
    pub(crate) of: Option<String>,
}

/// One argument's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgValue {
    /// Text, a number or a flag as written (or its default, or null).
    Plain(serde_json::Value),
    /// A reference to the site's data.
    Ref(Reference),
}

impl ArgValue {
    /// The value as written: a reference as its id.
    pub(crate) fn written(&self) -> serde_json::Value {
        match self {
            ArgValue::Plain(value) => value.clone(),
            ArgValue::Ref(reference) => serde_json::Value::String(reference.id.clone()),
        }
    }
}

/// One component block: `templates/components/NAME.html` and its checked arguments.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    /// The component's name, its template's stem.
    pub(crate) name: String,
    /// Every declared argument's value, by name.
    pub(crate) args: BTreeMap<String, ArgValue>,
    /// The data files it draws on as a whole.
    pub(crate) data: Vec<DataSet>,
    /// The block's markdown body as HTML (components in it left as placeholders).
    pub(crate) body_html: String,
}

/// One embedded component, its references already checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Component {
    /// A fenced component block, or a markdown image (the `image` component).
    Block(Block),
    /// A GitHub callout (`> [!WARNING]`), drawn by the theme's `callouts/KIND.html`.
    Callout {
        /// `note`, `tip`, `important`, `warning` or `caution`.
        kind: &'static str,
        /// The callout's body as HTML.
        body_html: String,
    },
}

impl Component {
    /// The template that renders it, under `components/` (a callout's under `callouts/`).
    pub(crate) fn template(&self) -> String {
        match self {
            Component::Block(block) => format!("components/{}.html", block.name),
            Component::Callout { kind, .. } => format!("callouts/{kind}.html"),
        }
    }

    /// Every reference among its arguments.
    pub(crate) fn refs(&self) -> impl Iterator<Item = &Reference> {
        let args = match self {
            Component::Block(block) => Some(block.args.values()),
            Component::Callout { .. } => None,
        };
        args.into_iter().flatten().filter_map(|value| match value {
            ArgValue::Ref(reference) => Some(reference),
            ArgValue::Plain(_) => None,
        })
    }

    /// The content files it draws on, for back-links (e.g. `exercises/dead-bug.yaml`).
    pub(crate) fn references(&self) -> Vec<String> {
        let mut files: Vec<String> = self.refs().filter_map(|r| r.kind.file(&r.id)).collect();
        if let Component::Block(block) = self {
            files.extend(block.data.iter().map(|set| set.file().to_string()));
        }
        files.sort();
        files.dedup();
        files
    }

    /// Whether one of its arguments is a reference of this type.
    pub(crate) fn uses(&self, kind: RefType) -> bool {
        self.refs().any(|r| r.kind == kind)
    }
}

/// How every component placeholder starts; the component's index and `-->` follow.
pub(crate) const PLACEHOLDER_OPEN: &str = "<!--hinge:component:";

/// The placeholder left in the HTML for the `index`th component of a page.
pub(crate) fn component_placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_OPEN}{index}-->")
}
