package io.confab.orchestration.browser;

import io.confab.orchestration.SharedPlatform;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantAdmitted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantWaiting;
import io.confab.storage.topics.Topics;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser scenario in headless Debian Chromium against the running platform: a host
 * signs in and creates a meeting with a waiting room, two guests join from their own browsers and
 * are admitted, chat goes both ways, a raised hand shows at the host, the host mutes and then kicks
 * a guest who sees why, and a wrong passcode and a mistyped id are refused with the same clear message.
 * Then meeting.events on the real Kafka tells the same story in order.
 */
@ExtendWith(SharedPlatform.class)
class MeetingInTheBrowserTest {

    private static final String PASSCODE = "8642";

    @Test
    void hostAndTwoGuestsHoldAMeetingInChromium(SharedPlatform.Running running) throws Exception {
        String web = running.platform().web().address();
        String email = "host-" + UUID.randomUUID() + "@example.com";
        BrowserMeetings.signUp(web, email, "Hilde");

        try (Browser host = new Browser("host"); Browser ana = new Browser("ana"); Browser ben = new Browser("ben")) {
            String meetingId = BrowserMeetings.hostMeeting(host, web, "", email, "Browser test", PASSCODE, true);

            // Refusals first: a wrong passcode, then a mistyped meeting id.
            ana.open(web + "/");
            ana.type("#join-meeting-id", meetingId);
            ana.type("#join-name", "Ana");
            ana.type("#join-passcode", "0000");
            ana.click("#join-submit");
            assertTrue(ana.awaitText("#join-error", "passcode").contains("no meeting with this ID and passcode"));
            ana.type("#join-meeting-id", mistype(meetingId));
            ana.type("#join-passcode", PASSCODE);
            ana.click("#join-submit");
            assertTrue(ana.awaitText("#join-error", "passcode").contains("no meeting with this ID and passcode"));

            String anaId = joinThroughWaitingRoom(web, host, ana, meetingId, "Ana");
            String benId = joinThroughWaitingRoom(web, host, ben, meetingId, "Ben");
            host.find("#tiles .tile[data-participant-id='" + benId + "']");

            ana.type("#chat-input", "hello from Ana");
            ana.click("#chat-send");
            host.awaitText("#chat-messages", "hello from Ana");
            host.type("#chat-input", "welcome, Ana");
            host.click("#chat-send");
            ana.awaitText("#chat-messages", "welcome, Ana");
            ben.awaitText("#chat-messages", "welcome, Ana");

            ana.click("#raise-hand");
            host.find("#participants li.participant.hand-raised[data-participant-id='" + anaId + "']");

            host.click("#participants li.participant[data-participant-id='" + anaId + "'] .mute-participant");
            host.find("#participants li.participant.muted-audio[data-participant-id='" + anaId + "']");
            ana.find("#participants li.participant.muted-audio[data-participant-id='" + anaId + "']");

            host.click("#participants li.participant[data-participant-id='" + anaId + "'] .kick-participant");
            host.type("#kick-reason-input", "please stay on topic");
            host.click("#kick-confirm");
            assertTrue(ana.awaitText("#kicked-reason", "please stay on topic").contains("please stay on topic"));
            host.until(driver -> driver.findElements(By.cssSelector(
                    "#participants li.participant[data-participant-id='" + anaId + "']")).isEmpty());
            ben.until(driver -> driver.findElements(By.cssSelector(
                    "#tiles .tile[data-participant-id='" + anaId + "']")).isEmpty());

            List<Object> story = payloads(running.platform().kafka().address(), meetingId);
            assertInOrder(story, MeetingCreated.class, MeetingStarted.class, ParticipantJoined.class,
                    ParticipantWaiting.class, ParticipantAdmitted.class, ParticipantJoined.class,
                    ParticipantWaiting.class, ParticipantAdmitted.class, ParticipantJoined.class,
                    ChatMessage.class, ChatMessage.class, HandRaised.class, MuteChanged.class,
                    ParticipantKicked.class, ParticipantLeft.class);
            ParticipantLeft left = (ParticipantLeft) story.stream().filter(ParticipantLeft.class::isInstance)
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(anaId, left.getParticipantId());
            assertEquals(LeaveReason.KICKED, left.getReason());
            assertTrue(((MuteChanged) story.stream().filter(MuteChanged.class::isInstance).findFirst().orElseThrow()).getByHost());
        }
    }

    /** The guest joins, waits, is admitted by the host from the waiting list; returns their participant id. */
    private static String joinThroughWaitingRoom(String web, Browser host, Browser guest, String meetingId, String name) {
        BrowserMeetings.requestToJoin(guest, web, "", meetingId, name, PASSCODE);
        guest.find("#waiting-room");
        WebElement entry = host.until(driver -> driver.findElements(By.cssSelector("#waiting-list li.waiting-entry")).stream()
                .filter(e -> e.getText().contains(name)).findFirst().orElse(null));
        String id = entry.getAttribute("data-participant-id");
        host.click("#waiting-list li.waiting-entry[data-participant-id='" + id + "'] .admit");
        guest.find("#meeting");
        return BrowserMeetings.selfId(guest);
    }

    private static String mistype(String id) {
        char last = id.charAt(id.length() - 1);
        return id.substring(0, id.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** The meeting's event payloads from Kafka, once the kick's ParticipantLeft has arrived. */
    private static List<Object> payloads(String bootstrap, String meetingId) throws InterruptedException {
        List<Object> payloads = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "browser-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MEETING_EVENTS));
            // The caller checks the story it gets; an incomplete one fails there with the events that came.
            Eventually.within(Duration.ofSeconds(60)).every(Duration.ZERO).holds(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (meetingId.equals(record.key())) {
                        MeetingEvent event = Codecs.MEETING_EVENTS.deserializer().deserialize(record.topic(), record.value());
                        payloads.add(event.getPayload());
                    }
                });
                return payloads.stream().anyMatch(p -> p instanceof ParticipantLeft l && l.getReason() == LeaveReason.KICKED);
            });
        }
        return payloads;
    }

    /** {@code expected} appear in this order in {@code story} (other events may come between them). */
    private static void assertInOrder(List<Object> story, Class<?>... expected) {
        int at = 0;
        for (Class<?> kind : expected) {
            while (at < story.size() && !kind.isInstance(story.get(at))) {
                at++;
            }
            assertTrue(at < story.size(), "expected " + kind.getSimpleName() + " in order; events were "
                    + story.stream().map(p -> p.getClass().getSimpleName()).toList());
            at++;
        }
    }
}
