//! `hinge check`: everything a build verifies, writing nothing, plus overdue-review warnings.

use super::build::{BuildOptions, Outcome, build, print_outcome};
use crate::check::external::{ExternalOptions, check_external};
use crate::cli::MessageFormat;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What `--external` asks for.
#[derive(Debug, Clone)]
pub(crate) struct External {
    /// Seconds one link may take.
    pub(crate) timeout_secs: u64,
    /// URL prefixes left unchecked.
    pub(crate) skip: Vec<String>,
}

/// Where the outside links' answers are remembered, under the site root (never in the output).
const LINK_CACHE: &str = ".hinge-cache/external-links.json";
/// How many outside links are asked at once.
const CONCURRENCY: usize = 8;

/// Checks the site at `root`; `strict` turns warnings into a failure (exit status 1).
pub(crate) fn run(
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
    strict: bool,
    format: MessageFormat,
    external: Option<External>,
) -> u8 {
    let today = time::OffsetDateTime::now_utc().date();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let external = external.map(|e| ExternalOptions {
        timeout: Duration::from_secs(e.timeout_secs.max(1)),
        concurrency: CONCURRENCY,
        cache_file: Some(root.join(LINK_CACHE)),
        skip: e.skip,
        now,
    });
    let collect_external = external.is_some();
    let options = BuildOptions {
        root,
        base_url,
        drafts,
        review_day: Some(today),
        collect_external,
        ..Default::default()
    };
    let mut result = build(&options);
    if let (Ok(summary), Some(external)) = (&mut result, &external) {
        let warnings = check_external(&summary.external, external);
        summary.warnings.extend(warnings);
    }
    let outcome = Outcome { verb: "checked", failed: "the check found problems", strict, format };
    print_outcome(&options, result, &outcome)
}
