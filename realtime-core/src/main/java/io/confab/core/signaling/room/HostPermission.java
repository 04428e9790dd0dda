package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.storage.events.AuditOutcome;

/**
 * Gate and audit for the host controls. Every host action leaves one audit entry: SUCCESS when it was
 * carried out, DENIED when the sender may not take it (or the meeting's settings forbid it), FAILED
 * when it was allowed but could not be done (unknown participant, wrong state).
 */
final class HostPermission {

    private final AuditTrail audit;

    HostPermission(AuditTrail audit) {
        this.audit = audit;
    }

    /** True when the sender may take the action; otherwise refuses with FORBIDDEN and audits DENIED. */
    boolean allows(HostAction action, Turn turn, String target) {
        if (action.permits(turn.by().role())) {
            return true;
        }
        deny(action, turn, target, ErrorCode.FORBIDDEN, action.refusal());
        return false;
    }

    void deny(HostAction action, Turn turn, String target, ErrorCode code, String why) {
        turn.refuse(code, why);
        turn.out().audit(audit.entry(turn.by(), action.auditAction(), target, AuditOutcome.DENIED, why, turn.now()));
    }

    void fail(HostAction action, Turn turn, String target, ErrorCode code, String why) {
        turn.refuse(code, why);
        turn.out().audit(audit.entry(turn.by(), action.auditAction(), target, AuditOutcome.FAILED, why, turn.now()));
    }

    void succeeded(HostAction action, Turn turn, String target, String detail) {
        turn.out().audit(audit.entry(turn.by(), action.auditAction(), target, AuditOutcome.SUCCESS, detail,
                turn.now()));
    }
}
