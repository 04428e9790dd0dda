package io.confab.orchestration.turn;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.browser.Browser;
import io.confab.orchestration.browser.MediaInTheBrowserTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        signUp(web, email);
        try (Browser host = new Browser("relay-host"); Browser guest = new Browser("relay-guest")) {
            host.open(web + "/?ice=relay");
            host.type("#signin-email", email);
            host.type("#signin-password", "a long passphrase");
            host.click("#signin-submit");
            host.find("#meetings-page");
            host.type("#meeting-topic", "Relay test");
            if (host.find("#setting-waiting-room").isSelected()) {
                host.click("#setting-waiting-room");
            }
            host.type("#meeting-passcode", PASSCODE);
            host.click("#create-meeting");
            String meetingId = host.find("#new-meeting-result[data-meeting-id]").getAttribute("data-meeting-id");
            host.click("#start-created");
            host.find("#meeting");
            String hostId = host.find("#tiles .tile.self").getAttribute("data-participant-id");

            guest.open(web + "/?ice=relay");
            guest.type("#join-meeting-id", meetingId);
            guest.type("#join-name", "Rita");
            guest.type("#join-passcode", PASSCODE);
            guest.click("#join-submit");
            guest.find("#meeting");
            String guestId = guest.find("#tiles .tile.self").getAttribute("data-participant-id");

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

    private static void signUp(String web, String email) throws Exception {
        String body = "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"displayName\":\"Runa\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web + "/api/auth/signup"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }
}
