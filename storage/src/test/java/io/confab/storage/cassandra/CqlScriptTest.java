package io.confab.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void splitsOnSemicolonsAndTrims() {
        assertEquals(List.of("SELECT a FROM t", "SELECT b FROM u"),
                CqlScript.statements("  SELECT a FROM t;\n\n SELECT b FROM u ;\n"));
    }

    @Test
    void keepsALastStatementWithoutSemicolon() {
        assertEquals(List.of("SELECT a FROM t", "SELECT b FROM u"), CqlScript.statements("SELECT a FROM t; SELECT b FROM u"));
    }

    @Test
    void dropsLineCommentsOfBothKinds() {
        String script = """
                -- a comment; with a semicolon
                SELECT a FROM t; // trailing; comment
                // another
                """;

        assertEquals(List.of("SELECT a FROM t"), CqlScript.statements(script));
    }

    @Test
    void dropsBlockCommentsSpanningLines() {
        assertEquals(List.of("SELECT a   FROM t"), CqlScript.statements("SELECT a /* one;\n two; */ FROM t;"));
    }

    @Test
    void semicolonsAndCommentMarkersInsideLiteralsAreText() {
        String script = "INSERT INTO t (k, v) VALUES ('a;b -- c', 'it''s; fine'); SELECT \"odd;name\" FROM t;";

        assertEquals(List.of("INSERT INTO t (k, v) VALUES ('a;b -- c', 'it''s; fine')", "SELECT \"odd;name\" FROM t"),
                CqlScript.statements(script));
    }

    @Test
    void dollarQuotedBodiesAreOnePiece() {
        String script = "CREATE FUNCTION f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$; SELECT 1 FROM t;";

        assertEquals(2, CqlScript.statements(script).size());
        assertEquals("CREATE FUNCTION f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$",
                CqlScript.statements(script).get(0));
    }

    @Test
    void emptyStatementsAndBlankScriptsYieldNothing() {
        assertEquals(List.of(), CqlScript.statements(" ;; \n -- only a comment\n"));
    }

    @Test
    void unterminatedLiteralNamesItsLine() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> CqlScript.statements("SELECT a FROM t;\nINSERT INTO t (k) VALUES ('open);"));

        assertEquals("unterminated string literal starting on line 2", thrown.getMessage());
    }

    @Test
    void unterminatedBlockCommentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CqlScript.statements("SELECT a /* FROM t;"));
    }
}
