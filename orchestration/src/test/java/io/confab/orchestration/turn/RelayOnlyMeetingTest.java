package io.confab.orchestration.turn;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.browser.Browser;
import io.confab.orchestration.browser.BrowserMeetings;
import io.confab.orchestration.browser.MediaInTheBrowserTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A meeting for people behind a firewall that lets nothing but TURN through: two headless
 * Chromiums with {@code iceTransportPolicy: 'relay'} (the web client's {@code ?ice=relay}) may use
 * only relayed candidates, so every packet to and from the SFU goes through our TURN server.
 * getStats' selected candidate pairs must be relay pairs, and video frames must decode.
 */
@ExtendWith(SharedPlatform.class)
class RelayOnlyMeetingTest {

    private static final String PASSCODE = "2718";

    @Test
    void mediaFlowsOnlyThroughOurTurnServer(SharedPlatform.Running running) throws Exception {
        String web = running.platform().web().address();
        String email = "relay-host-" + UUID.randomUUID() + "@example.com";
        BrowserMeetings.signUp(web, email, "Runa");
        try (Browser host = new Browser("relay-host"); Browser guest = new Browser("relay-guest")) {
            String meetingId = BrowserMeetings.hostMeeting(host, web, "?ice=relay", email, "Relay test", PASSCODE, false);
            String hostId = BrowserMeetings.selfId(host);
            String guestId = BrowserMeetings.join(guest, web, "?ice=relay", meetingId, "Rita", PASSCODE);

            MediaInTheBrowserTest.awaitReceiving(host, List.of(guestId));
            MediaInTheBrowserTest.awaitReceiving(guest, List.of(hostId));
            assertEquals(Map.of("publish", "relay", "subscribe", "relay"), candidateTypes(host));
            assertEquals(Map.of("publish", "relay", "subscribe", "relay"), candidateTypes(guest));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> candidateTypes(Browser browser) {
        return (Map<String, Object>) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "window.confabSession.peer.candidateTypes().then(done, () => done({}));");
    }
}
