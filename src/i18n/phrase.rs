//! A translated text as the pages render it: words, and times shown localized inside a
//! `<time datetime>` that machines can read.

/// A value put into a message.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
    /// Seconds since 1970, shown as a localized date and time.
    Time(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PhrasePart {
    Text(String),
    /// `datetime`: RFC 3339 in UTC; `shown`: in the visitor's language.
    Time {
        datetime: String,
        shown: String,
    },
}

/// A message ready to render: text, with any times in it marked as such.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase(pub Vec<PhrasePart>);

impl Phrase {
    pub fn text(text: impl Into<String>) -> Self {
        Phrase(vec![PhrasePart::Text(text.into())])
    }

    /// The words alone, times as shown (for labels, buttons and attributes).
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                PhrasePart::Text(t) => out.push_str(t),
                PhrasePart::Time { shown, .. } => out.push_str(shown),
            }
        }
        out
    }
}

/// The UTC calendar date and time of `unix` seconds: (year, month, day, hour, minute, second),
/// by Howard Hinnant's days-to-civil algorithm.
pub fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (days, rest) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let rest = rest as u32;
    (year, month, day, rest / 3600, rest / 60 % 60, rest % 60)
}

/// Seconds since 1970 at the start of a UTC calendar day: the inverse of [`civil`].
pub fn unix_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

/// `2026-12-07T01:30:00Z`, for `<time datetime>`.
pub fn rfc3339(unix: i64) -> String {
    let (year, month, day, hour, minute, second) = civil(unix);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}
