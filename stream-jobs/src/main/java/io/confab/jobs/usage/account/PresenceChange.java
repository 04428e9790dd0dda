package io.confab.jobs.usage.account;

/**
 * A presence's closed span as the meeting fold now sees it, replacing what it said before: the
 * peak fold takes the old span out of its counts and puts the new one in. A span is [start, end)
 * in epoch milliseconds; {@code oldStart < 0} means there was none before.
 */
public record PresenceChange(String accountId, String presence, long oldStart, long oldEnd, long newStart, long newEnd) {

    public boolean hadOld() {
        return oldStart >= 0;
    }
}
