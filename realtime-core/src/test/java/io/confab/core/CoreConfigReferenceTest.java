package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * realtime-core's settings come from one commented reference file (issue 19 item 6): every key there
 * is read by the typed configuration and every key read is there; an operator file and flags
 * override it; a bad key, value or range stops start-up with one line naming it.
 */
class CoreConfigReferenceTest {

    private static final String TOKEN = "--token-secret=" + "ab".repeat(32);

    @TempDir
    Path dir;

    private Path operatorFile(String... lines) throws Exception {
        return Files.write(dir.resolve("core.properties"), List.of(lines));
    }

    private static String refusal(String... args) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CoreConfig.parse(args));
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
        return refused.getMessage();
    }

    @Test
    void everyReferenceKeyIsReadByTheTypedConfiguration() {
        Settings settings = Settings.of(new String[] {TOKEN});
        CoreConfig.read(settings);
        assertEquals(Set.of(), settings.unread(), "keys of the reference file that no setting reads");
        assertEquals(List.of(), settings.problems(), "the reference's own values must be valid");
    }

    @Test
    void aSettingWithoutAReferenceEntryFailsAtOnce() {
        Settings settings = Settings.of(new String[0]);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> settings.integer("sfu-new-knob", 0, 9));
        assertTrue(missing.getMessage().contains("'sfu-new-knob' has no entry in realtime-core.reference.properties"),
                missing.getMessage());
    }

    @Test
    void everyReferenceKeyHasACommentAboveIt() {
        List<String> lines = Settings.referenceText().lines().toList();
        List<String> bare = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("#")) {
                if (i == 0 || !lines.get(i - 1).startsWith("#")) {
                    bare.add(line);
                }
            }
        }
        assertEquals(List.of(), bare, "keys without a comment saying unit, range and why");
        assertEquals(Settings.referenceKeys().size(), lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count(),
                "one line per key (a key given twice would hide its first default)");
    }

    @Test
    void theDefaultsAreTheReferenceFilesValues() {
        String reference = Settings.referenceText();
        CoreConfig config = CoreConfig.parse(new String[] {TOKEN});
        assertTrue(reference.contains("\nsfu-last-n=25\n"), "the reference sets last-N");
        assertEquals(25, config.sfu().lastN());
        assertTrue(reference.contains("\nsignaling-burst=40\n"));
        assertEquals(40, config.signaling().rate().burst());
        assertTrue(reference.contains("\nroom-max-participants=200\n"));
        assertEquals(200, config.signaling().rooms().maxParticipants());
        assertTrue(reference.contains("\nturn-tcp-high-water-mark-bytes=262144\n"));
        assertEquals(262_144, config.turnLimits().streams().highWaterMark());
        assertEquals(-1, config.sfu().port(), "no SFU unless a port is given");
        assertEquals("127.0.0.1", config.sfu().announce(), "the announced address follows host when empty");
    }

    @Test
    void anOperatorFileOverridesTheReferenceAndFlagsOverrideTheFile() throws Exception {
        Path file = operatorFile("# our sizing", "sfu-last-n=10", "room-max-participants=50", "argon2-threads=3",
                "tap-queue-packets=8192", "guess-target-from-source-failures=3");
        CoreConfig fromFile = CoreConfig.parse(new String[] {TOKEN, "--config=" + file});
        assertEquals(10, fromFile.sfu().lastN());
        assertEquals(50, fromFile.signaling().rooms().maxParticipants());
        assertEquals(3, fromFile.argon2().threads());
        assertEquals(8192, fromFile.tap().queuePackets());
        assertEquals(3, fromFile.guesses().limits().get(io.confab.core.guard.GuessKey.Scope.MEETING_FROM_SOURCE).failures());
        CoreConfig flagWins = CoreConfig.parse(new String[] {"--sfu-last-n=5", TOKEN, "--config=" + file});
        assertEquals(5, flagWins.sfu().lastN(), "a flag wins over the file wherever it stands");
        assertEquals(50, flagWins.signaling().rooms().maxParticipants());
    }

    @Test
    void anUnknownKeyInTheFileIsNamedWithTheFile() throws Exception {
        Path file = operatorFile("sfu-lastn=10");
        assertEquals("unknown key 'sfu-lastn' in " + file + " (realtime-core.reference.properties lists every key)",
                refusal(TOKEN, "--config=" + file));
    }

    @Test
    void anUnknownFlagIsNamed() {
        assertEquals("unknown key --sfu-lastn", refusal(TOKEN, "--sfu-lastn=10"));
    }

    @Test
    void aMalformedNumberNamesTheKeyTheValueAndTheRange() throws Exception {
        Path file = operatorFile("room-max-waiting=lots");
        assertEquals("room-max-waiting (in " + file + ") must be a whole number from 0 to 100000, got 'lots'",
                refusal(TOKEN, "--config=" + file));
        assertEquals("--signaling-messages-per-second must be a number from 0.1 to 10000, got 'fast'",
                refusal(TOKEN, "--signaling-messages-per-second=fast"));
        assertEquals("--argon2-threads must be a whole number from 1 to 256, got 'many'", refusal(TOKEN, "--argon2-threads=many"));
        assertEquals("--turn-allow-loopback must be true or false, got 'yes'", refusal(TOKEN, "--turn-allow-loopback=yes"));
        assertEquals("--tls must be one of auto, on, off, got 'maybe'", refusal(TOKEN, "--tls=maybe"));
    }

    @Test
    void theSfuRunsOneMediaThreadPerCoreUnlessToldAndRefusesPortsPast65535() {
        assertEquals(Runtime.getRuntime().availableProcessors(), CoreConfig.parse(new String[] {TOKEN}).sfu().mediaThreads(),
                "the reference's 0 is one per core");
        assertEquals(3, CoreConfig.parse(new String[] {TOKEN, "--sfu-media-threads=3"}).sfu().mediaThreads());
        assertEquals("--sfu-media-threads must be a whole number from 0 to 256, got '300'", refusal(TOKEN, "--sfu-media-threads=300"));
        assertEquals("--sfu-media-threads (2) needs ports 65535 to 65536 from sfu-port, past 65535",
                refusal(TOKEN, "--sfu-port=65535", "--sfu-media-threads=2"));
    }

    @Test
    void aValueOutOfRangeNamesTheKeyTheValueAndTheRange() throws Exception {
        Path file = operatorFile("sfu-last-n=5000");
        assertEquals("sfu-last-n (in " + file + ") must be a whole number from -1 to 1000, got '5000'",
                refusal(TOKEN, "--config=" + file));
        assertEquals("--sfu-publisher-remb-bps must be a whole number from 100000 to 100000000, got '1000'",
                refusal(TOKEN, "--sfu-publisher-remb-bps=1000"));
    }

    @Test
    void keysThatMustAgreeAreNamedTogether() {
        assertEquals("--signaling-node-backlog-bytes (2048) must be at least signaling-room-backlog-bytes (4096)",
                refusal(TOKEN, "--signaling-room-backlog-bytes=4096", "--signaling-node-backlog-bytes=2048"));
        assertEquals("--guess-max-lockout-seconds (30) must be at least guess-first-lockout-seconds (60)",
                refusal(TOKEN, "--guess-max-lockout-seconds=30"));
    }

    @Test
    void everyBadKeyIsReportedAtOnceOnOneLine() {
        String line = refusal(TOKEN, "--sfu-last-n=-5", "--rest-queue=0", "--bogus=1");
        assertTrue(line.contains("unknown key --bogus"), line);
        assertTrue(line.contains("--sfu-last-n must be a whole number from -1 to 1000, got '-5'"), line);
        assertTrue(line.contains("--rest-queue must be a whole number from 1 to 100000, got '0'"), line);
    }

    @Test
    void aMissingOperatorFileIsNamed() {
        Path missing = dir.resolve("nowhere.properties");
        assertTrue(refusal(TOKEN, "--config=" + missing).startsWith("--config " + missing + " cannot be read"));
    }

    @Test
    void valuesReachTheTypedRecords() {
        CoreConfig config = CoreConfig.parse(new String[] {TOKEN, "--sfu-handshake-timeout-seconds=4",
                "--sfu-consent-timeout-seconds=20", "--sfu-publisher-remb-bps=2500000", "--sfu-handshake-threads=2",
                "--sfu-handshake-queue=0", "--sfu-max-tracks-per-participant=3", "--rest-threads=4", "--rest-queue=10",
                "--signaling-messages-per-second=2.5", "--signaling-burst=5", "--signaling-close-after-refusals=7",
                "--empty-meeting-grace-seconds=0", "--turn-allocate-per-second=7", "--turn-allocate-burst=9",
                "--turn-tcp-stall-seconds=2", "--tap-delivery-timeout-seconds=4", "--tap-producer-bytes=2097152",
                "--guess-window-seconds=30", "--guess-tracked-keys=10", "--token-ttl-seconds=600", "--jdbc-pool-size=3"});
        assertEquals(Duration.ofSeconds(4), config.sfu().handshakeTimeout());
        assertEquals(Duration.ofSeconds(20), config.sfu().consentTimeout());
        assertEquals(2_500_000, config.sfu().publisherRembBps());
        assertEquals(2, config.sfu().handshakeThreads());
        assertEquals(0, config.sfu().handshakeQueue());
        assertEquals(3, config.sfu().maxTracksPerParticipant());
        assertEquals(new CoreConfig.RestWorkers(4, 10), config.rest());
        assertEquals(2.5, config.signaling().rate().perSecond());
        assertEquals(5, config.signaling().rate().burst());
        assertEquals(7, config.signaling().rate().closeAfterRefusals());
        assertEquals(Duration.ZERO, config.signaling().emptyMeetingGrace());
        assertEquals(7, config.turnLimits().allocateRate().perSecond());
        assertEquals(9, config.turnLimits().allocateRate().burst());
        assertEquals(Duration.ofSeconds(2), config.turnLimits().streams().stallTimeout());
        assertEquals(Duration.ofSeconds(4), config.tap().deliveryTimeout());
        assertEquals(2L << 20, config.tap().producerBytes());
        assertEquals(Duration.ofSeconds(30), config.guesses().limits().get(io.confab.core.guard.GuessKey.Scope.ACCOUNT).window());
        assertEquals(10, config.guesses().trackedKeys());
        assertEquals(Duration.ofMinutes(10), config.tokenTtl());
        assertEquals(3, config.jdbcPoolSize());
    }

    @Test
    void theLaunchersCheckSeesWhatStartUpWouldRefuse() throws Exception {
        assertEquals(List.of(), CoreConfig.problems(Map.of("turn-user-quota", "3"), operatorFile("sfu-last-n=10")));
        assertEquals(List.of("--turn-user-quota must be a whole number from 1 to 10000, got '0'",
                        "room-max-waiting (in " + dir.resolve("core.properties") + ") must be a whole number from 0 to 100000, got '-1'"),
                CoreConfig.problems(Map.of("turn-user-quota", "0"), operatorFile("room-max-waiting=-1")));
    }
}
