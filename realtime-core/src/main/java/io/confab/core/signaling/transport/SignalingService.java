package io.confab.core.signaling.transport;

import io.confab.core.mediaplane.MediaPlane;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.DisplayName;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.Validated;
import io.confab.core.events.EventSink;
import io.confab.core.events.StateChange;
import io.confab.core.http.ApiException;
import io.confab.core.http.WebSocketEndpoint;
import io.confab.core.meetings.Meeting;
import io.confab.core.meetings.MeetingId;
import io.confab.core.meetings.MeetingStatus;
import io.confab.core.meetings.MeetingStore;
import io.confab.core.meetingservice.Audit;
import io.confab.core.guard.GuessKey;
import io.confab.core.meetingservice.GuessGate;
import io.confab.core.meetingservice.Authentication;
import io.confab.core.meetingservice.LiveMeetings;
import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.Parsed;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ProtocolCodec;
import io.confab.core.signaling.protocol.ProtocolError;
import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.core.signaling.protocol.ClientRequest;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.core.ratelimit.RateLimit;
import io.confab.core.signaling.room.RoomLimits;
import io.confab.core.signaling.room.Delivery;
import io.confab.core.signaling.room.Identity;
import io.confab.core.signaling.room.JoinRequest;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.captions.LiveCaption;
import io.confab.core.signaling.room.MeetingInfo;
import io.confab.core.signaling.room.Outcome;
import io.confab.core.signaling.room.Room;
import io.confab.core.signaling.room.RoomStatus;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Signaling's transport: WebSocket connections in, rooms in the middle, Kafka and sockets out.
 *
 * <p>A frame is checked at the edge (size, rate, syntax) on the connection's event loop. A join,
 * which needs the database and Argon2 (blocking), runs on a worker thread and then enters the room
 * on the room's own executor; every other message goes straight to the room's executor. Each
 * {@link Outcome} is applied there, in the order it lists: events and audit entries to Kafka, then
 * deliveries, then closing the connections it names.
 */
