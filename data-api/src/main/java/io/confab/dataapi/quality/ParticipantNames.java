package io.confab.dataapi.quality;

import java.util.Map;

/** The names people had in a meeting, by participant id: what the quality answer shows beside each id. */
public interface ParticipantNames {

    /** Participant id to display name; a participant the meter has no session row for is absent. */
    Map<String, String> of(String meetingId);
}
