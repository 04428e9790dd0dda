package io.confab.batch.billing.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Billing files under a local directory, laid out as in S3 ({@code billing/YYYY-MM/file}): for tests and benchmarks. */
public final class DirectoryBillingStore implements BillingStore {

    private final String root;

    public DirectoryBillingStore(Path root) {
        this.root = root.toAbsolutePath().toString();
    }

    private Path dir(YearMonth month) {
        return Path.of(root, "billing", month.toString());
    }

    @Override
    public void put(YearMonth month, String fileName, String content, String contentType) {
        try {
            Files.createDirectories(dir(month));
            Files.writeString(dir(month).resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> get(YearMonth month, String fileName) {
        Path file = dir(month).resolve(fileName);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(YearMonth month) {
        if (!Files.isDirectory(dir(month))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir(month))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void clear(YearMonth month) {
        for (String file : list(month)) {
            try {
                Files.delete(dir(month).resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
