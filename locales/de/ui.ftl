# Die eigenen Texte von kratos-ui auf Deutsch. Dieselben Schlüssel und Variablen ({ $name }) wie im
# Englischen; wo eine Anzahl die Formulierung bestimmt, wählt ein Plural-Selektor sie aus.

## Die Sprache selbst

language-name = Deutsch
# ltr oder rtl
language-direction = ltr
# Eine Uhrzeit in UTC, aus ihren Teilen (month: einer von month-1 … month-12).
time-format = { $day }. { $month } { $year }, { $hour }:{ $minute } UTC
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
language-switcher = Sprache

## Auf jeder Seite

brand-home = Startseite
brand-privacy = Datenschutz
brand-terms = Nutzungsbedingungen
brand-links = Über diese Website
sign-out = Abmelden
back-to-settings = Zurück zu den Kontoeinstellungen
open-settings = Kontoeinstellungen öffnen
try-again = Erneut versuchen
flow-expired-notice = Ihr vorheriges Formular war abgelaufen, deshalb sehen Sie hier ein neues. Es wurde nichts geändert.
tool-copied = Kopiert.
tool-copy-refused = Kopieren ist hier nicht erlaubt; markieren Sie den Text stattdessen.

## Einstellungen

settings-title = Kontoeinstellungen
settings-signed-in-as = Angemeldet als
settings-addresses = E-Mail-Adressen
settings-sessions-link = Wo Sie angemeldet sind
settings-sign-out-others-title = Irgendwo angemeldet, wo Sie es nicht sein sollten?
settings-sign-out-others-hint = Wenn Sie Ihr Passwort geändert haben, weil jemand anderes es kennen könnte, melden Sie jetzt alle anderen Geräte ab. Dieses Gerät bleibt angemeldet.
settings-only-connected = Sie melden sich mit einem verknüpften Konto an. Es bleibt verknüpft, solange es Ihre einzige Anmeldemöglichkeit ist: Legen Sie oben ein Passwort fest oder fügen Sie einen Passkey hinzu, dann können Sie die Verknüpfung aufheben.
address-verified = Bestätigt
address-not-verified = Nicht bestätigt
address-verify = Bestätigen
address-sent = Wir haben einen Link und einen Code an diese Adresse gesendet: Folgen Sie dem Link in der E-Mail oder bestätigen Sie die Adresse hier, um einen neuen Code zu erhalten.

section-profile = Profil
section-profile-hint = Ihr Name und Ihre Kontaktdaten.
section-password = Passwort
section-password-hint = Wählen Sie ein neues Passwort.
section-oidc = Verknüpfte Konten
section-oidc-hint = Melden Sie sich über einen anderen Anbieter an.
section-lookup_secret = Backup-Codes
section-lookup_secret-hint = Einmal verwendbare Codes für den Fall, dass Ihre Authenticator-App nicht zur Hand ist. Bewahren Sie sie an einem sicheren Ort auf.
section-webauthn = Sicherheitsschlüssel
section-webauthn-hint = Hardware-Schlüssel als zweiter Faktor.
section-passkey = Passkeys
section-passkey-hint = Melden Sie sich mit Ihrem Gerät statt mit einem Passwort an.
section-totp = Authenticator-App
section-totp-hint = Codes aus einer App, etwa einem Passwortmanager, als zweiter Faktor.
section-code = Mit einem Code anmelden
section-identifier_first = Anmelden
section-needs-js = Sicherheitsschlüssel und Passkeys benötigen JavaScript, das in diesem Browser deaktiviert ist. Alles andere auf dieser Seite funktioniert auch ohne.
node-cannot-remove = Sie melden sich hiermit an. Es bleibt deshalb bestehen, bis Sie eine andere Anmeldemöglichkeit hinzufügen.
totp-copy = Schlüssel kopieren
totp-open-app = In Authenticator-App öffnen
codes-unused = { $total ->
    [one] { $unused } von 1 Code unbenutzt.
   *[other] { $unused } von { $total } Codes unbenutzt.
    }
