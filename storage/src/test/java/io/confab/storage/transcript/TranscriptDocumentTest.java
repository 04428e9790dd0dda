package io.confab.storage.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranscriptDocumentTest {

    private static final List<TranscriptCue> CUES = List.of(
            new TranscriptCue("p1", "Ada", 1_500, 3_250, "hello world"),
            new TranscriptCue("p2", "Bob <b> & \"co\"", 3_723_004, 3_724_000, "two\nlines --> here"));

    @Test
    void webVttNamesEachSpeakerWithAVoiceSpan() {
        assertEquals("""
                WEBVTT

                1
                00:00:01.500 --> 00:00:03.250
                <v Ada>hello world

                2
                01:02:03.004 --> 01:02:04.000
                <v Bob &lt;b&gt; &amp; "co">two lines -> here
                """, TranscriptDocument.render(TranscriptFormat.VTT, CUES));
    }

    @Test
    void srtPutsTheSpeakerBeforeTheTextWithCommaMilliseconds() {
        assertEquals("""
                1
                00:00:01,500 --> 00:00:03,250
                Ada: hello world

                2
                01:02:03,004 --> 01:02:04,000
                Bob <b> & "co": two lines -> here
                """, TranscriptDocument.render(TranscriptFormat.SRT, CUES));
    }

    @Test
    void jsonAndTextCarrySpeakerTimesAndText() {
        assertEquals("""
                {"segments": [
                  {"speaker": "Ada", "speakerParticipantId": "p1", "startMs": 1500, "endMs": 3250, "text": "hello world"},
                  {"speaker": "Bob <b> & \\"co\\"", "speakerParticipantId": "p2", "startMs": 3723004, "endMs": 3724000, "text": "two\\nlines --> here"}
                ]}
                """, TranscriptDocument.render(TranscriptFormat.JSON, CUES));
        assertEquals("[00:00:01.500] Ada: hello world\n[01:02:03.004] Bob <b> & \"co\": two lines -> here\n",
                TranscriptDocument.render(TranscriptFormat.TXT, CUES));
        assertEquals("{\"segments\": []}\n", TranscriptDocument.render(TranscriptFormat.JSON, List.of()));
    }

    @Test
    void formatsAreNamedCaseInsensitivelyAndAnUnknownOneIsRefusedByName() {
        assertEquals(TranscriptFormat.SRT, TranscriptFormat.named("Srt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TranscriptFormat.named("docx"));
        assertEquals("unknown transcript format 'docx': use one of json, vtt, srt, txt", e.getMessage());
    }

    @Test
    void searchWordsAreLowerCaseFoldedAndKeepInnerApostrophes() {
        assertEquals(Set.of("don't", "panic", "cafe", "42"), SearchWords.of("Don't PANIC, 'café' #42!"));
        assertEquals(Set.of(), SearchWords.of("  ... "));
        assertEquals(Set.of(), SearchWords.of("x".repeat(41)));
    }
}
