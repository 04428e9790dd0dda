package io.confab.transcription.wer;

import java.util.List;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, from a word-level
 * Levenshtein alignment of the normalized texts (equal costs; among equally short alignments,
 * the one found first backtracking from the end, preferring a match or substitution).
 *
 * @param referenceWords words in the reference
 * @param hits           reference words recognized as they are
 */
public record WordErrorRate(int referenceWords, int hits, int substitutions, int deletions, int insertions) {

    public static final WordErrorRate NONE = new WordErrorRate(0, 0, 0, 0, 0);

    /** Compares two texts after {@link TranscriptNormalizer#words}. */
    public static WordErrorRate of(String reference, String hypothesis) {
        return of(TranscriptNormalizer.words(reference), TranscriptNormalizer.words(hypothesis));
    }

    public static WordErrorRate of(List<String> reference, List<String> hypothesis) {
        int n = reference.size();
        int m = hypothesis.size();
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diagonal = cost[i - 1][j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                cost[i][j] = Math.min(diagonal, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
            }
        }
        int hits = 0;
        int substitutions = 0;
        int deletions = 0;
        int insertions = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0) {
                boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
                if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : 1)) {
                    if (same) {
                        hits++;
                    } else {
                        substitutions++;
                    }
                    i--;
                    j--;
                    continue;
                }
            }
            if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
                deletions++;
                i--;
            } else {
                insertions++;
                j--;
            }
        }
        return new WordErrorRate(n, hits, substitutions, deletions, insertions);
    }

    /** Errors over reference words; 0 for an empty reference and hypothesis, 1 per inserted word when only the reference is empty. */
    @com.fasterxml.jackson.annotation.JsonProperty("rate")
    public double rate() {
        int errors = substitutions + deletions + insertions;
        if (referenceWords == 0) {
            return errors;
        }
        return (double) errors / referenceWords;
    }

    /** Pooled over several texts: errors and reference words added up (not an average of rates). */
    public WordErrorRate plus(WordErrorRate other) {
        return new WordErrorRate(referenceWords + other.referenceWords, hits + other.hits,
                substitutions + other.substitutions, deletions + other.deletions, insertions + other.insertions);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "WER %.3f (%d reference words: %d substituted, %d deleted, %d inserted)",
                rate(), referenceWords, substitutions, deletions, insertions);
    }
}
