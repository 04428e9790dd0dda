package io.confab.core.accounts;

/** A signed-up user as the API shows it; the password hash never leaves {@link AccountStore}. */
public record User(String id, String accountId, String email, String displayName, Role role, String personalMeetingId) {
}
