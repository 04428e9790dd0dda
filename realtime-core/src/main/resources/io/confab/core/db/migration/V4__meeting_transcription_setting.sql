-- The meeting setting "transcription" (live captions and a transcript without a recording).
-- V4, not V3: V3 is the event outbox's, planned on its own branch; migrations are applied by name.
ALTER TABLE meetings ADD COLUMN transcription boolean NOT NULL DEFAULT false;
