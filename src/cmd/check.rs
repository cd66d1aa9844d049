//! `hinge check`: everything a build verifies, writing nothing, plus overdue-review warnings.

use super::build::{BuildOptions, Outcome, build, print_outcome};
use crate::cli::MessageFormat;
use std::path::PathBuf;

/// Checks the site at `root`; `strict` turns warnings into a failure (exit status 1).
pub(crate) fn run(
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
    strict: bool,
    format: MessageFormat,
) -> u8 {
    let today = time::OffsetDateTime::now_utc().date();
    let options = BuildOptions { root, base_url, drafts, review_day: Some(today), ..Default::default() };
    let outcome = Outcome { verb: "checked", failed: "the check found problems", strict, format };
    print_outcome(&options, build(&options), &outcome)
}
