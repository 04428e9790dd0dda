package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.topics.Topics;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MeetingEventRoundTripTest {

    private final Serializer<MeetingEvent> serializer = Codecs.MEETING_EVENTS.serializer();
    private final Deserializer<MeetingEvent> deserializer = Codecs.MEETING_EVENTS.deserializer();

    static Stream<Object> payloads() {
        return SampleEvents.meetingPayloads().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void everyEventTypeSurvivesTheKafkaSerializerAndDeserializer(Object payload) {
        MeetingEvent event = SampleEvents.meetingEvent(payload);

        byte[] bytes = serializer.serialize(Topics.MEETING_EVENTS, event);
        MeetingEvent back = deserializer.deserialize(Topics.MEETING_EVENTS, bytes);

        assertEquals(event, back);
        assertEquals(payload.getClass(), back.getPayload().getClass());
    }

    @Test
    void samplesCoverEveryMemberOfThePayloadUnion() {
        Set<String> unionMembers = MeetingEvent.getClassSchema().getField("payload").schema().getTypes().stream()
                .map(Schema::getFullName).collect(Collectors.toSet());
        Set<String> sampled = SampleEvents.meetingPayloads().stream()
                .map(payload -> payload.getClass().getName()).collect(Collectors.toSet());

        assertEquals(unionMembers, sampled, "add a sample for every new MeetingEvent payload type");
    }

    @Test
    void builderFillsInTheCurrentSchemaVersionAndLeavesTheActorOptional() {
        MeetingEvent event = MeetingEvent.newBuilder()
                .setEventId("0d1f5b0c-9a53-4a1e-8c53-6f5e1e0a9b11")
                .setAccountId(SampleEvents.ACCOUNT)
                .setMeetingId(SampleEvents.MEETING)
                .setOccurredAt(SampleEvents.AT)
                .setPayload(ParticipantJoined.newBuilder().setParticipantId("p-9").setDisplayName("Guest")
                        .setRole(ParticipantRole.GUEST).setAudioMuted(false).setVideoMuted(true).build())
                .build();

        MeetingEvent back = deserializer.deserialize(Topics.MEETING_EVENTS, serializer.serialize(Topics.MEETING_EVENTS, event));

        assertEquals(Codecs.MEETING_EVENTS.archive().newest().orElseThrow().number(), back.getSchemaVersion());
        assertNull(back.getActorParticipantId());
        assertNull(back.getActorUserId());
        assertNull(((ParticipantJoined) back.getPayload()).getUserId());
        assertEquals(event, back);
    }

    @Test
    void nullEventIsATombstoneBothWays() {
        assertNull(serializer.serialize(Topics.MEETING_EVENTS, null));
        assertNull(deserializer.deserialize(Topics.MEETING_EVENTS, null));
    }
}
