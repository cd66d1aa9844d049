//! hinge: a static site generator for a deadlift back-rehab guide.
//!
//! The build is a chain of stages, one folder each, every stage taking the previous one's value:
//!
//! ```text
//! load ─► parse ─► render ─► check ─► write
//! Sources  Site     Rendered  (links)   public/
//! ```
//!
//! [`model`] holds the types they share (the site, its pages, the data, URLs) and depends on
//! nothing else here. The commands in [`cmd`] (build, check, serve, new) run the stages; the
//! shared edges are [`diagnostic`] (located errors), [`yaml`] and [`html`]. Imports run one
//! way: commands, then stages in pipeline order, then the model. ARCHITECTURE.md has the map.

// Items are crate-private unless main.rs or the integration tests need them (STYLE.md 10).
#![warn(unreachable_pub)]

mod check;
mod cli;
mod cmd;
mod diagnostic;
mod fsutil;
mod html;
mod load;
mod model;
mod parse;
mod render;
mod write;
mod yaml;

pub use cli::Cli;
pub use cmd::build::{BuildError, BuildOptions, build_cached, build_in_memory};
pub use cmd::cache::{BuildCache, CacheStats};
pub use cmd::run;
pub use diagnostic::Diagnostic;
pub use html::html_urls;
pub use render::{OutputFile, Rendered};
