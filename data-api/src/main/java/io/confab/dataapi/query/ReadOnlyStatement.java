package io.confab.dataapi.query;

import java.util.Locale;
import java.util.Set;

/**
 * The first gate of a query: one statement, and of a reading kind. DuckDB's own settings
 * ({@code enable_external_access=false}, {@code lock_configuration=true}, see {@link WarehouseSql})
 * are the second gate and the one that holds; this one exists to answer a write with a sentence a
 * person understands instead of DuckDB's permission error.
 */
public final class ReadOnlyStatement {

    /** Refused before DuckDB sees it; the message says why. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    static final Set<String> READING = Set.of("SELECT", "WITH", "EXPLAIN", "DESCRIBE", "SHOW", "SUMMARIZE", "FROM", "VALUES", "TABLE",
            "PIVOT", "UNPIVOT");

    private ReadOnlyStatement() {
    }

    /** Returns the statement without a trailing semicolon, or throws {@link Refused}. */
    public static String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new Refused("no SQL given");
        }
        String body = withoutTrailingSemicolon(sql);
        String code = codeOnly(body);
        if (code.indexOf(';') >= 0) {
            throw new Refused("one statement at a time: found a ';' between statements");
        }
        String first = code.strip().split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
        if (!READING.contains(first)) {
            throw new Refused("the warehouse is read-only: " + first + " statements are refused (allowed: "
                    + String.join(", ", READING.stream().sorted().toList()) + ")");
        }
        return body;
    }

    private static String withoutTrailingSemicolon(String sql) {
        String code = codeOnly(sql);
        int end = code.length();
        // Only real whitespace and ';' go: a string literal at the end is blank in code but must stay.
        while (end > 0 && code.charAt(end - 1) == sql.charAt(end - 1)
                && (Character.isWhitespace(code.charAt(end - 1)) || code.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }

    /**
     * The statement with string literals, quoted identifiers and comments blanked out (same length),
     * so that a ';' or a keyword inside them is not taken for code.
     */
    static String codeOnly(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end + 1, sql.length());
                out.append(" ".repeat(end - i));
                i = end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(" ".repeat(end - i));
                i = end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
                out.append(" ".repeat(end - i));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
