//! `get_page(path="guide/setup.md")` and `get_section(path="guide/_index.md")`: another page of
//! the site by its source path under `content/`, for templates that link or list by hand.
//!
//! A page gives `title`, `description`, `url`, `permalink`, `path`, `kind`, `date`, `updated`
//! and `extra`; a section also its `pages` and `sections`, each a page of that shape, in
//! reading order. An unknown path is an error with the nearest path as a suggestion.

use crate::diagnostic::did_you_mean;
use crate::model::url::site_url;
use crate::model::{PageKind, Site};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult};

/// Every page as `get_page` returns it, by source path.
pub(crate) type PageIndex = BTreeMap<String, Value>;

/// The pages of `site` as templates see them; sections with their children.
pub(crate) fn page_index(site: &Site) -> PageIndex {
    let summary = |i: usize| {
        let page = &site.pages[i];
        let config = &site.config;
        json!({
            "title": page.meta.title,
            "description": page.meta.description,
            "url": site_url(&config.base_path, &page.path),
            "permalink": format!("{}{}", config.base_url, page.path),
            "path": page.path,
            "kind": match page.kind { PageKind::Home => "home", PageKind::Section => "section", PageKind::Page => "page" },
            "date": page.meta.date.map(|d| d.to_string()),
            "updated": page.meta.updated.map(|d| d.to_string()),
            "extra": page.meta.extra,
        })
    };
    let mut index = PageIndex::new();
    for (i, page) in site.pages.iter().enumerate() {
        let mut value = summary(i);
        if page.kind != PageKind::Page {
            value["pages"] = site.tree.pages[i].iter().map(|&c| summary(c)).collect();
            value["sections"] = site.tree.sections[i].iter().map(|&c| summary(c)).collect();
        }
        index.insert(page.rel.clone(), value);
    }
    index
}

pub(super) fn register(tera: &mut Tera, index: Arc<PageIndex>) {
    let pages = Arc::clone(&index);
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| lookup(&pages, &kwargs, false));
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| lookup(&index, &kwargs, true));
}

fn lookup(index: &PageIndex, kwargs: &Kwargs, section: bool) -> TeraResult<tera::Value> {
    let path: &str = kwargs.must_get("path")?;
    let path = path.trim_start_matches('/');
    let function = if section { "get_section" } else { "get_page" };
    let Some(value) = index.get(path) else {
        let hint = did_you_mean(path, index.keys().map(String::as_str))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_else(|| "; name a file under content/, e.g. `guide/_index.md`".into());
        return Err(tera::Error::message(format!("{function}: no page `{path}`{hint}")));
    };
    if section && value.get("pages").is_none() {
        return Err(tera::Error::message(format!(
            "get_section: `{path}` is a page, not a section; use get_page or a folder's `_index.md`"
        )));
    }
    Ok(tera::Value::from_serializable(value))
}
