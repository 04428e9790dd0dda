package io.confab.storage.cassandra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CassandraLoginTest {

    @TempDir
    Path dir;

    @Test
    void noUserMeansNoLogin() {
        assertSame(CassandraLogin.NONE, CassandraLogin.of(null, null));
        assertSame(CassandraLogin.NONE, CassandraLogin.of(" ", "/unused"));
        assertFalse(CassandraLogin.NONE.required());
    }

    @Test
    void thePasswordComesFromItsFileTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("cassandra.password"), "s3cr3t\n");
        CassandraLogin login = CassandraLogin.of("confab", file.toString());
        assertTrue(login.required());
        assertEquals(new CassandraLogin("confab", "s3cr3t"), login);
    }

    @Test
    void aBadPasswordFileIsNamed() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CassandraLogin.of("confab", dir.resolve("absent").toString()));
        assertTrue(missing.getMessage().contains("--cassandra-password-file " + dir.resolve("absent")), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CassandraLogin.of("confab", empty.toString()))
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CassandraLogin.of("confab", null))
                .getMessage().contains("needs --cassandra-password-file"));
    }

    @Test
    void userAndPasswordGoTogether() {
        assertThrows(IllegalArgumentException.class, () -> new CassandraLogin("confab", null));
        assertThrows(IllegalArgumentException.class, () -> new CassandraLogin(null, "secret"));
    }

    @Test
    void thePasswordIsNeverPrinted() {
        String shown = new CassandraLogin("confab", "s3cr3t").toString();
        assertFalse(shown.contains("s3cr3t"), shown);
        assertTrue(shown.contains("confab"), shown);
    }
}
