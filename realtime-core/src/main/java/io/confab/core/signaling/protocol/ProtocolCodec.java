package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.ParticipantRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The signaling protocol's JSON: {@code {"type": "...", "id": "...", ...fields}} text frames.
 *
 * <p>On the server, {@link #parse} turns a client's frame into a {@link ClientRequest} or a
 * {@link ProtocolError} and never throws for bad input, and {@link #serialize} writes a
 * {@link ServerMessage}. Clients (the bot, tests) use the mirror pair {@link #encode} and
 * {@link #decodeServerMessage}. Thread-safe: one instance serves every connection.
 */
public final class ProtocolCodec {

    /**
     * Largest frame accepted, in UTF-8 bytes. It bounds what one frame can make the server allocate and
     * leaves room for an SDP offer of a large meeting ({@link Limits#MAX_SDP}); the transport also
     * enforces it in its WebSocket decoder so an oversized frame is never assembled.
     */
    public static final int MAX_FRAME_BYTES = 65_536;

    /** How much of a client's bad input an error message quotes back. */
    private static final int MAX_QUOTED = 64;

    private final ObjectMapper json;

    public ProtocolCodec() {
        SimpleModule lowercaseEnums = new SimpleModule("confab-signaling-enums");
        lowercase(lowercaseEnums, MediaKind.class);
        lowercase(lowercaseEnums, ParticipantRole.class);
        lowercase(lowercaseEnums, LeaveReason.class);
        lowercase(lowercaseEnums, MeetingEndReason.class);
        lowercase(lowercaseEnums, WaitingReason.class);
        this.json = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(lowercaseEnums)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Reads one client text frame. Every failure is a {@link ProtocolError} naming the problem. */
    public Parsed parse(String frame) {
        if (frame == null || frame.isEmpty()) {
            return new ProtocolError(ErrorCode.MALFORMED_JSON, "empty frame", null);
        }
        int bytes = utf8Length(frame);
        if (bytes > MAX_FRAME_BYTES) {
            return new ProtocolError(ErrorCode.TOO_LARGE,
                    "frame of " + (bytes == Integer.MAX_VALUE ? "over " + MAX_FRAME_BYTES : bytes)
                            + " bytes is over the limit of " + MAX_FRAME_BYTES + " bytes", null);
        }
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JsonProcessingException e) {
            return new ProtocolError(ErrorCode.MALFORMED_JSON, describe(e), null);
        }
        if (root == null || root.isMissingNode()) {
            return new ProtocolError(ErrorCode.MALFORMED_JSON, "empty frame", null);
        }
        if (!(root instanceof ObjectNode object)) {
            return new ProtocolError(ErrorCode.MALFORMED_JSON,
                    "a frame must be a JSON object, not " + root.getNodeType().name().toLowerCase(Locale.ROOT), null);
        }
        FrameFields envelope = new FrameFields(object, "frame");
        String requestId;
        String type;
        try {
            requestId = envelope.optionalText("id", Limits.MAX_REQUEST_ID);
        } catch (FrameFields.FieldProblem problem) {
            return new ProtocolError(problem.code(), problem.getMessage(), null);
        }
        try {
            type = envelope.requiredText("type", MAX_QUOTED);
        } catch (FrameFields.FieldProblem problem) {
            return new ProtocolError(problem.code(), problem.getMessage(), requestId);
        }
        Function<FrameFields, ClientMessage> reader = ClientMessageReader.forType(type);
        if (reader == null) {
            return new ProtocolError(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + quote(type) + "'", requestId);
        }
        try {
            return new ClientRequest(requestId, reader.apply(new FrameFields(object, type)));
        } catch (FrameFields.FieldProblem problem) {
            return new ProtocolError(problem.code(), problem.getMessage(), requestId);
        }
    }

    /** The JSON text frame for a server message. */
    public String serialize(ServerMessage message) {
        try {
            return json.writerFor(ServerMessage.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            // Our own records always serialize; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }

    /** The JSON text frame a client sends; {@code requestId} may be null. */
    public String encode(ClientMessage message, String requestId) {
        ObjectNode frame = json.valueToTree(message);
        if (requestId != null) {
            frame.put("id", requestId);
        }
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a server frame, for clients of this server (the bot, integration tests). A frame this
     * server could not have written is an {@link IllegalArgumentException} naming the problem.
     */
    public ServerMessage decodeServerMessage(String frame) {
        try {
            return json.readValue(frame, ServerMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a server message: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** UTF-8 length of the text, or {@link Integer#MAX_VALUE} once it is certainly over the limit. */
    static int utf8Length(String text) {
        // Every char is at least one byte, so a long string is over the limit without counting.
        if (text.length() > MAX_FRAME_BYTES) {
            return Integer.MAX_VALUE;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String describe(JsonProcessingException e) {
        String why = quote(String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("unreadable"));
        if (e.getLocation() == null) {
            return "malformed JSON: " + why;
        }
        return "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": " + why;
    }

    /** Client text quoted in an error: bounded, and without control characters that could forge log lines. */
    private static String quote(String text) {
        String bounded = text.length() > MAX_QUOTED * 2 ? text.substring(0, MAX_QUOTED * 2) + "..." : text;
        StringBuilder safe = new StringBuilder(bounded.length());
        bounded.codePoints().forEach(cp -> safe.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return safe.toString();
    }

    private static <E extends Enum<E>> void lowercase(SimpleModule module, Class<E> type) {
        module.addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        });
    }
}
