//! One session as a person recognises it: the browser and system it signed in from (read from the
//! `User-Agent` Kratos recorded), its address, when and how it signed in, whether with a second
//! factor, and when it expires. Kratos records no "last active" time, so none is shown.

use super::link;
use crate::i18n::{unix_from_civil, use_translator, Arg};
use crate::kratos::Session;
use crate::paths;
use leptos::prelude::*;

/// A session's card; `this_device` marks the browser's own. `actions` is what can be done to it
/// (a sign-out form for the others, nothing for this one).
#[component]
pub(crate) fn SessionCard(
    session: Session,
    this_device: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let t = use_translator();
    let device = session.devices.first().cloned().unwrap_or_default();
    let (browser, system) = device
        .user_agent
        .as_deref()
        .map(browser_and_system)
        .unwrap_or((None, None));
    let browser = browser.map_or_else(|| t.text("session-unknown-browser"), str::to_string);
    let system = system.map_or_else(|| t.text("session-unknown-system"), str::to_string);
    let title = t.text_with(
        "session-device",
        &[
            ("browser", Arg::Text(&browser)),
            ("system", Arg::Text(&system)),
        ],
    );
    let address = device.ip_address.as_deref().map(without_port);
    let location = device.location.filter(|l| !l.trim().is_empty());
    let methods = session
        .authentication_methods
        .iter()
        .map(|m| method_key(&m.method))
        .fold(Vec::<&str>::new(), |mut keys, key| {
            if !keys.contains(&key) {
                keys.push(key);
            }
            keys
        })
        .into_iter()
        .map(|key| t.text(key))
        .collect::<Vec<_>>()
        .join(", ");
    let second_factor = session.authenticator_assurance_level.as_deref() == Some("aal2");
    let heading_id = format!("session-{}", session.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="card session" data-testid="session" data-session-id=session.id.clone()
            aria-labelledby=labelled_by>
            <h3 id=heading_id>
                {title}
                {this_device.then(|| view! { " " <span class="badge" data-testid="session/this-device">{t.text("sessions-this-device")}</span> })}
            </h3>
            <dl class="facts">
                {address.map(|a| view! { <dt>{t.text("session-address")}</dt><dd data-testid="session/address">{a}</dd> })}
                {location.map(|l| view! { <dt>{t.text("session-location")}</dt><dd>{l}</dd> })}
                {session.authenticated_at.map(|at| view! { <dt>{t.text("session-signed-in")}</dt><dd><Moment value=at/></dd> })}
                {(!methods.is_empty()).then(|| view! { <dt>{t.text("session-with")}</dt><dd data-testid="session/methods">{methods}</dd> })}
                <dt>{t.text("session-second-factor")}</dt>
                <dd data-testid="session/aal">{t.text(if second_factor { "session-yes" } else { "session-no" })}</dd>
                {session.expires_at.map(|at| view! { <dt>{t.text("session-expires")}</dt><dd><Moment value=at/></dd> })}
            </dl>
            {children.map(|c| c())}
        </li>
    }
}

/// "Sign out all other devices": on the sessions page, and on the settings page after a change.
#[component]
pub(crate) fn SignOutOthersForm(csrf_token: String) -> impl IntoView {
    view! {
        <form action=link(paths::REVOKE_OTHER_SESSIONS_ACTION) method="post" class="actions">
            <input type="hidden" name="csrf_token" value=csrf_token/>
            <button type="submit" data-testid="sessions/revoke-others">{use_translator().text("sessions-revoke-others")}</button>
        </form>
    }
}

/// A Kratos timestamp (RFC 3339) as a `<time>`, written out in the visitor's language in UTC;
/// unreadable ones as given.
#[component]
fn Moment(value: String) -> impl IntoView {
    let text = unix_time(&value)
        .map(|unix| use_translator().time(unix))
        .unwrap_or_else(|| value.clone());
    view! { <time datetime=value>{text}</time> }
}

