package io.confab.jobs.recording.mix;

import io.confab.jobs.recording.Participant;
import io.confab.jobs.recording.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in the meeting at a moment of the recording: replays the recording's timeline as the
 * output clock moves forward, so joins, leaves, mutes and speaker changes show at the frame they
 * happened. The cursor only moves forward, like the output.
 */
public final class OnScreen {

    private final Map<String, Participant> present = new LinkedHashMap<>();
    private final List<TimelineEntry> entries;
    private int next;
    private String speaker;

    public OnScreen(List<Participant> initial, String initialSpeaker, List<TimelineEntry> entries) {
        initial.forEach(p -> present.put(p.id(), p));
        this.speaker = initialSpeaker;
        this.entries = entries;
    }

    /** Applies every entry that happened at or before {@code atMs}. */
    public void advanceTo(long atMs) {
        while (next < entries.size() && entries.get(next).atMs() <= atMs) {
            apply(entries.get(next++));
        }
    }

    /** A participant who sends media before their join was read is shown under their id until it is. */
    public Participant participant(String id) {
        return present.computeIfAbsent(id, key -> new Participant(key, shortId(key), false, false));
    }

    public List<Participant> present() {
        return new ArrayList<>(present.values());
    }

    public String speaker() {
        return speaker;
    }

    private void apply(TimelineEntry entry) {
        String id = entry.participantId();
        switch (entry.type()) {
            case JOIN -> present.put(id, new Participant(id, entry.name(), false, false));
            case LEAVE -> {
                present.remove(id);
                if (id.equals(speaker)) {
                    speaker = null;
                }
            }
            case MUTE, UNMUTE -> {
                Participant p = present.get(id);
                if (p != null) {
                    boolean muted = entry.type() == TimelineEntry.Type.MUTE;
                    present.put(id, "AUDIO".equals(entry.detail()) ? p.withAudioMuted(muted) : p.withVideoMuted(muted));
                }
            }
            case SPEAKER -> speaker = id;
            case CHAT -> { }
        }
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
