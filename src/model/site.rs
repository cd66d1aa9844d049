//! The parsed site and its shape: sections, their ordered children, breadcrumbs and neighbours.
//!
//! [`Site`] is what the parse stage hands to rendering. [`Tree`] is computed once from the
//! pages' paths and weights, so every listing, breadcrumb trail and previous/next link is a
//! lookup, never a search.

use super::{Data, Page, SiteConfig};
use std::collections::HashMap;
use std::path::PathBuf;

/// Everything parsed: configuration, pages, their tree, and the files to pass through.
#[derive(Debug)]
pub(crate) struct Site {
    /// The configuration.
    pub(crate) config: SiteConfig,
    /// Every page, sorted by source path.
    pub(crate) pages: Vec<Page>,
    /// Sections, children and neighbours, by index into `pages`.
    pub(crate) tree: Tree,
    /// Non-markdown files under `content/`, copied to the same path in the output.
    pub(crate) files: Vec<SourceFile>,
    /// The structured data.
    pub(crate) data: Data,
    /// For each content file (e.g. `exercises/dead-bug.yaml`), the pages that link to or embed it.
    pub(crate) backlinks: HashMap<String, Vec<usize>>,
    /// Every declared taxonomy with its terms, in `site.yaml`'s order.
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// The URL paths (`guide/brace/`) of pages whose sources have errors, already reported: the
    /// output's link check neither checks their links again nor reports links to them.
    pub(crate) with_errors: std::collections::BTreeSet<String>,
}

/// A taxonomy (`tags`) and the terms its pages use.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    /// Its name, also its URL path (`tags/`).
    pub(crate) name: String,
    /// Pages per term page, if paginated.
    pub(crate) paginate_by: Option<usize>,
    /// Its terms, ordered by slug.
    pub(crate) terms: Vec<Term>,
}

/// One term of a taxonomy and the pages that carry it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// As written in front matter (the first spelling met).
    pub(crate) name: String,
    /// Its URL segment (`Hip hinge` → `hip-hinge`).
    pub(crate) slug: String,
    /// Its pages (indices into `Site::pages`), newest first, then by title.
    pub(crate) pages: Vec<usize>,
}

impl Taxonomy {
    /// The URL path of its index (`tags/`).
    pub(crate) fn path(&self) -> String {
        format!("{}/", self.name)
    }

    /// The URL path of one of its terms (`tags/hip-hinge/`).
    pub(crate) fn term_path(&self, term: &Term) -> String {
        format!("{}/{}/", self.name, term.slug)
    }
}

/// One file as read from disk: where it was found and its bytes.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Path relative to the directory it was found in, with `/` separators (e.g. `guide/a.md`).
    pub(crate) rel: String,
    /// Path relative to the site root, for messages (e.g. `content/guide/a.md`).
    pub(crate) display: PathBuf,
    /// The file's bytes.
    pub(crate) bytes: Vec<u8>,
}

/// A text file, decoded from UTF-8 once, when it was read.
#[derive(Debug, Clone)]
pub(crate) struct TextFile {
    /// Path relative to the directory it was found in, with `/` separators.
    pub(crate) rel: String,
    /// Path relative to the site root, for messages.
    pub(crate) display: PathBuf,
    /// The file's text.
    pub(crate) text: String,
}

/// The static files of the theme and the site, by logical path (`css/main.css`): the
/// stylesheets and scripts as text, every other file as bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statics {
    /// `.css` and `.js` files.
    pub(crate) texts: std::collections::BTreeMap<String, TextFile>,
    /// Everything else (images, fonts, icons).
    pub(crate) binaries: std::collections::BTreeMap<String, SourceFile>,
}

/// The section structure, as indices into `Site::pages`.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Each page's parent section (`None` for the home page).
    pub(crate) parent: Vec<Option<usize>>,
    /// Each section's child pages (not sections), in reading order.
    pub(crate) pages: Vec<Vec<usize>>,
    /// Each section's child sections, in reading order.
    pub(crate) sections: Vec<Vec<usize>>,
    /// Each section's children of both kinds, in reading order.
    pub(crate) children: Vec<Vec<usize>>,
    /// Each page's previous and next sibling page within its section.
    pub(crate) neighbours: Vec<(Option<usize>, Option<usize>)>,
}

impl Tree {
    /// The chain of sections from the home page down to `page`'s parent.
    pub(crate) fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.parent[page];
        while let Some(p) = current {
            chain.push(p);
            current = self.parent[p];
        }
        chain.reverse();
        chain
    }
}
