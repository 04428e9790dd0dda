package io.confab.dataapi.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {

    private final EndpointPolicy lenient = new EndpointPolicy(true);
    private final EndpointPolicy strict = new EndpointPolicy(false);

    @Test
    void acceptsHttpAndHttpsUrls() {
        assertEquals(Optional.empty(), lenient.refusal("https://hooks.example.com/confab"));
        assertEquals(Optional.empty(), lenient.refusal("http://127.0.0.1:8080/hook"));
    }

    @Test
    void refusesOtherSchemesAndMissingHostsWithTheReason() {
        assertTrue(lenient.refusal("ftp://example.com/x").orElseThrow().contains("must be http:// or https://"));
        assertTrue(lenient.refusal("example.com/hook").orElseThrow().contains("must be http:// or https://"));
        assertTrue(lenient.refusal("http:///path").orElseThrow().contains("must name a host"));
        assertTrue(lenient.refusal("https://user:pw@example.com/").orElseThrow().contains("credentials"));
        assertTrue(lenient.refusal("").orElseThrow().contains("url is required"));
    }

    @Test
    void refusesLoopbackAndPrivateAddressesWhenForbidden() {
        for (String url : new String[] {"http://127.0.0.1/h", "http://localhost:9/h", "http://10.1.2.3/h", "http://192.168.0.4/h",
                "http://169.254.169.254/latest", "http://[::1]/h", "http://[fd00::1]/h", "http://0.0.0.0/h"}) {
            assertTrue(strict.refusal(url).orElseThrow(() -> new AssertionError(url + " accepted")).contains("private address"), url);
        }
        assertEquals(Optional.empty(), strict.refusal("http://8.8.8.8/h"));
    }
}
