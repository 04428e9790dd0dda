package io.confab.storage.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.storage.codec.Codecs;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void namesAreThePublicContract() {
        assertEquals(List.of("meeting.events", "media.packets", "media.quality", "transcript.segments",
                        "recording.artifacts", "usage.records", "audit.log", "notifications", "transcription.requests"),
                Topics.DATA.stream().map(Topic::name).toList());
    }

    @Test
    void allListsEveryDataTopicAndItsDeadLetterTopic() {
        Set<String> all = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());

        assertEquals(Topics.ALL.size(), all.size(), "names are unique");
        assertEquals(2 * Topics.DATA.size(), Topics.ALL.size());
        for (Topic topic : Topics.DATA) {
            assertTrue(all.contains(topic.name()));
            assertTrue(all.contains(topic.name() + ".dlq"), "missing dead-letter topic of " + topic.name());
        }
    }

    @Test
    void deadLetterTopicHasOnePartitionAndTheSourceKey() {
        Topic dlq = Topics.byName("media.packets.dlq").orElseThrow();

        assertTrue(dlq.isDeadLetter());
        assertEquals(1, dlq.partitions());
        assertEquals("meeting id", dlq.key());
        assertEquals(Topics.byName(Topics.MEDIA_PACKETS).orElseThrow().config().get("retention.bytes"),
                dlq.config().get("retention.bytes"), "the media size cap carries over");
        assertThrows(IllegalStateException.class, dlq::deadLetterTopicName);
    }

    @Test
    void meetingEventsAndMediaPacketsAreCoPartitioned() {
        Topic events = Topics.byName(Topics.MEETING_EVENTS).orElseThrow();
        Topic packets = Topics.byName(Topics.MEDIA_PACKETS).orElseThrow();

        assertEquals(events.key(), packets.key());
        assertEquals(events.partitions(), packets.partitions());
    }

    @Test
    void everyTopicDeletesAfterAStatedRetention() {
        for (Topic topic : Topics.ALL) {
            assertEquals("delete", topic.config().get("cleanup.policy"), topic.name());
            long retention = Long.parseLong(topic.config().get("retention.ms"));
            assertTrue(retention >= 86_400_000L, topic.name() + " keeps at least a day");
        }
    }

    @Test
    void everyTopicHasACodec() {
        for (Topic topic : Topics.ALL) {
            assertTrue(Codecs.forTopic(topic.name()).isPresent(), "no codec for " + topic.name());
        }
        assertEquals(Codecs.DEAD_LETTERS, Codecs.forTopic(Topics.deadLetterOf(Topics.AUDIT_LOG)).orElseThrow());
    }

    @Test
    void deadLetterOfAnUnknownTopicNamesTheKnownOnes() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Topics.deadLetterOf("meeting.event"));

        assertTrue(thrown.getMessage().startsWith("unknown topic meeting.event; known: "), thrown.getMessage());
    }

    @Test
    void topicRefusesZeroPartitions() {
        assertThrows(IllegalArgumentException.class, () -> new Topic("x", "k", 0, java.util.Map.of()));
        assertFalse(new Topic("x", "k", 1, java.util.Map.of()).isDeadLetter());
    }
}
