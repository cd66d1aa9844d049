//! Social cards: the `og:image` of every page, a 1200 x 630 PNG drawn as SVG and rasterised
//! with resvg.
//!
//! An exercise's card shows its name beside its figure's still poses; every other page's card
//! shows its title and the site's name. Text is set in the theme's own font (`themes/NAME/fonts/`,
//! loaded into resvg's font database explicitly: system fonts are never used, so every machine
//! draws the same card). Rasterising is the slowest part of a build, so each card's PNG is kept
//! in a cache directory outside the output, keyed by its SVG, the font and hinge's version.

use super::views::figure;
use super::{Origin, OutputFile};
use crate::diagnostic::Diagnostic;
use crate::html::escape_html;
use crate::model::{PageData, Site, SourceFile};
use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where, under the site root, rendered cards are cached.
pub(crate) const CARD_CACHE_DIR: &str = ".hinge-cache/cards";

/// A card's size in pixels: what the large summary cards of social sites show.
pub(crate) const CARD_SIZE: (u32, u32) = (1200, 630);

/// Bumped when the drawing changes, so old cache entries are not reused.
const CARD_REVISION: u32 = 1;

/// The output path of the card of the page at URL path `page_path` (`exercises/dead-bug/`).
pub(crate) fn card_path(page_path: &str) -> String {
    format!("cards/{page_path}card.png")
}

/// The absolute URL of a page's card (its `og:image`), or `None` when the site turned cards off.
pub(crate) fn card_url(config: &crate::model::SiteConfig, page_path: &str) -> Option<String> {
    config.social_cards.then(|| format!("{}{}", config.base_url, card_path(page_path)))
}

/// The rendered cards and how many were drawn afresh or taken from the cache.
#[derive(Debug, Default)]
pub(crate) struct Cards {
    /// One PNG per page.
    pub(crate) files: Vec<OutputFile>,
    /// Cards rasterised in this build.
    pub(crate) drawn: usize,
    /// Cards taken from the cache.
    pub(crate) reused: usize,
}

/// Where drawn cards are kept between builds, by key: `.hinge-cache/cards/` ([`DiskCards`]),
/// or `hinge serve`'s memory in front of it.
pub(crate) trait CardStore: Sync {
    /// The card drawn under `key` before, if it was kept.
    fn get(&self, key: &str) -> Option<Arc<Vec<u8>>>;
    /// Keeps a card just drawn.
    fn put(&self, key: &str, png: &Arc<Vec<u8>>);
}

/// Cards kept as `KEY.png` files in a folder.
#[derive(Debug, Clone)]
pub(crate) struct DiskCards(pub(crate) PathBuf);

impl CardStore for DiskCards {
    fn get(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        std::fs::read(self.0.join(format!("{key}.png"))).ok().map(Arc::new)
    }

    fn put(&self, key: &str, png: &Arc<Vec<u8>>) {
        store(&self.0.join(format!("{key}.png")), png);
    }
}