/// `2026-12-06T21:04:05.123Z` or `2026-01-31T08:00:00+01:00` → seconds since 1970.
fn unix_time(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = value.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then_some(())?;
        part.parse().ok()
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let rest = value.get(19..)?;
    let zone = &rest[rest.find(['Z', '+', '-'])?..];
    let offset = match zone {
        "Z" => 0,
        _ if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (zone[1..3].parse::<i64>().ok()? * 3600 + zone[4..6].parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    Some(unix_from_civil(year, month, day) + hour * 3600 + minute * 60 + second - offset)
}

/// Kratos records the client's address with its port (`203.0.113.7:51234`, `[2001:db8::1]:443`).
fn without_port(address: &str) -> String {
    match address.parse::<std::net::SocketAddr>() {
        Ok(socket) => socket.ip().to_string(),
        Err(_) => address.to_string(),
    }
}

/// The catalog's name of a sign-in method Kratos names (`identity.CredentialsType`).
fn method_key(method: &str) -> &'static str {
    match method {
        "password" => "method-password",
        "totp" => "method-totp",
        "lookup_secret" => "method-lookup_secret",
        "webauthn" => "method-webauthn",
        "passkey" => "method-passkey",
        "oidc" | "saml" => "method-oidc",
        "code" | "link_recovery" | "code_recovery" => "method-code",
        "profile" => "method-profile",
        _ => "method-other",
    }
}

/// The browser and operating system named by a `User-Agent`, for the common ones; the checks go
/// from the most specific token to the most general, since every browser claims to be others too.
/// Names are the products' own, the same in every language; `None` where none is recognised.
pub(crate) fn browser_and_system(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let has = |token: &str| user_agent.contains(token);
    let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        "Edge"
    } else if has("OPR/") || has("Opera") {
        "Opera"
    } else if has("SamsungBrowser/") {
        "Samsung Internet"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") && has("Version/") {
        "Safari"
    } else {
        return (None, system_of(user_agent));
    };
    (Some(browser), system_of(user_agent))
}

fn system_of(user_agent: &str) -> Option<&'static str> {
    let has = |token: &str| user_agent.contains(token);
    let system = if has("Windows") {
        "Windows"
    } else if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPod") {
        "iOS"
    } else if has("iPad") {
        "iPadOS"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Macintosh") || has("Mac OS X") {
        "macOS"
    } else if has("Linux") || has("X11") {
        "Linux"
    } else {
        return None;
    };
    Some(system)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_user_agents_are_named() {
        for (ua, expected) in [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", (Some("Edge"), Some("Windows"))),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", (Some("Chrome"), Some("Linux"))),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", (Some("Firefox"), Some("macOS"))),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", (Some("Safari"), Some("iOS"))),
            ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", (Some("Samsung Internet"), Some("Android"))),
            ("curl/8.5.0", (None, None)),
        ] {
            assert_eq!(browser_and_system(ua), expected, "{ua}");
        }
    }

    #[test]
    fn times_are_read_with_their_offset_and_addresses_without_port() {
        // 2026-12-06T21:04:05Z
        assert_eq!(
            unix_time("2026-12-06T21:04:05.123456Z"),
            Some(1_796_591_045)
        );
        assert_eq!(unix_time("2026-12-06T22:04:05+01:00"), Some(1_796_591_045));
        assert_eq!(unix_time("2026-12-06T20:34:05-00:30"), Some(1_796_591_045));
        assert_eq!(unix_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_time("2000-02-29T23:59:59Z"), Some(951_868_799));
        assert_eq!(unix_time("yesterday"), None);
        assert_eq!(unix_time("2026-13-06T21:04:05Z"), None);
        assert_eq!(unix_time("2026-12-06T21:04:05"), None);
        assert_eq!(without_port("203.0.113.7:51234"), "203.0.113.7");
        assert_eq!(without_port("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(without_port("198.51.100.2"), "198.51.100.2");
    }
}
