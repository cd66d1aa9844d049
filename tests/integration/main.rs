//! The integration test binary: builds fixture sites with the real `hinge` binary, and drives
//! the built site in headless Chromium.

mod authoring;
mod browser;
mod browser_support;
mod build;
mod calculators;
mod content;
mod data;
mod figures;
mod fuzz;
mod images;
mod integrity;
mod layout;
mod offline_browser;
mod page_weight;
mod planner_browser;
mod publish;
mod rounds;
mod safety;
mod safety_browser;
mod serve;
mod social;
mod speed;
mod support;
mod taxonomies;
mod timeline;
