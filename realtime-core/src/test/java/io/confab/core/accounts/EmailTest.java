package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

    @Test
    void isTrimmedAndLowerCasedSoOneMailboxIsOneAccount() {
        assertEquals(new Email("alice.smith+confab@example.com"),
                Email.parse("  Alice.Smith+Confab@Example.COM ").orElseThrow());
    }

    @Test
    void storesAnInternationalDomainInItsAsciiForm() {
        assertEquals("jorg@xn--bcher-kva.example", Email.parse("jorg@Bücher.example").orElseThrow().address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last@sub.example.org", "o'neil@example.ie", "x_y-z@ex-ample.com"})
    void acceptsCommonAddresses(String address) {
        assertTrue(Email.parse(address).isAccepted(), () -> address + ": " + Email.parse(address).errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plainaddress", "@example.com", "alice@", "alice@@example.com", "alice@example", "alice@-example.com",
        "alice@example-.com", ".alice@example.com", "alice.@example.com", "al..ice@example.com",
        "al ice@example.com", "alice@exa mple.com", "alice@192.168.0.1", "älice@example.com", "alice@example..com",
    })
    void refusesMalformedAddressesNamingTheEmailField(String address) {
        List<FieldError> errors = Email.parse(address).errors();
        assertEquals(1, errors.size(), () -> address + " was accepted");
        assertEquals("email", errors.get(0).field());
    }

    @Test
    void refusesMissingAndOverlongAddresses() {
        assertEquals("is required", Email.parse(null).errors().get(0).message());
        assertEquals("is required", Email.parse("   ").errors().get(0).message());
        assertFalse(Email.parse("a".repeat(65) + "@example.com").isAccepted());
        assertFalse(Email.parse("a@" + "b".repeat(64) + ".com").isAccepted());
        assertFalse(Email.parse("a@" + ("b".repeat(60) + ".").repeat(5) + "com").isAccepted());
    }

    @Test
    void constructorTakesOnlyNormalizedAddresses() {
        assertThrows(IllegalArgumentException.class, () -> new Email("Alice@example.com"));
        assertThrows(IllegalArgumentException.class, () -> new Email("not-an-email"));
    }
}
