package io.confab.transcription.model;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The Maven artifact that carries the small English model ({@code com.alphacephei:vosk-model-en},
 * an Android AAR whose {@code assets/model-en-us} folder is the model), and where to find its file
 * at run time: on the class path (the module depends on it, so Maven puts it there for tests, the
 * CLI and a job jar's class path), else in the local Maven repository. Nothing is downloaded at run
 * time.
 *
 * @param version the artifact version this build depends on (from the root pom)
 * @param folder  the model's folder inside the archive
 */
public record ModelArtifact(String group, String artifact, String version, String folder) {

    /** The artifact this build was made with (model.properties, filled in by Maven). */
    public static ModelArtifact ofThisBuild() {
        Properties properties = new Properties();
        try (InputStream in = ModelArtifact.class.getResourceAsStream("model.properties")) {
            if (in == null) {
                throw new IllegalStateException("model.properties is missing from the transcription jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelArtifact(properties.getProperty("group"), properties.getProperty("artifact"),
                properties.getProperty("version"), properties.getProperty("folder"));
    }

    public String fileName() {
        return artifact + "-" + version + ".aar";
    }

    public String coordinates() {
        return group + ":" + artifact + ":" + version + ":aar";
    }

    /** The archive's file, or a {@link ModelUnavailable} naming every place looked. */
    public Path locate() {
        List<Path> looked = new ArrayList<>();
        Optional<Path> found = onClassPath(looked).or(() -> inLocalRepository(looked));
        return found.orElseThrow(() -> new ModelUnavailable("speech model " + coordinates() + " not found (looked in "
                + String.join(", ", looked.stream().map(Path::toString).toList())
                + "); build with Maven so it is fetched, or give a model folder with -Dconfab.vosk.model=/path"));
    }

    private Optional<Path> onClassPath(List<Path> looked) {
        URL marker = ModelArtifact.class.getClassLoader().getResource(folder + "/conf/model.conf");
        if (marker != null && "jar".equals(marker.getProtocol())) {
            try {
                JarURLConnection connection = (JarURLConnection) marker.openConnection();
                Path archive = Path.of(connection.getJarFileURL().toURI());
                if (Files.isRegularFile(archive)) {
                    return Optional.of(archive);
                }
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                // Not a local file (a nested jar, say): fall back to the class path entries and the repository.
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(File.separator + fileName()) || entry.equals(fileName())) {
                Path path = Path.of(entry);
                looked.add(path);
                if (Files.isRegularFile(path)) {
                    return Optional.of(path);
                }
            }
        }
        looked.add(Path.of("the class path"));
        return Optional.empty();
    }

    private Optional<Path> inLocalRepository(List<Path> looked) {
        String configured = System.getProperty("maven.repo.local");
        Path repository = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path file = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(fileName());
        looked.add(file);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
