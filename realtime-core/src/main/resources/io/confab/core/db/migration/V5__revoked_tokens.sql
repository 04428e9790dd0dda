-- Tokens revoked before their expiry (sign-out), by token id (the JWT's jti); a row is useless
-- after expires_at and is deleted then. V5: V3 is the event outbox's, on its own branch.
CREATE TABLE revoked_tokens (
    token_id   text        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);
