//! Responsive images: every photo the site shows, resized to the configured widths (never
//! upscaled) in its own format and, where smaller, as WebP.
//!
//! [`process_images`] gathers the images the parse stage found (markdown images, `figure`
//! blocks, exercise photos and video posters), encodes each once and hands back the files to
//! write and, per image, what a `<picture>` needs ([`PictureView`]). Encoding is the slow part,
//! so each image's variants are kept in a cache directory outside the output, keyed by the
//! image's bytes, the settings and hinge's version: an unchanged image is never re-encoded.

use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::model::url::site_url;
use crate::model::{ImageConfig, RefType, Site, SourceFile};
use image::{DynamicImage, ImageFormat, imageops::FilterType};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Where, under the site root, processed images are cached (git-ignored by `/.hinge-*`).
pub(crate) const IMAGE_CACHE_DIR: &str = ".hinge-cache/images";

/// Bumped when the encoding changes, so old cache entries are not reused.
const PIPELINE_REVISION: u32 = 1;

/// What a template needs to draw one image as `<picture>`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PictureView {
    /// The largest variant's width, in pixels (the `width` attribute).
    pub(crate) width: u32,
    /// The largest variant's height, in pixels.
    pub(crate) height: u32,
    /// The largest fallback variant's URL (`src`).
    pub(crate) src: String,
    /// The fallback variants as a `srcset`.
    pub(crate) srcset: String,
    /// The fallback format's MIME type.
    pub(crate) mime: &'static str,
    /// The WebP variants as a `srcset`, when WebP is smaller than the original format.
    pub(crate) webp_srcset: Option<String>,
}

/// Every processed image: the views by source path (relative to `content/`), the files to
/// write, and how many images were encoded afresh or taken from the cache.
#[derive(Debug, Default)]
pub(crate) struct ImageSet {
    /// By source path relative to `content/`.
    pub(crate) views: BTreeMap<String, PictureView>,
    /// The resized files.
    pub(crate) files: Vec<OutputFile>,
    /// Images encoded in this build.
    pub(crate) encoded: usize,
    /// Images whose variants came from the cache.
    pub(crate) reused: usize,
}

/// One resized copy, as the cache stores it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Variant {
    width: u32,
    height: u32,
    /// `webp`, `png` or `jpg`.
    ext: String,
    #[serde(skip)]
    bytes: Vec<u8>,
}

/// One image's variants, as the cache's `meta.json` lists them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Encoded {
    width: u32,
    height: u32,
    variants: Vec<Variant>,
}

/// One image's source path, cache key, and its variants with whether they were encoded now.
type Processed = (String, String, Result<(Encoded, bool), Diagnostic>);

/// Resizes every image the site shows, reusing the cache under `cache_dir` when given.
pub(crate) fn process_images(site: &Site, cache_dir: Option<&Path>) -> Result<ImageSet, Vec<Diagnostic>> {
    let sources: HashMap<&str, &SourceFile> = site.files.iter().map(|f| (f.rel.as_str(), f)).collect();
    let wanted: Vec<&SourceFile> =
        used_images(site).iter().filter_map(|rel| sources.get(rel.as_str()).copied()).collect();
    let config = &site.config.images;
    let results: Vec<Processed> = wanted
        .par_iter()
        .map(|file| {
            let key = cache_key(&file.bytes, config);
            (file.rel.clone(), key.clone(), encode_cached(file, &key, config, cache_dir))
        })
        .collect();
    let mut set = ImageSet::default();
    let mut problems = Vec::new();
    for (rel, key, result) in results {
        match result {
            Ok((encoded, fresh)) => {
                if fresh {
                    set.encoded += 1;
                } else {
                    set.reused += 1;
                }
                add_image(&mut set, &site.config.base_path, (&rel, &key), &encoded);
            }
            Err(d) => problems.push(d),
        }
    }
    tracing::debug!(encoded = set.encoded, reused = set.reused, "images processed");
    if problems.is_empty() { Ok(set) } else { Err(problems) }
}

/// The source paths of every image a page or an exercise shows.
fn used_images(site: &Site) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for page in &site.pages {
        for component in &page.components {
            used.extend(component.refs().filter(|r| r.kind == RefType::Image).map(|r| r.id.clone()));
        }
    }
    for exercise in site.data.exercises.values() {
        used.extend(exercise.photo.iter().map(|p| p.key.clone()));
        used.extend(exercise.video.iter().map(|v| v.poster_key.clone()));
    }
    used.retain(|rel| !rel.is_empty());
    used
}

