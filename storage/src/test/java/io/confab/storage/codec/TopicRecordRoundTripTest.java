package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.storage.topics.Topic;
import io.confab.storage.topics.Topics;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every topic other than meeting.events (which has its own test per event type). */
class TopicRecordRoundTripTest {

    private static final Map<String, SpecificRecord> SAMPLE_BY_TOPIC = Map.of(
            Topics.TRANSCRIPTION_REQUESTS, SampleEvents.transcriptionRequest(),
            Topics.MEDIA_PACKETS, SampleEvents.mediaPacket(),
            Topics.MEDIA_QUALITY, SampleEvents.mediaQualitySample(),
            Topics.TRANSCRIPT_SEGMENTS, SampleEvents.transcriptSegment(),
            Topics.RECORDING_ARTIFACTS, SampleEvents.recordingArtifact(),
            Topics.USAGE_RECORDS, SampleEvents.usageRecord(),
            Topics.AUDIT_LOG, SampleEvents.auditEntry(),
            Topics.NOTIFICATIONS, SampleEvents.notification(),
            Topics.deadLetterOf(Topics.MEETING_EVENTS), SampleEvents.deadLetter());

    static Stream<String> topics() {
        return SAMPLE_BY_TOPIC.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void recordSurvivesTheKafkaSerializerAndDeserializerOfItsTopic(String topic) {
        SpecificRecord sample = SAMPLE_BY_TOPIC.get(topic);
        EventCodec<?> codec = Codecs.forTopic(topic).orElseThrow();

        assertEquals(sample, roundTrip(codec, topic, sample));
    }

    @Test
    void everyDataTopicOtherThanMeetingEventsHasASample() {
        Set<String> expected = Topics.DATA.stream().map(Topic::name)
                .filter(name -> !name.equals(Topics.MEETING_EVENTS)).collect(Collectors.toSet());

        assertTrue(SAMPLE_BY_TOPIC.keySet().containsAll(expected),
                "samples " + SAMPLE_BY_TOPIC.keySet() + " must cover " + expected);
    }

    @Test
    void packetArrivalTimeKeepsMicroseconds() {
        var packet = SampleEvents.mediaPacket();

        var back = Codecs.MEDIA_PACKETS.decode(Codecs.MEDIA_PACKETS.encode(packet)).orElseThrow();

        assertEquals(123_456_000, back.getArrivalTime().getNano());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Object roundTrip(EventCodec<T> codec, String topic, SpecificRecord sample) {
        Serializer<T> serializer = codec.serializer();
        Deserializer<T> deserializer = codec.deserializer();
        return deserializer.deserialize(topic, serializer.serialize(topic, (T) sample));
    }
}
