# kratos-ui's own strings, in English. Every other language has the same keys, with the same
# variables ({ $name }); where a count decides the wording, a plural selector picks it.

## The language itself

language-name = English
# ltr or rtl
language-direction = ltr
# A time, in UTC, from its parts (month: one of month-1 … month-12).
time-format = { $day } { $month } { $year }, { $hour }:{ $minute } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
language-switcher = Language

## Around every page

brand-home = Home
brand-privacy = Privacy
brand-terms = Terms
brand-links = About this site
sign-out = Sign out
back-to-settings = Back to account settings
open-settings = Open account settings
try-again = Try again
flow-expired-notice = Your previous form had expired, so here is a fresh one. Nothing was changed.
tool-copied = Copied.
tool-copy-refused = Copying is not allowed here; select the text instead.

## Settings

settings-title = Account settings
settings-signed-in-as = Signed in as
settings-addresses = Email addresses
settings-sessions-link = Where you are signed in
settings-sign-out-others-title = Signed in somewhere you should not be?
settings-sign-out-others-hint = If you changed your password because someone else may know it, sign out every other device now. This one stays signed in.
settings-only-connected = You sign in with a connected account. It stays connected while it is your only way to sign in: set a password or add a passkey above, and you can disconnect it.
address-verified = Verified
address-not-verified = Not verified
address-verify = Verify
address-sent = We sent a link and a code to it: follow the link in that email, or verify here for a new code.

section-profile = Profile
section-profile-hint = Your name and contact details.
section-password = Password
section-password-hint = Choose a new password.
section-oidc = Connected accounts
section-oidc-hint = Sign in with another provider.
section-lookup_secret = Backup recovery codes
section-lookup_secret-hint = Single-use codes for when your authenticator is not at hand. Keep them somewhere safe.
section-webauthn = Security keys
section-webauthn-hint = Hardware keys as a second factor.
section-passkey = Passkeys
section-passkey-hint = Sign in with your device instead of a password.
section-totp = Authenticator app
section-totp-hint = Codes from an app such as a password manager, as a second factor.
section-code = Sign in with a code
section-identifier_first = Sign in
section-needs-js = Security keys and passkeys need JavaScript, which is off in this browser. Everything else on this page works without it.
node-cannot-remove = You sign in with this, so it stays until you add another way to sign in.
totp-copy = Copy key
totp-open-app = Open in authenticator app
codes-unused = { $total ->
    [one] { $unused } of 1 code unused.
   *[other] { $unused } of { $total } codes unused.
}
codes-copy = Copy codes
codes-print = Print
codes-download = Download .txt

## Where you are signed in

sessions-title = Where you are signed in
sessions-this-device = This device
sessions-other-devices = Other devices
sessions-none = You are not signed in anywhere else.
sessions-revoke = Sign out this device
sessions-revoke-others = Sign out all other devices
sessions-more = More sessions
sessions-previous = Previous
sessions-next = Next
notice-session-revoked = That device was signed out.
notice-others-revoked = { $count ->
    [0] No other device was signed in.
    [one] 1 other device was signed out.
   *[other] { $count } other devices were signed out.
}
notice-session-not-found = That device was not found among your sessions, so nothing was signed out. It may have signed out already.
session-device = { $browser } on { $system }
session-unknown-browser = Unknown browser
session-unknown-system = an unknown system
session-address = Address
session-location = Location
session-signed-in = Signed in
session-with = With
session-second-factor = Second factor
session-yes = Yes
session-no = No
session-expires = Expires
method-password = Password
method-totp = Authenticator app
method-lookup_secret = Backup code
method-webauthn = Security key
method-passkey = Passkey
method-oidc = Social sign-in
method-code = Email code
method-profile = Profile
method-other = Other

## Sign-in, sign-up, recovery, verification

login-title = Sign in
login-title-second-factor = Confirm it is you with a second factor
login-title-refresh = Confirm it is you
login-forgot = Forgot your password?
login-new-here = New here?
login-sign-up = Create an account
login-not-you = Not you, or no second factor at hand?
registration-title = Create an account
registration-have-account = Already have an account?
registration-sign-in = Sign in
recovery-title = Recover your account
recovery-title-sent = Enter your recovery code
recovery-hint = Enter the email address of your account and we will send you a code to sign in and choose a new password.
recovery-back = Back to sign in
verification-title = Verify your email address
verification-title-sent = Enter your verification code
verification-title-done = Email address verified

## Errors

error-status = Error { $status }
error-reference = Reference:
redirect-continue = Continue to
not-found-title = Page not found
not-found-text = There is nothing at this address.
request-refused-title = Request refused
request-refused-text = This request came from another site, so nothing was done. If you meant to sign out or change your account, do it from your account settings.
error-redirected-title = Redirecting…
error-redirected-text = You are being sent on.
error-return-to-title = This return address is not allowed
error-return-to-text = The link you followed asks to send you to an address afterwards that this site does not allow. Open your account settings without it, or ask whoever gave you the link for a correct one.
error-flow-disabled-title = This is not offered here
error-flow-disabled-text = This site has switched this part of account management off. If you have an account, sign in and open your account settings; otherwise ask whoever runs this site.
error-form-not-verified-title = This form could not be verified
error-form-not-verified-text = The form was not sent from a page of your account, or your browser has not kept this site's cookies, so nothing was changed. Open the page again and try once more.
error-unreachable-title = The identity service is unreachable
error-unreachable-text = We could not reach the service that keeps your account. Nothing was changed. Please try again in a moment.
error-timeout-title = The identity service is taking too long
error-timeout-text = The service that keeps your account did not answer in time. Nothing was changed on this page. Please try again in a moment.
error-bad-gateway-title = The identity service gave an unexpected answer
error-bad-gateway-text = The service that keeps your account answered in a way we did not understand. Please try again in a moment.
error-internal-title = Something went wrong
error-internal-text = Please try again in a moment.

flow-error-title = Something went wrong
flow-error-text = The identity service could not complete your request. Nothing was changed. Please go back to your account settings and try again.
flow-error-csrf-title = Your form was out of date
flow-error-csrf-text = For your security the request was refused, because it could not be matched to this browser (this happens when cookies were cleared or the form was open for a long time). Nothing was changed. Please open the page again and repeat the change.
flow-error-return-to-title = This return address is not allowed
flow-error-return-to-text = The link you followed asks to send you to an address that this site does not allow.
flow-error-identity-mismatch-title = This form belongs to another account
flow-error-identity-mismatch-text = The form was opened while signed in as someone else. Nothing was changed. Please open the page again.
flow-error-expired-title = The form expired
flow-error-expired-text = The form was open for too long. Nothing was changed. Please open the page again.
flow-error-replaced-title = The form was replaced
flow-error-replaced-text = A newer form replaced this one. Please open the page again.
flow-error-signed-out-title = You are not signed in
flow-error-signed-out-text = Please sign in and try again.
flow-error-signed-in-title = You are already signed in
flow-error-signed-in-text = There is no need to sign in again.
flow-error-aal2-title = A second factor is needed
flow-error-aal2-text = Please confirm it is you with your second factor and try again.
flow-error-refresh-title = Please confirm it is you
flow-error-refresh-text = This change needs a recent sign-in. Sign in again and repeat it.
