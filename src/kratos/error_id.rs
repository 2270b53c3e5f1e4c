//! The error ids Kratos sends (`error.id`), named once. Kratos's own list is `text/message_error.go`
//! (`ErrIDNeedsPrivilegedSession`, `ErrIDHigherAALRequired`, `ErrIDCSRF`, …); these are the ones the
//! UI treats differently, and any other id is kept as [`KratosErrorId::Unknown`].

/// An `error.id` of a Kratos error answer or stored browser error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KratosErrorId {
    SessionInactive,
    SessionAal1Required,
    SessionAal2Required,
    SessionRefreshRequired,
    SessionAlreadyAvailable,
    BrowserLocationChangeRequired,
    SecurityCsrfViolation,
    SecurityIdentityMismatch,
    SelfServiceFlowExpired,
    SelfServiceFlowReplaced,
    SelfServiceFlowReturnToForbidden,
    SelfServiceFlowDisabled,
    /// An id this UI has no special handling for, as Kratos sent it.
    Unknown(String),
}

/// Each known id and its wire form: the one table both directions read.
const KNOWN: &[(KratosErrorId, &str)] = &[
    (KratosErrorId::SessionInactive, "session_inactive"),
    (KratosErrorId::SessionAal1Required, "session_aal1_required"),
    (KratosErrorId::SessionAal2Required, "session_aal2_required"),
    (
        KratosErrorId::SessionRefreshRequired,
        "session_refresh_required",
    ),
    (
        KratosErrorId::SessionAlreadyAvailable,
        "session_already_available",
    ),
    (
        KratosErrorId::BrowserLocationChangeRequired,
        "browser_location_change_required",
    ),
    (
        KratosErrorId::SecurityCsrfViolation,
        "security_csrf_violation",
    ),
    (
        KratosErrorId::SecurityIdentityMismatch,
        "security_identity_mismatch",
    ),
    (
        KratosErrorId::SelfServiceFlowExpired,
        "self_service_flow_expired",
    ),
    (
        KratosErrorId::SelfServiceFlowReplaced,
        "self_service_flow_replaced",
    ),
    (
        KratosErrorId::SelfServiceFlowReturnToForbidden,
        "self_service_flow_return_to_forbidden",
    ),
    (
        KratosErrorId::SelfServiceFlowDisabled,
        "self_service_flow_disabled",
    ),
];

impl KratosErrorId {
    pub fn parse(id: &str) -> KratosErrorId {
        KNOWN
            .iter()
            .find(|(_, wire)| *wire == id)
            .map(|(known, _)| known.clone())
            .unwrap_or_else(|| KratosErrorId::Unknown(id.to_string()))
    }

    /// The id as Kratos writes it.
    pub fn as_str(&self) -> &str {
        match self {
            KratosErrorId::Unknown(id) => id,
            known => KNOWN
                .iter()
                .find(|(k, _)| k == known)
                .map(|(_, wire)| *wire)
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_id_round_trips_and_others_are_kept() {
        for (id, wire) in KNOWN {
            assert_eq!(&KratosErrorId::parse(wire), id);
            assert_eq!(id.as_str(), *wire);
        }
        let other = KratosErrorId::parse("security_such_violation");
        assert_eq!(
            other,
            KratosErrorId::Unknown("security_such_violation".into())
        );
        assert_eq!(other.as_str(), "security_such_violation");
    }
}
