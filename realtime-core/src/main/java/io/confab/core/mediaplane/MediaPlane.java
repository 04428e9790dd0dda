package io.confab.core.mediaplane;


/**
 * The SFU as signaling sees it: rooms decide, the media plane carries out. Calls come from a
 * meeting's room executor, in the order the room produced them, and must return quickly (the SFU
 * hands them to its own thread).
 */
public interface MediaPlane {

    /** No media: a core started without an SFU (tests of signaling alone). */
    MediaPlane NONE = (meeting, command) -> {
    };

    void apply(MeetingRef meeting, MediaCommand command);

    /** Which meeting, and whose: media.packets and media.quality carry both. */
    record MeetingRef(String meetingId, String accountId) {
    }
}
