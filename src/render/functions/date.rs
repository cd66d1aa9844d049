//! `{{ page.date | date(format="%e %B %Y") }}`: a `YYYY-MM-DD` date written another way.
//!
//! Formats: `%Y` year, `%m` month (01), `%-m` month (1), `%d` day (01), `%e`/`%-d` day (1),
//! `%B` month name, `%b` short month name, `%A` weekday, `%a` short weekday, `%j` day of the
//! year, `%%` a percent sign. The default is `%Y-%m-%d`.

use tera::{Kwargs, State, Tera, TeraResult};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("date", |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
        let date = parse(value).ok_or_else(|| {
            tera::Error::message(format!("`date` needs a date written YYYY-MM-DD, not `{value}`"))
        })?;
        format_date(date, format).map_err(tera::Error::message)
    });
}

/// A `YYYY-MM-DD` date (a longer timestamp's first ten characters).
fn parse(value: &str) -> Option<time::Date> {
    let day = value.get(..10)?;
    let mut parts = day.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// Writes `date` with `format`'s `%` codes.
pub(crate) fn format_date(date: time::Date, format: &str) -> Result<String, String> {
    let mut out = String::with_capacity(format.len() + 8);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let code = match chars.next() {
            Some('-') => chars.next().map(|c| format!("-{c}")),
            other => other.map(String::from),
        };
        let month = date.month();
        let text = match code.as_deref() {
            Some("Y") => date.year().to_string(),
            Some("m") => format!("{:02}", month as u8),
            Some("-m") => (month as u8).to_string(),
            Some("d") => format!("{:02}", date.day()),
            Some("e") | Some("-d") => date.day().to_string(),
            Some("B") => month.to_string(),
            Some("b") => month.to_string()[..3].to_string(),
            Some("A") => date.weekday().to_string(),
            Some("a") => date.weekday().to_string()[..3].to_string(),
            Some("j") => format!("{:03}", date.ordinal()),
            Some("%") => "%".into(),
            other => return Err(format!("unknown date format code `%{}`", other.unwrap_or_default())),
        };
        out.push_str(&text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted() {
        let date = parse("2026-03-07").unwrap();
        assert_eq!(format_date(date, "%e %B %Y").unwrap(), "7 March 2026");
        assert_eq!(format_date(date, "%a %d/%m/%y").unwrap_err(), "unknown date format code `%y`");
        assert_eq!(format_date(date, "%A, %b %-d (day %j)").unwrap(), "Saturday, Mar 7 (day 066)");
        assert!(parse("07/03/2026").is_none());
    }
}
