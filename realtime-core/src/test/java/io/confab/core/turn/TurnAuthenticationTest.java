package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.REALM;
import static io.confab.core.turn.TurnFixture.SECRET;
import static io.confab.core.turn.TurnFixture.T0;
import static io.confab.core.turn.TurnFixture.allocateRequest;
import static io.confab.core.turn.TurnFixture.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.stun.AttributeType;
import io.confab.core.stun.IntegrityCheck;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.MessageIntegrity;
import io.confab.core.stun.PasswordAlgorithm;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.Userhash;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The long-term credential mechanism (RFC 8489 §9.2) and TURN REST ephemeral credentials. */
class TurnAuthenticationTest {

    private final TurnFixture client = new TurnFixture();

    @Test
    void firstRequestWithoutIntegrityGets401WithRealmAndNonceAndNoIntegrity() {
        StunMessage challenge = client.send(allocateRequest().encode());

        assertEquals(401, errorOf(challenge));
        assertEquals(REALM, challenge.realm().orElseThrow());
        assertTrue(challenge.nonce().orElseThrow().startsWith("obMatJos2"), "nonce cookie in " + challenge.nonce());
        assertEquals(List.of(PasswordAlgorithm.MD5, PasswordAlgorithm.SHA_256), challenge.passwordAlgorithms().orElseThrow());
        assertFalse(challenge.has(AttributeType.MESSAGE_INTEGRITY), "no key is agreed yet, so no integrity");
        assertEquals(0, client.server.allocationCount());
    }

    @Test
    void correctLongTermCredentialsAllocateAndTheResponseIsSignedWithTheSameKey() {
        StunMessage response = client.allocate();

        assertEquals(IntegrityCheck.VALID,
                MessageIntegrity.verifySha1(response, IntegrityKey.longTerm("alice", REALM, "wonderland")));
    }

    @Test
    void wrongPasswordGets401() {
        client.password = "looking-glass";
        StunMessage response = client.send(client.signed(allocateRequest()));

        assertEquals(401, errorOf(response));
        assertTrue(response.nonce().isPresent() && response.realm().isPresent());
    }

    @Test
    void unknownUserGets401() {
        client.username = "mallory";
        assertEquals(401, errorOf(client.send(client.signed(allocateRequest()))));
    }

    @Test
    void wrongRealmGets401() {
        String nonce = client.nonce();
        byte[] request = allocateRequest().username("alice").realm("elsewhere").nonce(nonce)
                .messageIntegrity(IntegrityKey.longTerm("alice", "elsewhere", "wonderland")).encode();
        assertEquals(401, errorOf(client.send(request)));
    }

    @Test
    void staleNonceGets438WithAFreshNonce() {
        String nonce = client.nonce();
        client.now = T0.plus(client.server.config().nonceLifetime()).plusSeconds(1);

        StunMessage response = client.send(client.signed(allocateRequest(), nonce));

        assertEquals(438, errorOf(response));
        assertEquals(REALM, response.realm().orElseThrow());
        assertNotEquals(nonce, response.nonce().orElseThrow());
        assertEquals(StunClass.SUCCESS_RESPONSE,
                client.send(client.signed(allocateRequest(), response.nonce().orElseThrow())).stunClass());
    }

    @Test
    void forgedNonceGets438() {
        client.nonce();
        assertEquals(438, errorOf(client.send(client.signed(allocateRequest(), "obMatJos2gAAA" + "f".repeat(16) + "ab".repeat(12)))));
        assertEquals(438, errorOf(client.send(client.signed(allocateRequest(), "not-a-nonce"))));
    }

    @Test
    void nonceIssuedToAnotherAddressIsStale() {
        String nonce = client.nonce();
        TurnFixture elsewhere = new TurnFixture(TurnFixture.config(), TurnFixture.client("192.0.2.200", 1, Transport.UDP));
        assertEquals(438, errorOf(elsewhere.send(elsewhere.signed(allocateRequest(), nonce))));
    }

