-- Accounts, users and meetings: what the meeting service owns. Secrets are stored only as Argon2id
-- PHC strings (passwords and meeting passcodes alike).

CREATE TABLE accounts (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                   uuid PRIMARY KEY,
    account_id           uuid NOT NULL REFERENCES accounts (id),
    email                text NOT NULL UNIQUE,
    display_name         text NOT NULL,
    password_hash        text NOT NULL,
    role                 text NOT NULL CHECK (role IN ('ACCOUNT_OWNER', 'HOST', 'PARTICIPANT')),
    personal_meeting_id  text NOT NULL UNIQUE,
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
    id                 text PRIMARY KEY,           -- 10-11 digits, the last a check digit
    account_id         uuid NOT NULL REFERENCES accounts (id),
    host_user_id       uuid NOT NULL REFERENCES users (id),
    topic              text NOT NULL,
    passcode_hash      text,
    type               text NOT NULL CHECK (type IN ('INSTANT', 'SCHEDULED', 'RECURRING')),
    start_time         timestamptz,
    duration_minutes   integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    time_zone          text NOT NULL,
    recurrence         jsonb,                      -- the rule, expanded on read in the meeting's zone
    waiting_room       boolean NOT NULL,
    join_before_host   boolean NOT NULL,
    mute_on_entry      boolean NOT NULL,
    allow_recording    boolean NOT NULL,
    e2ee_enabled       boolean NOT NULL,
    status             text NOT NULL CHECK (status IN ('SCHEDULED', 'STARTED', 'ENDED')),
    personal           boolean NOT NULL DEFAULT false,
    recording_id       uuid,                       -- set while a cloud recording runs
    created_at         timestamptz NOT NULL DEFAULT now(),
    started_at         timestamptz,
    ended_at           timestamptz
);

-- "My meetings", newest first.
CREATE INDEX meetings_by_host ON meetings (host_user_id, created_at DESC);
