package io.confab.storage.transcript;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The words of the transcript index (table transcript_words_by_account): what the transcription
 * job writes for each segment and what a search looks up, normalized the same way on both sides:
 * lower case, accents folded, split at anything but letters, digits and inner apostrophes.
 */
public final class SearchWords {

    /** Longer "words" are noise (or an attempt to make huge partition keys), not speech. */
    public static final int MAX_WORD_LENGTH = 40;

    private SearchWords() {
    }

    public static Set<String> of(String text) {
        Set<String> words = new LinkedHashSet<>();
        if (text == null) {
            return words;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        for (String token : folded.split("[^\\p{L}\\p{N}']+")) {
            String word = token.replaceAll("^'+|'+$", "");
            if (!word.isEmpty() && word.length() <= MAX_WORD_LENGTH) {
                words.add(word);
            }
        }
        return words;
    }
}
