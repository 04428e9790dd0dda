package io.confab.storage.cassandra;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL script into statements the way cqlsh reads it: statements end at a semicolon
 * outside string literals, quoted identifiers, dollar-quoted bodies and comments ({@code --},
 * {@code //}, block comments). The driver executes one statement at a time, so a schema file must be split
 * before it can be applied.
 */
public final class CqlScript {

    private CqlScript() {
    }

    /** The statements of {@code script}, comments removed, whitespace trimmed, without semicolons. */
    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int length = script.length();
        while (i < length) {
            char c = script.charAt(i);
            if (startsWith(script, i, "--") || startsWith(script, i, "//")) {
                i = endOfLine(script, i);
            } else if (startsWith(script, i, "/*")) {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw unterminated("block comment", script, i);
                }
                current.append(' ');
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int end = endOfQuoted(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (startsWith(script, i, "$$")) {
                int end = script.indexOf("$$", i + 2);
                if (end < 0) {
                    throw unterminated("$$ body", script, i);
                }
                current.append(script, i, end + 2);
                i = end + 2;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return List.copyOf(statements);
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private static boolean startsWith(String script, int at, String token) {
        return script.startsWith(token, at);
    }

    private static int endOfLine(String script, int from) {
        int newline = script.indexOf('\n', from);
        return newline < 0 ? script.length() : newline;
    }

    /** Index just past the closing quote; a doubled quote inside is an escaped quote (CQL). */
    private static int endOfQuoted(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw unterminated(quote == '\'' ? "string literal" : "quoted identifier", script, open);
    }

    private static IllegalArgumentException unterminated(String what, String script, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException("unterminated " + what + " starting on line " + line);
    }
}
