package io.confab.transcription.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.transcription.TestSpeech;
import io.confab.transcription.TranscriptionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Finding, unpacking and loading the real model; the errors a wrong or damaged model gives. */
class SpeechModelTest {

    @TempDir
    Path dir;

    @Test
    void theArtifactsModelIsFoundUnpackedAndLoadedOncePerProcess() {
        TranscriptionConfig config = TranscriptionConfig.defaults().withCacheDirectory(TestSpeech.cache());
        SpeechModel model = SpeechModel.obtain(config);

        assertEquals(TestSpeech.cache().resolve(ModelArtifact.ofThisBuild().version()).resolve("assets/model-en-us"), model.folder());
        assertTrue(Files.isRegularFile(model.folder().getParent().getParent().resolve(ModelCache.MARKER)));
        assertSame(model, SpeechModel.obtain(config), "a second start in the same process reuses the loaded model");
        assertSame(model, SpeechModel.obtain(config.withModelPath(model.folder())), "the same folder given by path is the same model");
    }

    @Test
    void theArtifactIsFoundOnTheClassPath() {
        Path archive = ModelArtifact.ofThisBuild().locate();
        assertEquals("vosk-model-en-" + ModelArtifact.ofThisBuild().version() + ".aar", archive.getFileName().toString());
    }

    @Test
    void aMissingModelFolderIsOneClearError() {
        Path missing = dir.resolve("no-such-model");
        ModelUnavailable error = assertThrows(ModelUnavailable.class,
                () -> SpeechModel.obtain(TranscriptionConfig.defaults().withModelPath(missing)));
        assertEquals("speech model folder " + missing + " does not exist; give -Dconfab.vosk.model the folder of an unpacked"
                + " Vosk model (the one holding am/, conf/ and graph/), or drop it to use the built-in small English model",
                error.getMessage());
    }

    @Test
    void aFolderThatIsNotAModelNamesWhatIsMissing() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("half/conf"));
        Files.writeString(folder.resolve("model.conf"), "--min-active=200");
        ModelUnavailable error = assertThrows(ModelUnavailable.class,
                () -> SpeechModel.obtain(TranscriptionConfig.defaults().withModelPath(dir.resolve("half"))));
        assertTrue(error.getMessage().startsWith("speech model folder " + dir.resolve("half") + " is not a Vosk model (missing or empty:"
                + " am/final.mdl, conf/mfcc.conf, graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst))"), error.getMessage());
    }

    @Test
    void aModelWithDamagedFilesIsOneClearErrorFromVosk() throws IOException {
        Path good = SpeechModel.obtain(TranscriptionConfig.defaults().withCacheDirectory(TestSpeech.cache())).folder();
        Path corrupt = dir.resolve("corrupt");
        try (Stream<Path> files = Files.walk(good)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = corrupt.resolve(good.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.createSymbolicLink(copy, file);
            }
        }
        Files.delete(corrupt.resolve("am/final.mdl"));
        Files.write(corrupt.resolve("am/final.mdl"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});

        ModelUnavailable error = assertThrows(ModelUnavailable.class,
                () -> SpeechModel.obtain(TranscriptionConfig.defaults().withModelPath(corrupt)));
        assertTrue(error.getMessage().startsWith("Vosk could not load the speech model in " + corrupt + " (its files are damaged"),
                error.getMessage());
        assertTrue(error.getMessage().contains("-Dconfab.vosk.model"), "says what to do: " + error.getMessage());
    }

    @Test
    void badConfigurationNamesTheKey() {
        IllegalArgumentException recognizers = assertThrows(IllegalArgumentException.class,
                () -> TranscriptionConfig.from(Map.of(TranscriptionConfig.RECOGNIZERS_KEY, "many")));
        assertEquals("confab.transcription.recognizers: 'many' is not a whole number", recognizers.getMessage());
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class,
                () -> TranscriptionConfig.from(Map.of(TranscriptionConfig.VOSK_LOG_KEY, "loud")));
        assertEquals("confab.vosk.log: 'loud' is not one of off, errors, warnings, info, debug", log.getMessage());
        assertEquals(Path.of("/models/big"), TranscriptionConfig.from(Map.of("confab.vosk.model", "/models/big")).modelPath().orElseThrow());
    }
}
