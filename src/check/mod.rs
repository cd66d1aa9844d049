//! Stage 4, check: what can only be verified once the site is built.
//!
//! [`links`] follows every internal link of the rendered files; [`review`] ages the pages'
//! review dates for `hinge check`; [`outputs`] makes sure each output
//! path has one producer; [`external`] asks other sites whether the links to them still work
//! (`hinge check --external` only).

pub(crate) mod external;
pub(crate) mod links;
pub(crate) mod outputs;
pub(crate) mod review;
