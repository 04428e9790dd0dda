package io.confab.core.meetings;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The number people type to join: 10 or 11 digits, the last a Damm check digit. Generated
 * meetings get 11 digits and personal meeting IDs 10, so the two can never collide.
 *
 * <p>Damm's algorithm (H. M. Damm, "Total anti-symmetrische Quasigruppen", 2004) runs the digits
 * through a totally anti-symmetric quasigroup of order 10; a number is valid when the result is 0.
 * It detects every single-digit substitution and every transposition of two adjacent digits, the
 * two commonest typing errors, which Luhn does not fully (Luhn misses 09 &lt;-&gt; 90). So
 * {@link #parse} refuses those mistakes as "no such meeting" without a database lookup. A dropped
 * or doubled digit changes the length; it is caught by the lookup in the 10-in-11 case only.
 *
 * @param digits the canonical form: digits only, first digit not 0, check digit valid
 */
public record MeetingId(String digits) {

    public static final int PERSONAL_LENGTH = 10;
    public static final int MEETING_LENGTH = 11;

    // The order-10 quasigroup from Damm's thesis, as tabulated in most references (row = interim
    // digit, column = next digit).
    private static final int[][] QUASIGROUP = {
        {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
        {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
        {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
        {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
        {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
        {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
        {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
        {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
        {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
        {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
    };

    public MeetingId {
        Objects.requireNonNull(digits, "digits");
        MeetingIdParse.Reason problem = problem(digits);
        if (problem != null) {
            throw new IllegalArgumentException("not a meeting ID (" + problem + "): " + digits);
        }
    }

    /** A new 11-digit ID for an instant, scheduled or recurring meeting. */
    public static MeetingId generate(RandomGenerator random) {
        return withCheckDigit(random, MEETING_LENGTH);
    }

    /**
     * A new 10-digit personal meeting ID, drawn once per user and stored with the user. As with
     * {@link #generate}, the store's unique key decides: the caller draws again on a conflict
     * (there are 9 * 10^8 personal and 9 * 10^9 meeting IDs).
     */
    public static MeetingId personal(RandomGenerator random) {
        return withCheckDigit(random, PERSONAL_LENGTH);
    }

    /**
     * Reads an ID as a person types it: digits, optionally grouped with spaces or dashes
     * ({@code 123-4567-8906}, {@code 123 456 7890}).
     */
    public static MeetingIdParse parse(String typed) {
        if (typed == null) {
            return new MeetingIdParse.Refused(MeetingIdParse.Reason.WRONG_LENGTH);
        }
        StringBuilder digits = new StringBuilder(MEETING_LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-') {
                return new MeetingIdParse.Refused(MeetingIdParse.Reason.NOT_DIGITS);
            }
            if (digits.length() > MEETING_LENGTH) {
                return new MeetingIdParse.Refused(MeetingIdParse.Reason.WRONG_LENGTH);
            }
        }
        String canonical = digits.toString();
        MeetingIdParse.Reason problem = problem(canonical);
        return problem == null
                ? new MeetingIdParse.Found(new MeetingId(canonical))
                : new MeetingIdParse.Refused(problem);
    }

    public boolean isPersonal() {
        return digits.length() == PERSONAL_LENGTH;
    }

    /** Grouped for reading aloud: 3-3-4 for a 10-digit ID, 3-4-4 for an 11-digit one. */
    public String formatted() {
        int second = digits.length() == PERSONAL_LENGTH ? 6 : 7;
        return digits.substring(0, 3) + "-" + digits.substring(3, second) + "-" + digits.substring(second);
    }

    @Override
    public String toString() {
        return digits;
    }

    /** The digit that, appended to the payload, makes the Damm interim value 0. */
    static int checkDigit(CharSequence payload) {
        return interim(payload);
    }

    private static int interim(CharSequence digits) {
        int interim = 0;
        for (int i = 0; i < digits.length(); i++) {
            interim = QUASIGROUP[interim][digits.charAt(i) - '0'];
        }
        return interim;
    }

    private static MeetingIdParse.Reason problem(String digits) {
        if (digits.length() != PERSONAL_LENGTH && digits.length() != MEETING_LENGTH) {
            return MeetingIdParse.Reason.WRONG_LENGTH;
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return MeetingIdParse.Reason.NOT_DIGITS;
        }
        // No ID is issued with a leading 0, so one that has it was mistyped.
        if (digits.charAt(0) == '0' || interim(digits) != 0) {
            return MeetingIdParse.Reason.NEVER_ISSUED;
        }
        return null;
    }

    private static MeetingId withCheckDigit(RandomGenerator random, int length) {
        Objects.requireNonNull(random, "random");
        StringBuilder digits = new StringBuilder(length);
        digits.append((char) ('1' + random.nextInt(9)));
        while (digits.length() < length - 1) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        digits.append((char) ('0' + checkDigit(digits)));
        return new MeetingId(digits.toString());
    }
}
