package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.storage.events.HandRaised;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec<MeetingEvent> codec = Codecs.MEETING_EVENTS;
    private final MeetingEvent event = SampleEvents.meetingEvent(HandRaised.newBuilder().setParticipantId("p-3").build());

    @Test
    void writesTheStandardAvroSingleObjectEncoding() throws Exception {
        ByteBuffer avroOwn = event.toByteBuffer();
        byte[] expected = new byte[avroOwn.remaining()];
        avroOwn.get(expected);

        assertArrayEquals(expected, codec.encode(event));
    }

    @Test
    void readsBytesFromAvrosOwnSingleObjectEncoder() throws Exception {
        ByteBuffer avroOwn = event.toByteBuffer();
        byte[] bytes = new byte[avroOwn.remaining()];
        avroOwn.get(bytes);

        assertEquals(new Decoded.Ok<>(event), codec.decode(bytes));
    }

    @Test
    void emptyValueIsNoData() {
        assertFailure(codec.decode(new byte[0]), Decoded.Problem.NO_DATA, "empty");
        assertFailure(codec.decode(null), Decoded.Problem.NO_DATA, "null");
    }

    @Test
    void jsonTextIsNotSingleObjectEncoded() {
        byte[] json = "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        assertFailure(codec.decode(json), Decoded.Problem.NOT_SINGLE_OBJECT_ENCODED, "7B 22 65 76");
    }

    @Test
    void headerCutShortIsNotSingleObjectEncoded() {
        byte[] cut = Arrays.copyOf(codec.encode(event), 6);

        assertFailure(codec.decode(cut), Decoded.Problem.NOT_SINGLE_OBJECT_ENCODED, "6 bytes");
    }

    @Test
    void anotherTopicsRecordHasAnUnknownSchema() {
        byte[] packet = Codecs.MEDIA_PACKETS.encode(SampleEvents.mediaPacket());

        assertFailure(codec.decode(packet), Decoded.Problem.UNKNOWN_SCHEMA, "no known MeetingEvent schema (known: v1, v2, v3)");
    }

    @Test
    void truncatedBodyIsMalformed() {
        byte[] whole = codec.encode(event);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 4);

        assertFailure(codec.decode(truncated), Decoded.Problem.MALFORMED_BODY, "MeetingEvent body");
    }

    @Test
    void absurdStringLengthIsMalformedWithoutAllocatingIt() {
        byte[] header = Arrays.copyOf(codec.encode(event), EventCodec.HEADER_LENGTH);
        // eventId's length as a zig-zag varint of about 2^31 - 16: far more than the 5 bytes left.
        byte[] body = {(byte) 0xE0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        byte[] bytes = ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();

        assertFailure(codec.decode(bytes), Decoded.Problem.MALFORMED_BODY, "MeetingEvent body");
    }

    @Test
    void unionBranchOutOfRangeIsMalformed() {
        byte[] whole = codec.encode(event);
        // The payload union index is the varint just before HandRaised's participantId ("p-3", length 3).
        byte[] bytes = whole.clone();
        int participantId = indexOf(bytes, "p-3".getBytes(StandardCharsets.UTF_8), bytes.length - 3);
        bytes[participantId - 2] = 0x7E;

        assertFailure(codec.decode(bytes), Decoded.Problem.MALFORMED_BODY, "MeetingEvent body");
    }

    @Test
    void bytesAfterTheBodyAreTrailing() {
        byte[] whole = codec.encode(event);
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);

        assertFailure(codec.decode(longer), Decoded.Problem.TRAILING_BYTES, "left over");
    }

    @Test
    void strictDeserializerThrowsAMessageNamingTopicAndProblem() {
        byte[] garbage = {0x00, 0x01, 0x02, 0x03};

        SerializationException thrown = assertThrows(SerializationException.class,
                () -> codec.deserializer().deserialize(Topics.MEETING_EVENTS, garbage));

        assertTrue(thrown.getMessage().contains("topic meeting.events"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("NOT_SINGLE_OBJECT_ENCODED"), thrown.getMessage());
    }

    @Test
    void decodingDeserializerTurnsGarbageIntoAFailureInsteadOfThrowing() {
        Decoded<MeetingEvent> decoded = codec.decodingDeserializer().deserialize(Topics.MEETING_EVENTS, new byte[] {(byte) 0xC3});

        Decoded.Failed<MeetingEvent> failed = assertInstanceOf(Decoded.Failed.class, decoded);
        assertTrue(failed.reason().startsWith("meeting.events: NOT_SINGLE_OBJECT_ENCODED: "), failed.reason());
    }

    @Test
    void failureRefusesToPretendItHasAValue() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> codec.decode(new byte[0]).orElseThrow());

        assertEquals("meeting.events: NO_DATA: the value is empty", thrown.getMessage());
    }

    @Test
    void deadLetterTopicsShareTheDeadLetterCodec() {
        assertEquals(Codecs.DEAD_LETTERS, Codecs.forTopic("usage.records.dlq").orElseThrow());
        assertTrue(Codecs.forTopic("no.such.topic.dlq").isEmpty());
        assertTrue(Codecs.forTopic("no.such.topic").isEmpty());
    }

    private static void assertFailure(Decoded<?> decoded, Decoded.Problem problem, String detailPart) {
        Decoded.Failed<?> failed = assertInstanceOf(Decoded.Failed.class, decoded, "expected a failure, got " + decoded);
        assertEquals(Topics.MEETING_EVENTS, failed.topic());
        assertEquals(problem, failed.problem(), failed.reason());
        assertTrue(failed.detail().contains(detailPart), "detail '" + failed.detail() + "' should mention '" + detailPart + "'");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("sample bytes no longer contain the participant id");
    }
}
