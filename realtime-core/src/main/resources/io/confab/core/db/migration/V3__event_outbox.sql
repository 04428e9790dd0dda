-- The transactional outbox: every record realtime-core publishes (meeting.events, audit.log) is first
-- written here, in the same transaction as the state change it describes, and the relay sends the
-- rows to Kafka in position order and deletes them once Kafka has acknowledged them. A Kafka outage
-- or a crash then loses nothing: the rows wait here.
CREATE TABLE event_outbox (
    position   bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
