package io.confab.core.accounts;

/**
 * What a bearer of an access token may do. Users carry the role they have in their account;
 * a guest's token carries {@link #GUEST} and names the one meeting it admits to. Who has host
 * controls inside a running meeting is decided per meeting (its host user, or the account owner),
 * not by this role alone: a {@link #HOST} of one account is an ordinary participant in another's
 * meeting.
 */
public enum Role {

    /**
     * Owns the account: manages its users and billing, schedules and hosts meetings, and may
     * update, end or delete any meeting of the account, also when someone else hosts it.
     */
    ACCOUNT_OWNER,

    /** A user licensed to schedule meetings and to use host controls in the meetings they host. */
    HOST,

    /** A signed-in user who joins meetings but may not schedule them. */
    PARTICIPANT,

    /**
     * Not signed in: joined with a display name and the meeting passcode. The token admits to
     * exactly one meeting and grants nothing outside it.
     */
    GUEST;

    public boolean maySchedule() {
        return this == ACCOUNT_OWNER || this == HOST;
    }

    public boolean managesAccount() {
        return this == ACCOUNT_OWNER;
    }

    public boolean isGuest() {
        return this == GUEST;
    }
}