/// Draws every page's card with the theme's fonts, reusing the cards `kept` holds.
pub(crate) fn render_cards(
    site: &Site,
    fonts: &[&SourceFile],
    kept: Option<&dyn CardStore>,
) -> Result<Cards, Vec<Diagnostic>> {
    if !site.config.social_cards {
        return Ok(Cards::default());
    }
    let fonts: Vec<&SourceFile> =
        fonts.iter().copied().filter(|f| f.rel.ends_with(".ttf") || f.rel.ends_with(".otf")).collect();
    if fonts.is_empty() {
        let theme = &site.config.theme;
        return Err(vec![
            Diagnostic::new(format!("themes/{theme}/fonts"), 1, 1, "the theme has no font for social cards")
                .with_help("add a .ttf file (with its licence) to the theme's `fonts/` folder"),
        ]);
    }
    let mut salt = format!("{}|{CARD_REVISION}", env!("CARGO_PKG_VERSION")).into_bytes();
    for font in &fonts {
        salt.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&font.bytes).to_le_bytes());
    }
    let options = std::sync::OnceLock::new();
    let svgs: Vec<(String, String)> =
        site.pages.iter().map(|page| (card_path(&page.path), card_svg(site, page))).collect();
    let results: Vec<Result<(OutputFile, bool), Diagnostic>> = svgs
        .par_iter()
        .map(|(path, svg)| {
            let key = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&[&salt[..], svg.as_bytes()].concat()));
            if let Some(bytes) = kept.and_then(|kept| kept.get(&key)) {
                return Ok((output(path, bytes), false));
            }
            let options = options.get_or_init(|| svg_options(&fonts));
            let bytes = Arc::new(rasterise(svg, options).map_err(|e| Diagnostic::new(path, 1, 1, e))?);
            if let Some(kept) = kept {
                kept.put(&key, &bytes);
            }
            Ok((output(path, bytes), true))
        })
        .collect();
    let mut cards = Cards::default();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((file, fresh)) => {
                if fresh {
                    cards.drawn += 1
                } else {
                    cards.reused += 1
                }
                cards.files.push(file);
            }
            Err(d) => problems.push(d),
        }
    }
    tracing::debug!(drawn = cards.drawn, reused = cards.reused, "social cards rendered");
    if problems.is_empty() { Ok(cards) } else { Err(problems) }
}

fn output(path: &str, bytes: Arc<Vec<u8>>) -> OutputFile {
    OutputFile { path: path.to_string(), bytes, origin: Origin::Generated }
}

/// Writes a cache entry through a temporary file; a failure only costs a later redraw.
fn store(file: &Path, bytes: &[u8]) {
    let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    let temp = file.with_extension(format!("{}-{thread}.tmp", std::process::id()));
    let written =
        file.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&temp, bytes));
    if let Err(err) = written.and_then(|()| std::fs::rename(&temp, file)) {
        tracing::warn!("could not cache the social card `{}`: {err}", file.display());
    }
}

/// resvg's options with only the theme's fonts, the first one standing in for every family.
fn svg_options(fonts: &[&SourceFile]) -> usvg::Options<'static> {
    let mut db = usvg::fontdb::Database::new();
    for font in fonts {
        db.load_font_data(font.bytes.clone());
    }
    let family = db.faces().next().and_then(|f| f.families.first()).map(|(name, _)| name.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family);
    }
    usvg::Options { fontdb: Arc::new(db), font_family: "sans-serif".into(), ..usvg::Options::default() }
}

/// One card's SVG as a PNG.
fn rasterise(svg: &str, options: &usvg::Options<'_>) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options).map_err(|e| format!("cannot draw the social card: {e}"))?;
    let (w, h) = CARD_SIZE;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or("cannot allocate the social card")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the social card: {e}"))
}

/// The colours of the figure's classes on a card (the theme's light scheme).
const FIGURE_STYLE: &str = "path{fill:none}\
.fig__body{stroke:#2d5b8a}circle.fig__body{fill:#2d5b8a;stroke:none}\
.fig__far{stroke:#93adc9}circle.fig__far{fill:#93adc9;stroke:none}\
.fig__halo{stroke:#ffffff}.fig__floor{stroke:#7c8490}.fig__mat{fill:#d9e6f2}\
.fig__line,.fig__bar{stroke:#4b5563}circle.fig__bar{fill:#4b5563;stroke:none}\
.fig__rack{stroke:#5b6572}.fig__plate{fill:#e6e9ee;stroke:#5b6572;stroke-width:2}.fig__hub{fill:#5b6572}\
.fig__prop,.fig__block{fill:#c9cfd8;stroke:#5b6572;stroke-width:1.5}\
.fig__dowel{stroke:#8a5a1c}.fig__band{stroke:#b4321f}\
.fig__arrow{stroke:#0a55b8}.fig__arrowhead,.fig__badge{fill:#0a55b8}.fig__anim,title,desc{display:none}";

