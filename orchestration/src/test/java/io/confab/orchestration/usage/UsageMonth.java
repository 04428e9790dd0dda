package io.confab.orchestration.usage;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A generated month of meetings for the usage tests, as the facts (meetings, presences,
 * recordings, segments) and as the Kafka records that describe them, in a send order with
 * duplicates, late leaves, leaves before their joins, missing leaves, meetings without an end,
 * reconnects, sessions across midnight, interim transcript segments and repeated artifacts.
 */
final class UsageMonth {

    static final long MINUTE = 60_000;
    static final long DAY = 86_400_000L;

    record Presence(String account, String meeting, String participantId, String person, String userId, String name,
                    long join, Long leave) {
    }

    record Artifact(String recordingId, ArtifactKind kind, String s3Key, long size, Long durationMs, long createdAt) {
    }

    record Segment(String segmentId, long meetingStart, long startOffset, long endOffset) {
    }

    record Meeting(String account, String id, long start, Long end, List<Presence> presences, List<Artifact> artifacts,
                   List<Segment> segments) {
    }

    /** One record to produce, with the time it is sent at in the month's own order. */
    record Outgoing(long sendAt, long seq, ProducerRecord<String, byte[]> record) {
    }

    final List<String> accounts;
    final long firstDay;
    final int days;
    final List<Meeting> meetings = new ArrayList<>();
    final List<Outgoing> outgoing = new ArrayList<>();
    private final Random random;
    private final String run;
    private long seq;

