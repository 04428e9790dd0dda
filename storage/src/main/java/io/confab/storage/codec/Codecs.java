package io.confab.storage.codec;

import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.Notification;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topic;
import io.confab.storage.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one codec of every topic. Producers and consumers in every module take their codec from here,
 * so a topic can never be written with one schema and read with another.
 */
public final class Codecs {

    public static final EventCodec<MeetingEvent> MEETING_EVENTS = EventCodec.of(Topics.MEETING_EVENTS, MeetingEvent.class);
    public static final EventCodec<MediaPacket> MEDIA_PACKETS = EventCodec.of(Topics.MEDIA_PACKETS, MediaPacket.class);
    public static final EventCodec<MediaQualitySample> MEDIA_QUALITY = EventCodec.of(Topics.MEDIA_QUALITY, MediaQualitySample.class);
    public static final EventCodec<TranscriptSegment> TRANSCRIPT_SEGMENTS = EventCodec.of(Topics.TRANSCRIPT_SEGMENTS, TranscriptSegment.class);
    public static final EventCodec<RecordingArtifact> RECORDING_ARTIFACTS = EventCodec.of(Topics.RECORDING_ARTIFACTS, RecordingArtifact.class);
    public static final EventCodec<UsageRecord> USAGE_RECORDS = EventCodec.of(Topics.USAGE_RECORDS, UsageRecord.class);
    public static final EventCodec<AuditEntry> AUDIT_LOG = EventCodec.of(Topics.AUDIT_LOG, AuditEntry.class);
    public static final EventCodec<Notification> NOTIFICATIONS = EventCodec.of(Topics.NOTIFICATIONS, Notification.class);
    public static final EventCodec<TranscriptionRequest> TRANSCRIPTION_REQUESTS =
            EventCodec.of(Topics.TRANSCRIPTION_REQUESTS, TranscriptionRequest.class);

    /** Shared by every {@code <topic>.dlq} topic. */
    public static final EventCodec<DeadLetter> DEAD_LETTERS = EventCodec.of("*" + Topic.DEAD_LETTER_SUFFIX, DeadLetter.class);

    /** The codec of each data topic, in the order of {@link Topics#DATA}. */
    public static final List<EventCodec<?>> BY_DATA_TOPIC = List.of(
            MEETING_EVENTS, MEDIA_PACKETS, MEDIA_QUALITY, TRANSCRIPT_SEGMENTS,
            RECORDING_ARTIFACTS, USAGE_RECORDS, AUDIT_LOG, NOTIFICATIONS, TRANSCRIPTION_REQUESTS);

    /** Every codec, each record type once. */
    public static final List<EventCodec<?>> ALL = List.of(
            MEETING_EVENTS, MEDIA_PACKETS, MEDIA_QUALITY, TRANSCRIPT_SEGMENTS,
            RECORDING_ARTIFACTS, USAGE_RECORDS, AUDIT_LOG, NOTIFICATIONS, TRANSCRIPTION_REQUESTS, DEAD_LETTERS);

    private static final Map<String, EventCodec<?>> BY_TOPIC =
            BY_DATA_TOPIC.stream().collect(Collectors.toUnmodifiableMap(EventCodec::topic, Function.identity()));

    private Codecs() {
    }

    /** The codec for a topic name from {@link Topics#ALL}, dead-letter topics included. */
    public static Optional<EventCodec<?>> forTopic(String topicName) {
        if (topicName.endsWith(Topic.DEAD_LETTER_SUFFIX) && Topics.byName(topicName).isPresent()) {
            return Optional.of(DEAD_LETTERS);
        }
        return Optional.ofNullable(BY_TOPIC.get(topicName));
    }
}
