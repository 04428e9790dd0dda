package io.confab.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 item 7: the SFU decrypts every packet it forwards, so the web client's meeting setting
 * (the {@code e2eeEnabled} field) must be named for what it does, not claim end-to-end encryption.
 */
class PrivateMediaLabelTest {

    private static final Pattern E2EE_LABEL = Pattern.compile("<label[^>]*>\\s*<input id=\"setting-e2ee\"[^>]*>([^<]*)</label>");

    @Test
    void theSettingSaysWhatItDoesAndThatMediaIsNotEndToEndEncrypted() throws IOException {
        String page = page("index.html");
        Matcher label = E2EE_LABEL.matcher(page);
        assertTrue(label.find(), "index.html has no label around #setting-e2ee");
        String text = label.group(1).trim().toLowerCase(Locale.ROOT);
        assertTrue(text.startsWith("private media"), "the setting is named for what it does: " + text);
        assertTrue(text.contains("never recorded or transcribed"), text);
        assertTrue(text.contains("not end-to-end encrypted"), text);
        assertFalse(label.find(), "one label for the setting");
    }

    @Test
    void noOtherTextOfTheClientPromisesEndToEndEncryption() throws IOException {
        for (String file : new String[] {"index.html", "app.js", "meeting-form.js"}) {
            String text = page(file).toLowerCase(Locale.ROOT);
            int at = -1;
            while ((at = text.indexOf("end-to-end", at + 1)) >= 0) {
                String around = text.substring(Math.max(0, at - 4), Math.min(text.length(), at + 60));
                boolean denied = around.startsWith("not ") || around.contains("end-to-end encryption is planned");
                assertTrue(denied, file + " says \"" + around.trim() + "\" where the SFU decrypts the media");
            }
        }
        assertEquals(-1, page("index.html").indexOf("End-to-end encryption</label>"));
    }

    private static String page(String name) throws IOException {
        try (InputStream in = PrivateMediaLabelTest.class.getResourceAsStream("/io/confab/core/web/" + name)) {
            assertNotNull(in, "the web client has no " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
