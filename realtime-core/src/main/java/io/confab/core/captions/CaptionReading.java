package io.confab.core.captions;

import java.util.Objects;

/** What one record of {@code transcript.segments} became: a caption, or why not. */
public sealed interface CaptionReading {

    /** Why a record is no caption, for the counter's label and the one log line per kind. */
    enum Refusal {
        /** The codec refused the bytes (no data, unknown schema, malformed body, ...). */
        UNDECODABLE,
        /** It decoded, but a field breaks the signaling protocol's rules (participant id, text size, times). */
        INVALID
    }

    record Caption(LiveCaption caption) implements CaptionReading {
        public Caption {
            Objects.requireNonNull(caption, "caption");
        }
    }

    record Refused(Refusal refusal, String reason) implements CaptionReading {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
