package io.confab.dataapi.query;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadOnlyStatementTest {

    @Test
    void keepsAStringLiteralThatEndsTheStatement() {
        assertEquals("SELECT * FROM media_quality WHERE kind = 'AUDIO'",
                ReadOnlyStatement.check("SELECT * FROM media_quality WHERE kind = 'AUDIO'"));
        assertEquals("SELECT 'a; b '", ReadOnlyStatement.check("SELECT 'a; b ' ;  \n"));
    }
}
