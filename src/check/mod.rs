//! Stage 4, check: what can only be verified once the site is built.
//!
//! [`links`] follows every internal link of the rendered files; [`review`] ages the pages'
//! review dates for `hinge check`; [`outputs`] makes sure each output
//! path has one producer.

pub(crate) mod links;
pub(crate) mod outputs;
pub(crate) mod review;
