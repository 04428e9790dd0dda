package io.confab.dataapi.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void hmacMatchesRfc4231TestCase2() {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.hmacHex("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void headerSignsTimestampDotBodyWithTheSecretsUtf8Bytes() {
        // Computed independently with: printf '%s' '1700000000.{"type":"recording.completed","id":"e1"}'
        //   | openssl dgst -sha256 -hmac 'whsec_test'
        String body = "{\"type\":\"recording.completed\",\"id\":\"e1\"}";
        assertEquals("t=1700000000,v1=593409beefb882013a10168946c0fe518b18ca7c2213f0d30f30adc69b9b7c2a",
                WebhookSignature.header("whsec_test", Instant.ofEpochSecond(1_700_000_000L, 999_000_000), body));
    }

    @Test
    void anotherTimestampOrBodyGivesAnotherSignature() {
        String body = "{}";
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        assertNotEquals(WebhookSignature.header("whsec_x", t, body), WebhookSignature.header("whsec_x", t.plusSeconds(1), body));
        assertNotEquals(WebhookSignature.header("whsec_x", t, body), WebhookSignature.header("whsec_x", t, "{ }"));
    }

    @Test
    void newSecretsAreLongAndDistinct() {
        String a = WebhookSignature.newSecret();
        assertTrue(a.matches("whsec_[0-9a-f]{64}"), a);
        assertNotEquals(a, WebhookSignature.newSecret());
    }
}
