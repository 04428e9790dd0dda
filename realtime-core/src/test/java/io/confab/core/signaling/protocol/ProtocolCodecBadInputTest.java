package io.confab.core.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad frame gets its error code and a message naming the problem; nothing throws. */
class ProtocolCodecBadInputTest {

    private final ProtocolCodec codec = new ProtocolCodec();

    private ProtocolError error(String frame) {
        Parsed parsed = codec.parse(frame);
        return assertInstanceOf(ProtocolError.class, parsed, () -> "expected an error for " + frame + ", got " + parsed);
    }

    private void assertError(String frame, ErrorCode code, String named) {
        ProtocolError error = error(frame);
        assertEquals(code, error.code(), () -> frame + " -> " + error);
        assertTrue(error.message().contains(named),
                () -> "message for " + frame + " should name '" + named + "': " + error.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"type\":\"ping\"", "{'type':'ping'}", "{\"type\":\"ping\"}{}",
            "{\"type\":\"ping\",\"type\":\"chat\"}", "{\"type\":\"ping\",}"})
    void unreadableJsonIsMalformed(String frame) {
        assertEquals(ErrorCode.MALFORMED_JSON, error(frame).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"ping\"", "42", "null", "true"})
    void jsonThatIsNotAnObjectIsMalformedAndSaysWhatItIs(String frame) {
        ProtocolError error = error(frame);
        assertEquals(ErrorCode.MALFORMED_JSON, error.code());
        assertTrue(error.message().contains("must be a JSON object"), error.message());
    }

    @Test
    void emptyFrameIsMalformed() {
        assertError("", ErrorCode.MALFORMED_JSON, "empty");
        assertError("   ", ErrorCode.MALFORMED_JSON, "empty");
        assertError(null, ErrorCode.MALFORMED_JSON, "empty");
    }

    @Test
    void malformedJsonMessageSaysWhere() {
        assertError("{\"type\": ping}", ErrorCode.MALFORMED_JSON, "line 1, column");
    }

    @Test
    void unknownTypeIsNamed() {
        assertError("{\"type\":\"teleport\",\"id\":\"3\"}", ErrorCode.UNKNOWN_TYPE, "'teleport'");
        assertEquals("3", error("{\"type\":\"teleport\",\"id\":\"3\"}").requestId());
    }

    @Test
    void unknownTypeWithControlCharactersIsQuotedSafely() {
        ProtocolError error = error("{\"type\":\"evil\\nFAKE LOG LINE\"}");
        assertEquals(ErrorCode.UNKNOWN_TYPE, error.code());
        assertTrue(!error.message().contains("\n"), error.message());
    }

    @Test
    void missingOrWrongTypeFieldIsNamed() {
        assertError("{\"id\":\"1\"}", ErrorCode.MISSING_FIELD, "'type'");
        assertError("{\"type\":null}", ErrorCode.MISSING_FIELD, "'type'");
        assertError("{\"type\":7}", ErrorCode.INVALID_FIELD, "'type'");
        assertError("{\"type\":\"" + "x".repeat(65) + "\"}", ErrorCode.INVALID_FIELD, "'type'");
    }

