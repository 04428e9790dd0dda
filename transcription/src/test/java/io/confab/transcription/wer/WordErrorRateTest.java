package io.confab.transcription.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class WordErrorRateTest {

    @Test
    void identicalTextsHaveNoErrors() {
        WordErrorRate wer = WordErrorRate.of("The quick brown fox.", "the quick brown fox");
        assertEquals(new WordErrorRate(4, 4, 0, 0, 0), wer);
        assertEquals(0.0, wer.rate());
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertionsSeparately() {
        // b→x substituted, d deleted, i inserted: the only alignment with three edits.
        WordErrorRate wer = WordErrorRate.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"),
                List.of("a", "x", "c", "e", "f", "g", "h", "i"));
        assertEquals(1, wer.substitutions(), wer.toString());
        assertEquals(1, wer.deletions(), wer.toString());
        assertEquals(1, wer.insertions(), wer.toString());
        assertEquals(6, wer.hits(), wer.toString());
        assertEquals(3.0 / 8, wer.rate(), 1e-9);
    }

    @Test
    void theClassicKittenSittingExampleAtWordLevel() {
        // Levenshtein's textbook pair, one letter per word: k→s, e→i substituted, g inserted.
        WordErrorRate wer = WordErrorRate.of("k i t t e n", "s i t t i n g");
        assertEquals(2, wer.substitutions());
        assertEquals(1, wer.insertions());
        assertEquals(0, wer.deletions());
        assertEquals(0.5, wer.rate(), 1e-9);
    }

    @Test
    void anEmptyHypothesisDeletesEveryWord() {
        WordErrorRate wer = WordErrorRate.of("see you next time", "");
        assertEquals(4, wer.deletions());
        assertEquals(1.0, wer.rate());
    }

    @Test
    void insertionsCanPushTheRateAboveOne() {
        WordErrorRate wer = WordErrorRate.of("yes", "yes yes yes");
        assertEquals(2, wer.insertions());
        assertEquals(2.0, wer.rate());
    }

    @Test
    void poolingAddsErrorsAndWordsRatherThanAveragingRates() {
        WordErrorRate pooled = WordErrorRate.of("a b c d", "a b c d").plus(WordErrorRate.of("e f", "e x"));
        assertEquals(6, pooled.referenceWords());
        assertEquals(1.0 / 6, pooled.rate(), 1e-9);
    }

    @Test
    void numbersAndPunctuationCompareAsSpokenWords() {
        assertEquals(0.0, WordErrorRate.of("Meet at 10, in room 42!", "meet at ten in room forty two").rate());
    }
}
