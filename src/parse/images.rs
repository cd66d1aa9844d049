//! Images an editor places: markdown images, ` ```figure ` blocks and an exercise's photo,
//! video and poster.
//!
//! Each is checked here: its file must exist under `content/`, be an image
//! format hinge resizes, has a text alternative and is no larger than `images.max_bytes`;
//! every other case is a problem to locate. The render stage resizes what is found here.

use super::data::DataSources;
use crate::diagnostic::Diagnostic;
use crate::model::url::{Link, join_relative, parse_link};
use crate::model::{Data, ImageConfig};
use std::collections::HashMap;

/// What the checks need to know: the size of every content file and the configured limits.
#[derive(Debug, Default)]
pub(crate) struct ImageRules {
    /// Content files by path relative to `content/`, with their size in bytes.
    pub(crate) sizes: HashMap<String, u64>,
    /// The `images:` block of `site.yaml`.
    pub(crate) config: ImageConfig,
}

/// A problem with an image: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageProblem {
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: String,
}

fn problem(message: String, help: impl Into<String>) -> ImageProblem {
    ImageProblem { message, help: help.into() }
}

/// True for the formats the pipeline decodes and resizes.
pub(crate) fn is_resizable(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg"].iter().any(|ext| lower.ends_with(ext))
}

/// Resolves `src` written in content file `from` to a content file that exists and is small
/// enough; `None` for an external URL (left as the editor wrote it).
pub(crate) fn resolve_file(
    src: &str,
    from: &str,
    rules: &ImageRules,
) -> Result<Option<String>, ImageProblem> {
    let path = match parse_link(src) {
        Link::External => return Ok(None),
        Link::Relative { path, .. } => path,
        Link::Rooted { .. } | Link::SamePage { .. } => {
            return Err(problem(
                format!("image `{src}` must be a path relative to this file"),
                "write the path from this file to the image, e.g. `photos/hinge.jpg`",
            ));
        }
    };
    let Some(rel) = join_relative(from, path) else {
        return Err(problem(format!("image `{src}` is outside `content/`"), "keep images under content/"));
    };
    let Some(&size) = rules.sizes.get(&rel) else {
        return Err(problem(
            format!("image `content/{rel}` does not exist"),
            "check the path: it is relative to this file",
        ));
    };
    let max = rules.config.max_bytes;
    if size > max {
        return Err(problem(
            format!("image `content/{rel}` is {size} bytes, over the limit of {max} (`images.max_bytes`)"),
            "export it smaller (the build resizes it anyway), or raise `images.max_bytes` in site.yaml",
        ));
    }
    Ok(Some(rel))
}

/// Checks one image: its file (see [`resolve_file`]) and its alt text. `Some` for a PNG or
/// JPEG of the site, to resize; `None` for an external image or another format (an SVG),
/// left as written.
pub(crate) fn check_image(
    src: &str,
    alt: &str,
    from: &str,
    rules: &ImageRules,
) -> Result<Option<String>, ImageProblem> {
    if alt.trim().is_empty() {
        return Err(problem(
            format!("image `{src}` has no alt text"),
            "describe what the image shows for readers who cannot see it, e.g. ![A lifter at the bottom of a hinge](photo.jpg)",
        ));
    }
    Ok(resolve_file(src, from, rules)?.filter(|rel| is_resizable(rel)))
}

/// Like [`check_image`], for a photo that must be resized (a figure block, an exercise's photo
/// or poster): an external image or another format is a problem.
pub(crate) fn check_photo(
    src: &str,
    alt: &str,
    from: &str,
    rules: &ImageRules,
) -> Result<String, ImageProblem> {
    check_image(src, alt, from, rules)?.ok_or_else(|| {
        problem(
            format!("photo `{src}` must be a PNG or JPEG file of the site"),
            "hinge resizes PNG and JPEG photos kept under content/; convert or download it",
        )
    })
}

/// Checks every exercise's photo, video and poster, and records each file's path under
/// `content/` in the record; problems are located at the field in the exercise's file.
pub(crate) fn resolve_exercise_media(
    data: &mut Data,
    sources: &DataSources,
    rules: &ImageRules,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, exercise) in &mut data.exercises {
        let rel = format!("exercises/{id}.yaml");
        let mut report =
            |path: &str, p: ImageProblem| problems.push(sources.at(&rel, path, p.message).with_help(p.help));
        if let Some(photo) = &mut exercise.photo {
            match check_photo(&photo.src, &photo.alt, &rel, rules) {
                Ok(key) => photo.key = key,
                Err(p) => report(if p.message.contains("alt text") { "photo.alt" } else { "photo.src" }, p),
            }
        }
        if let Some(video) = &mut exercise.video {
            match resolve_file(&video.src, &rel, rules) {
                Ok(Some(key)) if is_video(&key) => {
                    video.mime =
                        if key.to_ascii_lowercase().ends_with(".webm") { "video/webm" } else { "video/mp4" }
                            .into();
                    video.key = key;
                }
                Ok(Some(key)) => report(
                    "video.src",
                    problem(
                        format!("video `content/{key}` is not an MP4 or WebM file"),
                        "use an .mp4 or .webm file",
                    ),
                ),
                Ok(None) => report("video.src", external(&video.src)),
                Err(p) => report("video.src", p),
            }
            match check_photo(&video.poster, &video.caption, &rel, rules) {
                Ok(key) => video.poster_key = key,
                Err(p) => {
                    report(if p.message.contains("alt text") { "video.caption" } else { "video.poster" }, p)
                }
            }
        }
    }
    problems
}

fn external(src: &str) -> ImageProblem {
    problem(
        format!("`{src}` is not a file of the site"),
        "the Content-Security-Policy allows only the site's own media",
    )
}

fn is_video(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".mp4") || lower.ends_with(".webm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ImageRules {
        let mut rules = ImageRules::default();
        rules.sizes.insert("guide/photos/a.png".into(), 1000);
        rules.sizes.insert("guide/big.jpg".into(), 5_000_000);
        rules.sizes.insert("guide/anim.gif".into(), 10);
        rules
    }

    #[test]
    fn relative_images_resolve_and_external_ones_pass() {
        assert_eq!(
            check_image("photos/a.png", "A", "guide/x.md", &rules()),
            Ok(Some("guide/photos/a.png".into()))
        );
        assert_eq!(check_image("https://e.org/a.png", "A", "guide/x.md", &rules()), Ok(None));
    }

    #[test]
    fn missing_file_alt_size_and_format_are_problems() {
        let r = rules();
        assert!(
            check_image("nope.png", "A", "guide/x.md", &r).unwrap_err().message.contains("does not exist")
        );
        assert!(
            check_image("photos/a.png", " ", "guide/x.md", &r).unwrap_err().message.contains("no alt text")
        );
        assert!(
            check_image("big.jpg", "A", "guide/x.md", &r).unwrap_err().message.contains("over the limit")
        );
        assert_eq!(check_image("anim.gif", "A", "guide/x.md", &r), Ok(None), "left as written");
        assert!(check_photo("anim.gif", "A", "guide/x.md", &r).unwrap_err().message.contains("PNG or JPEG"));
    }
}
