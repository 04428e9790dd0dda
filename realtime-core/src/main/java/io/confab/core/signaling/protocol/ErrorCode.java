package io.confab.core.signaling.protocol;

/**
 * The {@code code} of an {@code error} frame. Codes are stable identifiers a client matches on; the
 * accompanying message is for people and may change. Written on the wire as the constant's name.
 */
public enum ErrorCode {
    // Produced by ProtocolCodec: the frame itself is wrong.
    /** Not JSON, not a JSON object, duplicate keys or trailing data. */
    MALFORMED_JSON,
    /** {@code type} names no message this server knows; the message names the type. */
    UNKNOWN_TYPE,
    /** A required field is absent or null; the message names the field. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, form, length or value; the message names the field. */
    INVALID_FIELD,
    /** The frame is over {@link ProtocolCodec#MAX_FRAME_BYTES}. */
    TOO_LARGE,

    // Produced by the transport, before a message reaches a room.
    /** The connection sent more than its rate limit allows; the message was dropped. */
    RATE_LIMITED,
    /** The meeting (or the server) is behind on the messages it already accepted; this one was dropped. Send it again shortly. */
    BUSY,
    /** The token is missing where one is needed, expired, or forged. */
    UNAUTHENTICATED,
    /** The meeting id fails its check digit or names no meeting. */
    NO_SUCH_MEETING,
    /** The meeting has a passcode and this one is wrong or missing. */
    WRONG_PASSCODE,
    /** Something failed on the server; the message says what, never how. */
    INTERNAL,

    // Produced by a room.
    /** The message needs a participant who is in the meeting (not waiting, not gone). */
    NOT_IN_MEETING,
    /** join_meeting on a connection that already joined. */
    ALREADY_JOINED,
    /** A host action from someone who is not allowed to take it; the message names the action. */
    FORBIDDEN,
    /** The meeting is locked and only hosts may still join. */
    MEETING_LOCKED,
    /** The meeting is over. */
    MEETING_ENDED,
    /** A host removed this user from the meeting; signed-in users may not come back. */
    REMOVED,
    /** The participant a message names is not in the meeting (or not in the waiting room). */
    UNKNOWN_PARTICIPANT,
    /** Cloud recording is off for this meeting (allow_recording off, or end-to-end encryption on). */
    RECORDING_NOT_ALLOWED,
    /** The meeting is not in a state that allows this, e.g. stop_recording when nothing records. */
    CONFLICT,
    /** The meeting has as many participants as it may hold; the message says how many. Hosts still get in. */
    MEETING_FULL,
    /** The waiting room has as many people as it may hold; the message says how many. */
    WAITING_ROOM_FULL,
    /** A publish offer with more tracks than one participant may send; the offer is refused, the message says the limit. */
    TOO_MANY_TRACKS
}