codes-copy = Codes kopieren
codes-print = Drucken
codes-download = Als .txt herunterladen

## Wo Sie angemeldet sind

sessions-title = Wo Sie angemeldet sind
sessions-this-device = Dieses Gerät
sessions-other-devices = Andere Geräte
sessions-none = Sie sind nirgendwo sonst angemeldet.
sessions-revoke = Dieses Gerät abmelden
sessions-revoke-others = Alle anderen Geräte abmelden
sessions-more = Weitere Sitzungen
sessions-previous = Zurück
sessions-next = Weiter
notice-session-revoked = Das Gerät wurde abgemeldet.
notice-others-revoked = { $count ->
    [0] Es war kein anderes Gerät angemeldet.
    [one] 1 anderes Gerät wurde abgemeldet.
   *[other] { $count } andere Geräte wurden abgemeldet.
    }
notice-session-not-found = Dieses Gerät wurde unter Ihren Sitzungen nicht gefunden, daher wurde nichts abgemeldet. Möglicherweise ist es bereits abgemeldet.
session-device = { $browser } auf { $system }
session-unknown-browser = Unbekannter Browser
session-unknown-system = einem unbekannten System
session-address = Adresse
session-location = Standort
session-signed-in = Angemeldet
session-with = Mit
session-second-factor = Zweiter Faktor
session-yes = Ja
session-no = Nein
session-expires = Läuft ab
method-password = Passwort
method-totp = Authenticator-App
method-lookup_secret = Backup-Code
method-webauthn = Sicherheitsschlüssel
method-passkey = Passkey
method-oidc = Social Login
method-code = E-Mail-Code
method-profile = Profil
method-other = Sonstige

## Anmeldung, Registrierung, Wiederherstellung, Bestätigung

login-title = Anmelden
login-title-second-factor = Bestätigen Sie Ihre Identität mit einem zweiten Faktor
login-title-refresh = Bestätigen Sie Ihre Identität
login-forgot = Passwort vergessen?
login-new-here = Neu hier?
login-sign-up = Konto erstellen
login-not-you = Nicht Sie, oder kein zweiter Faktor zur Hand?
registration-title = Konto erstellen
registration-have-account = Sie haben bereits ein Konto?
registration-sign-in = Anmelden
recovery-title = Konto wiederherstellen
recovery-title-sent = Wiederherstellungscode eingeben
recovery-hint = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen dann einen Code, mit dem Sie sich anmelden und ein neues Passwort wählen können.
recovery-back = Zurück zur Anmeldung
verification-title = E-Mail-Adresse bestätigen
verification-title-sent = Bestätigungscode eingeben
verification-title-done = E-Mail-Adresse bestätigt

## Fehler

