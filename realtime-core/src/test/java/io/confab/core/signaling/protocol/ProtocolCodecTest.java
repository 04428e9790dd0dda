package io.confab.core.signaling.protocol;

import io.confab.storage.events.RecordingLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Well-formed frames: every message type parses, encodes and round-trips. Bad frames: {@link ProtocolCodecBadInputTest}. */
class ProtocolCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();
    private final ObjectMapper plainJson = new ObjectMapper();

    static Stream<Arguments> clientFrames() {
        return Samples.CLIENT_FRAMES.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getValue().type(), e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientFrames")
    void parsesEveryClientMessageType(String type, String frame, ClientMessage expected) {
        Parsed parsed = codec.parse(frame);

        ClientRequest request = assertInstanceOf(ClientRequest.class, parsed, () -> "expected a request from " + frame + ", got " + parsed);
        assertEquals(expected, request.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientFrames")
    void everyClientMessageRoundTripsThroughEncodeAndParse(String type, String frame, ClientMessage message) {
        String encoded = codec.encode(message, "req-" + type);

        ClientRequest back = assertInstanceOf(ClientRequest.class, codec.parse(encoded), encoded);
        assertEquals(message, back.message());
        assertEquals("req-" + type, back.requestId());
    }

    @Test
    void samplesCoverEveryClientMessageTypeAndEveryParser() {
        Set<Class<?>> sampled = Samples.CLIENT_FRAMES.values().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Samples.recordTypes(ClientMessage.class)), sampled);
        Set<String> declared = Samples.recordTypes(ClientMessage.class).stream()
                .map(WireNames::of).collect(Collectors.toSet());
        assertEquals(declared, ClientMessageReader.types(), "parsers and @JsonSubTypes must name the same types");
    }

    @Test
    void requestIdIsReadFromTheIdField() {
        ClientRequest request = (ClientRequest) codec.parse("{\"type\":\"ping\",\"id\":\"42\"}");
        assertEquals("42", request.requestId());
        assertEquals(null, ((ClientRequest) codec.parse("{\"type\":\"ping\"}")).requestId());
    }

    @Test
    void optionalFieldsTakeTheirDefaultsWhenAbsentOrNull() {
        assertEquals(new ClientMessage.StartRecording(RecordingOptions.DEFAULTS), ((ClientRequest) codec.parse("{\"type\":\"start_recording\"}")).message());
        assertEquals(new ClientMessage.StartRecording(new RecordingOptions(false, null, false)),
                ((ClientRequest) codec.parse("{\"type\":\"start_recording\",\"transcribe\":false}")).message());
        assertEquals(new ClientMessage.StartRecording(new RecordingOptions(true, RecordingLayout.SPEAKER, true)),
                ((ClientRequest) codec.parse("{\"type\":\"start_recording\",\"layout\":\"speaker\",\"audioOnly\":true}")).message());
        assertEquals(new ClientMessage.Chat("hi", null),
                ((ClientRequest) codec.parse("{\"type\":\"chat\",\"text\":\"hi\",\"to\":null}")).message());
        assertEquals(new ClientMessage.JoinMeeting("8512345678", "Bob", null, null, false, false),
                ((ClientRequest) codec.parse("{\"type\":\"join_meeting\",\"meetingId\":\"8512345678\",\"displayName\":\"  Bob \"}"))
                        .message());
    }

    @Test
    void unknownExtraFieldsAreIgnoredForForwardCompatibility() {
        Parsed parsed = codec.parse("{\"type\":\"raise_hand\",\"colour\":\"blue\",\"nested\":{\"a\":[1,2]}}");
        assertEquals(new ClientMessage.RaiseHand(), ((ClientRequest) parsed).message());
    }

    @Test
    void iceCandidateNeedsOnlyOneOfMidAndIndexAndMayBeTheEndOfCandidates() {
        assertEquals(new IceCandidate("", null, 1),
                ((ClientRequest) codec.parse("{\"type\":\"ice_candidate\",\"candidate\":\"\",\"sdpMLineIndex\":1}")).message());
        assertEquals(new IceCandidate("candidate:x", "audio", null),
                ((ClientRequest) codec.parse("{\"type\":\"ice_candidate\",\"candidate\":\"candidate:x\",\"sdpMid\":\"audio\"}"))
                        .message());
    }

    @Test
    void heartWithoutPresentationSelectorIsAcceptedAsTheHeartReaction() {
        Parsed parsed = codec.parse("{\"type\":\"reaction\",\"emoji\":\"\u2764\"}");
        assertEquals(new ClientMessage.Reaction("\u2764\uFE0F"), ((ClientRequest) parsed).message());
    }

    @Test
    void chatOfExactlyTheLimitInEmojiIsAcceptedBecauseTheLimitCountsCharactersNotUtf16Units() {
        String text = "\uD83D\uDE00".repeat(Limits.MAX_CHAT_TEXT);
        Parsed parsed = codec.parse("{\"type\":\"chat\",\"text\":\"" + text + "\"}");
        assertEquals(text, ((ClientMessage.Chat) ((ClientRequest) parsed).message()).text());
    }

    @Test
    void frameOfExactlyTheMaximumSizeIsAccepted() {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        String frame = head + "x".repeat(ProtocolCodec.MAX_FRAME_BYTES - head.length() - tail.length()) + tail;
        assertEquals(ProtocolCodec.MAX_FRAME_BYTES, frame.length());

        assertInstanceOf(ClientRequest.class, codec.parse(frame));
    }

    @Test
    void everyServerMessageRoundTripsThroughSerializeAndDecode() {
        for (ServerMessage message : Samples.SERVER_MESSAGES) {
            String json = codec.serialize(message);
            assertEquals(message, codec.decodeServerMessage(json), json);
        }
    }

    @Test
    void samplesCoverEveryServerMessageType() {
        Set<Class<?>> sampled = new HashSet<>();
        Samples.SERVER_MESSAGES.forEach(m -> sampled.add(m.getClass()));
        assertEquals(Set.copyOf(Samples.recordTypes(ServerMessage.class)), sampled);
    }

    @Test
    void aCaptionNamesItsSegmentSpeakerTextFinalityAndTimes() throws Exception {
        JsonNode caption = plainJson.readTree(codec.serialize(
                new ServerMessage.Caption("seg-1", Samples.BOB, "Bob", "hello", false, 1200, 2900)));
        assertEquals("caption", caption.get("type").asText());
        assertEquals("{\"type\":\"caption\",\"segmentId\":\"seg-1\",\"participantId\":\"p-bob\",\"speakerName\":\"Bob\","
                + "\"text\":\"hello\",\"isFinal\":false,\"startMs\":1200,\"endMs\":2900}", caption.toString());
    }

    @Test
    void serverMessagesCarryTheirSnakeCaseTypeName() throws Exception {
        for (ServerMessage message : Samples.SERVER_MESSAGES) {
            JsonNode json = plainJson.readTree(codec.serialize(message));
            assertEquals(message.type(), json.get("type").asText());
            String snake = message.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
            assertTrue(snake.equals(message.type()) || message instanceof ServerMessage.ErrorReply,
                    "wire type of " + message.getClass().getSimpleName() + " is " + message.type());
        }
        assertEquals("error", new ServerMessage.ErrorReply(ErrorCode.INTERNAL, "x", null).type());
    }

    @Test
    void serverJsonUsesLowercaseValuesUppercaseErrorCodesIsoTimesAndLeavesOutAbsentFields() throws Exception {
        JsonNode chat = plainJson.readTree(codec.serialize(
                new ServerMessage.Chat("m-1", Samples.ALICE, "Alice", null, "hi", Samples.AT)));
        assertEquals("2025-03-30T10:15:30.250Z", chat.get("sentAt").asText());
        assertFalse(chat.has("to"), "a public chat line has no 'to': " + chat);

        JsonNode muted = plainJson.readTree(codec.serialize(new ServerMessage.Muted(Samples.BOB,
                io.confab.storage.events.MediaKind.AUDIO, null)));
        assertEquals("audio", muted.get("kind").asText());
        assertFalse(muted.has("by"));

        JsonNode joined = plainJson.readTree(codec.serialize(Samples.SERVER_MESSAGES.get(0)));
        assertEquals("host", joined.get("you").get("role").asText());
        assertEquals(List.of("p-alice", "p-bob"),
                List.of(joined.get("participants").get(0).get("participantId").asText(),
                        joined.get("participants").get(1).get("participantId").asText()));

        JsonNode error = plainJson.readTree(codec.serialize(
                new ServerMessage.ErrorReply(ErrorCode.RATE_LIMITED, "slow down", "9")));
        assertEquals("RATE_LIMITED", error.get("code").asText());
        assertEquals("9", error.get("requestId").asText());

        JsonNode left = plainJson.readTree(codec.serialize(
                new ServerMessage.ParticipantLeft(Samples.BOB, io.confab.storage.events.LeaveReason.MEETING_ENDED)));
        assertEquals("meeting_ended", left.get("reason").asText());
    }

    @Test
    void joinMeetingNeverPrintsItsSecrets() {
        String text = new ClientMessage.JoinMeeting("8512345678", "Alice", "4921", "eyJ.secret", false, false).toString();
        assertFalse(text.contains("4921") || text.contains("eyJ.secret"), text);
    }
}
