//! The model every stage shares: the site, its pages and sections, the structured data, and the
//! URLs they live at.
//!
//! Nothing here depends on any other part of the crate: the stages (`load`, `parse`, `render`,
//! `check`, `write`) all read and build these types, and the import-direction test in
//! `tests/integration/layout.rs` keeps it that way.

mod component;
mod config;
mod data;
pub(crate) mod figure;
mod highlight;
mod page;
mod site;
pub(crate) mod url;
mod words;

pub(crate) use component::*;
pub(crate) use config::*;
pub(crate) use data::*;
pub(crate) use highlight::*;
pub(crate) use page::*;
pub(crate) use site::*;
pub(crate) use words::*;
