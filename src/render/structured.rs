//! Structured data for search engines: one JSON-LD block per page.
//!
//! An exercise page is an `ExercisePlan` (its name, summary, category, dose and figure card);
//! every other page is a `MedicalWebPage` with its review (`reviewed.on` as `lastReviewed`,
//! `reviewed.by` as `reviewedBy`) when it has one. The JSON is embedded in
//! `<script type="application/ld+json">`, a data block the strict Content-Security-Policy does
//! not run, so `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`: no title can
//! close the element.

use super::cards::card_url;
use crate::model::{Page, PageData, Site};
use serde_json::{Value, json};

/// The page's JSON-LD, ready to embed in `<script type="application/ld+json">`.
pub(crate) fn json_ld(site: &Site, page: &Page) -> String {
    let config = &site.config;
    let url = format!("{}{}", config.base_url, page.path);
    let image = card_url(config, &page.path);
    let exercise = match &page.data {
        Some(PageData::Exercise(id)) => site.data.exercises.get(id),
        _ => None,
    };
    let mut value = match exercise {
        Some(exercise) => json!({
            "@type": "ExercisePlan",
            "name": exercise.name,
            "description": exercise.summary,
            "exerciseType": exercise.category.label(),
            "workload": exercise.dose_summary,
            "activityFrequency": exercise.dose.frequency,
        }),
        None => json!({
            "@type": "MedicalWebPage",
            "name": page.meta.title,
            "description": page.meta.description.as_deref().unwrap_or(&config.description),
            "inLanguage": config.language,
        }),
    };
    let object = value.as_object_mut().expect("an object");
    object.insert("url".into(), url.into());
    object.insert("image".into(), image.into());
    object.insert(
        "isPartOf".into(),
        json!({ "@type": "WebSite", "name": config.title, "url": config.base_url }),
    );
    if let Some(review) = &page.meta.reviewed {
        object.insert("lastReviewed".into(), review.on.to_string().into());
        object.insert("reviewedBy".into(), json!({ "@type": "Person", "name": review.by }));
    }
    object.retain(|_, v| !v.is_null());
    let mut full = serde_json::Map::new();
    full.insert("@context".into(), Value::from("https://schema.org"));
    full.extend(std::mem::take(object));
    escape_for_script(&Value::Object(full).to_string())
}

/// JSON that cannot end its `<script>` element or open a comment inside it.
pub(crate) fn escape_for_script(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_script_tag_in_the_data_stays_inside_the_string() {
        let json =
            escape_for_script(&json!({ "name": "</script><script>alert(1)</script> & more" }).to_string());
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & more");
    }
}
