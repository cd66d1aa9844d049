//! `{{ x | num }}`: a number without a needless `.0`.

use tera::{Kwargs, State, Tera};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("num", |value: f64, _: Kwargs, _: &State| format_number(value));
}

/// Formats a number without a needless `.0`: `40.0` is `40`, `2.5` stays `2.5`.
pub(crate) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn needless_decimals_are_dropped() {
        assert_eq!(super::format_number(40.0), "40");
        assert_eq!(super::format_number(2.5), "2.5");
    }
}
