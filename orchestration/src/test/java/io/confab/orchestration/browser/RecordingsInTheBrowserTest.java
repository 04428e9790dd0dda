package io.confab.orchestration.browser;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.recordings.RecordingFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recordings page in headless Chromium on the web origin: signed in through the web client's
 * own form, reached by its "Recordings" link, the recording played from its presigned MP4 link.
 */
@ExtendWith(SharedPlatform.class)
class RecordingsInTheBrowserTest {

    @Test
    void theSignedInUserPlaysARecordingFromTheRecordingsPage(SharedPlatform.Running running) {
        try (RecordingFixtures fixtures = new RecordingFixtures(running); Browser browser = new Browser("recordings")) {
            RecordingFixtures.Account owner = fixtures.signUp("Viewer");
            String meeting = fixtures.meeting(owner);
            RecordingFixtures.Recorded recording = fixtures.record(owner.accountId(), meeting, Instant.now().minusSeconds(120),
                    List.of("Vera", "Viktor"));

            browser.open(fixtures.web + "/");
            browser.type("#signin-email", owner.email());
            browser.type("#signin-password", "a long passphrase");
            browser.click("#signin-submit");
            browser.click("#nav-recordings");

            String card = "li[data-recording-id='" + recording.recordingId() + "']";
            String text = browser.awaitText(card, "Viktor");
            assertTrue(text.contains("0:03") && text.contains("Vera, Viktor"), text);
            assertTrue(browser.present(card + " img"), "the poster is shown");
            browser.click(card + " button.play");

            // Playing from S3 directly: currentTime advances and the element reports no error.
            Object advanced = browser.until(driver -> {
                Object time = browser.script("const v = document.getElementById('video');"
                        + " return v.error ? 'error ' + v.error.code + ' ' + v.error.message : v.currentTime;");
                if (time instanceof String) {
                    return time;
                }
                return ((Number) time).doubleValue() > 1.0 ? time : null;
            });
            assertTrue(advanced instanceof Number, "the video should play, got " + advanced);
            assertNull(browser.script("return document.getElementById('video').error"));
            assertEquals(Boolean.TRUE, browser.script("return document.getElementById('video').src.includes('X-Amz-Signature')"),
                    "the video comes from the presigned S3 link");
        }
    }
}
