package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignUpTest {

    @Test
    void acceptsAValidRequestWithNormalizedFields() {
        SignUp signUp = SignUp.validate(" Ada@Example.com", " Ada ", "long enough".toCharArray()).orElseThrow();

        assertEquals(new Email("ada@example.com"), signUp.email());
        assertEquals(new DisplayName("Ada"), signUp.displayName());
    }

    @Test
    void reportsEveryProblemAtOnceEachNamingItsField() {
        List<FieldError> errors = SignUp.validate("ada", "", "short".toCharArray()).errors();

        assertEquals(List.of("email", "display_name", "password"), errors.stream().map(FieldError::field).toList());
        assertEquals("must be 8-128 characters, was 5", errors.get(2).message());
    }

    @Test
    void acceptsLongPassphrasesAndRefusesAbsurdOnes() {
        assertEquals(List.of(), SignUp.validate("a@b.co", "A", "x".repeat(128).toCharArray()).errors());
        assertEquals("password", SignUp.validate("a@b.co", "A", "x".repeat(129).toCharArray()).errors().get(0).field());
        assertEquals("is required", SignUp.validate("a@b.co", "A", null).errors().get(0).message());
    }

    @Test
    void countsASurrogatePairAsOneCharacterAndRefusesAnUnpairedOne() {
        assertEquals(List.of(), SignUp.validate("a@b.co", "A", "🔑🔑🔑🔑🔑🔑🔑🔑".toCharArray()).errors());
        assertEquals("is not valid Unicode (unpaired surrogate)",
                SignUp.validate("a@b.co", "A", "abcdefgh\uDC00".toCharArray()).errors().get(0).message());
    }
}
