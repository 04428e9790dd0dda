package io.confab.core.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's handling of each record, without Kafka: {@code accept} is what its poll loop calls. */
class CaptionFeedTest {

    private final List<LiveCaption> delivered = new ArrayList<>();

    @Test
    void eachRecordIsCountedByWhatBecameOfItAndNoneStopsTheFeed() {
        CaptionFeed feed = new CaptionFeed("127.0.0.1:1", io.confab.storage.kafka.KafkaLogin.NONE, caption -> {
            if (caption.message().text().equals("boom")) {
                throw new IllegalStateException("a room executor refused the task");
            }
            return caption.meetingId().equals("85123456789") && delivered.add(caption);
        });

        feed.accept("85123456789", CaptionReaderTest.bytes(CaptionReaderTest.segment().build()));
        feed.accept("85123456789", CaptionReaderTest.bytes(CaptionReaderTest.segment().setIsFinal(true).build()));
        feed.accept("70000000006", CaptionReaderTest.bytes(CaptionReaderTest.segment().setMeetingId("70000000006").build()));
        feed.accept("85123456789", new byte[] {1, 2, 3});
        feed.accept("85123456789", null);
        feed.accept("85123456789", CaptionReaderTest.bytes(CaptionReaderTest.segment().setSpeakerParticipantId("").build()));
        feed.accept("85123456789", CaptionReaderTest.bytes(CaptionReaderTest.segment().setText("boom").build()));
        feed.accept("85123456789", CaptionReaderTest.bytes(CaptionReaderTest.segment().setText("still here").build()));

        assertEquals(3, feed.count(CaptionFeed.Outcome.DELIVERED));
        assertEquals(1, feed.count(CaptionFeed.Outcome.NOT_HERE));
        assertEquals(2, feed.count(CaptionFeed.Outcome.UNDECODABLE));
        assertEquals(1, feed.count(CaptionFeed.Outcome.INVALID));
        assertEquals(1, feed.count(CaptionFeed.Outcome.FAILED));
        assertEquals(List.of(false, true, false), delivered.stream().map(c -> c.message().isFinal()).toList());
        feed.close(); // never started: closing must not hang or throw
    }
}
