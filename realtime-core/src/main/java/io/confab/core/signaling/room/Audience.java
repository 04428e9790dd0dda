package io.confab.core.signaling.room;

/** Whom a delivery was meant for; the resolved ids are in {@link Delivery#recipients()}. */
public enum Audience {
    /** Named participants: one, or the two ends of a private chat. */
    PARTICIPANT,
    /** Everyone in the meeting (not the waiting room). */
    EVERYONE,
    /** Everyone in the meeting except the participant who caused it. */
    EVERYONE_ELSE,
    /** Hosts and co-hosts in the meeting. */
    HOSTS,
    /** Everyone in the waiting room. */
    WAITING_ROOM
}
