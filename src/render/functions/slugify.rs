//! `{{ title | slugify }}`: the id hinge would give a heading with that text.

use crate::parse::markdown::slugify;
use tera::{Kwargs, State, Tera};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| slugify(value));
}
