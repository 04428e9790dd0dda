package io.confab.jobs.usage.bench;

import io.confab.storage.kafka.KafkaLogin;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The floor bench's command line: its defaults, and each bad flag refused by name. */
class StreamsFloorTest {

    @Test
    void runsEveryStageInOrderByDefaultWithoutALogin() {
        StreamsFloor.Options options = StreamsFloor.Options.parse("--kafka=127.0.0.1:9092");
        assertEquals("127.0.0.1:9092", options.kafka());
        assertEquals(List.of("read", "decode", "emit", "store"), options.stages());
        assertEquals(KafkaLogin.NONE, options.login());
        assertEquals(false, options.json());
        assertEquals(null, options.stateDir());
        assertEquals(2, options.rounds());
    }

    @Test
    void takesTheStagesAsked() {
        StreamsFloor.Options options = StreamsFloor.Options.parse("--kafka=k:1", "--stages=emit,read", "--json");
        assertEquals(List.of("emit", "read"), options.stages());
        assertTrue(options.json());
    }

    @Test
    void refusesWhatItCannotRunNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--stages=read"))
                .getMessage().contains("--kafka"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "--stages=read,fold"))
                .getMessage().contains("'fold'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "--events=5"))
                .getMessage().contains("--events"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "--rounds=0"))
                .getMessage().contains("--rounds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "--rounds=two"))
                .getMessage().contains("'two'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "read"))
                .getMessage().contains("'read'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StreamsFloor.Options.parse("--kafka=k:1", "--kafka-user=confab"))
                .getMessage().contains("--kafka-password-file"));
    }
}
