//! One session as a person recognises it: the browser and system it signed in from (read from the
//! `User-Agent` Kratos recorded), its address, when and how it signed in, whether with a second
//! factor, and when it expires. Kratos records no "last active" time, so none is shown.

use super::link;
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
    let device = session.devices.first().cloned().unwrap_or_default();
    let (browser, system) = device
        .user_agent
        .as_deref()
        .map(browser_and_system)
        .unwrap_or(("Unknown browser", "an unknown system"));
    let address = device.ip_address.as_deref().map(without_port);
    let location = device.location.filter(|l| !l.trim().is_empty());
    let methods = session
        .authentication_methods
        .iter()
        .map(|m| method_name(&m.method))
        .fold(Vec::<&str>::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        })
        .join(", ");
    let second_factor = session.authenticator_assurance_level.as_deref() == Some("aal2");
    let heading_id = format!("session-{}", session.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="card session" data-testid="session" data-session-id=session.id.clone()
            aria-labelledby=labelled_by>
            <h3 id=heading_id>
                {format!("{browser} on {system}")}
                {this_device.then(|| view! { " " <span class="badge" data-testid="session/this-device">"This device"</span> })}
            </h3>
            <dl class="facts">
                {address.map(|a| view! { <dt>"Address"</dt><dd data-testid="session/address">{a}</dd> })}
                {location.map(|l| view! { <dt>"Location"</dt><dd>{l}</dd> })}
                {session.authenticated_at.map(|t| view! { <dt>"Signed in"</dt><dd><Moment value=t/></dd> })}
                {(!methods.is_empty()).then(|| view! { <dt>"With"</dt><dd data-testid="session/methods">{methods}</dd> })}
                <dt>"Second factor"</dt>
                <dd data-testid="session/aal">{if second_factor { "Yes" } else { "No" }}</dd>
                {session.expires_at.map(|t| view! { <dt>"Expires"</dt><dd><Moment value=t/></dd> })}
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
            <button type="submit" data-testid="sessions/revoke-others">"Sign out all other devices"</button>
        </form>
    }
}

/// A Kratos timestamp (RFC 3339) as a `<time>`, written out in UTC; unreadable ones as given.
#[component]
fn Moment(value: String) -> impl IntoView {
    let text = readable_time(&value).unwrap_or_else(|| value.clone());
    view! { <time datetime=value>{text}</time> }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026-12-06T21:04:05.123Z` → `6 Dec 2026, 21:04 UTC`; a time with an offset keeps it.
fn readable_time(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = value.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then_some(())?;
        part.parse().ok()
    };
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute) = (digits(11..13)?, digits(14..16)?);
    let month = MONTHS.get(month.checked_sub(1)? as usize)?;
    let rest = value.get(16..)?;
    let zone = match rest.find(['Z', '+', '-']) {
        Some(i) if &rest[i..] == "Z" => "UTC".to_string(),
        Some(i) => format!("UTC{}", &rest[i..]),
        None => return None,
    };
    Some(format!(
        "{day} {month} {year}, {hour:02}:{minute:02} {zone}"
    ))
}

/// Kratos records the client's address with its port (`203.0.113.7:51234`, `[2001:db8::1]:443`).
fn without_port(address: &str) -> String {
    match address.parse::<std::net::SocketAddr>() {
        Ok(socket) => socket.ip().to_string(),
        Err(_) => address.to_string(),
    }
}

/// What people call a sign-in method Kratos names (`identity.CredentialsType`).
fn method_name(method: &str) -> &'static str {
    match method {
        "password" => "Password",
        "totp" => "Authenticator app",
        "lookup_secret" => "Backup code",
        "webauthn" => "Security key",
        "passkey" => "Passkey",
        "oidc" | "saml" => "Social sign-in",
        "code" | "link_recovery" | "code_recovery" => "Email code",
        "profile" => "Profile",
        _ => "Other",
    }
}

/// The browser and operating system named by a `User-Agent`, for the common ones; the checks go
/// from the most specific token to the most general, since every browser claims to be others too.
pub(crate) fn browser_and_system(user_agent: &str) -> (&'static str, &'static str) {
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
        "Unknown browser"
    };
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
        "an unknown system"
    };
    (browser, system)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_user_agents_are_named() {
        for (ua, expected) in [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", ("Edge", "Windows")),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", ("Chrome", "Linux")),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", ("Firefox", "macOS")),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", ("Safari", "iOS")),
            ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", ("Samsung Internet", "Android")),
            ("curl/8.5.0", ("Unknown browser", "an unknown system")),
        ] {
            assert_eq!(browser_and_system(ua), expected, "{ua}");
        }
    }

    #[test]
    fn times_and_addresses_read_as_people_write_them() {
        assert_eq!(
            readable_time("2026-12-06T21:04:05.123456Z").as_deref(),
            Some("6 Dec 2026, 21:04 UTC")
        );
        assert_eq!(
            readable_time("2026-01-31T08:00:00+01:00").as_deref(),
            Some("31 Jan 2026, 08:00 UTC+01:00")
        );
        assert_eq!(readable_time("yesterday"), None);
        assert_eq!(readable_time("2026-13-06T21:04:05Z"), None);
        assert_eq!(without_port("203.0.113.7:51234"), "203.0.113.7");
        assert_eq!(without_port("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(without_port("198.51.100.2"), "198.51.100.2");
    }
}