    @Test
    void integrityWithoutUsernameRealmOrNonceIsABadRequest() {
        byte[] request = allocateRequest().username("alice")
                .messageIntegrity(IntegrityKey.longTerm("alice", REALM, "wonderland")).encode();
        assertEquals(400, errorOf(client.send(request)));
    }

    @Test
    void ephemeralCredentialAllocatesUntilItExpires() {
        EphemeralCredential credential = EphemeralCredential.issue(SECRET, "user-42", T0.plus(Duration.ofHours(1)));
        client.username = credential.username();
        client.password = credential.password();
        assertEquals(StunClass.SUCCESS_RESPONSE, client.send(client.signed(allocateRequest())).stunClass());
    }

    @Test
    void expiredEphemeralCredentialGets401() {
        EphemeralCredential credential = EphemeralCredential.issue(SECRET, "user-42", T0.minusSeconds(1));
        client.username = credential.username();
        client.password = credential.password();
        assertEquals(401, errorOf(client.send(client.signed(allocateRequest()))));
    }

    @Test
    void ephemeralCredentialFromAnotherSecretGets401() {
        EphemeralCredential credential = EphemeralCredential.issue("other-secret", "user-42", T0.plusSeconds(60));
        client.username = credential.username();
        client.password = credential.password();
        assertEquals(401, errorOf(client.send(client.signed(allocateRequest()))));
    }

    @Test
    void ephemeralPasswordIsBase64OfHmacSha1OfTheUsername() {
        // Computed independently: printf '1700000000:bob' | openssl dgst -sha1 -hmac secret -binary | base64
        assertEquals("1700000000:bob", EphemeralCredential.issue("secret", "bob", java.time.Instant.ofEpochSecond(1_700_000_000L)).username());
        assertEquals("YeMuUjjOaxvglmPbYS9o30UEIYg=", EphemeralCredential.passwordFor("secret", "1700000000:bob"));
    }

    @Test
    void sha256IntegrityWithUserhashAuthenticatesAStaticUserAndIsAnsweredInKind() {
        String nonce = client.nonce();
        IntegrityKey key = IntegrityKey.longTerm("alice", REALM, "wonderland", PasswordAlgorithm.SHA_256);
        byte[] request = allocateRequest().userhash(Userhash.of("alice", REALM)).realm(REALM).nonce(nonce)
                .passwordAlgorithms(List.of(PasswordAlgorithm.MD5, PasswordAlgorithm.SHA_256))
                .passwordAlgorithm(PasswordAlgorithm.SHA_256).messageIntegritySha256(key).encode();

        StunMessage response = client.send(request);

        assertEquals(StunClass.SUCCESS_RESPONSE, response.stunClass(), response::toString);
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifySha256(response, key));
        assertEquals(IntegrityCheck.ABSENT, MessageIntegrity.verifySha1(response, key));
    }

    @Test
    void passwordAlgorithmsNotEchoedAsOfferedIsABidDownAndGets400() {
        String nonce = client.nonce();
        IntegrityKey md5 = IntegrityKey.longTerm("alice", REALM, "wonderland");
        byte[] stripped = allocateRequest().username("alice").realm(REALM).nonce(nonce)
                .passwordAlgorithms(List.of(PasswordAlgorithm.MD5)).passwordAlgorithm(PasswordAlgorithm.MD5)
                .messageIntegrity(md5).encode();
        byte[] choiceAlone = allocateRequest().username("alice").realm(REALM).nonce(nonce)
                .passwordAlgorithm(PasswordAlgorithm.MD5).messageIntegrity(md5).encode();

        assertEquals(400, errorOf(client.send(stripped)));
        assertEquals(400, errorOf(client.send(choiceAlone)));
    }

    @Test
    void fingerprintedRequestGetsAFingerprintedResponse() {
        byte[] request = allocateRequest().username("alice").realm(REALM).nonce(client.nonce())
                .messageIntegrity(IntegrityKey.longTerm("alice", REALM, "wonderland")).fingerprint().encode();
        assertEquals(IntegrityCheck.VALID, MessageIntegrity.verifyFingerprint(client.send(request)));
    }
}
