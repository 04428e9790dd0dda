package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The contract of issue 2: an event written with schema v1 still reads after an optional field is
 * added. The v1 event is written the way an old producer would, from the archived v1 schema alone
 * (a GenericRecord, no generated classes).
 */
class SchemaEvolutionTest {

    private static final Schema V1 = SchemaArchive.load(MeetingEvent.getClassSchema()).versions().get(0).schema();
    private static final Schema V2 = withOptionalField(V1, "traceId");

    private static final Instant OCCURRED_AT = Instant.parse("2025-06-01T12:00:00.250Z");

    @Test
    void v1EventStillDecodesIntoTheCurrentClasses() {
        MeetingEvent event = Codecs.MEETING_EVENTS.decode(encode(participantJoined(V1))).orElseThrow();

        assertEquals("e-1", event.getEventId());
        assertEquals(1, event.getSchemaVersion());
        assertEquals(OCCURRED_AT, event.getOccurredAt());
        ParticipantJoined joined = assertInstanceOf(ParticipantJoined.class, event.getPayload());
        assertEquals("Ada", joined.getDisplayName());
        assertEquals(ParticipantRole.COHOST, joined.getRole());
        assertNull(joined.getUserId());
    }

    @Test
    void v1EventStillDecodesAfterOptionalFieldAdded() throws Exception {
        BinaryMessageDecoder<GenericRecord> v2Reader = new BinaryMessageDecoder<>(GenericData.get(), V2);
        v2Reader.addSchema(V1);

        GenericRecord read = v2Reader.decode(encode(participantJoined(V1)));

        assertNull(read.get("traceId"), "the added field takes its default");
        assertEquals("e-1", read.get("eventId").toString());
        assertEquals("Ada", ((GenericRecord) read.get("payload")).get("displayName").toString());
    }

    @Test
    void v2EventCarriesTheAddedField() throws Exception {
        GenericRecord v2Event = participantJoined(V2);
        v2Event.put("traceId", "trace-42");

        GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), V2).decode(encode(v2Event));

        assertEquals("trace-42", read.get("traceId").toString());
    }

    @Test
    void currentClassesReadV2EventsOnceV2IsArchived() {
        GenericRecord v2Event = participantJoined(V2);
        v2Event.put("traceId", "trace-42");
        EventCodec<MeetingEvent> upgradedConsumer = EventCodec.of(Topics.MEETING_EVENTS, MeetingEvent.class,
                SchemaArchive.of(MeetingEvent.getClassSchema(), List.of(V1, V2)));

        MeetingEvent event = upgradedConsumer.decode(encode(v2Event)).orElseThrow();

        assertEquals("Ada", ((ParticipantJoined) event.getPayload()).getDisplayName());
    }

    @Test
    void consumerWithoutTheNewVersionRefusesItByName() {
        GenericRecord v2Event = participantJoined(V2);

        Decoded<MeetingEvent> decoded = Codecs.MEETING_EVENTS.decode(encode(v2Event));

        // Why consumers are upgraded before producers (storage/README.md, "Versioning").
        Decoded.Failed<MeetingEvent> failed = assertInstanceOf(Decoded.Failed.class, decoded);
        assertEquals(Decoded.Problem.UNKNOWN_SCHEMA, failed.problem());
    }

    @Test
    void addingAFieldWithoutDefaultIsCaughtAsIncompatible() {
        List<Schema.Field> fields = copyFields(V1);
        fields.add(new Schema.Field("region", Schema.create(Schema.Type.STRING), "required, no default", (Object) null));
        Schema breaking = Schema.createRecord(V1.getName(), V1.getDoc(), V1.getNamespace(), false, fields);

        var result = SchemaCompatibility.checkReaderWriterCompatibility(breaking, V1);

        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, result.getType());
    }

    private static GenericRecord participantJoined(Schema envelope) {
        Schema payloadUnion = envelope.getField("payload").schema();
        Schema joinedSchema = payloadUnion.getTypes().get(payloadUnion.getIndexNamed("io.confab.storage.events.ParticipantJoined"));
        GenericRecord joined = new GenericData.Record(joinedSchema);
        joined.put("participantId", "p-7");
        joined.put("userId", null);
        joined.put("displayName", "Ada");
        joined.put("role", new GenericData.EnumSymbol(joinedSchema.getField("role").schema(), "COHOST"));
        joined.put("audioMuted", true);
        joined.put("videoMuted", false);
        joined.put("client", null);

        GenericRecord event = new GenericData.Record(envelope);
        event.put("eventId", "e-1");
        event.put("schemaVersion", 1);
        event.put("accountId", "acct-1");
        event.put("meetingId", "8472910365");
        event.put("occurredAt", OCCURRED_AT.toEpochMilli());
        event.put("actorParticipantId", null);
        event.put("actorUserId", null);
        event.put("payload", joined);
        return event;
    }

    private static byte[] encode(GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code schema} plus a trailing {@code ["null","string"]} field defaulting to null. */
    private static Schema withOptionalField(Schema schema, String name) {
        List<Schema.Field> fields = copyFields(schema);
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field(name, optionalString, "added in v2", JsonProperties.NULL_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static List<Schema.Field> copyFields(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        return fields;
    }
}