/// The cache key: the image's bytes, the settings and hinge's version.
fn cache_key(bytes: &[u8], config: &ImageConfig) -> String {
    let settings =
        format!("{}|{PIPELINE_REVISION}|{:?}|{}", env!("CARGO_PKG_VERSION"), config.widths, config.quality);
    let mut input = settings.into_bytes();
    input.extend_from_slice(bytes);
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&input))
}

/// One image's variants, from the cache if it has them (`false`) or encoded now (`true`).
fn encode_cached(
    file: &SourceFile,
    key: &str,
    config: &ImageConfig,
    cache_dir: Option<&Path>,
) -> Result<(Encoded, bool), Diagnostic> {
    let entry = cache_dir.map(|dir| dir.join(key));
    if let Some(found) = entry.as_deref().and_then(read_cached) {
        return Ok((found, false));
    }
    let encoded = encode(file, config)?;
    if let Some(entry) = &entry
        && let Err(err) = write_cached(entry, &encoded)
    {
        tracing::warn!("could not cache the resized `{}`: {err:#}", file.display.display());
    }
    Ok((encoded, true))
}

/// A cache entry: `meta.json` and one file per variant; `None` if anything is missing.
fn read_cached(entry: &Path) -> Option<Encoded> {
    let meta = std::fs::read(entry.join("meta.json")).ok()?;
    let mut encoded: Encoded = serde_json::from_slice(&meta).ok()?;
    for variant in &mut encoded.variants {
        variant.bytes = std::fs::read(entry.join(variant_file(variant))).ok()?;
    }
    Some(encoded)
}

/// Writes a cache entry: the variants first, then `meta.json` (renamed into place), so a
/// half-written entry is never read.
fn write_cached(entry: &Path, encoded: &Encoded) -> anyhow::Result<()> {
    std::fs::create_dir_all(entry)?;
    for variant in &encoded.variants {
        write_atomically(&entry.join(variant_file(variant)), &variant.bytes)?;
    }
    write_atomically(&entry.join("meta.json"), &serde_json::to_vec(encoded)?)
}

/// Writes through a temporary file named for this process and thread, then renames it: two
/// builds filling the same entry at once never read each other's half-written files.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    let temp = PathBuf::from(format!("{}.{}-{thread}.tmp", path.display(), std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)?;
    Ok(())
}

fn variant_file(variant: &Variant) -> String {
    format!("{}.{}", variant.width, variant.ext)
}

/// The widths to write for an image `width` pixels wide: the configured ones below it, and
/// the image's own width if it is not wider than the largest configured one.
fn target_widths(width: u32, config: &ImageConfig) -> Vec<u32> {
    let largest = config.widths.iter().copied().max().unwrap_or(width);
    let mut widths: Vec<u32> = config.widths.iter().copied().filter(|w| *w < width).collect();
    if width <= largest {
        widths.push(width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// Decodes and resizes one image; WebP variants are kept only if, added up, they are smaller
/// than the original format's.
fn encode(file: &SourceFile, config: &ImageConfig) -> Result<Encoded, Diagnostic> {
    let fail = |message: String| Diagnostic::new(&file.display, 1, 1, message);
    let format = image::guess_format(&file.bytes)
        .map_err(|e| fail(format!("cannot read image `{}`: {e}", file.display.display())))?;
    let image = image::load_from_memory_with_format(&file.bytes, format)
        .map_err(|e| fail(format!("cannot decode image `{}`: {e}", file.display.display())))?;
    let (width, height) = (image.width(), image.height());
    let mut fallback = Vec::new();
    let mut webp = Vec::new();
    for target in target_widths(width, config) {
        if target == width {
            // The full-size copy in the original's format is the original itself.
            let ext = if format == ImageFormat::Jpeg { "jpg" } else { "png" };
            fallback.push(Variant { width, height, ext: ext.into(), bytes: file.bytes.clone() });
            webp.push(encode_webp(&image, config.quality));
            continue;
        }
        let h = ((u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width)).max(1);
        let resized = image.resize_exact(target, h as u32, FilterType::Lanczos3);
        fallback.push(encode_fallback(&resized, format, config.quality).map_err(fail)?);
        webp.push(encode_webp(&resized, config.quality));
    }
    let size = |vs: &[Variant]| vs.iter().map(|v| v.bytes.len()).sum::<usize>();
    let mut variants = fallback.clone();
    if size(&webp) < size(&fallback) {
        variants.extend(webp);
    }
    let (width, height) = fallback.last().map_or((width, height), |v| (v.width, v.height));
    Ok(Encoded { width, height, variants })
}

/// One variant in the original's format: JPEG at the configured quality, else PNG.
fn encode_fallback(image: &DynamicImage, format: ImageFormat, quality: u8) -> Result<Variant, String> {
    let mut bytes = Vec::new();
    let ext = if format == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
        image.to_rgb8().write_with_encoder(encoder).map_err(|e| e.to_string())?;
        "jpg"
    } else {
        use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
        let encoder = PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilter::Adaptive);
        image.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        "png"
    };
    Ok(Variant { width: image.width(), height: image.height(), ext: ext.into(), bytes })
}

/// One lossy WebP variant (libwebp), with the alpha channel when the image has one.
fn encode_webp(image: &DynamicImage, quality: u8) -> Variant {
    let (w, h) = (image.width(), image.height());
    let memory = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), w, h).encode(f32::from(quality))
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), w, h).encode(f32::from(quality))
    };
    Variant { width: w, height: h, ext: "webp".into(), bytes: memory.to_vec() }
}

