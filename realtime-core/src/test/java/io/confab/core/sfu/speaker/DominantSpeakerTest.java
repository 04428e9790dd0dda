package io.confab.core.sfu.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dominant-speaker policy played against scripted meetings: 20 ms Opus frames carrying RFC 6464
 * audio levels (0 loudest, 127 silence), a participant absent from a stretch sending nothing (DTX),
 * and a tick after every frame as the media loop would.
 */
class DominantSpeakerTest {

    private static final int FRAME_MS = 20;

    private final DominantSpeaker detector = new DominantSpeaker();
    private final List<Change> changes = new ArrayList<>();
    private long nowMs;

    private record Talk(String participantId, int level, boolean voice) {
    }

    private record Change(long atMs, String participantId) {
    }

    private static Talk talk(String participantId, int level) {
        return new Talk(participantId, level, true);
    }

    private static long nanos(long millis) {
        return millis * 1_000_000L;
    }

    /** Plays {@code durationMs} of frames from everyone talking; everyone else is silent (DTX). */
    private void play(long durationMs, Talk... talking) {
        for (long end = nowMs + durationMs; nowMs < end; nowMs += FRAME_MS) {
            for (Talk t : talking) {
                note(detector.onAudioLevel(t.participantId(), t.level(), t.voice(), nanos(nowMs)));
            }
            note(detector.tick(nanos(nowMs)));
        }
    }

    private void note(Optional<String> change) {
        change.ifPresent(id -> changes.add(new Change(nowMs, id)));
    }

    private List<String> changedTo() {
        return changes.stream().map(Change::participantId).toList();
    }

    private long lastChangeAtMs() {
        return changes.get(changes.size() - 1).atMs();
    }

    @Test
    void steadySingleSpeakerBecomesDominantOnceAfterOneWindowOfSpeech() {
        play(5_000, talk("alice", 30));

        assertEquals(List.of("alice"), changedTo());
        // The speech run must last the 300 ms smoothing window before it counts.
        assertEquals(300, changes.get(0).atMs());
        assertEquals(Optional.of("alice"), detector.dominant());
    }

    @Test
    void shortInterjectionsDoNotTakeTheFloor() {
        play(2_000, talk("alice", 35));
        play(500, talk("bob", 30));              // "sorry, go on" while alice pauses
        play(2_000, talk("alice", 35));
        play(400, talk("bob", 25));
        play(1_500, talk("alice", 35));
        play(600, talk("alice", 35), talk("bob", 15)); // talking over her, 20 dB louder
        play(2_000, talk("alice", 35));

        assertEquals(List.of("alice"), changedTo(), "interjections shorter than the 1 s lead must not switch");
    }

    @Test
    void speakersOfSimilarLoudnessTalkingTogetherDoNotSwitch() {
        play(1_000, talk("alice", 30));
        play(5_000, talk("alice", 30), talk("bob", 26));

        assertEquals(List.of("alice"), changedTo(), "4 dB louder is inside the 6 dB margin");
    }

    @Test
    void challengerClearlyLouderForOneSecondTakesOver() {
        play(1_000, talk("alice", 40));
        long challengeStartMs = nowMs;
        play(3_000, talk("alice", 40), talk("bob", 20));

        assertEquals(List.of("alice", "bob"), changedTo());
        long lead = lastChangeAtMs() - challengeStartMs;
        assertTrue(lead >= 1_000 && lead <= 1_000 + 2 * FRAME_MS,
                "bob should take over one second into his lead, took " + lead + " ms");
    }

    @Test
    void aNewTurnAfterAShortPauseNeedsTheSustainedLead() {
        play(2_000, talk("alice", 30));
        play(500);
        long bobStartsMs = nowMs;
        play(2_000, talk("bob", 30));

        assertEquals(List.of("alice", "bob"), changedTo());
        long waited = lastChangeAtMs() - bobStartsMs;
        assertTrue(waited >= 1_000 && waited <= 1_000 + 2 * FRAME_MS,
                "alice only paused for 500 ms, so bob needs the 1 s lead; took " + waited + " ms");
    }

    @Test
    void silentSpeakerYieldsToTheNextSpeakerSooner() {
        play(2_000, talk("alice", 30));
        play(2_500);
        long bobStartsMs = nowMs;
        play(2_000, talk("bob", 30));

        assertEquals(List.of("alice", "bob"), changedTo());
        assertEquals(300, lastChangeAtMs() - bobStartsMs,
                "after 2 s of silence one 300 ms window of speech is enough");
    }

    @Test
    void silenceKeepsTheLastSpeakerOnStage() {
        play(1_000, talk("alice", 30));
        play(10_000);
        play(5_000, talk("alice", 127), talk("bob", 127));

        assertEquals(List.of("alice"), changedTo());
        assertEquals(Optional.of("alice"), detector.dominant());
    }

    @Test
    void aCoughDuringSilenceDoesNotTakeTheStage() {
        play(1_000, talk("alice", 30));
        play(3_000);
        play(100, talk("bob", 10));
        play(2_000);

        assertEquals(List.of("alice"), changedTo());
    }

    @Test
    void noiseQuieterThanTheSpeechLevelNeverCounts() {
        play(5_000, talk("hum", 70), talk("fan", 51));
        assertEquals(List.of(), changedTo(), "-70 and -51 dBov are below the -50 dBov speech level");
        assertEquals(0.0, detector.smoothedLoudness("hum"));

        play(2_000, talk("hum", 70), talk("alice", 45));
        assertEquals(List.of("alice"), changedTo());
    }

