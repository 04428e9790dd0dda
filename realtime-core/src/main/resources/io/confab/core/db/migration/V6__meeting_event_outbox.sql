-- The transactional outbox of meeting.events (issue #18 item 6). A meeting event is written here in
-- the same transaction as the state change it describes (a meeting's status), or with its group of
-- room events; the row is deleted once Kafka has acknowledged the event. What is left here after an
-- outage or a crash is sent again, in position order, which keeps each meeting's order.
-- (V3, an earlier outbox under another table name, was reverted before it was used: it is not listed.)
CREATE TABLE meeting_event_outbox (
    position   bigserial   PRIMARY KEY,
    meeting_id text        NOT NULL,
    event_id   uuid        NOT NULL,
    payload    bytea       NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);
