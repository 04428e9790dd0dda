package io.confab.dataapi.quality;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ParticipantNames} from {@code confab.participant_sessions_by_meeting}, the usage meter's
 * session rows (storage's schema.cql): one partition per meeting, its rows in join order, so a
 * person who rejoined under another name is shown by the later one.
 */
public final class CassandraParticipantNames implements ParticipantNames {

    private final CqlSession session;
    private final PreparedStatement select;

    public CassandraParticipantNames(CqlSession session) {
        this.session = session;
        this.select = session.prepare("SELECT participant_id, display_name FROM confab.participant_sessions_by_meeting WHERE meeting_id = ?");
    }

    @Override
    public Map<String, String> of(String meetingId) {
        Map<String, String> names = new HashMap<>();
        for (Row row : session.execute(select.bind(meetingId))) {
            String name = row.getString("display_name");
            if (name != null && !name.isBlank()) {
                names.put(row.getString("participant_id"), name);
            }
        }
        return names;
    }
}
