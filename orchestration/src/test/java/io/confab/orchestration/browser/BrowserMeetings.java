package io.confab.orchestration.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The steps every browser test takes through the web client: an account, a hosted meeting, guests joining. */
public final class BrowserMeetings {

    public static final String PASSWORD = "a long passphrase";

    private BrowserMeetings() {
    }

    /** Creates an account through the REST API (the browser then signs in with it). */
    public static void signUp(String web, String email, String displayName) throws Exception {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + displayName + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web + "/api/auth/signup"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
    }

    /**
     * Opens {@code web + query}, signs in as {@code email}, creates a meeting with the passcode and
     * the waiting room as asked, and starts it; returns the meeting id with the host in the meeting.
     */
    public static String hostMeeting(Browser host, String web, String query, String email, String topic, String passcode,
                                     boolean waitingRoom) {
        return hostMeeting(host, web, query, email, topic, passcode, waitingRoom, new String[0]);
    }

    /** As above, ticking the form's checkboxes {@code tick} (e.g. {@code #setting-transcription}) too. */
    public static String hostMeeting(Browser host, String web, String query, String email, String topic, String passcode,
                                     boolean waitingRoom, String... tick) {
        host.open(web + "/" + query);
        host.type("#signin-email", email);
        host.type("#signin-password", PASSWORD);
        host.click("#signin-submit");
        host.find("#meetings-page");
        host.type("#meeting-topic", topic);
        if (host.find("#setting-waiting-room").isSelected() != waitingRoom) {
            host.click("#setting-waiting-room");
        }
        for (String checkbox : tick) {
            if (!host.find(checkbox).isSelected()) {
                host.click(checkbox);
            }
        }
        host.type("#meeting-passcode", passcode);
        host.click("#create-meeting");
        String meetingId = host.find("#new-meeting-result[data-meeting-id]").getAttribute("data-meeting-id");
        host.click("#start-created");
        host.find("#meeting");
        return meetingId;
    }

    /** Fills in the home page's join form; the caller waits for what should follow. */
    public static void requestToJoin(Browser guest, String web, String query, String meetingId, String name, String passcode) {
        guest.open(web + "/" + query);
        guest.type("#join-meeting-id", meetingId);
        guest.type("#join-name", name);
        guest.type("#join-passcode", passcode);
        guest.click("#join-submit");
    }

    /** Joins a meeting without a waiting room; returns the guest's participant id. */
    public static String join(Browser guest, String web, String query, String meetingId, String name, String passcode) {
        requestToJoin(guest, web, query, meetingId, name, passcode);
        guest.find("#meeting");
        return selfId(guest);
    }

    public static String selfId(Browser browser) {
        return browser.find("#tiles .tile.self").getAttribute("data-participant-id");
    }
}
