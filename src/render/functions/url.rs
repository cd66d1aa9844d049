//! `url(path='guide/')`: a site path with the base path in front, the way every link is made.

use crate::model::url::site_url;
use tera::{Kwargs, State, Tera, TeraResult};

pub(super) fn register(tera: &mut Tera, base_path: &str) {
    let base = base_path.to_string();
    tera.register_function("url", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        Ok(site_url(&base, path))
    });
}
