-- A meeting's start is kept as wall-clock time in its own zone (RFC 5545 section 3.3.5), not as
-- an instant: a recurring 09:00 meeting must stay at 09:00 across DST changes and changes to a
-- zone's rules. Existing instants are converted in each meeting's zone.
ALTER TABLE meetings RENAME COLUMN start_time TO start_local;
ALTER TABLE meetings ALTER COLUMN start_local TYPE timestamp USING (start_local AT TIME ZONE time_zone);
