package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.core.testing.SourceImports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 item 2: the media primitives form a layer that imports nothing of meetings or servers,
 * so the bot and the jobs can use them without the server's database, Kafka and HTTP libraries
 * (bot/pom.xml keeps those off its class path, and its enforcer rule checks that side).
 */
class MediaPrimitivesLayerTest {

    /** The layer: wire formats and the protocols a WebRTC endpoint runs, client or server alike. */
    static final List<String> PRIMITIVES = List.of(
            "io.confab.core.wire",
            "io.confab.core.stun",
            "io.confab.core.sfu.ice",
            "io.confab.core.sfu.dtls",
            "io.confab.core.sfu.srtp",
            "io.confab.core.sfu.rtp",
            "io.confab.core.sfu.rtcp",
            "io.confab.core.sfu.sdp");

    /** What a primitive may import besides the layer itself. */
    static final List<String> ALLOWED_OUTSIDE = List.of(
            "java.", "javax.crypto.", "javax.security.",
            "io.confab.media.", // codec payload formats (VP8 descriptor), no server code
            "org.bouncycastle.", // DTLS and its certificate
            "org.slf4j.");

    @Test
    void thePrimitivesImportOnlyEachOtherTheJdkCodecsAndTheirCrypto() throws IOException {
        List<String> offending = new ArrayList<>();
        for (String pkg : PRIMITIVES) {
            SourceImports.refused(pkg, MediaPrimitivesLayerTest::allowed, 1).forEach(refusal -> offending.add(pkg + ": " + refusal));
        }
        assertEquals(List.of(), offending, "a media primitive reaches outside its layer");
    }

    @Test
    void theRuleCatchesAServerImport() {
        List<String> found = SourceImports.of("package io.confab.core.sfu.rtp;\n"
                + "import io.confab.core.meetings.Meeting;\nimport java.util.List;\nimport static io.netty.buffer.Unpooled.buffer;\n");
        assertEquals(List.of("io.confab.core.meetings.Meeting", "java.util.List", "io.netty.buffer.Unpooled.buffer"), found);
        assertEquals(List.of("io.confab.core.meetings.Meeting", "io.netty.buffer.Unpooled.buffer"),
                found.stream().filter(imported -> !allowed(imported)).toList());
    }

    private static boolean allowed(String imported) {
        for (String pkg : PRIMITIVES) {
            if (imported.equals(pkg) || imported.startsWith(pkg + ".")) {
                return true;
            }
        }
        for (String prefix : ALLOWED_OUTSIDE) {
            if (imported.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
