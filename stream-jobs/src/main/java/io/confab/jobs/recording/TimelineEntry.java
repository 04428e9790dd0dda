package io.confab.jobs.recording;

/**
 * One thing that happened during a recording, at a moment of the meeting: the recording's JSON
 * timeline is the list of these, and the compositor replays them to know who is on screen, under
 * which name, muted or speaking, at each output frame.
 *
 * @param atMs          when it happened on the server that made it (epoch milliseconds)
 * @param type          what happened
 * @param participantId whom it is about; for CHAT the sender
 * @param name          the participant's display name (JOIN, CHAT)
 * @param detail        AUDIO or VIDEO for MUTE/UNMUTE; the recipient's id for a private CHAT; null otherwise
 * @param text          the message of a CHAT; null otherwise
 */
public record TimelineEntry(long atMs, Type type, String participantId, String name, String detail, String text) {

    public enum Type { JOIN, LEAVE, MUTE, UNMUTE, SPEAKER, CHAT }

    public static TimelineEntry join(long atMs, String participantId, String name) {
        return new TimelineEntry(atMs, Type.JOIN, participantId, name, null, null);
    }

    public static TimelineEntry leave(long atMs, String participantId) {
        return new TimelineEntry(atMs, Type.LEAVE, participantId, null, null, null);
    }

    public static TimelineEntry mute(long atMs, String participantId, String kind, boolean muted) {
        return new TimelineEntry(atMs, muted ? Type.MUTE : Type.UNMUTE, participantId, null, kind, null);
    }

    public static TimelineEntry speaker(long atMs, String participantId) {
        return new TimelineEntry(atMs, Type.SPEAKER, participantId, null, null, null);
    }

    public static TimelineEntry chat(long atMs, String from, String fromName, String to, String text) {
        return new TimelineEntry(atMs, Type.CHAT, from, fromName, to, text);
    }
}
