package io.confab.storage.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of one record schema, so that bytes written by any producer since v1 can
 * still be read into today's classes.
 *
 * <p>Versions live on the class path as {@code io/confab/storage/schemas/<Name>.v<N>.avsc}, each a
 * standalone schema, numbered from 1 without gaps. The current schema (the generated class's) is
 * always findable too, so new bytes decode before anyone archives them; the compatibility test
 * makes sure the current schema is archived as the newest version before it ships.
 *
 * <p>Versions are found by their CRC-64-AVRO fingerprint of the parsing canonical form, the
 * fingerprint the Avro single-object encoding puts in its header.
 */
public final class SchemaArchive implements SchemaStore {

    /** Class-path folder of the archived schema versions. */
    public static final String RESOURCE_FOLDER = "io/confab/storage/schemas/";

    /** One archived version of the schema. */
    public record Version(int number, Schema schema, long fingerprint) {
    }

    private final Schema current;
    private final List<Version> versions;
    private final Map<Long, Schema> byFingerprint;

    private SchemaArchive(Schema current, List<Version> versions) {
        this.current = current;
        this.versions = List.copyOf(versions);
        Map<Long, Schema> known = new LinkedHashMap<>();
        for (Version version : versions) {
            known.put(version.fingerprint(), version.schema());
        }
        known.putIfAbsent(fingerprint(current), current);
        this.byFingerprint = Collections.unmodifiableMap(known);
    }

    /** The archive of {@code current}'s record, read from the class path. */
    public static SchemaArchive load(Schema current) {
        return load(current, SchemaArchive.class.getClassLoader());
    }

    static SchemaArchive load(Schema current, ClassLoader loader) {
        List<Schema> history = new ArrayList<>();
        for (int number = 1; ; number++) {
            String resource = resourceName(current.getName(), number);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                history.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read archived schema " + resource, e);
            }
        }
        return of(current, history);
    }

    /** An archive with the given history, oldest first; for tools and tests that build versions. */
    public static SchemaArchive of(Schema current, List<Schema> history) {
        List<Version> versions = new ArrayList<>();
        for (Schema schema : history) {
            if (!schema.getFullName().equals(current.getFullName())) {
                throw new IllegalArgumentException("archived schema " + schema.getFullName()
                        + " does not belong to " + current.getFullName());
            }
            versions.add(new Version(versions.size() + 1, schema, fingerprint(schema)));
        }
        return new SchemaArchive(current, versions);
    }

    /** Class-path name of version {@code number} of the record called {@code recordName}. */
    public static String resourceName(String recordName, int number) {
        return RESOURCE_FOLDER + recordName + ".v" + number + ".avsc";
    }

    /** The fingerprint the single-object encoding uses for {@code schema}. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public Schema current() {
        return current;
    }

    /** Archived versions, oldest (v1) first. */
    public List<Version> versions() {
        return versions;
    }

    public Optional<Version> newest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The writer schema with this fingerprint, or null when no known version has it. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** "v1, v2" or "none", for messages. */
    String describeVersions() {
        if (versions.isEmpty()) {
            return "none archived";
        }
        List<String> names = new ArrayList<>();
        versions.forEach(version -> names.add("v" + version.number()));
        return String.join(", ", names);
    }
}
