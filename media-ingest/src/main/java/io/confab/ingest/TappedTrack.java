package io.confab.ingest;

import io.confab.storage.events.MediaKind;

import java.util.Objects;

/**
 * What every tapped packet of one published track shares: whose track it is and how its payload is
 * encoded. The SFU builds one per track (again when a renegotiation changes the codec), so a tapped
 * packet carries a reference, not six strings.
 */
public record TappedTrack(String meetingId, String accountId, String participantId, String trackId, MediaKind kind,
                          String codec, int clockRate) {

    public TappedTrack {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive, was " + clockRate);
        }
    }
}
