package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 item 2: the media primitives form a layer that imports nothing of meetings or servers,
 * so the bot and the jobs can use them without the server's database, Kafka and HTTP libraries
 * (bot/pom.xml keeps those off its class path, and its enforcer rule checks that side).
 */
class MediaPrimitivesLayerTest {

    /** The layer: wire formats and the protocols a WebRTC endpoint runs, client or server alike. */
    static final List<String> PRIMITIVES = List.of(
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

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);

    @Test
    void thePrimitivesImportOnlyEachOtherTheJdkCodecsAndTheirCrypto() throws IOException {
        List<String> offending = new ArrayList<>();
        int files = 0;
        for (String pkg : PRIMITIVES) {
            Path dir = Path.of("src/main/java", pkg.replace('.', '/'));
            assertTrue(Files.isDirectory(dir), "the primitive package " + pkg + " is missing at " + dir.toAbsolutePath());
            try (Stream<Path> sources = Files.list(dir)) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                    files++;
                    for (String imported : imports(Files.readString(source))) {
                        if (!allowed(imported)) {
                            offending.add(dir.relativize(source) + " in " + pkg + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertTrue(files > 30, "expected the primitives' sources, found " + files + " files");
        assertEquals(List.of(), offending, "a media primitive reaches outside its layer");
    }

    @Test
    void theRuleCatchesAServerImport() {
        List<String> found = imports("package io.confab.core.sfu.rtp;\n"
                + "import io.confab.core.meetings.Meeting;\nimport java.util.List;\nimport static io.netty.buffer.Unpooled.buffer;\n");
        assertEquals(List.of("io.confab.core.meetings.Meeting", "java.util.List", "io.netty.buffer.Unpooled.buffer"), found);
        assertEquals(List.of("io.confab.core.meetings.Meeting", "io.netty.buffer.Unpooled.buffer"),
                found.stream().filter(imported -> !allowed(imported)).toList());
    }

    private static List<String> imports(String source) {
        List<String> found = new ArrayList<>();
        Matcher matcher = IMPORT.matcher(source);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
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