    @Test
    void badRequestIdIsNamedAndNotEchoed() {
        assertError("{\"type\":\"ping\",\"id\":5}", ErrorCode.INVALID_FIELD, "'id'");
        ProtocolError tooLong = error("{\"type\":\"ping\",\"id\":\"" + "9".repeat(65) + "\"}");
        assertEquals(ErrorCode.INVALID_FIELD, tooLong.code());
        assertEquals(null, tooLong.requestId());
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"join_meeting\",\"displayName\":\"A\"}|meetingId",
            "{\"type\":\"join_meeting\",\"meetingId\":\"8512345678\"}|displayName",
            "{\"type\":\"offer\"}|sdp",
            "{\"type\":\"answer\",\"sdp\":null}|sdp",
            "{\"type\":\"ice_candidate\",\"sdpMid\":\"0\"}|candidate",
            "{\"type\":\"ice_candidate\",\"candidate\":\"c\"}|sdpMLineIndex",
            "{\"type\":\"mute\"}|kind",
            "{\"type\":\"unmute\",\"target\":\"p-1\"}|kind",
            "{\"type\":\"kick_participant\",\"reason\":\"spam\"}|participantId",
            "{\"type\":\"reaction\"}|emoji",
            "{\"type\":\"chat\",\"to\":\"p-1\"}|text",
            "{\"type\":\"admit\"}|participantId",
            "{\"type\":\"deny\"}|participantId"})
    void missingRequiredFieldIsNamed(String frame, String field) {
        ProtocolError error = error(frame);
        assertEquals(ErrorCode.MISSING_FIELD, error.code(), error::toString);
        assertTrue(error.message().contains("'" + field + "'"), error.message());
    }

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"mute\",\"kind\":\"screen\"}|kind",
            "{\"type\":\"mute\",\"kind\":1}|kind",
            "{\"type\":\"mute\",\"kind\":\"audio\",\"target\":\"p 1\"}|target",
            "{\"type\":\"kick_participant\",\"participantId\":\"\"}|participantId",
            "{\"type\":\"kick_participant\",\"participantId\":42}|participantId",
            "{\"type\":\"admit\",\"participantId\":\"p/../1\"}|participantId",
            "{\"type\":\"chat\",\"text\":\"   \"}|text",
            "{\"type\":\"chat\",\"text\":\"a\\u0000b\"}|text",
            "{\"type\":\"chat\",\"text\":[\"hi\"]}|text",
            "{\"type\":\"chat\",\"text\":\"hi\",\"to\":\"p-1 OR 1=1\"}|to",
            "{\"type\":\"reaction\",\"emoji\":\"\\uD83D\\uDCA9\"}|emoji",
            "{\"type\":\"reaction\",\"emoji\":\"clap\"}|emoji",
            "{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\"Al\\u0007ice\"}|displayName",
            "{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\"\"}|displayName",
            "{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\"evil\\u202Egnp.exe\"}|displayName",
            "{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\"two\\u2028lines\"}|displayName",
            "{\"type\":\"chat\",\"text\":\"half \\uD83D pair\"}|text",
            "{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\"A\",\"audioMuted\":\"yes\"}|audioMuted",
            "{\"type\":\"join_meeting\",\"meetingId\":12345,\"displayName\":\"A\"}|meetingId",
            "{\"type\":\"ice_candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":-1}|sdpMLineIndex",
            "{\"type\":\"ice_candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":1.5}|sdpMLineIndex",
            "{\"type\":\"ice_candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":\"0\"}|sdpMLineIndex",
            "{\"type\":\"ice_candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":99999999999}|sdpMLineIndex",
            "{\"type\":\"start_recording\",\"transcribe\":1}|transcribe",
            "{\"type\":\"start_recording\",\"layout\":\"mosaic\"}|layout",
            "{\"type\":\"start_recording\",\"audioOnly\":\"yes\"}|audioOnly"})
    void invalidFieldIsNamed(String frame, String field) {
        ProtocolError error = error(frame);
        assertEquals(ErrorCode.INVALID_FIELD, error.code(), error::toString);
        assertTrue(error.message().contains("'" + field + "'"), error.message());
    }

    @Test
    void textOverItsLimitIsInvalidAndTheLimitIsStated() {
        assertError("{\"type\":\"chat\",\"text\":\"" + "a".repeat(Limits.MAX_CHAT_TEXT + 1) + "\"}",
                ErrorCode.INVALID_FIELD, "4000");
        assertError("{\"type\":\"join_meeting\",\"meetingId\":\"1\",\"displayName\":\""
                + "n".repeat(Limits.MAX_DISPLAY_NAME + 1) + "\"}", ErrorCode.INVALID_FIELD, "'displayName'");
        assertError("{\"type\":\"offer\",\"sdp\":\"" + "s".repeat(Limits.MAX_SDP + 1) + "\"}",
                ErrorCode.INVALID_FIELD, "'sdp'");
        assertError("{\"type\":\"kick_participant\",\"participantId\":\"p-1\",\"reason\":\""
                + "r".repeat(Limits.MAX_KICK_REASON + 1) + "\"}", ErrorCode.INVALID_FIELD, "'reason'");
    }

    @Test
    void frameOneByteOverTheLimitIsTooLarge() {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String frame = head + "x".repeat(ProtocolCodec.MAX_FRAME_BYTES - head.length() - 1) + "\"}";
        assertEquals(ProtocolCodec.MAX_FRAME_BYTES + 1, frame.length());

        assertError(frame, ErrorCode.TOO_LARGE, "65536");
    }

    @Test
    void sizeIsCountedInUtf8BytesNotCharacters() {
        // 40,000 two-byte characters: under the limit in chars, over it in bytes.
        String frame = "{\"type\":\"ping\",\"pad\":\"" + "\u00e9".repeat(40_000) + "\"}";
        assertError(frame, ErrorCode.TOO_LARGE, "bytes");
        assertEquals(4, ProtocolCodec.utf8Length("\uD83D\uDE00"));
        assertEquals(3, ProtocolCodec.utf8Length("\u20ac"));
    }

    @Test
    void hugeFrameIsRefusedWithoutParsing() {
        assertError("[".repeat(10_000_000), ErrorCode.TOO_LARGE, "65536");
    }

    @Test
    void deeplyNestedJsonUnderTheSizeLimitIsMalformedNotACrash() {
        String frame = "{\"type\":\"ping\",\"x\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        assertEquals(ErrorCode.MALFORMED_JSON, error(frame).code());
    }

    @Test
    void fieldErrorsKeepTheRequestId() {
        assertEquals("77", error("{\"type\":\"offer\",\"id\":\"77\"}").requestId());
    }

    @Test
    void randomlyDamagedFramesNeverThrow() {
        Random random = new Random(20250330);
        // Sorted: immutable maps iterate in a per-JVM random order, and the run must be repeatable.
        List<String> valid = new ArrayList<>(new java.util.TreeSet<>(Samples.CLIENT_FRAMES.keySet()));
        String syntax = "{}[]\":,\\0n-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder frame = new StringBuilder(valid.get(random.nextInt(valid.size())));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && frame.length() > 0; e++) {
                int at = random.nextInt(frame.length());
                switch (random.nextInt(3)) {
                    case 0 -> frame.deleteCharAt(at);
                    case 1 -> frame.insert(at, (char) random.nextInt(0x3000));
                    default -> frame.setCharAt(at, syntax.charAt(random.nextInt(syntax.length())));
                }
            }
            String damaged = frame.toString();
            Parsed parsed = codec.parse(damaged);
            assertTrue(parsed instanceof ClientRequest || parsed instanceof ProtocolError, damaged);
        }
    }
}
