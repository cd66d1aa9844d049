//! The stage timeline: a progression's stages as a small inline SVG, from its data.
//!
//! [`render`] draws the stages as numbered steps on a track, with their names, and a bracket
//! under each `timeline` entry (`stages: "1-4"`) naming its duration. It draws two layouts, a
//! row for wide screens and a column for phones (CSS shows one: `_timeline.css`), so its text
//! stays readable at 390 px. Colours come only from classes (the theme's tokens, dark mode
//! included); the SVG has a `<title>` and a `<desc>` that say it all in words.

use crate::html::escape_html;
use crate::model::Progression;
use std::fmt::Write as _;

/// Which stages a timeline entry covers, from 1: `"1-4"` is (1, 4), `"5"` is (5, 5).
fn stage_range(words: &str, count: usize) -> Option<(usize, usize)> {
    let words = words.replace(['–', '—'], "-");
    let (a, b) = words.split_once('-').unwrap_or((&words, &words));
    let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (1 <= a && a <= b && b <= count).then_some((a, b))
}

/// The first clause of a duration ("About 2-4 weeks for a minor strain"), for the drawing;
/// the whole sentence is in the text alternative and on the page.
fn short(duration: &str) -> &str {
    let end = duration.find([',', '.', ';', '(']).unwrap_or(duration.len());
    duration[..end].trim()
}

/// The label of a timeline entry: "Stages 1-4" or "Stage 5".
fn entry_label(a: usize, b: usize) -> String {
    if a == b { format!("Stage {a}") } else { format!("Stages {a}–{b}") }
}

/// The timeline of `progression` as a `<figure>` with two inline SVGs.
pub(crate) fn render(progression: &Progression) -> String {
    let id = &progression.id;
    let count = progression.stages.len();
    let spans: Vec<(usize, usize, &str)> = progression
        .timeline
        .iter()
        .filter_map(|e| {
            let words = e.label.as_deref().unwrap_or_else(|| short(&e.duration));
            stage_range(&e.stages, count).map(|(a, b)| (a, b, words))
        })
        .collect();
    let mut desc = String::new();
    for (i, stage) in progression.stages.iter().enumerate() {
        let _ = write!(desc, "{}{}. {}", if i == 0 { "" } else { "; " }, i + 1, stage.title);
    }
    desc.push('.');
    for entry in &progression.timeline {
        let _ = write!(
            desc,
            " Stage{} {}: {}",
            if entry.stages.contains('-') { "s" } else { "" },
            entry.stages,
            entry.duration
        );
    }
    let title = format!("The {count} stages of {}", progression.title);
    format!(
        "<figure class=\"tl\">{}{}</figure>",
        wide(progression, &spans, (&title, &desc), id),
        narrow(progression, &spans, (&title, &desc), id)
    )
}

/// The accessible name and description of one SVG (the narrow copy is hidden when shown wide
/// and the other way round, so each names itself).
fn a11y(id: &str, layout: &str, (title, desc): (&str, &str)) -> String {
    format!(
        r#"<title id="tl-{id}-{layout}-t">{}</title><desc id="tl-{id}-{layout}-d">{}</desc>"#,
        escape_html(title),
        escape_html(desc)
    )
}

/// The row: steps 140 units apart, names under them, a bracket per timeline entry.
fn wide(p: &Progression, spans: &[(usize, usize, &str)], words: (&str, &str), id: &str) -> String {
    let step = 140.0;
    let x = |i: usize| 70.0 + step * (i as f64);
    let width = x(p.stages.len() - 1) + 70.0;
    let mut out = format!(
        r#"<svg class="tl__svg tl__svg--wide" viewBox="0 0 {width} 156" role="img" aria-labelledby="tl-{id}-wide-t tl-{id}-wide-d" xmlns="http://www.w3.org/2000/svg">{}"#,
        a11y(id, "wide", words)
    );
    let _ = write!(out, r#"<path class="tl__track" d="M{} 30H{}"/>"#, x(0), x(p.stages.len() - 1));
    for (i, stage) in p.stages.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="tl__node" cx="{0}" cy="30" r="18"/><text class="tl__num" x="{0}" y="36">{1}</text><text class="tl__label" x="{0}" y="74">{2}</text>"#,
            x(i),
            i + 1,
            escape_html(&stage.title)
        );
    }
    for (a, b, duration) in spans {
        let (left, right) = (x(a - 1) - 62.0, x(b - 1) + 62.0);
        let _ = write!(
            out,
            r#"<path class="tl__bracket" d="M{left} 92V100H{right}V92"/><text class="tl__span" x="{0}" y="124">{1}</text><text class="tl__span" x="{0}" y="144">{2}</text>"#,
            (left + right) / 2.0,
            entry_label(*a, *b),
            escape_html(duration)
        );
    }
    out.push_str("</svg>");
    out
}

/// The column for phones: steps 62 units apart, names beside them, each timeline entry's
/// duration under its last stage, with a bracket along the track.
fn narrow(p: &Progression, spans: &[(usize, usize, &str)], words: (&str, &str), id: &str) -> String {
    let step = 62.0;
    let y = |i: usize| 28.0 + step * (i as f64);
    let height = y(p.stages.len() - 1) + 48.0;
    let mut out = format!(
        r#"<svg class="tl__svg tl__svg--narrow" viewBox="0 0 340 {height}" role="img" aria-labelledby="tl-{id}-narrow-t tl-{id}-narrow-d" xmlns="http://www.w3.org/2000/svg">{}"#,
        a11y(id, "narrow", words)
    );
    let _ = write!(out, r#"<path class="tl__track" d="M40 {}V{}"/>"#, y(0), y(p.stages.len() - 1));
    for (i, stage) in p.stages.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle class="tl__node" cx="40" cy="{0}" r="16"/><text class="tl__num" x="40" y="{1}">{2}</text><text class="tl__label tl__label--start" x="70" y="{1}">{3}</text>"#,
            y(i),
            y(i) + 6.0,
            i + 1,
            escape_html(&stage.title)
        );
    }
    for (a, b, duration) in spans {
        let (top, bottom) = (y(a - 1) - 18.0, y(b - 1) + 18.0);
        let _ = write!(
            out,
            r#"<path class="tl__bracket" d="M12 {top}H6V{bottom}H12"/><text class="tl__span tl__label--start" x="70" y="{}">{}: {}</text>"#,
            y(b - 1) + 28.0,
            entry_label(*a, *b),
            escape_html(duration)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_short_durations() {
        assert_eq!(stage_range("1-4", 5), Some((1, 4)));
        assert_eq!(stage_range("5", 5), Some((5, 5)));
        assert_eq!(stage_range("4-6", 5), None);
        assert_eq!(
            short("About 2-4 weeks for a minor strain, longer if"),
            "About 2-4 weeks for a minor strain"
        );
        assert_eq!(entry_label(1, 4), "Stages 1–4");
    }
}
