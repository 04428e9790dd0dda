package io.confab.jobs.usage.bench;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generated meeting.events for the in-process meter bench: meetings spread over accounts and UTC
 * days, each with its start, joins, mutes and chat (read and ignored by the meter, as on the real
 * topic), reconnects (a Left and a new participant id for the same user seconds later), leaves, a
 * few missing leaves (closed by the end) and the end; some meetings run across midnight. All
 * events of all meetings are ordered by their time, as the topic would carry them, and encoded
 * once up front so the bench measures the meter, not the encoder.
 */
public final class MeetingTraffic {

    /** One encoded input record of meeting.events. */
    public record Input(String meetingId, long occurredAt, byte[] value) {
    }

    /**
     * @param meetings     meetings generated
     * @param participants people per meeting
     * @param accounts     accounts the meetings are spread over
     * @param days         UTC days the meetings are spread over, ending at {@code until}
     * @param chat         chat messages and mute changes per participant
     */
    public record Shape(int meetings, int participants, int accounts, int days, int chat) {
        public Shape {
            if (meetings < 1 || participants < 1 || accounts < 1 || days < 1 || chat < 0) {
                throw new IllegalArgumentException("meetings, participants, accounts and days must be at least 1 and chat not negative");
            }
        }
    }

    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    private MeetingTraffic() {
    }

    /** The traffic of {@code shape}, with every meeting over before {@code until} (epoch ms); {@code run} names ids. */
    public static List<Input> generate(Shape shape, long until, String run, long seed) {
        Random random = new Random(seed);
        long firstDay = Math.floorDiv(until, DAY) * DAY - shape.days() * DAY;
        List<Input> inputs = new ArrayList<>();
        for (int m = 0; m < shape.meetings(); m++) {
            String meeting = run + "-m" + m;
            String account = run + "-a" + (m % shape.accounts());
            // Start anywhere in the days; a meeting lasts 20-80 minutes, so those started late cross midnight.
            long start = firstDay + (long) (random.nextDouble() * (shape.days() * DAY - 3 * 3_600_000L));
            long end = start + 20 * MINUTE + random.nextInt(60) * MINUTE;
            inputs.add(input(account, meeting, start, MeetingStarted.newBuilder().setTopic("bench").setHostUserId(meeting + "-u0")
                    .setMeetingType(MeetingType.INSTANT).setSettings(MeetingSettings.newBuilder().setWaitingRoom(false)
                            .setJoinBeforeHost(true).setMuteOnEntry(false).setAllowRecording(true).setE2eeEnabled(false).build())
                    .build()));
            for (int p = 0; p < shape.participants(); p++) {
                String user = meeting + "-u" + p;
                String participant = meeting + "-p" + p;
                long joined = start + random.nextInt(5 * 60) * 1000L;
                long left = end - random.nextInt(5 * 60) * 1000L;
                inputs.add(input(account, meeting, joined, ParticipantJoined.newBuilder().setParticipantId(participant).setUserId(user)
                        .setDisplayName("Person " + p).setRole(p == 0 ? ParticipantRole.HOST : ParticipantRole.PARTICIPANT)
                        .setAudioMuted(false).setVideoMuted(false).setClient("bench").build()));
                for (int c = 0; c < shape.chat(); c++) {
                    long at = joined + 1000 + random.nextInt((int) Math.max(1, (left - joined - 2000) / 1000)) * 1000L;
                    inputs.add(input(account, meeting, at, c % 2 == 0
                            ? ChatMessage.newBuilder().setMessageId(UUID.randomUUID().toString()).setFrom(participant)
                            .setFromDisplayName("Person " + p).setText("message " + c).build()
                            : MuteChanged.newBuilder().setParticipantId(participant).setKind(MediaKind.AUDIO).setMuted(c % 4 == 1)
                            .setByHost(false).build()));
                }
                if (p % 5 == 4) {
                    // A reconnect: the same person under a new participant id within the reconnect grace.
                    long dropped = joined + (left - joined) / 2;
                    inputs.add(input(account, meeting, dropped, ParticipantLeft.newBuilder().setParticipantId(participant)
                            .setReason(LeaveReason.DISCONNECTED).build()));
                    participant = participant + "-r";
                    inputs.add(input(account, meeting, dropped + 20_000, ParticipantJoined.newBuilder().setParticipantId(participant)
                            .setUserId(user).setDisplayName("Person " + p).setRole(ParticipantRole.PARTICIPANT)
                            .setAudioMuted(false).setVideoMuted(false).setClient("bench").build()));
                }
                if (p % 7 != 6) {
                    // Every seventh person never sends a Left: the meeting's end closes the presence.
                    inputs.add(input(account, meeting, left, ParticipantLeft.newBuilder().setParticipantId(participant)
                            .setReason(LeaveReason.LEFT).build()));
                }
            }
            inputs.add(input(account, meeting, end, MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build()));
        }
        inputs.sort(Comparator.comparingLong(Input::occurredAt));
        return inputs;
    }

    private static Input input(String account, String meeting, long at, Object payload) {
        MeetingEvent event = MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId(account)
                .setMeetingId(meeting).setOccurredAt(java.time.Instant.ofEpochMilli(at)).setPayload(payload).build();
        return new Input(meeting, at, Codecs.MEETING_EVENTS.encode(event));
    }
}
