package io.confab.storage.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.confab.storage.events.MeetingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard against breaking a data contract: every schema file in src/main/avro must read
 * data written with every archived version of itself, and must itself be archived before it ships.
 */
class SchemaCompatibilityTest {

    private static final Path SCHEMA_FILES = Path.of("src/main/avro");
    /** Shared types are parsed first, as the avro-maven-plugin's imports do. */
    private static final List<String> FOLDERS_IN_PARSE_ORDER = List.of("common", "events", "warehouse");
    private static final Path CANDIDATES = Path.of("target/schema-archive-candidates");

    static Stream<Schema> schemaFiles() {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> schemas = new ArrayList<>();
        for (String folder : FOLDERS_IN_PARSE_ORDER) {
            try (Stream<Path> files = Files.list(SCHEMA_FILES.resolve(folder))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".avsc")).sorted().toList()) {
                    schemas.add(parser.parse(file.toFile()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas.stream();
    }

    @Test
    void everySchemaFolderIsParsed() throws IOException {
        try (Stream<Path> folders = Files.list(SCHEMA_FILES)) {
            assertEquals(FOLDERS_IN_PARSE_ORDER.stream().sorted().toList(),
                    folders.map(path -> path.getFileName().toString()).sorted().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void schemaReadsEveryArchivedVersion(Schema current) {
        SchemaArchive archive = SchemaArchive.load(current);
        assertFalse(archive.versions().isEmpty(), "no " + SchemaArchive.resourceName(current.getName(), 1) + " on the class path");

        for (SchemaArchive.Version version : archive.versions()) {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, version.schema());
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), () -> current.getName()
                    + " can no longer read data written with v" + version.number() + ": "
                    + result.getResult().getIncompatibilities().stream()
                    .map(problem -> problem.getType() + " at " + problem.getLocation() + " (" + problem.getMessage() + ")")
                    .toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void currentSchemaIsArchivedAsItsNewestVersion(Schema current) throws IOException {
        SchemaArchive archive = SchemaArchive.load(current);
        SchemaArchive.Version newest = archive.newest().orElseThrow();
        if (newest.fingerprint() == SchemaArchive.fingerprint(current)) {
            return;
        }
        String next = SchemaArchive.resourceName(current.getName(), newest.number() + 1);
        Path candidate = CANDIDATES.resolve(next.substring(next.lastIndexOf('/') + 1));
        Files.createDirectories(CANDIDATES);
        Files.writeString(candidate, current.toString(true) + "\n");
        fail(current.getName() + " changed since v" + newest.number() + " and is not archived: copy " + candidate
                + " to src/main/resources/" + next + (current.getName().equals("MeetingEvent")
                ? " and raise the schemaVersion default to " + (newest.number() + 1) : ""));
    }

    @Test
    void schemaVersionDefaultIsTheNewestArchivedVersion() {
        int newest = Codecs.MEETING_EVENTS.archive().newest().orElseThrow().number();

        assertEquals(newest, MeetingEvent.getClassSchema().getField("schemaVersion").defaultVal());
    }

    @Test
    void everyCodecShipsWithItsSchemaArchivedAsV1() {
        for (EventCodec<?> codec : Codecs.ALL) {
            SchemaArchive.Version v1 = codec.archive().versions().get(0);
            assertEquals(1, v1.number());
            assertEquals(v1.schema(), codec.archive().findByFingerprint(v1.fingerprint()), codec.toString());
        }
    }
}
