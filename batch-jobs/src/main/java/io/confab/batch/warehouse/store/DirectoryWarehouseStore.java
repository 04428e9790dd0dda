package io.confab.batch.warehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Keys as paths under a directory (the layout S3Proxy's filesystem backend keeps too). */
public final class DirectoryWarehouseStore implements WarehouseStore {

    private final String root;

    public DirectoryWarehouseStore(Path root) {
        this.root = root.toAbsolutePath().toString();
    }

    public Path root() {
        return Path.of(root);
    }

    @Override
    public void put(String key, Path file) {
        try {
            Path target = Files.createDirectories(root().resolve(key).getParent()).resolve(Path.of(key).getFileName());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void putText(String key, String content) {
        try {
            Files.writeString(Files.createDirectories(root().resolve(key).getParent()).resolve(Path.of(key).getFileName()), content,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path base = root();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).map(file -> base.relativize(file).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(root().resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
