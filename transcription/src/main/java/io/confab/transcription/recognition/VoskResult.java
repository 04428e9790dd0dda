package io.confab.transcription.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Vosk's JSON, parsed once at the edge: a final result is {@code {"result": [{"word", "start", "end",
 * "conf"}...], "text"}}, a partial one {@code {"partial", "partial_result": [...]}} (no "conf").
 * Times are seconds of the recognizer's whole input.
 */
record VoskResult(String text, List<TimedWord> words) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A word with Vosk's times, in samples at 16 kHz of the recognizer's input. */
    record TimedWord(String word, long startSample, long endSample, double confidence) {
    }

    static VoskResult parseFinal(String json) {
        return parse(json, "text", "result");
    }

    static VoskResult parsePartial(String json) {
        return parse(json, "partial", "partial_result");
    }

    private static VoskResult parse(String json, String textField, String wordsField) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Vosk returned JSON we cannot read: " + json, e);
        }
        List<TimedWord> words = new ArrayList<>();
        for (JsonNode word : root.path(wordsField)) {
            String text = word.path("word").asText("");
            if (text.isBlank()) {
                continue;
            }
            words.add(new TimedWord(text, samples(word.path("start").asDouble()), samples(word.path("end").asDouble()),
                    word.path("conf").asDouble(1.0)));
        }
        return new VoskResult(root.path(textField).asText("").strip(), words);
    }

    private static long samples(double seconds) {
        return Math.round(seconds * RecognizerPool.SAMPLE_RATE);
    }
}
