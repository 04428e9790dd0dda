package io.confab.transcription.wer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to the words a word error rate compares, the way speech recognition output is written:
 * lower case, no punctuation (apostrophes inside words kept: "don't"), hyphens and slashes as
 * spaces, and numbers spelled out as a speaker says them ("42" → "forty two", "3.5" → "three
 * point five", "1,200" → "one thousand two hundred"), because Vosk writes every number as words.
 */
public final class TranscriptNormalizer {
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    private static final String[] SCALES = {"", "thousand", "million", "billion", "trillion"};

    private TranscriptNormalizer() {
    }

    public static List<String> words(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('-', ' ').replace('/', ' ');
        Matcher numbers = NUMBER.matcher(plain);
        StringBuilder spelled = new StringBuilder();
        while (numbers.find()) {
            numbers.appendReplacement(spelled, " " + spell(numbers.group()) + " ");
        }
        numbers.appendTail(spelled);
        List<String> words = new ArrayList<>();
        for (String token : spelled.toString().split("\\s+")) {
            String word = token.replaceAll("[^\\p{L}\\p{N}']", "").replaceAll("^'+|'+$", "");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    static String spell(String number) {
        String[] parts = number.replace(",", "").split("\\.", 2);
        StringBuilder out = new StringBuilder(integer(parts[0]));
        if (parts.length == 2) {
            out.append(" point");
            for (char digit : parts[1].toCharArray()) {
                out.append(' ').append(ONES[digit - '0']);
            }
        }
        return out.toString();
    }

    private static String integer(String digits) {
        String trimmed = digits.replaceFirst("^0+(?=\\d)", "");
        if (trimmed.length() > 15) {
            // Too long to say as one number: digit by digit, as people read out codes.
            StringBuilder out = new StringBuilder();
            for (char digit : trimmed.toCharArray()) {
                out.append(out.length() == 0 ? "" : " ").append(ONES[digit - '0']);
            }
            return out.toString();
        }
        long value = Long.parseLong(trimmed);
        if (value == 0) {
            return "zero";
        }
        List<String> groups = new ArrayList<>();
        for (int scale = 0; value > 0; scale++, value /= 1000) {
            int group = (int) (value % 1000);
            if (group != 0) {
                groups.add(0, belowThousand(group) + (SCALES[scale].isEmpty() ? "" : " " + SCALES[scale]));
            }
        }
        return String.join(" ", groups);
    }

    private static String belowThousand(int n) {
        StringBuilder out = new StringBuilder();
        if (n >= 100) {
            out.append(ONES[n / 100]).append(" hundred");
            n %= 100;
        }
        if (n > 0) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (n < 20) {
                out.append(ONES[n]);
            } else {
                out.append(TENS[n / 10]);
                if (n % 10 != 0) {
                    out.append(' ').append(ONES[n % 10]);
                }
            }
        }
        return out.toString();
    }
}
