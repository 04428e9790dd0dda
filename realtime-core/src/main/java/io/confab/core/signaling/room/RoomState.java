package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.signaling.protocol.MeetingState;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.PresenceEntry;
import io.confab.core.signaling.protocol.WaitingEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The live state of one meeting. Members and waiters are kept in arrival order, because host
 * hand-over picks the longest-present participant and the waiting list is shown oldest first
 * ({@link LinkedHashMap} keeps the first insertion's place when a member's record is replaced).
 * Not thread-safe: see {@link Room}.
 */
final class RoomState {

    enum Lifecycle { NOT_STARTED, RUNNING, ENDED }

    /** A running cloud recording. */
    record Recording(String recordingId, boolean transcribe, Instant startedAt) {
    }

    private final MeetingInfo meeting;
    private final LinkedHashMap<ParticipantId, Member> members = new LinkedHashMap<>();
    private final LinkedHashMap<ParticipantId, Waiter> waiting = new LinkedHashMap<>();
    /** Signed-in users a host removed; they may not rejoin this run of the meeting. */
    private final Set<String> removedUsers = new HashSet<>();
    private Lifecycle lifecycle = Lifecycle.NOT_STARTED;
    /** The time of this run's {@code MeetingStarted}: with the meeting id, it names the run. */
    private Instant startedAt;
    private boolean locked;
    private Recording recording;
    private ParticipantId activeSpeaker;

    RoomState(MeetingInfo meeting) {
        this.meeting = meeting;
    }

    MeetingInfo meeting() {
        return meeting;
    }

    MeetingSettings settings() {
        return meeting.settings();
    }

    Optional<Member> member(ParticipantId id) {
        return Optional.ofNullable(members.get(id));
    }

    Optional<Waiter> waiter(ParticipantId id) {
        return Optional.ofNullable(waiting.get(id));
    }

    boolean contains(ParticipantId id) {
        return members.containsKey(id) || waiting.containsKey(id);
    }

    void put(Member member) {
        members.put(member.id(), member);
    }

    void removeMember(ParticipantId id) {
        members.remove(id);
        if (id.equals(activeSpeaker)) {
            activeSpeaker = null;
        }
    }

    void put(Waiter waiter) {
        waiting.put(waiter.id(), waiter);
    }

    void removeWaiter(ParticipantId id) {
        waiting.remove(id);
    }

    /** Everyone leaves at once: the meeting ended. */
    void clearPeople() {
        members.clear();
        waiting.clear();
        activeSpeaker = null;
    }

    /** In arrival order. */
    List<Member> members() {
        return List.copyOf(members.values());
    }

    /** Oldest first. */
    List<Waiter> waiters() {
        return List.copyOf(waiting.values());
    }

    List<ParticipantId> memberIds() {
        return List.copyOf(members.keySet());
    }

    List<ParticipantId> hostIds() {
        List<ParticipantId> hosts = new ArrayList<>();
        for (Member member : members.values()) {
            if (member.isHost()) {
                hosts.add(member.id());
            }
        }
        return hosts;
    }

    List<ParticipantId> waiterIds() {
        return List.copyOf(waiting.keySet());
    }

    boolean hostPresent() {
        return members.values().stream().anyMatch(Member::isHost);
    }

    List<PresenceEntry> presence() {
        return members.values().stream().map(Member::presence).toList();
    }

    List<WaitingEntry> waitingList() {
        return waiting.values().stream().map(Waiter::entry).toList();
    }

    MeetingState meetingState() {
        return new MeetingState(meeting.meetingId(), meeting.topic(), locked, recording != null,
                recording == null ? null : recording.recordingId(), activeSpeaker);
    }

    RoomStatus status() {
        if (lifecycle == Lifecycle.ENDED) {
            return RoomStatus.ENDED;
        }
        return members.isEmpty() && waiting.isEmpty() ? RoomStatus.EMPTY : RoomStatus.OPEN;
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    void lifecycle(Lifecycle next) {
        lifecycle = next;
    }

    Instant startedAt() {
        return startedAt;
    }

    void startedAt(Instant at) {
        startedAt = at;
    }

    boolean locked() {
        return locked;
    }

    void locked(boolean on) {
        locked = on;
    }

    Optional<Recording> recording() {
        return Optional.ofNullable(recording);
    }

    void recording(Recording running) {
        recording = running;
    }

    ParticipantId activeSpeaker() {
        return activeSpeaker;
    }

    void activeSpeaker(ParticipantId speaker) {
        activeSpeaker = speaker;
    }

    boolean removed(String userId) {
        return userId != null && removedUsers.contains(userId);
    }

    void remember(String removedUserId) {
        if (removedUserId != null) {
            removedUsers.add(removedUserId);
        }
    }
}
