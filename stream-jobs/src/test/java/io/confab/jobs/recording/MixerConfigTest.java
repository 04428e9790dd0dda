package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.mix.Layout;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The mixer's configuration is read in one place, and a bad key stops it with one message naming the key. */
class MixerConfigTest {

    @Test
    void theRequiredKeysAloneGiveTheDefaults() {
        MixerConfig config = MixerConfig.of(required());
        assertEquals("kafka:9092", config.connections().kafkaBootstrap());
        assertEquals(Layout.GALLERY, config.layout());
        assertEquals(25, config.framesPerSecond());
        assertEquals(Duration.ofSeconds(10), config.segment());
        assertEquals(Duration.ofSeconds(1), config.latency());
        assertEquals(false, config.audioOnly());
    }

    @Test
    void valuesAreTrimmedAndCaseInsensitiveWhereTheyAreWords() {
        Properties p = required();
        p.setProperty("layout", " Speaker ");
        p.setProperty("audio-only", "TRUE");
        p.setProperty("fps", " 30");
        MixerConfig config = MixerConfig.of(p);
        assertEquals(Layout.SPEAKER, config.layout());
        assertTrue(config.audioOnly());
        assertEquals(30, config.framesPerSecond());
    }

    @Test
    void theKafkaLoginIsReadWhenGivenAndNamedWhenHalfGiven() {
        assertEquals(io.confab.storage.kafka.KafkaLogin.NONE, MixerConfig.of(required()).connections().kafkaLogin());
        Properties p = required();
        p.setProperty("kafka.user", "confab");
        p.setProperty("kafka.password", "s3cr3t");
        assertEquals(new io.confab.storage.kafka.KafkaLogin("confab", "s3cr3t"), MixerConfig.of(p).connections().kafkaLogin());
        p.remove("kafka.password");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixerConfig.of(p));
        assertTrue(e.getMessage().contains("kafka.user and kafka.password go together"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsNamed() {
        Properties p = required();
        p.setProperty("segment.secs", "4");
        assertNamed("segment.secs", p);
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        for (String key : new String[] {"kafka.bootstrap", "s3.endpoint", "s3.access-key", "s3.secret-key", "cassandra.contact-point"}) {
            Properties p = required();
            p.remove(key);
            assertNamed(key, p);
            p.setProperty(key, "  ");
            assertNamed(key, p);
        }
    }

    @Test
    void aBadNumberIsNamed() {
        for (String value : new String[] {"abc", "-1", "2.5", ""}) {
            Properties p = required();
            p.setProperty("latency.ms", value);
            assertNamed("latency.ms", p);
        }
    }

    @Test
    void aNumberOutOfRangeIsNamed() {
        Properties p = required();
        p.setProperty("fps", "120");
        assertNamed("fps", p);
        Properties q = required();
        q.setProperty("segment.seconds", "1");
        assertNamed("segment.seconds", q);
    }

    @Test
    void aBadBooleanIsNamed() {
        Properties p = required();
        p.setProperty("audio-only", "yes");
        assertNamed("audio-only", p);
    }

    @Test
    void aBadLayoutIsNamed() {
        Properties p = required();
        p.setProperty("layout", "mosaic");
        assertNamed("layout", p);
    }

    private static void assertNamed(String key, Properties p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MixerConfig.of(p), "bad " + key);
        assertTrue(e.getMessage().contains(key), "the message names " + key + ", got: " + e.getMessage());
    }

    private static Properties required() {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap", "kafka:9092");
        p.setProperty("s3.endpoint", "http://s3:9000");
        p.setProperty("s3.access-key", "access");
        p.setProperty("s3.secret-key", "secret");
        p.setProperty("cassandra.contact-point", "cassandra:9042");
        return p;
    }
}
