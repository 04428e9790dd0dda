package io.confab.core.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a verified bearer token: who it is for, in which account, with which role, and
 * for how long. A guest's token also names the one meeting it admits to; a user's never does.
 *
 * @param subject a user id, or a guest participant id for {@link Role#GUEST}
 * @param accountId the user's account, or for a guest the account that owns the meeting
 * @param meetingId the meeting's digits ({@code MeetingId.digits()}) for a guest, else null. Kept
 *     as a string so accounts does not depend on meetings; signaling compares it to the join's id.
 * @param tokenId unique per issued token, for audit entries and a deny list later
 * @param passcodeStamp for a guest, the meeting's {@code Meeting.passcodeStamp()} when the ticket was
 *     issued (null when it had no passcode): a passcode change revokes the tickets issued before it
 */
public record AccessToken(
        String subject,
        String accountId,
        Role role,
        String meetingId,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId,
        String passcodeStamp) {

    /** A token without a passcode stamp: every user token, and a guest's for a meeting without a passcode. */
    public AccessToken(String subject, String accountId, Role role, String meetingId, Instant issuedAt, Instant expiresAt,
                       String tokenId) {
        this(subject, accountId, role, meetingId, issuedAt, expiresAt, tokenId, null);
    }

    public AccessToken {
        requireText(subject, "subject");
        requireText(accountId, "accountId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        requireText(tokenId, "tokenId");
        if (role == Role.GUEST) {
            requireText(meetingId, "meetingId (a guest token admits to one meeting)");
        } else if (meetingId != null || passcodeStamp != null) {
            throw new IllegalArgumentException("only a guest token names a meeting and its passcode stamp, this one is " + role);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    public boolean isGuest() {
        return role == Role.GUEST;
    }

    /**
     * Whether this token lets its bearer ask to join the meeting with these digits: a user's token
     * any meeting (passcode and waiting room still apply), a guest's only the one it names.
     */
    public boolean admitsTo(String meetingDigits) {
        return !isGuest() || meetingId.equals(meetingDigits);
    }

    /** Whether this guest ticket was issued under the meeting's current passcode ({@code Meeting.passcodeStamp()}). */
    public boolean issuedUnderPasscode(String currentStamp) {
        return java.util.Objects.equals(passcodeStamp, currentStamp);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