    UsageMonth(List<String> accounts, long firstDay, int days, long seed) {
        this.accounts = accounts;
        this.firstDay = firstDay;
        this.days = days;
        this.random = new Random(seed);
        this.run = UUID.randomUUID().toString().substring(0, 8);
        for (int day = 0; day < days; day++) {
            for (String account : accounts) {
                int count = random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    meeting(account, firstDay + day * DAY, day);
                }
            }
        }
        outgoing.sort(Comparator.comparingLong(Outgoing::sendAt).thenComparingLong(Outgoing::seq));
    }

    List<ProducerRecord<String, byte[]>> records() {
        return outgoing.stream().map(Outgoing::record).toList();
    }

    private void meeting(String account, long dayStart, int day) {
        String id = "um-" + run + "-" + meetings.size();
        long start = dayStart + random.nextInt(24 * 60) * MINUTE + random.nextInt(60) * 1000L;
        long duration = (10 + random.nextInt(170)) * MINUTE;
        long plannedEnd = start + duration;
        boolean hasEnd = random.nextDouble() < 0.9;
        boolean timeout = !hasEnd && day < days - 3 && random.nextDouble() < 0.4;
        List<Presence> presences = new ArrayList<>();
        int people = 1 + random.nextInt(5);
        for (int p = 0; p < people; p++) {
            boolean guest = random.nextDouble() < 0.2;
            String userId = guest ? null : "user-" + account + "-" + random.nextInt(8);
            String name = guest ? "Guest " + run + " " + p : "Name " + userId;
            String person = guest ? "guest:" + name : userId;
            if (presences.stream().anyMatch(x -> x.person().equals(person))) {
                continue;
            }
            long join = start + (long) (random.nextDouble() * duration / 3);
            long leave = join + MINUTE + (long) (random.nextDouble() * (plannedEnd - join - MINUTE));
            if (random.nextDouble() < 0.15 && leave - join > 10 * MINUTE) {
                // A reconnect: out, and back under a new participant id after a gap around the 2 min grace.
                long out = join + (leave - join) / 2;
                long back = out + (10 + random.nextInt(170)) * 1000L;
                presences.add(new Presence(account, id, "p-" + presences.size() + "-" + run, person, userId, name, join, out));
                presences.add(new Presence(account, id, "p-" + presences.size() + "-" + run, person, userId, name, back,
                        Math.max(back + 1000, leave)));
            } else {
                if (random.nextDouble() < 0.08) {
                    leave = join + (1 + random.nextInt(4)) * MINUTE;   // short: its Left may come before its Joined
                }
                Long closed = leave;
                if (hasEnd && random.nextDouble() < 0.1) {
                    closed = null;
                }
                presences.add(new Presence(account, id, "p-" + presences.size() + "-" + run, person, userId, name, join, closed));
            }
        }
        if (timeout) {
            Presence first = presences.get(0);
            presences.set(0, new Presence(first.account(), id, first.participantId(), first.person(), first.userId(), first.name(),
                    first.join(), null));
        }
        long end = presences.stream().filter(p -> p.leave() != null).mapToLong(Presence::leave).max().orElse(plannedEnd);
        end = Math.max(end, plannedEnd);
        Long meetingEnd = hasEnd ? end : null;
        List<Artifact> artifacts = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        if (hasEnd && random.nextDouble() < 0.3) {
            String recording = "rec-" + id;
            long created = end + (30 + random.nextInt(270)) * 1000L;
            long length = end - start;
            String prefix = "recordings/" + account + "/" + id + "/" + recording + "/";
            if (random.nextDouble() < 0.2) {
                artifacts.add(new Artifact(recording, ArtifactKind.M4A, prefix + "audio.m4a", 1000 + random.nextInt(100_000), length, created));
            } else {
                artifacts.add(new Artifact(recording, ArtifactKind.M4A, prefix + "audio.m4a", 1000 + random.nextInt(100_000), length, created));
                artifacts.add(new Artifact(recording, ArtifactKind.MP4, prefix + "recording.mp4", 100_000 + random.nextInt(1_000_000),
                        length + random.nextInt(500), created + random.nextInt(2000) - 1000));
                artifacts.add(new Artifact(recording, ArtifactKind.POSTER, prefix + "poster.jpg", 5000 + random.nextInt(5000), null, created + 2000));
            }
            int count = 2 + random.nextInt(5);
            for (int s = 0; s < count; s++) {
                long from = (long) (random.nextDouble() * (length - 20_000));
                segments.add(new Segment("seg-" + id + "-" + s, start, from, from + 1000 + random.nextInt(15_000)));
            }
        }
        Meeting meeting = new Meeting(account, id, start, meetingEnd, presences, artifacts, segments);
        meetings.add(meeting);
        emit(meeting);
    }

    private void emit(Meeting meeting) {
        meetingEvent(meeting, meeting.start(), meeting.start(), MeetingStarted.newBuilder().setTopic("t").setHostUserId("host")
                .setMeetingType(MeetingType.INSTANT).setSettings(MeetingSettings.newBuilder().setWaitingRoom(false)
                        .setJoinBeforeHost(true).setMuteOnEntry(false).setAllowRecording(true).setE2eeEnabled(false).build()).build());
        for (Presence presence : meeting.presences()) {
            meetingEvent(meeting, presence.join(), presence.join(), ParticipantJoined.newBuilder()
                    .setParticipantId(presence.participantId()).setUserId(presence.userId()).setDisplayName(presence.name())
                    .setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(false).build());
            if (presence.leave() != null) {
                double roll = random.nextDouble();
                long sendAt = presence.leave();
                // Only a short presence's Left overtakes its Joined: a Left far ahead in event time
                // would rightly make the meeting's other held Lefts late (USAGE.md grace).
                if (roll < 0.5 && presence.leave() - presence.join() <= 5 * MINUTE) {
                    sendAt = presence.join() - 1;                               // before its Joined
                } else if (roll < 0.10) {
                    sendAt = presence.leave() + (1 + random.nextInt(5)) * MINUTE;  // late, within the grace
                }
                boolean atEnd = meeting.end() != null && presence.leave().equals(meeting.end());
                meetingEvent(meeting, presence.leave(), sendAt, ParticipantLeft.newBuilder().setParticipantId(presence.participantId())
                        .setReason(atEnd ? LeaveReason.MEETING_ENDED : LeaveReason.LEFT).build());
            }
        }
        if (meeting.end() != null) {
            meetingEvent(meeting, meeting.end(), meeting.end(), MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build());
        }
        for (Artifact artifact : meeting.artifacts()) {
            byte[] bytes = Codecs.RECORDING_ARTIFACTS.encode(RecordingArtifact.newBuilder().setAccountId(meeting.account())
                    .setMeetingId(meeting.id()).setRecordingId(artifact.recordingId()).setKind(artifact.kind()).setS3Bucket("confab")
                    .setS3Key(artifact.s3Key()).setSizeBytes(artifact.size()).setDurationMs(artifact.durationMs())
                    .setContentType("application/octet-stream").setCreatedAt(Instant.ofEpochMilli(artifact.createdAt())).build());
            send(artifact.createdAt(), Topics.RECORDING_ARTIFACTS, meeting.id(), bytes);
            if (random.nextDouble() < 0.15) {
                send(artifact.createdAt() + 5000, Topics.RECORDING_ARTIFACTS, meeting.id(), bytes);
            }
        }
        for (Segment segment : meeting.segments()) {
            TranscriptSegment.Builder builder = TranscriptSegment.newBuilder().setMeetingId(meeting.id()).setAccountId(meeting.account())
                    .setSegmentId(segment.segmentId()).setSpeakerParticipantId(meeting.presences().get(0).participantId())
                    .setSpeakerName("A").setMeetingStartedAt(Instant.ofEpochMilli(segment.meetingStart()))
                    .setStartOffsetMs(segment.startOffset()).setText("words").setConfidence(0.8f).setLanguage("en-US");
            long at = segment.meetingStart() + segment.endOffset();
            send(at - 500, Topics.TRANSCRIPT_SEGMENTS, meeting.id(), Codecs.TRANSCRIPT_SEGMENTS.encode(
                    builder.setEndOffsetMs(segment.endOffset() - 400).setIsFinal(false).build()));
            byte[] last = Codecs.TRANSCRIPT_SEGMENTS.encode(builder.setEndOffsetMs(segment.endOffset()).setIsFinal(true).build());
            send(at, Topics.TRANSCRIPT_SEGMENTS, meeting.id(), last);
            if (random.nextDouble() < 0.15) {
                send(at + 1000, Topics.TRANSCRIPT_SEGMENTS, meeting.id(), last);
            }
        }
    }

    private void meetingEvent(Meeting meeting, long occurredAt, long sendAt, Object payload) {
        byte[] bytes = Codecs.MEETING_EVENTS.encode(MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setAccountId(meeting.account()).setMeetingId(meeting.id()).setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setPayload(payload).build());
        send(sendAt, Topics.MEETING_EVENTS, meeting.id(), bytes);
        if (random.nextDouble() < 0.05) {
            send(sendAt + random.nextInt(600_000), Topics.MEETING_EVENTS, meeting.id(), bytes);
        }
    }

    private void send(long sendAt, String topic, String key, byte[] value) {
        outgoing.add(new Outgoing(sendAt, seq++, new ProducerRecord<>(topic, key, value)));
    }
}
