package io.confab.transcription.wer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

class TranscriptNormalizerTest {

    @Test
    void lowerCasesAndDropsPunctuationButKeepsApostrophesInWords() {
        assertEquals(List.of("don't", "stop", "it's", "late"), TranscriptNormalizer.words("Don't stop -- it's LATE!"));
    }

    @Test
    void hyphensAndSlashesSeparateWords() {
        assertEquals(List.of("follow", "up", "and", "or"), TranscriptNormalizer.words("follow-up and/or"));
    }

    @Test
    void spellsNumbersAsTheyAreSaid() {
        assertEquals("zero", TranscriptNormalizer.spell("0"));
        assertEquals("thirteen", TranscriptNormalizer.spell("13"));
        assertEquals("forty two", TranscriptNormalizer.spell("42"));
        assertEquals("one hundred five", TranscriptNormalizer.spell("105"));
        assertEquals("one thousand two hundred", TranscriptNormalizer.spell("1,200"));
        assertEquals("two million three", TranscriptNormalizer.spell("2000003"));
        assertEquals("three point five", TranscriptNormalizer.spell("3.5"));
    }

    @Test
    void numbersInsideTextBecomeWords() {
        assertEquals(List.of("room", "twenty", "one", "at", "nine"), TranscriptNormalizer.words("Room 21 at 9."));
    }

    @Test
    void curlyApostrophesAreApostrophes() {
        assertEquals(List.of("we're", "here"), TranscriptNormalizer.words("We\u2019re here"));
    }
}
