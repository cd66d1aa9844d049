//! The integration test binary: builds fixture sites with the real `hinge` binary.

mod build;
mod data;
mod support;
