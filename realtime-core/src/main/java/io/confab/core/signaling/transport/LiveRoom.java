package io.confab.core.signaling.transport;

import io.confab.core.meetings.MeetingId;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.room.Room;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.HashMap;
import java.util.Map;

/**
 * A running meeting on this node: its {@link Room}, the one executor every call for it runs on
 * (which keeps the room single-threaded and its events in order), the connections of its
 * participants, and the timer that ends it once it has been empty for the grace period.
 * Every field but {@link #waitingBytes} is touched only on {@link #executor}.
 */
final class LiveRoom {

    final MeetingId meetingId;
    final String accountId;
    final Room room;
    final EventExecutor executor;
    final Map<ParticipantId, Channel> channels = new HashMap<>();
    ScheduledFuture<?> emptyTimer;
    /** Guest participants' token subjects: a guest is recognised again only through their ticket. */
    final Map<ParticipantId, String> guestSubjects = new HashMap<>();
    /** Tickets of guests a host removed; they may not rejoin this run, like removed users. */
    final java.util.Set<String> removedGuests = new java.util.HashSet<>();
    /** Where each guest participant connected from (an IPv6 host's /64, as {@code GuessKey.source} keys it). */
    final Map<ParticipantId, String> guestSources = new HashMap<>();
    /**
     * Where removed guests connected from: a fresh guest ticket is one passcode away, so a removed
     * guest's address may not bring a new guest into this run either. Signed-in users are kept out
     * by their user id instead; guests behind the same NAT share the ban, for this run only.
     */
    final java.util.Set<String> removedGuestSources = new java.util.HashSet<>();
    /** Bytes of frames accepted for this room and not yet handled ({@link InboundBacklog}); any thread. */
    final java.util.concurrent.atomic.AtomicLong waitingBytes = new java.util.concurrent.atomic.AtomicLong();
    /** Set on the executor when the room ends; read by joins deciding whether to start a new run. */
    volatile boolean ended;

    LiveRoom(MeetingId meetingId, String accountId, Room room, EventExecutor executor) {
        this.meetingId = meetingId;
        this.accountId = accountId;
        this.room = room;
        this.executor = executor;
    }
}