    @Test
    void samplesTheSenderMarksAsNotVoiceAreSilence() {
        play(1_000, talk("alice", 40));
        play(3_000, talk("alice", 40), new Talk("music", 5, false));

        assertEquals(List.of("alice"), changedTo(), "V=0 (RFC 6464 §3) must not compete however loud");
    }

    @Test
    void dominantSpeakerLeavingHandsOverToWhoeverIsSpeaking() {
        play(1_000, talk("alice", 30));
        play(2_000, talk("alice", 30), talk("carol", 40));
        assertEquals(Optional.of("alice"), detector.dominant());

        assertEquals(Optional.of("carol"), detector.leave("alice", nanos(nowMs)));
        assertEquals(Optional.of("carol"), detector.dominant());
        assertEquals(List.of("carol"), detector.recentSpeakers());
    }

    @Test
    void dominantSpeakerLeavingInSilenceHandsOverToThePreviousSpeaker() {
        detector.join("dave");
        play(1_000, talk("alice", 30));
        play(3_000);
        play(1_000, talk("bob", 30));
        play(3_000);
        assertEquals(List.of("bob", "alice", "dave"), detector.recentSpeakers());

        assertEquals(Optional.of("alice"), detector.leave("bob", nanos(nowMs)));
        assertEquals(Optional.empty(), detector.leave("dave", nanos(nowMs)), "dave was not dominant");
        assertEquals(Optional.empty(), detector.leave("alice", nanos(nowMs)), "nobody is left to take over");
        assertEquals(Optional.empty(), detector.dominant());
        assertEquals(List.of(), detector.recentSpeakers());
        assertEquals(Optional.empty(), detector.leave("stranger", nanos(nowMs)));
    }

    @Test
    void aDepartedParticipantNoLongerCompetes() {
        play(1_000, talk("alice", 30));
        play(600, talk("alice", 40), talk("bob", 10));
        detector.leave("bob", nanos(nowMs));
        play(3_000, talk("alice", 40));

        assertEquals(List.of("alice"), changedTo());
        assertEquals(List.of("alice"), detector.recentSpeakers());
    }

    @Test
    void recentSpeakersListsEveryoneMostRecentlyDominantFirst() {
        detector.join("erin");
        play(1_000, talk("alice", 30));
        play(2_500);
        play(1_000, talk("bob", 30));
        play(2_500);
        play(1_000, talk("alice", 30));
        play(100, talk("frank", 80));

        assertEquals(List.of("alice", "bob", "alice"), changedTo());
        assertEquals(List.of("alice", "bob", "erin", "frank"), detector.recentSpeakers());
    }

    @Test
    void levelsOutsideRfc6464RangeAreCountedAndIgnored() {
        assertEquals(Optional.empty(), detector.onAudioLevel("alice", -1, 0));
        assertEquals(Optional.empty(), detector.onAudioLevel("alice", 128, 0));
        assertEquals(Optional.empty(), detector.onAudioLevel("alice", Integer.MIN_VALUE, 0));

        assertEquals(3, detector.rejectedLevels());
        assertEquals(List.of(), detector.recentSpeakers(), "a rejected sample does not make a participant");
    }

    @Test
    void timeSteppingBackIsReadAsTheLatestTime() {
        play(1_000, talk("alice", 30));
        long earlier = nanos(nowMs - 10_000);
        for (int i = 0; i < 200; i++) {
            note(detector.onAudioLevel("bob", 10, earlier));
        }
        assertEquals(List.of("alice"), changedTo(), "200 samples at one instant are no sustained lead");
    }

    @Test
    void smoothedLoudnessFadesWithinOneWindowWhenPacketsStop() {
        play(1_000, talk("alice", 27));
        assertEquals(100.0, detector.smoothedLoudness("alice"), 1e-9);

        detector.tick(nanos(nowMs + 300));
        assertEquals(0.0, detector.smoothedLoudness("alice"));
    }

    @Test
    void configurationRefusesValuesThatCannotWork() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class,
                () -> new DominantSpeakerConfig(Duration.ZERO, 6, second, second, 50));
        assertThrows(IllegalArgumentException.class,
                () -> new DominantSpeakerConfig(second, -1, second, second, 50));
        assertThrows(IllegalArgumentException.class,
                () -> new DominantSpeakerConfig(second, Double.NaN, second, second, 50));
        assertThrows(IllegalArgumentException.class,
                () -> new DominantSpeakerConfig(second, 6, second, Duration.ofMillis(-1), 50));
        assertThrows(IllegalArgumentException.class,
                () -> new DominantSpeakerConfig(second, 6, second, second, 127));
    }

    @Test
    void aSmallerMarginAndShorterLeadSwitchSooner() {
        DominantSpeaker eager = new DominantSpeaker(new DominantSpeakerConfig(
                Duration.ofMillis(300), 3.0, Duration.ofMillis(400), Duration.ofSeconds(2), 50));
        List<Change> seen = new ArrayList<>();
        for (long t = 0; t < 3_000; t += FRAME_MS) {
            long at = t;
            eager.onAudioLevel("alice", 30, nanos(t)).ifPresent(id -> seen.add(new Change(at, id)));
            if (t >= 1_000) {
                eager.onAudioLevel("bob", 26, nanos(t)).ifPresent(id -> seen.add(new Change(at, id)));
            }
        }
        // Bob is 4 dB louder: inside the default 6 dB margin, outside this 3 dB one.
        assertEquals(List.of(new Change(300, "alice"), new Change(1_400, "bob")), seen);
    }
}
