package io.confab.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.storage.cassandra.CassandraLogin;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one reading of a job's properties file: every error names the job and the key. */
class JobPropertiesTest {

    private static JobProperties of(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return JobProperties.of(properties, "some job", Set.of("n", "flag", "name", "cassandra.user", "cassandra.password"));
    }

    private static void assertRefused(String expected, Runnable read) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnes() {
        assertRefused("some job: unknown configuration key(s) [nn]; known: [cassandra.password, cassandra.user, flag, n, name]",
                () -> of("nn", "1"));
    }

    @Test
    void aRequiredKeyMayNotBeMissingOrBlank() {
        assertEquals("x", of("name", " x ").required("name"));
        assertRefused("some job: configuration key name is missing", () -> of().required("name"));
        assertRefused("some job: configuration key name is missing", () -> of("name", "  ").required("name"));
    }

    @Test
    void aNumberIsWholeAndNotNegativeAndBlankIsNotAbsent() {
        assertEquals(7, of().integer("n", 7));
        assertEquals(30, of("n", " 30").integer("n", 7));
        for (String bad : new String[] {"", " ", "-1", "2.5", "abc"}) {
            assertRefused("some job: n must be a whole number >= 0, was \"" + bad + "\"", () -> of("n", bad).integer("n", 7));
        }
    }

    @Test
    void aFlagIsTrueOrFalseInAnyCase() {
        assertTrue(of("flag", "TRUE").bool("flag", false));
        assertFalse(of().bool("flag", false));
        assertRefused("some job: flag must be true or false, was \"yes\"", () -> of("flag", "yes").bool("flag", false));
    }

    @Test
    void theCassandraLoginIsBothOrNeither() {
        assertEquals(CassandraLogin.NONE, of().cassandraLogin());
        assertEquals(new CassandraLogin("confab", "pw"), of("cassandra.user", "confab", "cassandra.password", "pw").cassandraLogin());
        assertRefused("cassandra.user and cassandra.password go together: give both or neither",
                () -> of("cassandra.user", "confab").cassandraLogin());
    }
}
