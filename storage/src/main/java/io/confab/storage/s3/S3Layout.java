package io.confab.storage.s3;

import io.confab.storage.warehouse.WarehouseTable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;

/**
 * Where every object goes in the bucket (DESIGN.md, "Data contracts"):
 * <pre>
 * recordings/{account}/{meeting}/{recording}/{file}      files of one cloud recording
 * warehouse/{table}/date=YYYY-MM-DD/{file}.parquet       Hive-style date partitions, read by DuckDB
 * billing/{yyyy-mm}/{file}                               monthly billing reports
 * </pre>
 * Recordings are grouped by account first so that one account's data can be listed, exported or
 * deleted with one prefix. Ids become key segments, so each is checked: a '/' would move the
 * object into another account's or meeting's prefix, and '.' or '..' are resolved away by some S3
 * clients and file-system backed servers (S3Proxy's filesystem backend among them).
 */
public final class S3Layout {

    /** The bucket the embedded platform creates and every component uses unless configured otherwise. */
    public static final String DEFAULT_BUCKET = "confab";

    public static final String RECORDINGS = "recordings/";
    public static final String WAREHOUSE = "warehouse/";
    public static final String BILLING = "billing/";

    /** S3's limit on a key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");
    private static final String PARQUET = ".parquet";

    private S3Layout() {
    }

    /** {@code recordings/{account}/{meeting}/{recording}/}: every file of one recording. */
    public static String recordingPrefix(String accountId, String meetingId, String recordingId) {
        return RECORDINGS + segment("account id", accountId) + '/' + segment("meeting id", meetingId) + '/'
                + segment("recording id", recordingId) + '/';
    }

    /** {@code recordings/{account}/{meeting}/{recording}/{file}}, e.g. {@code .../recording.mp4}. */
    public static String recording(String accountId, String meetingId, String recordingId, String fileName) {
        return checked(recordingPrefix(accountId, meetingId, recordingId) + segment("file name", fileName));
    }

    /** {@code warehouse/{table}/}: every partition of one table, the path DuckDB globs. */
    public static String warehouseTablePrefix(WarehouseTable table) {
        return WAREHOUSE + table.tableName() + '/';
    }

    /** {@code warehouse/{table}/date=YYYY-MM-DD/}: one day's partition. */
    public static String warehousePartitionPrefix(WarehouseTable table, LocalDate date) {
        return warehouseTablePrefix(table) + table.partitionColumn() + '=' + DateTimeFormatter.ISO_LOCAL_DATE.format(date) + '/';
    }

    /**
     * {@code warehouse/{table}/date=YYYY-MM-DD/{file}.parquet}. {@code fileStem} is the name without
     * the extension (e.g. a writer's run id and part number), since every warehouse file is Parquet.
     */
    public static String warehouseFile(WarehouseTable table, LocalDate date, String fileStem) {
        String stem = segment("warehouse file name", fileStem);
        if (stem.endsWith(PARQUET)) {
            throw new IllegalArgumentException("warehouse file name must be given without " + PARQUET + ": \"" + fileStem + "\"");
        }
        return checked(warehousePartitionPrefix(table, date) + stem + PARQUET);
    }

    /** {@code billing/{yyyy-mm}/}: one month's reports. */
    public static String billingPrefix(YearMonth month) {
        return BILLING + MONTH.format(month) + '/';
    }

    /** {@code billing/{yyyy-mm}/{file}}, e.g. {@code billing/2025-03/acct-7f3a.csv}. */
    public static String billingFile(YearMonth month, String fileName) {
        return checked(billingPrefix(month) + segment("billing file name", fileName));
    }

    /** {@code value} if it can be one segment of a key; otherwise an error naming what and why. */
    static String segment(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (value.equals(".") || value.equals("..") || value.contains("..")) {
            throw new IllegalArgumentException(what + " must not contain '..' or be '.': \"" + value + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException(what + " must not contain '" + c + "': \"" + value + "\"");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not contain control characters: \"" + value.strip() + "\"");
            }
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(what + " must not start or end with white space: \"" + value + "\"");
        }
        return value;
    }

    private static String checked(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("S3 key is " + bytes + " bytes, over S3's limit of " + MAX_KEY_BYTES + ": " + key);
        }
        return key;
    }
}
