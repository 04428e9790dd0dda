package io.confab.storage.transcript;

import java.util.List;

/**
 * Renders a transcript's cues as one of the {@link TranscriptFormat}s. The job writes the files
 * with it and the post-meeting API serves live transcripts with it, so both say the same thing.
 *
 * <p>WebVTT (W3C WebVTT, section 4) names the speaker with a voice span {@code <v Name>}, which
 * players show as the speaker; SRT has no speaker syntax, so the name leads the text
 * ("Name: text"), as broadcasters do. Both time stamps are hours:minutes:seconds and milliseconds,
 * with '.' in WebVTT and ',' in SRT.
 */
public final class TranscriptDocument {

    private TranscriptDocument() {
    }

    public static String render(TranscriptFormat format, List<TranscriptCue> cues) {
        return switch (format) {
            case VTT -> vtt(cues);
            case SRT -> srt(cues);
            case TXT -> txt(cues);
            case JSON -> json(cues);
        };
    }

    static String vtt(List<TranscriptCue> cues) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        int n = 0;
        for (TranscriptCue cue : cues) {
            out.append('\n').append(++n).append('\n')
                    .append(time(cue.startMs(), '.')).append(" --> ").append(time(cue.endMs(), '.')).append('\n')
                    .append("<v ").append(vttEscape(cue.speaker()).replace(">", "&gt;")).append('>')
                    .append(vttEscape(oneLine(cue.text()))).append('\n');
        }
        return out.toString();
    }

    static String srt(List<TranscriptCue> cues) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (TranscriptCue cue : cues) {
            if (n > 0) {
                out.append('\n');
            }
            out.append(++n).append('\n')
                    .append(time(cue.startMs(), ',')).append(" --> ").append(time(cue.endMs(), ',')).append('\n')
                    .append(oneLine(cue.speaker())).append(": ").append(oneLine(cue.text())).append('\n');
        }
        return out.toString();
    }

    static String txt(List<TranscriptCue> cues) {
        StringBuilder out = new StringBuilder();
        for (TranscriptCue cue : cues) {
            out.append('[').append(time(cue.startMs(), '.')).append("] ").append(oneLine(cue.speaker())).append(": ")
                    .append(oneLine(cue.text())).append('\n');
        }
        return out.toString();
    }

    static String json(List<TranscriptCue> cues) {
        StringBuilder out = new StringBuilder("{\"segments\": [");
        for (int i = 0; i < cues.size(); i++) {
            TranscriptCue cue = cues.get(i);
            out.append(i == 0 ? "\n  " : ",\n  ")
                    .append("{\"speaker\": ").append(jsonString(cue.speaker()))
                    .append(", \"speakerParticipantId\": ").append(jsonString(cue.speakerParticipantId()))
                    .append(", \"startMs\": ").append(cue.startMs())
                    .append(", \"endMs\": ").append(cue.endMs())
                    .append(", \"text\": ").append(jsonString(cue.text())).append('}');
        }
        return out.append(cues.isEmpty() ? "]}\n" : "\n]}\n").toString();
    }

    /** hh:mm:ss.mmm (or ',' before the milliseconds); hours grow past 99 rather than wrap. */
    public static String time(long ms, char separator) {
        long clamped = Math.max(0, ms);
        return String.format("%02d:%02d:%02d%c%03d", clamped / 3_600_000, clamped / 60_000 % 60, clamped / 1000 % 60, separator,
                clamped % 1000);
    }

    /** A cue line must not contain a blank line (it would end the cue) nor "-->" (it would look like timing). */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replace("-->", "->").strip();
    }

    private static String vttEscape(String text) {
        return oneLine(text).replace("&", "&amp;").replace("<", "&lt;");
    }

    static String jsonString(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
