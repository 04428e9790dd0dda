package io.confab.dataapi.quality;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** {@link QualityStore} over {@code confab.call_quality_by_meeting} (storage's schema.cql). */
public final class CassandraQualityStore implements QualityStore {

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    public CassandraQualityStore(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO confab.call_quality_by_meeting (meeting_id, day, participant_id, interval_start, direction, "
                + "account_id, interval_end, packets, packets_lost, fraction_lost, jitter_ms, rtt_ms, bitrate_kbps, r_factor, mos) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT * FROM confab.call_quality_by_meeting WHERE meeting_id = ? AND day = ?");
    }

    @Override
    public void save(QualityPoint p) {
        session.execute(insert.bind(p.meetingId(), LocalDate.ofInstant(p.intervalStart(), ZoneOffset.UTC), p.participantId(),
                p.intervalStart(), p.direction(), p.accountId(), p.intervalEnd(), p.packets(), p.packetsLost(), p.fractionLost(),
                p.jitterMs(), p.rttMs(), p.bitrateKbps(), p.r(), p.mos()));
    }

    @Override
    public List<QualityPoint> ofMeeting(String meetingId, LocalDate day) {
        List<QualityPoint> points = new ArrayList<>();
        for (Row row : session.execute(select.bind(meetingId, day))) {
            points.add(new QualityPoint(row.getString("meeting_id"), row.getString("participant_id"), row.getInstant("interval_start"),
                    row.getString("direction"), row.getString("account_id"), row.getInstant("interval_end"), row.getLong("packets"),
                    row.getLong("packets_lost"), row.getDouble("fraction_lost"), row.getDouble("jitter_ms"),
                    row.isNull("rtt_ms") ? null : row.getDouble("rtt_ms"), row.getDouble("bitrate_kbps"), row.getDouble("r_factor"),
                    row.getDouble("mos")));
        }
        return points;
    }
}