/// A page's card: an exercise's name and figure, or any page's title, and the site's name.
fn card_svg(site: &Site, page: &crate::model::Page) -> String {
    let exercise = match &page.data {
        Some(PageData::Exercise(id)) => site.data.exercises.get(id),
        _ => None,
    };
    let figure_svg = exercise.and_then(|e| e.figure.as_ref()).map(|f| {
        let options = figure::RenderOptions { title: "", animate: false, class: "", compact: true };
        still_svg(&figure::render(f, &options))
    });
    let (w, h) = CARD_SIZE;
    let text_width = if figure_svg.is_some() { 560.0 } else { 1080.0 };
    let title = &page.meta.title;
    let size = if title.chars().count() > 60 { 56.0 } else { 68.0 };
    let description = exercise.map(|e| e.summary.as_str()).or(page.meta.description.as_deref()).unwrap_or("");
    let title_lines = wrap(title, (text_width / (size * 0.62)) as usize, 3);
    let description_lines = wrap(description, (text_width / (28.0 * 0.6)) as usize, 3);
    let top = 230.0 - (title_lines.len() as f64 - 1.0) * size * 0.5;
    let mut text = text_lines(&title_lines, (top, size), "#1b1e23");
    let below = top + title_lines.len() as f64 * size * 1.15 + 10.0;
    text.push_str(&text_lines(&description_lines, (below, 28.0), "#4b5563"));
    let figure = figure_svg.map_or(String::new(), |svg| {
        svg.replacen("<svg class=\"fig__still\"", r#"<svg x="640" y="70" width="500" height="460""#, 1)
    });
    let site_name = escape_html(&site.config.title);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><style>{FIGURE_STYLE}</style><rect width="{w}" height="{h}" fill="#ffffff"/><rect width="{w}" height="14" fill="#0a55b8"/><text x="64" y="96" font-size="34" font-weight="700" fill="#0a55b8">{site_name}</text>{text}{figure}<rect x="64" y="540" width="120" height="8" rx="4" fill="#0a55b8"/><text x="64" y="592" font-size="28" fill="#4b5563">{}</text></svg>"##,
        escape_html(&host(&site.config.base_url))
    )
}

/// Lines of text from baseline `top`, `size` pixels high, in `colour`.
fn text_lines(lines: &[String], (top, size): (f64, f64), colour: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as f64 * size * 1.2;
        out.push_str(&format!(
            r#"<text x="64" y="{y:.0}" font-size="{size}" font-weight="700" fill="{colour}">{}</text>"#,
            escape_html(line)
        ));
    }
    out
}

/// The first `<svg>` of a rendered figure (its still poses).
fn still_svg(figure_html: &str) -> String {
    let start = figure_html.find("<svg").unwrap_or(0);
    let end = figure_html[start..].find("</svg>").map_or(figure_html.len(), |e| start + e + "</svg>".len());
    figure_html[start..end].to_string()
}

/// `example.github.io/rehab-guide` from the base URL.
fn host(base_url: &str) -> String {
    let bare = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    bare.trim_end_matches('/').to_string()
}

/// Greedy word wrap to lines of at most `width` characters, at most `max_lines` of them (the
/// last one ends in an ellipsis if words were left over).
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_by_words_and_stop_with_an_ellipsis() {
        assert_eq!(wrap("Hip hinge with a dowel", 10, 3), ["Hip hinge", "with a", "dowel"]);
        assert_eq!(wrap("one two three four", 3, 2), ["one", "two…"]);
    }

    #[test]
    fn a_card_is_a_png_of_the_card_size_drawn_with_the_given_font() {
        let font =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/fonts/DejaVuSans-Bold.ttf"))
                .unwrap();
        let file = SourceFile { rel: "DejaVuSans-Bold.ttf".into(), display: "f".into(), bytes: font };
        let options = svg_options(&[&file]);
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><text x="10" y="100" font-size="60">Brace &lt;/script&gt;</text></svg>"##;
        let tree = usvg::Tree::from_str(svg, &options).unwrap();
        assert!(tree.root().has_children(), "the text was laid out with the bundled font");
        let png = rasterise(svg, &options).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((be(16), be(20)), CARD_SIZE);
    }
}