error-status = Fehler { $status }
error-reference = Referenz:
redirect-continue = Weiter zu
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es nichts.
request-refused-title = Anfrage abgelehnt
request-refused-text = Diese Anfrage kam von einer anderen Website, daher wurde nichts geändert. Wenn Sie sich abmelden oder Ihr Konto ändern wollten, tun Sie das bitte in Ihren Kontoeinstellungen.
error-redirected-title = Weiterleitung …
error-redirected-text = Sie werden weitergeleitet.
error-return-to-title = Diese Rücksprungadresse ist nicht erlaubt
error-return-to-text = Der Link, dem Sie gefolgt sind, möchte Sie anschließend an eine Adresse weiterleiten, die diese Website nicht zulässt. Öffnen Sie Ihre Kontoeinstellungen direkt oder bitten Sie die Person, von der Sie den Link haben, um einen korrekten Link.
error-flow-disabled-title = Das wird hier nicht angeboten
error-flow-disabled-text = Diese Website hat diesen Bereich der Kontoverwaltung deaktiviert. Wenn Sie ein Konto haben, melden Sie sich an und öffnen Sie Ihre Kontoeinstellungen; andernfalls wenden Sie sich an die Betreiber dieser Website.
error-form-not-verified-title = Dieses Formular konnte nicht überprüft werden
error-form-not-verified-text = Das Formular wurde nicht von einer Seite Ihres Kontos gesendet, oder Ihr Browser hat die Cookies dieser Website nicht gespeichert. Es wurde daher nichts geändert. Öffnen Sie die Seite erneut und versuchen Sie es noch einmal.
error-unreachable-title = Der Identitätsdienst ist nicht erreichbar
error-unreachable-text = Wir konnten den Dienst, der Ihr Konto verwaltet, nicht erreichen. Es wurde nichts geändert. Bitte versuchen Sie es gleich noch einmal.
error-timeout-title = Der Identitätsdienst antwortet nicht rechtzeitig
error-timeout-text = Der Dienst, der Ihr Konto verwaltet, hat nicht rechtzeitig geantwortet. Auf dieser Seite wurde nichts geändert. Bitte versuchen Sie es gleich noch einmal.
error-bad-gateway-title = Der Identitätsdienst hat unerwartet geantwortet
error-bad-gateway-text = Der Dienst, der Ihr Konto verwaltet, hat eine Antwort gegeben, die wir nicht verstanden haben. Bitte versuchen Sie es gleich noch einmal.
error-internal-title = Etwas ist schiefgelaufen
error-internal-text = Bitte versuchen Sie es gleich noch einmal.

flow-error-title = Etwas ist schiefgelaufen
flow-error-text = Der Identitätsdienst konnte Ihre Anfrage nicht abschließen. Es wurde nichts geändert. Bitte kehren Sie zu Ihren Kontoeinstellungen zurück und versuchen Sie es erneut.
flow-error-csrf-title = Ihr Formular war veraltet
flow-error-csrf-text = Zu Ihrer Sicherheit wurde die Anfrage abgelehnt, da sie diesem Browser nicht zugeordnet werden konnte (das passiert, wenn Cookies gelöscht wurden oder das Formular lange geöffnet war). Es wurde nichts geändert. Bitte öffnen Sie die Seite erneut und wiederholen Sie die Änderung.
flow-error-return-to-title = Diese Rücksprungadresse ist nicht erlaubt
flow-error-return-to-text = Der Link, dem Sie gefolgt sind, möchte Sie an eine Adresse weiterleiten, die diese Website nicht zulässt.
flow-error-identity-mismatch-title = Dieses Formular gehört zu einem anderen Konto
flow-error-identity-mismatch-text = Das Formular wurde geöffnet, als Sie mit einem anderen Konto angemeldet waren. Es wurde nichts geändert. Bitte öffnen Sie die Seite erneut.
flow-error-expired-title = Das Formular ist abgelaufen
flow-error-expired-text = Das Formular war zu lange geöffnet. Es wurde nichts geändert. Bitte öffnen Sie die Seite erneut.
flow-error-replaced-title = Das Formular wurde ersetzt
flow-error-replaced-text = Ein neueres Formular hat dieses ersetzt. Bitte öffnen Sie die Seite erneut.
flow-error-signed-out-title = Sie sind nicht angemeldet
flow-error-signed-out-text = Bitte melden Sie sich an und versuchen Sie es erneut.
flow-error-signed-in-title = Sie sind bereits angemeldet
flow-error-signed-in-text = Sie müssen sich nicht erneut anmelden.
flow-error-aal2-title = Ein zweiter Faktor ist erforderlich
flow-error-aal2-text = Bitte bestätigen Sie Ihre Identität mit Ihrem zweiten Faktor und versuchen Sie es erneut.
flow-error-refresh-title = Bitte bestätigen Sie Ihre Identität
flow-error-refresh-text = Für diese Änderung ist eine kürzlich erfolgte Anmeldung erforderlich. Melden Sie sich erneut an und wiederholen Sie die Änderung.
