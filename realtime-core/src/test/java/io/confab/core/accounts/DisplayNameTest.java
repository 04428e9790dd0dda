package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DisplayNameTest {

    @Test
    void isTrimmed() {
        assertEquals("Ada Lovelace", DisplayName.parse("  Ada Lovelace\t").orElseThrow().value());
    }

    @Test
    void countsCharactersAsAPersonWouldSoEmojiNamesFit() {
        String sixtyFourEmoji = "🙂".repeat(64);
        assertTrue(DisplayName.parse(sixtyFourEmoji).isAccepted());
        assertEquals("must be at most 64 characters, was 65",
                DisplayName.parse("🙂".repeat(65)).errors().get(0).message());
        assertTrue(DisplayName.parse("x".repeat(64)).isAccepted());
    }

    @Test
    void acceptsNamesInAnyScript() {
        assertTrue(DisplayName.parse("José Müller-Łukasiewicz").isAccepted());
        assertTrue(DisplayName.parse("山田 太郎").isAccepted());
        assertTrue(DisplayName.parse("محمد").isAccepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Bob\nAlice", "Bob\u0000", "Bob\u0007", "evil\u202Egnp.exe", "x\u2066y", "a\u2028b"})
    void refusesEmptyNamesAndControlOrDirectionCharactersNamingTheField(String name) {
        var errors = DisplayName.parse(name).errors();
        assertEquals(1, errors.size(), () -> "accepted " + name);
        assertEquals("display_name", errors.get(0).field());
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertEquals("is not valid Unicode (unpaired surrogate)",
                DisplayName.parse("Bob\uD800").errors().get(0).message());
    }
}
