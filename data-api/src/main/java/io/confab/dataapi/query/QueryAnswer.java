package io.confab.dataapi.query;

import java.util.List;

/**
 * A query's answer.
 *
 * @param columns   name and DuckDB type of each column, in order
 * @param rows      the rows, each value a JSON number, string, boolean or null (timestamps as ISO-8601 strings)
 * @param rowCount  rows returned
 * @param truncated true when the result had more than the row limit and was cut there
 * @param notice    what the caller should know about the scan (all history read), or null
 * @param scope     the files behind the views when the query ran
 * @param elapsedMs time in DuckDB, from the statement to the last row read
 */
public record QueryAnswer(List<Column> columns, List<List<Object>> rows, int rowCount, boolean truncated, String notice,
                          Scope scope, long elapsedMs) {

    public record Column(String name, String type) {
    }

    /** @param files Parquet files in the warehouse, @param bytes their size, @param fetched files brought into the cache for this query */
    public record Scope(int files, long bytes, int fetched) {
    }
}
