package io.confab.core.captions;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.TranscriptSegment;

/**
 * Turns a {@code transcript.segments} record into a {@code caption} message, checking what the
 * signaling protocol promises clients: a well-formed participant id, a name and text of bounded
 * size, times that run forward. The job writes all of these; a record that breaks them came from
 * somewhere else and must not reach a browser.
 */
public final class CaptionReader {

    /**
     * A 30 s segment (the job's longest) of fast speech is about 100 words, 600-800 characters;
     * 4,000 is the chat limit, so a caption never costs more than a chat message.
     */
    static final int MAX_TEXT = 4_000;
    /** The accounts rule for display names. */
    static final int MAX_NAME = 64;
    static final int MAX_SEGMENT_ID = 64;

    private CaptionReader() {
    }

    public static CaptionReading read(String key, byte[] value) {
        Decoded<TranscriptSegment> decoded = Codecs.TRANSCRIPT_SEGMENTS.decode(value);
        if (decoded instanceof Decoded.Failed<TranscriptSegment> failed) {
            return new CaptionReading.Refused(CaptionReading.Refusal.UNDECODABLE, failed.reason());
        }
        return read(key, ((Decoded.Ok<TranscriptSegment>) decoded).value());
    }

    static CaptionReading read(String key, TranscriptSegment segment) {
        String problem = problem(key, segment);
        if (problem != null) {
            return new CaptionReading.Refused(CaptionReading.Refusal.INVALID,
                    "segment " + segment.getSegmentId() + " of meeting " + segment.getMeetingId() + ": " + problem);
        }
        return new CaptionReading.Caption(new LiveCaption(segment.getMeetingId(), segment.getMeetingStartedAt(),
                new ServerMessage.Caption(segment.getSegmentId(), new ParticipantId(segment.getSpeakerParticipantId()),
                        segment.getSpeakerName(), segment.getText(), segment.getIsFinal(),
                        segment.getStartOffsetMs(), segment.getEndOffsetMs())));
    }

    private static String problem(String key, TranscriptSegment segment) {
        if (key != null && !key.equals(segment.getMeetingId())) {
            return "keyed by '" + key + "', not by its meeting id";
        }
        if (!ParticipantId.isWellFormed(segment.getSpeakerParticipantId())) {
            return "speakerParticipantId '" + segment.getSpeakerParticipantId() + "' is not a participant id";
        }
        if (segment.getSegmentId().isEmpty() || segment.getSegmentId().length() > MAX_SEGMENT_ID) {
            return "segmentId must be 1-" + MAX_SEGMENT_ID + " characters";
        }
        if (segment.getSpeakerName().codePointCount(0, segment.getSpeakerName().length()) > MAX_NAME) {
            return "speakerName is over " + MAX_NAME + " characters";
        }
        if (segment.getText().codePointCount(0, segment.getText().length()) > MAX_TEXT) {
            return "text is over " + MAX_TEXT + " characters";
        }
        if (segment.getStartOffsetMs() < 0 || segment.getEndOffsetMs() < segment.getStartOffsetMs()) {
            return "offsets " + segment.getStartOffsetMs() + ".." + segment.getEndOffsetMs() + " ms do not run forward from 0";
        }
        return null;
    }
}