public final class SignalingService implements WebSocketEndpoint, LiveMeetings, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingService.class);
    private static final int POLICY_VIOLATION = 1008;
    /** How long a flooding client has to read the close frame and answer it before the socket closes. */
    private static final long CLOSE_GRACE_MILLIS = 1000;
    /** A connection that has not sent join_meeting by then is closed: it holds a socket for nothing. */
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);
    private static final WriteBufferWaterMark SIGNALING_WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Authentication authentication;
    private final MeetingStore meetings;
    private final PasswordHash hasher;
    private final EventSink sink;
    private final ExecutorService blocking;
    private final Duration emptyGrace;
    private final RateLimit rateLimit;
    private final RoomLimits roomLimits;
    private final Clock clock;
    private final EventExecutorGroup roomExecutorGroup = new DefaultEventExecutorGroup(2);
    /**
     * A meeting always runs on the same executor (chosen by its id), so a new run of a meeting
     * cannot publish its first events before the previous run's last ones.
     */
    private final List<EventExecutor> roomExecutors = new ArrayList<>();
    private final Audit audit;
    private final GuessGate guesses;
    private final ConcurrentMap<String, LiveRoom> rooms = new ConcurrentHashMap<>();
    /** Frames refused at the edge, by the code of the error sent back (rate, size, syntax). */
    private final Map<ErrorCode, LongAdder> refusedFrames = counters();
    /** Joins refused, by the code sent back (bad token, wrong passcode, no such meeting, ...). */
    private final Map<ErrorCode, LongAdder> refusedJoins = counters();
    private final AtomicLong slowConsumersClosed = new AtomicLong();
    private final InboundBacklog backlog;

    private volatile MediaPlane media = MediaPlane.NONE;

    public SignalingService(Authentication authentication, Audit audit, GuessGate guesses, MeetingStore meetings,
                            PasswordHash hasher, EventSink sink, ExecutorService blocking, SignalingLimits limits,
                            Clock clock) {
        this.authentication = authentication;
        this.guesses = guesses;
        this.audit = audit;
        roomExecutorGroup.forEach(roomExecutors::add);
        this.meetings = meetings;
        this.hasher = hasher;
        this.sink = sink;
        this.blocking = blocking;
        this.emptyGrace = limits.emptyMeetingGrace();
        this.rateLimit = limits.rate();
        this.roomLimits = limits.rooms();
        this.backlog = new InboundBacklog(limits.roomBacklogBytes(), limits.nodeBacklogBytes());
        this.clock = clock;
    }

    // ---- edge: one connection's frames, on its event loop ----

    @Override
    public void opened(Channel channel, String uri, HttpHeaders headers) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        Connection connection = new Connection(rateLimit, remote.getAddress().getHostAddress(), clock.instant());
        channel.attr(Connection.KEY).set(connection);
        // Signaling frames are small: a client 256 KiB behind has stopped reading, and is dropped
        // (see apply). The HTTP server's 1 MiB mark, times a thousand connections, outgrew the heap.
        channel.config().setWriteBufferWaterMark(SIGNALING_WATER_MARK);
        channel.eventLoop().schedule(() -> {
            if (!connection.joining && connection.room == null && channel.isActive()) {
                sendAndClose(channel, new ServerMessage.ErrorReply(ErrorCode.NOT_IN_MEETING,
                        "no join_meeting within " + JOIN_DEADLINE.toSeconds() + " s", null), POLICY_VIOLATION);
            }
        }, JOIN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void text(Channel channel, String text) {
        Connection connection = channel.attr(Connection.KEY).get();
        if (connection == null || connection.closing) {
            return;
        }
        Instant now = clock.instant();
        if (!connection.bucket.tryAcquire(now)) {
            refusedFrames.get(ErrorCode.RATE_LIMITED).increment();
            if (connection.bucket.flooding()) {
                // The TCP connection closes a moment after the close frame, not at once: closing
                // with the flood's frames still unread makes the kernel reset the connection, and
                // the client may see the reset before the 1008 that says why (RFC 6455 §7.1.1:
                // the server closes after the close handshake). Frames meanwhile are refused above.
                if (!connection.closing) {
                    connection.closing = true;
                    channel.writeAndFlush(new CloseWebSocketFrame(POLICY_VIOLATION, "message flood"))
                            .addListener(done -> channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS,
                                    java.util.concurrent.TimeUnit.MILLISECONDS));
                }
            } else if (connection.bucket.consecutiveRefusals() == 1) {
                // One notice per burst: answering every refused frame would feed the flood.
                send(channel, new ServerMessage.ErrorReply(ErrorCode.RATE_LIMITED,
                        "too many messages; slow down (limit " + (int) rateLimit.perSecond() + " per second)", null));
            }
            return;
        }
        if (text.length() > ProtocolCodec.MAX_FRAME_BYTES / 3
                && text.getBytes(StandardCharsets.UTF_8).length > ProtocolCodec.MAX_FRAME_BYTES) {
            refusedFrames.get(ErrorCode.TOO_LARGE).increment();
            send(channel, new ServerMessage.ErrorReply(ErrorCode.TOO_LARGE,
                    "message is larger than " + ProtocolCodec.MAX_FRAME_BYTES + " bytes", null));
            return;
        }
        Parsed parsed = codec.parse(text);
        if (parsed instanceof ProtocolError error) {
            refusedFrames.get(error.code()).increment();
            send(channel, error.toReply());
            return;
        }
        ClientRequest request = (ClientRequest) parsed;
        if (request.message() instanceof ClientMessage.JoinMeeting join) {
            if (connection.joining) {
                send(channel, new ServerMessage.ErrorReply(ErrorCode.ALREADY_JOINED,
                        "this connection already joined; open another connection for another meeting", request.requestId()));
                return;
            }
            connection.joining = true;
            try {
                blocking.execute(() -> admit(channel, connection, request, join));
            } catch (RejectedExecutionException e) {
                connection.joining = false;
                send(channel, new ServerMessage.ErrorReply(ErrorCode.INTERNAL, "server busy; try joining again shortly",
                        request.requestId()));
            }
            return;
        }
        LiveRoom room = connection.room;
        if (room == null) {
            send(channel, new ServerMessage.ErrorReply(ErrorCode.NOT_IN_MEETING,
                    "join the meeting first (join_meeting)", request.requestId()));
            return;
        }
        long weight = InboundBacklog.weigh(text);
        if (!backlog.admit(room.waitingBytes, weight)) {
            refusedFrames.get(ErrorCode.BUSY).increment();
            send(channel, new ServerMessage.ErrorReply(ErrorCode.BUSY,
                    "the meeting is behind; this message was not delivered, send it again in a moment", request.requestId()));
            return;
        }
        room.executor.execute(() -> {
            backlog.handled(room.waitingBytes, weight);
            apply(room, room.room.handle(connection.participant, request, clock.instant()));
        });
    }

    /** Leaving is handled by the close listener {@link #enter} puts on a joined connection. */
    @Override
    public void closed(Channel channel) {
    }

    // ---- join: authenticate, find the meeting, enter its room ----

    private void admit(Channel channel, Connection connection, ClientRequest request, ClientMessage.JoinMeeting join) {
        try {
            Admitted admitted = identify(connection, join);
            Meeting meeting = admitted.meeting();
            LiveRoom room = rooms.compute(meeting.id().digits(), (key, existing) ->
                    existing != null && !existing.ended ? existing
                            : new LiveRoom(meeting.id(), meeting.accountId(), new Room(info(meeting), roomLimits), executorFor(key)));
            room.executor.execute(() -> enter(room, channel, connection, admitted, request));
        } catch (JoinRefused refused) {
            refusedJoins.get(refused.code).increment();
            connection.joining = false;
            ServerMessage.ErrorReply reply = new ServerMessage.ErrorReply(refused.code, refused.getMessage(), request.requestId());
            if (refused.keepConnection) {
                send(channel, reply);
            } else {
                sendAndClose(channel, reply, POLICY_VIOLATION);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("join of {} failed", join.meetingId(), e);
            connection.joining = false;
            send(channel, new ServerMessage.ErrorReply(ErrorCode.INTERNAL, "joining failed on the server; try again",
                    request.requestId()));
        }
    }

    private void enter(LiveRoom room, Channel channel, Connection connection, Admitted admitted, ClientRequest request) {
        Identity identity = admitted.identity();
        if (!channel.isActive()) {
            // Gone before it got in; a room created for it alone must still end.
            scheduleEnd(room, room.room.status());
            return;
        }
        String guestSource = admitted.guestSubject() == null ? null : GuessKey.source(connection.remoteAddress).value();
        if (admitted.guestSubject() != null && (room.removedGuests.contains(admitted.guestSubject())
                || room.removedGuestSources.contains(guestSource))) {
            connection.joining = false;
            sendAndClose(channel, new ServerMessage.ErrorReply(ErrorCode.REMOVED, "a host removed you from this meeting",
                    request.requestId()), POLICY_VIOLATION);
            scheduleEnd(room, room.room.status());
            return;
        }
        ParticipantId participant = identity.participantId();
        room.channels.put(participant, channel);
        Outcome outcome = room.room.join(identity, JoinRequest.of(request, "websocket"), clock.instant());
        if (room.room.contains(participant)) {
            connection.participant = participant;
            connection.room = room;
            if (admitted.guestSubject() != null) {
                room.guestSources.put(participant, guestSource);
                room.guestSubjects.put(participant, admitted.guestSubject());
            }
            // Registered once the participant is in, so a close at any moment after reaches the room
            // (a listener added to a channel that has already closed runs at once).
            channel.closeFuture().addListener(closed -> room.executor.execute(() -> {
                if (room.channels.get(participant) == channel) {
                    room.channels.remove(participant);
                    room.guestSubjects.remove(participant);
                    room.guestSources.remove(participant);
                    apply(room, room.room.disconnect(participant, clock.instant()));
                }
            }));
        } else {
            connection.joining = false;
        }
        apply(room, outcome);
        if (!room.room.contains(participant)) {
            room.channels.remove(participant);
        }
    }

    private EventExecutor executorFor(String meetingId) {
        return roomExecutors.get(Math.floorMod(meetingId.hashCode(), roomExecutors.size()));
    }

    /**
     * Who joins which meeting, once the token (and passcode) said they may.
     *
     * @param guestSubject the guest ticket's subject, or null for a signed-in user
     */
    private record Admitted(Identity identity, Meeting meeting, String guestSubject) {
    }

    /** Who is joining, from the join's token (and passcode); refuses with the reason otherwise. */
    private Admitted identify(Connection connection, ClientMessage.JoinMeeting join) throws JoinRefused, SQLException {
        if (join.token() == null || join.token().isBlank()) {
            throw new JoinRefused(ErrorCode.UNAUTHENTICATED,
                    "join_meeting needs a token: POST /api/meetings/{id}/join gives one", false);
        }
        AccessToken token;
        try {
            token = authentication.verify(join.token(), connection.remoteAddress, "signaling join_meeting");
        } catch (ApiException e) {
            throw new JoinRefused(ErrorCode.UNAUTHENTICATED, e.getMessage(), false);
        }
        char[] passcode = join.passcode() == null ? null : join.passcode().toCharArray();
        Optional<MeetingStore.Stored> stored = meetings.findTyped(join.meetingId());
        List<GuessKey> keys = GuessGate.passcodeKeys(connection.remoteAddress, join.meetingId(), stored);
        if (stored.isEmpty()) {
            if (token.isGuest()) {
                // A guest's ticket names its meeting: no passcode is checked, so there is nothing to guess.
                throw notAdmitted();
            }
            guarded(keys);
            guessed(() -> {
                Meeting.spendAsAWrongPasscode(passcode, hasher);
                return null;
            });
            if (passcode != null) {
                guesses.wrong(keys, null, token.subject(), "meeting.join", connection.remoteAddress);
            }
            throw notAdmitted();
        }
        Meeting meeting = stored.get().meeting();
        MeetingId id = meeting.id();
        // A guest ticket issued before the passcode changed is revoked: the new passcode is needed again.
        if (token.isGuest() && (!token.admitsTo(id.digits()) || !token.issuedUnderPasscode(meeting.passcodeStamp()))) {
            throw notAdmitted();
        }
        Validated<DisplayName> name = DisplayName.parse(join.displayName());
        if (!name.isAccepted()) {
            throw new JoinRefused(ErrorCode.INVALID_FIELD, "displayName: " + name.errors().get(0).message(), true);
        }
        if (token.isGuest()) {
            if (meeting.status() == MeetingStatus.ENDED) {
                throw new JoinRefused(ErrorCode.MEETING_ENDED, "the meeting has ended", false);
            }
            // The passcode was checked when the guest token was issued. A new participant id per
            // presence: the same guest in a second tab, or back after a refresh, is a new presence.
            return new Admitted(new Identity(new ParticipantId("g-" + UUID.randomUUID()), null, meeting.accountId(),
                    ParticipantRole.GUEST, name.orElseThrow().value(), connection.remoteAddress), meeting, token.subject());
        }
        boolean controls = meeting.controlledBy(token);
        if (!controls && meeting.requiresPasscode()) {
            guarded(keys);
            if (!guessed(() -> meeting.admitsWithPasscode(passcode, hasher))) {
                audit.record(meeting.accountId(), token.subject(), "meeting.join", "meeting:" + id.digits(),
                        AuditOutcome.DENIED, passcode == null ? "passcode missing" : "wrong passcode", connection.remoteAddress);
                if (passcode != null) {
                    guesses.wrong(keys, meeting.accountId(), token.subject(), "meeting.join", connection.remoteAddress);
                }
                throw notAdmitted();
            }
        }
        // Only someone who may enter learns that the meeting is over.
        if (meeting.status() == MeetingStatus.ENDED) {
            throw new JoinRefused(ErrorCode.MEETING_ENDED, "the meeting has ended", false);
        }
        return new Admitted(new Identity(new ParticipantId("p-" + UUID.randomUUID()), token.subject(), token.accountId(),
                controls ? ParticipantRole.HOST : ParticipantRole.PARTICIPANT, name.orElseThrow().value(),
                connection.remoteAddress), meeting, null);
    }

    /** Refuses the join unchecked while its address or meeting is locked out (see {@link GuessGate}). */
    private void guarded(List<GuessKey> keys) throws JoinRefused {
        try {
            guesses.admit(keys);
        } catch (ApiException e) {
            throw new JoinRefused(ErrorCode.RATE_LIMITED, e.getMessage(), false);
        }
    }

    /** Argon2 work on the bounded pool; BUSY when its queue is full. */
    private <T> T guessed(java.util.concurrent.Callable<T> work) throws JoinRefused {
        try {
            return guesses.argon2(work);
        } catch (ApiException e) {
            throw new JoinRefused(ErrorCode.BUSY, e.getMessage(), false);
        }
    }

    private static MeetingInfo info(Meeting meeting) {
        return new MeetingInfo(meeting.id().digits(), meeting.accountId(), meeting.hostUserId(), meeting.topic(),
                io.confab.storage.events.MeetingType.valueOf(meeting.type().name()), meeting.settings());
    }

    /** {@link Meeting#NOT_ADMITTED} in signaling: the code a meeting that does not exist gets. */
    private static JoinRefused notAdmitted() {
        return new JoinRefused(ErrorCode.NO_SUCH_MEETING, Meeting.NOT_ADMITTED, false);
    }

    /** A join that cannot go on: the error code and message for the client, and whether to keep the socket. */
    private static final class JoinRefused extends Exception {
        final ErrorCode code;
        final boolean keepConnection;

        JoinRefused(ErrorCode code, String message, boolean keepConnection) {
            super(message);
            this.code = code;
            this.keepConnection = keepConnection;
        }
    }

    // ---- outcomes: on the room's executor ----

    private void apply(LiveRoom room, Outcome outcome) {
        for (MeetingEvent event : outcome.events()) {
            sink.meetingEvent(event, stateChange(room, event));
            if (event.getPayload() instanceof ParticipantKicked kicked) {
                ParticipantId gone = new ParticipantId(kicked.getParticipantId());
                String subject = room.guestSubjects.get(gone);
                if (subject != null) {
                    room.removedGuests.add(subject);
                    String source = room.guestSources.get(gone);
                    if (source != null) {
                        room.removedGuestSources.add(source);
                    }
                }
            }
        }
        for (AuditEntry entry : outcome.audit()) {
            sink.audit(entry);
        }
        if (!outcome.media().isEmpty()) {
            MediaPlane.MeetingRef ref = new MediaPlane.MeetingRef(room.meetingId.digits(), room.accountId);
            for (MediaCommand command : outcome.media()) {
                media.apply(ref, command);
            }
        }
        for (Delivery delivery : outcome.deliveries()) {
            String frame = codec.serialize(delivery.message());
            for (ParticipantId recipient : delivery.recipients()) {
                Channel channel = room.channels.get(recipient);
                if (channel == null) {
                    continue;
                }
                if (channel.isWritable()) {
                    channel.writeAndFlush(new TextWebSocketFrame(frame));
                } else {
                    // A megabyte of signaling queued: the client stopped reading. Dropping it (its close
                    // listener then takes it out of the meeting) keeps its backlog from growing without bound.
                    slowConsumersClosed.incrementAndGet();
                    channel.close();
                }
            }
        }
        for (ParticipantId participant : outcome.closeConnections()) {
            Channel channel = room.channels.remove(participant);
            if (channel != null) {
                Connection connection = channel.attr(Connection.KEY).get();
                if (connection != null) {
                    connection.room = null;
                }
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "removed from the meeting"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
        scheduleEnd(room, outcome.status());
    }

    /** The empty-room grace timer, and forgetting a room that ended. */
    private void scheduleEnd(LiveRoom room, RoomStatus status) {
        if (status == RoomStatus.EMPTY) {
            if (room.emptyTimer == null) {
                room.emptyTimer = room.executor.schedule(() -> {
                    room.emptyTimer = null;
                    apply(room, room.room.endBecauseEmpty(clock.instant()));
                }, emptyGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (room.emptyTimer != null) {
            room.emptyTimer.cancel(false);
            room.emptyTimer = null;
        }
        if (status == RoomStatus.ENDED) {
            room.ended = true;
            rooms.remove(room.meetingId.digits(), room);
        }
    }

    /**
     * The change to the meeting's row in PostgreSQL (status, running recording) that an event
     * describes; the outbox stores it in one transaction with the event.
     */
    private StateChange stateChange(LiveRoom room, MeetingEvent event) {
        Object payload = event.getPayload();
        Instant at = event.getOccurredAt();
        MeetingId id = room.meetingId;
        if (payload instanceof MeetingStarted) {
            return connection -> meetings.markStarted(connection, id, at);
        } else if (payload instanceof MeetingEnded) {
            return connection -> meetings.markEnded(connection, id, at);
        } else if (payload instanceof RecordingStarted started) {
            return connection -> meetings.setRecording(connection, id, started.getRecordingId());
        } else if (payload instanceof RecordingStopped) {
            return connection -> meetings.setRecording(connection, id, null);
        }
        return StateChange.NONE;
    }

    /** Waits until every event so far, and the status it changes, is in PostgreSQL (the REST end answers with the new status). */
    private void awaitStatusWrites() {
        if (!sink.flush(Duration.ofSeconds(10))) {
            LOG.warn("meeting events take over 10 s to reach PostgreSQL");
        }
    }

    // ---- the SFU's calls back into live meetings ----

    /** Attaches the media plane; before this, media commands go nowhere. */
    public void attachMedia(MediaPlane media) {
        this.media = media;
    }

    /** SDP from the SFU for one participant; dropped when the meeting or the participant is gone. */
    public void fromMedia(String meetingId, ParticipantId to, ServerMessage.Negotiation signal) {
        LiveRoom room = rooms.get(meetingId);
        if (room != null) {
            room.executor.execute(() -> apply(room, room.room.relayFromMedia(to, signal)));
        }
    }

    /** The SFU's dominant speaker changed in a meeting. */
    public void activeSpeaker(String meetingId, ParticipantId speaker) {
        LiveRoom room = rooms.get(meetingId);
        if (room != null) {
            room.executor.execute(() -> apply(room, room.room.activeSpeakerChanged(speaker, clock.instant())));
        }
    }

    /**
     * A caption for a meeting; false when it has no live room on this node. The room checks that
     * the caption is of its own run and sends it to everyone in the meeting.
     */
    public boolean deliverCaption(LiveCaption caption) {
        LiveRoom room = rooms.get(caption.meetingId());
        if (room == null) {
            return false;
        }
        room.executor.execute(() -> apply(room, room.room.caption(caption.meetingStartedAt(), caption.message())));
        return true;
    }

    // ---- the meeting service's calls into live meetings ----

    @Override
    public boolean endForAll(String meetingId, AccessToken by) {
        LiveRoom room = rooms.get(meetingId);
        if (room == null) {
            return false;
        }
        try {
            boolean wasLive = onRoom(room, () -> {
                boolean live = room.room.status() != RoomStatus.ENDED;
                apply(room, room.room.end(MeetingEndReason.ENDED_BY_HOST, clock.instant()));
                return live;
            });
            awaitStatusWrites();
            return wasLive;
        } catch (ApiException e) {
            return false;
        }
    }

    @Override
    public String startRecording(String meetingId, AccessToken by, RecordingOptions options) throws ApiException {
        LiveRoom room = liveRoom(meetingId);
        String recordingId = onRoom(room, () -> {
            Optional<String> refusal = room.room.recordingRefusal();
            if (refusal.isPresent()) {
                throw ApiException.conflict(refusal.get());
            }
            Outcome outcome = room.room.startRecordingForUser(by.subject(), options, null, clock.instant());
            apply(room, outcome);
            return outcome.events().stream().map(MeetingEvent::getPayload)
                    .filter(RecordingStarted.class::isInstance).map(p -> ((RecordingStarted) p).getRecordingId())
                    .findFirst().orElseThrow();
        });
        // The caller may read the meeting back at once: answer only once its recording id is stored.
        awaitStatusWrites();
        return recordingId;
    }

    @Override
    public String stopRecording(String meetingId, AccessToken by) throws ApiException {
        LiveRoom room = liveRoom(meetingId);
        String recordingId = onRoom(room, () -> {
            if (!room.room.isRecording()) {
                throw ApiException.conflict("the meeting is not being recorded");
            }
            Outcome outcome = room.room.stopRecordingForUser(by.subject(), null, clock.instant());
            apply(room, outcome);
            return outcome.events().stream().map(MeetingEvent::getPayload)
                    .filter(RecordingStopped.class::isInstance).map(p -> ((RecordingStopped) p).getRecordingId())
                    .findFirst().orElseThrow();
        });
        awaitStatusWrites();
        return recordingId;
    }

    private LiveRoom liveRoom(String meetingId) throws ApiException {
        LiveRoom room = rooms.get(meetingId);
        if (room == null) {
            throw ApiException.conflict("the meeting is not running");
        }
        return room;
    }

    private <T> T onRoom(LiveRoom room, Callable<T> work) throws ApiException {
        try {
            return room.executor.submit(work).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(503, "BUSY", "the meeting did not answer in time; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "BUSY", "interrupted");
        }
    }

    private static Map<ErrorCode, LongAdder> counters() {
        Map<ErrorCode, LongAdder> counters = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            counters.put(code, new LongAdder());
        }
        return counters;
    }

    /** Frames refused at the edge since start with {@code code} (RATE_LIMITED, TOO_LARGE, MALFORMED_JSON, ...). */
    public long refusedFrames(ErrorCode code) {
        return refusedFrames.get(code).sum();
    }

    /** Joins refused since start with {@code code}. */
    public long refusedJoins(ErrorCode code) {
        return refusedJoins.get(code).sum();
    }

    /** Frames refused with BUSY because their room, or the node, had too much waiting ({@link InboundBacklog}). */
    public long busyRefusals() {
        return backlog.refused();
    }

    /** Connections closed because their client stopped reading (256 KiB of signaling queued). */
    public long slowConsumersClosed() {
        return slowConsumersClosed.get();
    }

    public int liveMeetings() {
        return rooms.size();
    }

    private void send(Channel channel, ServerMessage message) {
        channel.writeAndFlush(new TextWebSocketFrame(codec.serialize(message)));
    }

    private void sendAndClose(Channel channel, ServerMessage message, int code) {
        channel.writeAndFlush(new TextWebSocketFrame(codec.serialize(message)));
        channel.writeAndFlush(new CloseWebSocketFrame(code, "join refused")).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends every live meeting (server shutdown), then stops the room executors. */
    @Override
    public void close() {
        for (LiveRoom room : rooms.values()) {
            try {
                onRoom(room, () -> {
                    apply(room, room.room.end(MeetingEndReason.SERVER_SHUTDOWN, clock.instant()));
                    return null;
                });
            } catch (ApiException e) {
                LOG.warn("meeting {} did not end cleanly at shutdown", room.meetingId);
            }
        }
        roomExecutorGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        sink.flush(Duration.ofSeconds(10));
    }
}
