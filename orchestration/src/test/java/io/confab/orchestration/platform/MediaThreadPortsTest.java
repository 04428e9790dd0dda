package io.confab.orchestration.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SFU's media threads each listen on their own UDP port, from {@code --sfu-port} up
 * (issue 20 item 3): the launcher knows them all, checks them, passes the thread count to
 * realtime-core, and refuses a run past 65535. Nothing is started.
 */
class MediaThreadPortsTest {

    @TempDir
    Path data;

    @Test
    void mediaThreadIListensOnSfuPortPlusI() {
        PlatformConfig config = PlatformFlags.config(data, "--sfu-port=17000", "--sfu-media-threads=3");
        MediaPort sfu = Platform.describe(config).sfu();
        assertEquals(List.of(17000, 17001, 17002), sfu.threadPorts());
        assertEquals("udp 127.0.0.1:17000", sfu.address(), "the address names the first port, as before");
        assertEquals(List.of(), config.problems());
    }

    @Test
    void zeroThreadsIsOnePerCore() {
        PlatformConfig config = PlatformFlags.config(data, "--sfu-port=17000");
        assertEquals(0, config.sfu().mediaThreads(), "the default");
        assertEquals(Runtime.getRuntime().availableProcessors(), Platform.describe(config).sfu().threadPorts().size());
    }

    @Test
    void randomPortsLeaveRoomForEveryThread() {
        Ports ports = new Ports(List.of("127.0.0.1"), data);
        int first = ports.resolveRun("sfu-port", 0, 4);
        for (int port = first; port < first + 4; port++) {
            assertTrue(ports.isFree(port), "port " + port + " of the run is free");
        }
        int other = ports.resolve("turn-port", 0);
        assertTrue(other < first || other >= first + 4, "another server's port " + other + " is not one of the run from " + first);
    }

    @Test
    void tooManyThreadsOrARunPast65535IsRefusedNamingTheFlags() {
        List<String> problems = PlatformFlags.config(data, "--sfu-port=65535", "--sfu-media-threads=2").problems();
        assertTrue(problems.contains("--sfu-port 65535 with 2 media threads needs ports up to 65536, past 65535: lower --sfu-port"
                + " or --sfu-media-threads"), problems.toString());
        problems = PlatformFlags.config(data, "--sfu-media-threads=300").problems();
        assertTrue(problems.contains("--sfu-media-threads must be 0 (one per core) to 256, got 300"), problems.toString());
    }

    @Test
    void realtimeCoreIsToldHowManyThreadsAndAnOperatorFileMayNotSetIt() {
        assertEquals("--sfu-media-threads", WebServer.LAUNCHER_KEYS.get("sfu-media-threads"));
    }
}
