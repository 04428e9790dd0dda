package io.confab.jobs.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules for one voice on two tracks, and the hold that lets them apply. */
class SharedVoiceTest {

    static final String SENTENCE = "the new team started work on monday and they are doing well";
    final SharedVoice.Heard ada = new SharedVoice.Heard("p-ada", 1_000, 4_200, SENTENCE);
    /** Ada's voice through Bob's microphone: 150 ms later, a word misheard. */
    final SharedVoice.Heard echo = new SharedVoice.Heard("p-bob", 1_150, 4_350, "the new team started work on monday and there are doing well");

    @Test
    void overlappingSegmentsOfTwoParticipantsWithMostWordsInCommonAreTheSameSpeech() {
        assertTrue(SharedVoice.sameSpeech(ada, echo));
        assertFalse(SharedVoice.sameSpeech(ada, new SharedVoice.Heard("p-bob", 1_100, 4_000,
                "please send me your numbers before the end of the week")), "two people talking at once");
        assertFalse(SharedVoice.sameSpeech(ada, new SharedVoice.Heard("p-bob", 3_900, 7_000, SENTENCE)), "a repeat, later");
        assertFalse(SharedVoice.sameSpeech(ada, new SharedVoice.Heard("p-ada", 1_000, 4_200, SENTENCE)), "one participant's own tracks");
    }

    @Test
    void theActiveSpeakerKeepsTheSpeechAndWithoutOneTheFirstToStart() {
        ActiveSpeakers active = new ActiveSpeakers();
        assertSame(ada, SharedVoice.speaker(echo, ada, active), "nobody named: the direct sound starts first");
        active.changed(500, "p-bob");
        assertSame(echo, SharedVoice.speaker(ada, echo, active), "the SFU named Bob");
        active.changed(2_000, "p-ada");
        assertSame(ada, SharedVoice.speaker(echo, ada, active), "Ada from 2 s, the overlap's middle is at 2.7 s");
        assertNull(new ActiveSpeakers().at(10_000));
    }

    @Test
    void aFinalWaitsOnlyWhileAnotherParticipantIsSpeakingAndOneCopyLeaves() {
        SharedVoiceHold<String> hold = new SharedVoiceHold<>();
        ActiveSpeakers active = new ActiveSpeakers();
        active.changed(900, "p-ada");

        // Nobody else speaking: out at once.
        assertEquals(List.of(new SharedVoiceHold.Decision.Publish<>("t-ada", "alone")),
                hold.heardFinal("t-ada", "alone", new SharedVoice.Heard("p-ada", 0, 800, "hello"), active));

        // Bob's track is mid-utterance when Ada's final comes: Ada's waits for it.
        hold.caption("t-bob", "p-bob", 1_150, 3_900);
        assertEquals(List.of(), hold.heardFinal("t-ada", "ada", ada, active));
        assertTrue(hold.holding());
        List<SharedVoiceHold.Decision<String>> decided = hold.heardFinal("t-bob", "echo", echo, active);
        assertEquals(new SharedVoiceHold.Decision.Publish<>("t-ada", "ada"), decided.get(0));
        SharedVoiceHold.Decision.Drop<String> drop = (SharedVoiceHold.Decision.Drop<String>) decided.get(1);
        assertEquals("echo", drop.item());
        assertEquals(2, decided.size());
        assertFalse(hold.holding());
    }

    @Test
    void aHeldFinalLeavesWhenTheOtherTrackSaysSomethingElseOrAfterTheLongestWait() {
        SharedVoiceHold<String> hold = new SharedVoiceHold<>();
        ActiveSpeakers active = new ActiveSpeakers();
        hold.caption("t-bob", "p-bob", 1_100, 2_000);
        assertEquals(List.of(), hold.heardFinal("t-ada", "ada", ada, active));
        List<SharedVoiceHold.Decision<String>> other = hold.heardFinal("t-bob", "bob",
                new SharedVoice.Heard("p-bob", 1_100, 4_000, "please send me your numbers before the end of the week"), active);
        assertEquals(List.of(new SharedVoiceHold.Decision.Publish<>("t-bob", "bob"), new SharedVoiceHold.Decision.Publish<>("t-ada", "ada")),
                other, "different words: both published");

        hold.caption("t-bob", "p-bob", 5_000, 6_000);
        SharedVoice.Heard later = new SharedVoice.Heard("p-ada", 5_100, 6_200, "see you on thursday");
        assertEquals(List.of(), hold.heardFinal("t-ada", "later", later, active));
        assertEquals(List.of(), hold.tick(6_200 + SharedVoiceHold.MAX_HOLD_MS - 1));
        assertEquals(List.of(new SharedVoiceHold.Decision.Publish<>("t-ada", "later")), hold.tick(6_200 + SharedVoiceHold.MAX_HOLD_MS));
    }
}