/// Adds one image's files (under `images/`, named by stem, key and width) and its view.
fn add_image(set: &mut ImageSet, base: &str, (rel, key): (&str, &str), encoded: &Encoded) {
    let stem = rel.rsplit('/').next().unwrap_or(rel);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let mut srcsets: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut largest = String::new();
    for variant in &encoded.variants {
        let path = format!("images/{stem}-{}-{}.{}", &key[..10], variant.width, variant.ext);
        let url = site_url(base, &path);
        srcsets.entry(variant.ext.as_str()).or_default().push(format!("{url} {}w", variant.width));
        if variant.ext != "webp" {
            largest = url;
        }
        set.files.push(OutputFile {
            path,
            bytes: std::sync::Arc::new(variant.bytes.clone()),
            origin: Origin::Copied(PathBuf::from(format!("content/{rel}"))),
        });
    }
    let mime = if srcsets.contains_key("jpg") { "image/jpeg" } else { "image/png" };
    let view = PictureView {
        width: encoded.width,
        height: encoded.height,
        src: largest,
        srcset: srcsets
            .iter()
            .filter(|(ext, _)| **ext != "webp")
            .flat_map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
            .join(", "),
        mime,
        webp_srcset: srcsets.get("webp").map(|v| v.join(", ")),
    };
    set.views.insert(rel.to_string(), view);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        let config = ImageConfig::default();
        assert_eq!(target_widths(800, &config), [480, 800]);
        assert_eq!(target_widths(300, &config), [300]);
        assert_eq!(target_widths(4000, &config), [480, 800, 1200]);
        assert_eq!(target_widths(1200, &config), [480, 800, 1200]);
    }

    #[test]
    fn the_key_follows_bytes_and_settings() {
        let config = ImageConfig::default();
        let other = ImageConfig { quality: 70, ..ImageConfig::default() };
        assert_eq!(cache_key(b"a", &config), cache_key(b"a", &config));
        assert_ne!(cache_key(b"a", &config), cache_key(b"b", &config));
        assert_ne!(cache_key(b"a", &config), cache_key(b"a", &other));
    }

    #[test]
    fn a_png_is_resized_and_cached() {
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(800, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }));
        let mut bytes = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        let file = SourceFile { rel: "a.png".into(), display: "content/a.png".into(), bytes };
        let dir = tempfile::tempdir().unwrap();
        let config = ImageConfig::default();
        let key = cache_key(&file.bytes, &config);
        let (first, fresh) = encode_cached(&file, &key, &config, Some(dir.path())).unwrap();
        assert!(fresh);
        assert_eq!((first.width, first.height), (800, 600));
        let widths: Vec<(u32, &str)> = first.variants.iter().map(|v| (v.width, v.ext.as_str())).collect();
        assert_eq!(widths, [(480, "png"), (800, "png"), (480, "webp"), (800, "webp")]);
        assert_eq!(first.variants[0].height, 360);
        let (second, fresh) = encode_cached(&file, &key, &config, Some(dir.path())).unwrap();
        assert!(!fresh, "the second encode comes from the cache");
        assert_eq!(second.variants, first.variants);
        assert_eq!(second.variants[3].bytes, first.variants[3].bytes);
    }
}
