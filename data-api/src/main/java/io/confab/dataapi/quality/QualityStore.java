package io.confab.dataapi.quality;

import java.time.LocalDate;
import java.util.List;

/** Where the quality timeline is kept: Cassandra's {@code call_quality_by_meeting}. */
public interface QualityStore {

    void save(QualityPoint point);

    /** Every point of a meeting on one UTC day, by participant then time. */
    List<QualityPoint> ofMeeting(String meetingId, LocalDate day);
}
