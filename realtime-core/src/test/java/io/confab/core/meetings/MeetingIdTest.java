package io.confab.core.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.meetings.MeetingIdParse.Found;
import io.confab.core.meetings.MeetingIdParse.Reason;
import io.confab.core.meetings.MeetingIdParse.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeetingIdTest {

    private static final RandomGenerator RANDOM = new SplittableRandom(20250309);

    @Test
    void computesTheDammCheckDigitOfThePublishedExample() {
        // The worked example in Damm's algorithm's usual references: 572 -> check digit 4.
        assertEquals(4, MeetingId.checkDigit("572"));
    }

    @Test
    void generatesElevenDigitMeetingIdsAndTenDigitPersonalIdsWithoutLeadingZero() {
        for (int i = 0; i < 1_000; i++) {
            MeetingId meeting = MeetingId.generate(RANDOM);
            MeetingId personal = MeetingId.personal(RANDOM);
            assertEquals(11, meeting.digits().length());
            assertEquals(10, personal.digits().length());
            assertTrue(personal.isPersonal() && !meeting.isPersonal());
            assertNotEquals('0', meeting.digits().charAt(0));
            assertNotEquals('0', personal.digits().charAt(0));
            assertEquals(new Found(meeting), MeetingId.parse(meeting.digits()));
        }
    }

    @Test
    void refusesEverySingleDigitSubstitutionOfGeneratedIds() {
        for (MeetingId id : sample()) {
            char[] digits = id.digits().toCharArray();
            for (int position = 0; position < digits.length; position++) {
                char original = digits[position];
                for (char typo = '0'; typo <= '9'; typo++) {
                    if (typo == original) {
                        continue;
                    }
                    digits[position] = typo;
                    String mistyped = new String(digits);
                    assertEquals(new Refused(Reason.NEVER_ISSUED), MeetingId.parse(mistyped),
                            () -> mistyped + " (typo of " + id + ") was accepted");
                }
                digits[position] = original;
            }
        }
    }

    @Test
    void refusesEveryAdjacentTranspositionOfGeneratedIds() {
        int checked = 0;
        for (MeetingId id : sample()) {
            char[] digits = id.digits().toCharArray();
            for (int position = 0; position + 1 < digits.length; position++) {
                if (digits[position] == digits[position + 1]) {
                    continue; // swapping equal digits types the same ID
                }
                char[] swapped = digits.clone();
                swapped[position] = digits[position + 1];
                swapped[position + 1] = digits[position];
                String mistyped = new String(swapped);
                assertEquals(new Refused(Reason.NEVER_ISSUED), MeetingId.parse(mistyped),
                        () -> mistyped + " (transposition in " + id + ") was accepted");
                checked++;
            }
        }
        assertTrue(checked > 1_000, "too few transpositions checked: " + checked);
    }

    @Test
    void readsIdsTypedWithSpacesOrDashes() {
        MeetingId id = MeetingId.generate(RANDOM);
        String d = id.digits();

        assertEquals(new Found(id), MeetingId.parse(id.formatted()));
        assertEquals(new Found(id), MeetingId.parse(" " + d.substring(0, 3) + " " + d.substring(3, 7) + " " + d.substring(7) + " "));
        assertEquals(new Found(id), MeetingId.parse(d.substring(0, 5) + "--" + d.substring(5)));
    }

    @Test
    void formatsTenDigitsAsThreeThreeFourAndElevenAsThreeFourFour() {
        MeetingId personal = MeetingId.personal(RANDOM);
        MeetingId meeting = MeetingId.generate(RANDOM);

        assertTrue(personal.formatted().matches("\\d{3}-\\d{3}-\\d{4}"), personal.formatted());
        assertTrue(meeting.formatted().matches("\\d{3}-\\d{4}-\\d{4}"), meeting.formatted());
        assertEquals(personal.digits(), personal.formatted().replace("-", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123", "123456789", "123-456-789", "123456789012", "1234567890123456789012345"})
    void refusesWrongLengths(String typed) {
        assertEquals(new Refused(Reason.WRONG_LENGTH), MeetingId.parse(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678ab", "123.456.7890", "１２３４５６７８９０", "123_456_7890", "+1234567890"})
    void refusesAnythingButDigitsSpacesAndDashes(String typed) {
        assertEquals(new Refused(Reason.NOT_DIGITS), MeetingId.parse(typed));
    }

    @Test
    void refusesALeadingZeroEvenWithAValidCheckDigit() {
        String payload = "012345678";
        String withCheck = payload + MeetingId.checkDigit(payload);

        assertEquals(new Refused(Reason.NEVER_ISSUED), MeetingId.parse(withCheck));
    }

    @Test
    void refusesNullAsWrongLengthAndTellsTheUserThereIsNoSuchMeeting() {
        assertInstanceOf(Refused.class, MeetingId.parse(null));
        assertEquals("no such meeting", Reason.NEVER_ISSUED.message());
    }

    @Test
    void constructorTakesOnlyCanonicalValidIds() {
        MeetingId id = MeetingId.generate(RANDOM);
        assertThrows(IllegalArgumentException.class, () -> new MeetingId(id.formatted()));
        String payload = "1234567890";
        String wrongCheck = payload + (MeetingId.checkDigit(payload) + 1) % 10;
        assertThrows(IllegalArgumentException.class, () -> new MeetingId(wrongCheck));
    }

    private static List<MeetingId> sample() {
        List<MeetingId> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(MeetingId.generate(RANDOM));
            ids.add(MeetingId.personal(RANDOM));
        }
        return ids;
    }
}
