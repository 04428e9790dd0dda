package io.confab.core.events;

import io.confab.storage.events.MeetingEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unit tests' sink keeps the sink's contract as the outbox does: a stored change is recorded
 * with its event among the room events in the order handed over, and a store without a change is
 * refused.
 */
class RecordingEventSinkTest {

    private static final String MEETING = "85123456789";

    private final RecordingEventSink sink = new RecordingEventSink();

    @Test
    void aStoredChangeIsRecordedWithItsEventBetweenTheRoomEventsInTheOrderHandedOver() {
        MeetingEvent chat = SampleEvents.chat(MEETING, "before");
        MeetingEvent ended = SampleEvents.ended(MEETING);
        MeetingEvent after = SampleEvents.chat(MEETING, "after");
        StateChange ending = connection -> { };

        sink.meetingEvent(chat);
        sink.storeWithEvent(ended, ending);
        sink.meetingEvent(after);

        List<RecordingEventSink.Recorded> recorded = sink.events();
        assertEquals(List.of(chat, ended, after), recorded.stream().map(RecordingEventSink.Recorded::event).toList());
        assertEquals(List.of(RecordingEventSink.Path.HANDED_OVER, RecordingEventSink.Path.STORED, RecordingEventSink.Path.HANDED_OVER),
                recorded.stream().map(RecordingEventSink.Recorded::path).toList());
        assertSame(ending, recorded.get(1).change(), "the change is kept with its event");
        assertSame(StateChange.NONE, recorded.get(0).change());
    }

    @Test
    void aStoreWithoutAChangeIsRefusedNamingTheEvent() {
        MeetingEvent ended = SampleEvents.ended(MEETING);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> sink.storeWithEvent(ended, StateChange.NONE));
        assertTrue(refused.getMessage().contains(ended.getEventId()), refused.getMessage());
        assertEquals(List.of(), sink.events(), "nothing recorded");
    }
}
