//! `now()`: the site's last update, `YYYY-MM-DD`: the newest `date` or `updated` of any page.
//!
//! Never the clock: the same sources always build the same bytes, and a copyright line or an
//! "updated" stamp still moves forward whenever the content does. A site with no dated page
//! gets an empty string.

use tera::{Kwargs, State, Tera};

pub(super) fn register(tera: &mut Tera, latest: Option<String>) {
    let latest = latest.unwrap_or_default();
    tera.register_function("now", move |_: Kwargs, _: &State| latest.clone());
}
