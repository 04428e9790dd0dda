package io.confab.storage.usage;

/**
 * USAGE.md's person rule: "the person is {@code userId}, or for a guest {@code guest:} + displayName";
 * a person's presences merge into sessions. One implementation for the streaming meter and the
 * monthly billing run, since their sessions must agree.
 */
public final class SessionPerson {

    private SessionPerson() {
    }

    /** The person a ParticipantJoined counts for. */
    public static String of(String userId, String displayName) {
        return userId != null ? userId : "guest:" + displayName;
    }
}
