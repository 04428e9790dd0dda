package io.confab.batch.warehouse.rows;

import java.io.Serializable;

/**
 * A record that gave no row, and why. {@code date} is the day the row would have gone into, or null
 * when the record could not even be decoded (its day is unknown).
 */
public record Rejection(String source, String date, String reason) implements Serializable {

    public String line() {
        return (date == null ? "undated" : date) + '\t' + source + '\t' + reason.replace('\n', ' ');
    }
}
