package io.confab.core.meetings;

import java.util.Objects;

/** The outcome of reading a typed meeting ID: an ID that may exist, or why it cannot. */
public sealed interface MeetingIdParse permits MeetingIdParse.Found, MeetingIdParse.Refused {

    /** Well-formed with a valid check digit; whether such a meeting exists is for the store. */
    record Found(MeetingId id) implements MeetingIdParse {
        public Found {
            Objects.requireNonNull(id, "id");
        }
    }

    record Refused(Reason reason) implements MeetingIdParse {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        WRONG_LENGTH("a meeting ID has 10 or 11 digits"),
        NOT_DIGITS("a meeting ID has only digits (spaces and dashes are ignored)"),
        /** Check digit wrong or leading zero: a mistyped ID, answered like an unknown one. */
        NEVER_ISSUED("no such meeting");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        /** What to tell the person who typed it. */
        public String message() {
            return message;
        }
    }
}
