package io.confab.core.meetingservice;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.AccountStore;
import io.confab.core.accounts.DisplayName;
import io.confab.core.accounts.IssuedToken;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.Role;
import io.confab.core.accounts.TokenIssuer;
import io.confab.core.accounts.User;
import io.confab.core.events.EventSink;
import io.confab.core.events.StateChange;
import io.confab.core.guard.GuessKey;
import io.confab.core.http.ApiException;
import io.confab.core.http.Request;
import io.confab.core.http.Response;
import io.confab.core.http.Router;
import io.confab.core.meetings.Meeting;
import io.confab.core.meetings.MeetingId;
import io.confab.core.meetings.MeetingIdParse;
import io.confab.core.meetings.MeetingPlan;
import io.confab.core.meetings.MeetingStatus;
import io.confab.core.meetings.MeetingStore;
import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingDeleted;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingUpdated;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** {@code /api/meetings/*}: schedule, list, change, end and join meetings. */
public final class MeetingRoutes {

    record JoinBody(String displayName, String passcode) {
    }

    /** The optional body of POST .../recording/start; every field may be left out. */
    record RecordingBody(Boolean transcribe, String layout, Boolean audioOnly) {

        RecordingOptions options() throws ApiException {
            try {
                // Over REST a transcript is asked for explicitly: API clients pay for what they ask.
                return new RecordingOptions(Boolean.TRUE.equals(transcribe), RecordingOptions.layoutNamed(layout),
                        Boolean.TRUE.equals(audioOnly));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("layout " + e.getMessage() + ", was \"" + layout + "\"");
            }
        }
    }

    record JoinSummary(String id, String formattedId, String topic, String hostName, boolean waitingRoom) {
    }

    record JoinTicket(String token, String role, JoinSummary meeting, String signalingUrl,
                      List<IceServers.IceServer> iceServers) {
    }

    record RecordingAnswer(String recordingId) {
    }

    private static final int LIST_LIMIT = 200;
    private static final String NO_SUCH_MEETING = "no such meeting";
    private static final int OCCURRENCE_LIMIT = 500;

    private final MeetingStore meetings;
    private final AccountStore accounts;
    private final PasswordHash hasher;
    private final TokenIssuer tokens;
    private final Authentication authentication;
    private final Audit audit;
    private final EventSink events;
    private final LiveMeetings live;
    private final RandomGenerator random;
    private final Clock clock;
    private final IceServers iceServers;
    private final GuessGate guesses;

    public MeetingRoutes(MeetingStore meetings, AccountStore accounts, PasswordHash hasher, TokenIssuer tokens,
                         Authentication authentication, Audit audit, EventSink events, LiveMeetings live,
                         IceServers iceServers, GuessGate guesses, RandomGenerator random, Clock clock) {
        this.iceServers = iceServers;
        this.guesses = guesses;
        this.meetings = meetings;
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.authentication = authentication;
        this.audit = audit;
        this.events = events;
        this.live = live;
        this.random = random;
        this.clock = clock;
    }

    public void register(Router router) {
        router.post("/api/meetings", this::create)
                .get("/api/meetings", this::list)
                .get("/api/meetings/{id}", this::get)
                .patch("/api/meetings/{id}", this::update)
                .delete("/api/meetings/{id}", this::delete)
                .post("/api/meetings/{id}/end", this::end)
                .get("/api/meetings/{id}/occurrences", this::occurrences)
                .post("/api/meetings/{id}/recording/start", this::startRecording)
                .post("/api/meetings/{id}/recording/stop", this::stopRecording)
                .post("/api/meetings/{id}/join", this::join);
    }

    private Response create(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        if (!token.role().maySchedule()) {
            throw ApiException.forbidden("your role " + token.role() + " may not schedule meetings");
        }
        MeetingPlan plan = Problems.accept(request.json(MeetingViews.MeetingRequest.class).draft().validateNew());
        Instant now = clock.instant();
        try {
            Meeting meeting;
            while (true) {
                meeting = Meeting.create(MeetingId.generate(random), token.accountId(), token.subject(), plan, hasher, now);
                try {
                    // The row and its MeetingCreated commit together, in the outbox's next group.
                    events.storeWithEvent(created(meeting, token.subject(), now), inserting(meeting));
                    break;
                } catch (IdTaken e) {
                    // Drawn before: draw another.
                }
            }
            MeetingStore.Stored stored = new MeetingStore.Stored(meeting, null);
            return Response.created(MeetingViews.view(stored, now), "/api/meetings/" + meeting.id().digits());
        } catch (SQLException e) {
            throw new IllegalStateException("creating a meeting failed in the database", e);
        }
    }

    private Response list(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        if (token.isGuest()) {
            throw ApiException.forbidden("a guest has no meetings of their own; sign in");
        }
        try {
            Instant now = clock.instant();
            return Response.ok(new MeetingViews.MeetingList(meetings.hostedBy(token.subject(), LIST_LIMIT).stream()
                    .map(stored -> MeetingViews.view(stored, now)).toList()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response get(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        MeetingStore.Stored stored = inCallersAccount(find(request.param("id")), token);
        if (token.isGuest()) {
            throw ApiException.forbidden("a guest may join this meeting but not read its settings; sign in");
        }
        return Response.ok(MeetingViews.view(stored, clock.instant()));
    }

    private Response update(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        MeetingStore.Stored stored = controlled(request, token, "meeting.update");
        MeetingPlan plan = Problems.accept(request.json(MeetingViews.MeetingRequest.class).draft()
                .validateUpdate(stored.meeting()));
        Meeting updated = stored.meeting().update(plan, hasher);
        try {
            events.storeWithEvent(updated(updated, token.subject(), clock.instant()),
                    connection -> meetings.update(connection, updated));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        audited(token, request, "meeting.update", updated);
        return Response.ok(MeetingViews.view(new MeetingStore.Stored(updated, stored.recordingId()), clock.instant()));
    }

    private Response delete(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        MeetingStore.Stored stored = controlled(request, token, "meeting.delete");
        live.endForAll(stored.meeting().id().digits(), token);
        try {
            events.storeWithEvent(deleted(stored.meeting(), token.subject(), clock.instant()),
                    connection -> meetings.delete(connection, stored.meeting().id()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        audited(token, request, "meeting.delete", stored.meeting());
        return Response.noContent();
    }

    private Response end(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        MeetingStore.Stored stored = controlled(request, token, "meeting.end");
        if (!live.endForAll(stored.meeting().id().digits(), token)) {
            throw ApiException.conflict("meeting " + stored.meeting().id().formatted() + " is not running");
        }
        audited(token, request, "meeting.end", stored.meeting());
        return Response.ok(MeetingViews.view(find(stored.meeting().id().digits()), clock.instant()));
    }

    private Response occurrences(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        Meeting meeting = inCallersAccount(find(request.param("id")), token).meeting();
        if (token.isGuest()) {
            throw ApiException.forbidden("a guest may join this meeting but not read its schedule; sign in");
        }
        int limit;
        Optional<Instant> from;
        Optional<Instant> to;
        try {
            limit = request.query("limit").map(MeetingRoutes::positive).orElse(50);
            from = request.query("from").map(Instant::parse);
            to = request.query("to").map(Instant::parse);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("query parameters: limit is a positive number, from and to are instants"
                    + " like 2026-12-01T00:00:00Z");
        }
        var list = from.isPresent() || to.isPresent()
                ? meeting.occurrencesBetween(from.orElse(Instant.EPOCH), to.orElse(clock.instant().plus(Duration.ofDays(3660))))
                : meeting.occurrences(Math.min(limit, OCCURRENCE_LIMIT));
        return Response.ok(new MeetingViews.OccurrenceList(list.stream().limit(Math.min(limit, OCCURRENCE_LIMIT))
                .map(MeetingViews::view).toList()));
    }

    private Response startRecording(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        RecordingOptions options = request.hasBody() ? request.json(RecordingBody.class).options()
                : new RecordingOptions(false, null, false);
        MeetingStore.Stored stored = controlled(request, token, "recording.start");
        if (!stored.meeting().settings().allowRecording()) {
            throw ApiException.forbidden("recording is not allowed in this meeting (setting allowRecording is off)");
        }
        String recordingId = live.startRecording(stored.meeting().id().digits(), token, options);
        audited(token, request, "recording.start", stored.meeting());
        return Response.ok(new RecordingAnswer(recordingId));
    }

    private Response stopRecording(Request request) throws ApiException {
        AccessToken token = authentication.require(request);
        MeetingStore.Stored stored = controlled(request, token, "recording.stop");
        String recordingId = live.stopRecording(stored.meeting().id().digits(), token);
        audited(token, request, "recording.stop", stored.meeting());
        return Response.ok(new RecordingAnswer(recordingId));
    }

    /**
     * A ticket into a meeting's signaling. Signed-in users keep their identity (and are HOST in the
     * meetings they control); anyone else joins as a guest with a display name. The passcode is
     * required of everyone but the meeting's host and account owner.
     */
    private Response join(Request request) throws ApiException {
        Optional<AccessToken> caller = authentication.optional(request);
        JoinBody body = request.json(JoinBody.class);
        DisplayName name = Problems.accept(DisplayName.parse(body.displayName()));
        char[] passcode = body.passcode() == null ? null : body.passcode().toCharArray();
        // Keyed by the typed id's digits, which are the found meeting's: known before any lookup.
        List<GuessKey> keys = GuessGate.passcodeKeys(request.remoteAddress(), request.param("id"), Optional.empty());
        if (caller.isEmpty()) {
            // A locked-out guesser is refused before the database is asked: a flood of them costs a map lookup each.
            guesses.admit(keys);
        }
        Optional<MeetingStore.Stored> found;
        try {
            found = meetings.findTyped(request.param("id"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String actor = caller.map(AccessToken::subject).orElse("anonymous");
        if (found.isEmpty()) {
            // As for a meeting with a passcode: refused while locked out, the Argon2 work, the guess counted.
            guesses.admit(keys);
            guesses.argon2(() -> {
                Meeting.spendAsAWrongPasscode(passcode, hasher);
                return null;
            });
            if (passcode != null) {
                guesses.wrong(keys, null, actor, "meeting.join", request.remoteAddress());
            }
            throw notAdmitted();
        }
        Meeting meeting = found.get().meeting();
        boolean controls = caller.map(meeting::controlledBy).orElse(false);
        if (!controls && meeting.requiresPasscode()) {
            guesses.admit(keys);
            if (!guesses.argon2(() -> meeting.admitsWithPasscode(passcode, hasher))) {
                audit.record(meeting.accountId(), actor, "meeting.join",
                        "meeting:" + meeting.id().digits(), AuditOutcome.DENIED,
                        passcode == null ? "passcode missing" : "wrong passcode", request.remoteAddress());
                // A missing passcode is a question (does this meeting need one?), not a guess.
                if (passcode != null) {
                    guesses.wrong(keys, meeting.accountId(), actor, "meeting.join", request.remoteAddress());
                }
                throw notAdmitted();
            }
        }
        // Only someone who may enter learns that the meeting is over.
        if (meeting.status() == MeetingStatus.ENDED) {
            throw ApiException.conflict("meeting " + meeting.id().formatted() + " has ended");
        }
        // Participant ids are per presence: `joined` gives each connection its own.
        String token;
        String role;
        if (caller.isPresent() && !caller.get().isGuest()) {
            token = request.bearerToken().orElseThrow();
            role = controls ? "HOST" : "PARTICIPANT";
        } else {
            IssuedToken guest = tokens.issueForGuest("guest-" + UUID.randomUUID(), meeting.accountId(), meeting.id().digits(),
                    meeting.passcodeStamp());
            token = guest.bearer();
            role = Role.GUEST.name();
        }
        String hostName = hostName(meeting);
        String who = caller.filter(t -> !t.isGuest()).map(AccessToken::subject).orElse("guest-" + UUID.randomUUID());
        return Response.ok(new JoinTicket(token, role,
                new JoinSummary(meeting.id().digits(), meeting.id().formatted(), meeting.topic(), hostName,
                        meeting.settings().waitingRoom()), "/ws", iceServers.forJoiner(who)));
    }

    private String hostName(Meeting meeting) {
        try {
            return accounts.findById(meeting.hostUserId()).map(User::displayName).orElse("");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link Meeting#NOT_ADMITTED} over REST: a 404, like a meeting that does not exist. */
    static ApiException notAdmitted() {
        return ApiException.notFound(Meeting.NOT_ADMITTED);
    }

    /** The meeting named in the path; a mistyped id is "no such meeting" without a database lookup. */
    private MeetingStore.Stored find(String typed) throws ApiException {
        MeetingIdParse parsed = MeetingId.parse(typed);
        if (parsed instanceof MeetingIdParse.Refused refused) {
            throw ApiException.notFound(refused.reason().message());
        }
        MeetingId id = ((MeetingIdParse.Found) parsed).id();
        try {
            return meetings.find(id).orElseThrow(() -> ApiException.notFound(NO_SUCH_MEETING));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The meeting in the path, when the caller is its host or account owner; else an audit entry and
     * 403 within its account, 404 from outside it.
     */
    private MeetingStore.Stored controlled(Request request, AccessToken token, String action) throws ApiException {
        MeetingStore.Stored stored = find(request.param("id"));
        if (!stored.meeting().controlledBy(token)) {
            audit.record(token.accountId(), token.subject(), action, "meeting:" + stored.meeting().id().digits(),
                    AuditOutcome.DENIED, "not the host or account owner", request.remoteAddress());
            inCallersAccount(stored, token);
            throw ApiException.forbidden("only the meeting's host or account owner may do this");
        }
        return stored;
    }

    /**
     * {@code stored} when it belongs to the caller's account; otherwise the very answer a meeting that
     * does not exist gets, so no token (a guest's is easy to come by) learns which ids exist elsewhere.
     */
    private static MeetingStore.Stored inCallersAccount(MeetingStore.Stored stored, AccessToken token) throws ApiException {
        if (!stored.meeting().accountId().equals(token.accountId())) {
            throw ApiException.notFound(NO_SUCH_MEETING);
        }
        return stored;
    }

    private void audited(AccessToken token, Request request, String action, Meeting meeting) {
        audit.record(meeting.accountId(), token.subject(), action, "meeting:" + meeting.id().digits(),
                AuditOutcome.SUCCESS, null, request.remoteAddress());
    }

    /** A drawn meeting id that is taken: the insert's savepoint is rolled back with its event, and another is drawn. */
    private static final class IdTaken extends SQLException {
        IdTaken(MeetingId id) {
            super("meeting id " + id.digits() + " is taken");
        }
    }

    /** The new meeting's row, in the outbox's transaction; throws {@link IdTaken} when its id is taken. */
    private StateChange inserting(Meeting meeting) {
        return connection -> {
            if (!meetings.insert(connection, meeting)) {
                throw new IdTaken(meeting.id());
            }
        };
    }

    /** The MeetingCreated event of a new meeting (or a new user's personal room). */
    static MeetingEvent created(Meeting meeting, String actorUserId, Instant now) {
        return event(meeting, actorUserId, now, MeetingCreated.newBuilder()
                .setTopic(meeting.topic())
                .setHostUserId(meeting.hostUserId())
                .setMeetingType(io.confab.storage.events.MeetingType.valueOf(meeting.type().name()))
                .setScheduledStart(meeting.startTime())
                .setDurationMinutes(meeting.durationMinutes())
                .setTimeZone(meeting.timeZone().getId())
                .setSettings(meeting.settings().toEvent())
                .build());
    }

    /** The whole description after the change, so the warehouse needs no earlier event to know the meeting. */
    static MeetingEvent updated(Meeting meeting, String actorUserId, Instant now) {
        return event(meeting, actorUserId, now, MeetingUpdated.newBuilder()
                .setTopic(meeting.topic())
                .setMeetingType(io.confab.storage.events.MeetingType.valueOf(meeting.type().name()))
                .setScheduledStart(meeting.startTime())
                .setDurationMinutes(meeting.durationMinutes())
                .setTimeZone(meeting.timeZone().getId())
                .setSettings(meeting.settings().toEvent())
                .build());
    }

    static MeetingEvent deleted(Meeting meeting, String actorUserId, Instant now) {
        return event(meeting, actorUserId, now, MeetingDeleted.newBuilder().build());
    }

    private static MeetingEvent event(Meeting meeting, String actorUserId, Instant now, Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId(meeting.accountId())
                .setMeetingId(meeting.id().digits())
                .setOccurredAt(now)
                .setActorUserId(actorUserId)
                .setPayload(payload)
                .build();
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a positive number");
        }
    }
}
