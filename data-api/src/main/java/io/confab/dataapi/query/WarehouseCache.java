package io.confab.dataapi.query;

import io.confab.storage.s3.S3Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A local copy of the bucket's {@code warehouse/} prefix, because DuckDB reads local files here
 * (its httpfs extension is not built in and cannot be downloaded). Each object is kept at its key
 * under the cache directory and remembered by key with its ETag and size: a listing before every
 * query fetches what is new or changed and deletes what is gone, so a query never reads a stale
 * partition and an unchanged warehouse costs one LIST.
 */
public final class WarehouseCache implements WarehouseFiles {

    private record Version(String etag, long size) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Path root;
    private final Map<String, Version> held = new HashMap<>();

    public WarehouseCache(S3Client s3, String bucket, Path root) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            clearLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the warehouse cache directory " + root, e);
        }
    }

    @Override
    public Path root() {
        return root;
    }

    /** Brings the cache level with the bucket. One sync at a time. */
    @Override
    public synchronized Sync sync() {
        Set<String> listed = new HashSet<>();
        int files = 0;
        long bytes = 0;
        int fetched = 0;
        long fetchedBytes = 0;
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(S3Layout.WAREHOUSE).build();
        for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
            if (!object.key().endsWith(".parquet") || object.key().contains("..")) {
                continue;
            }
            listed.add(object.key());
            files++;
            bytes += object.size();
            Version version = new Version(object.eTag(), object.size());
            Path local = root.resolve(object.key()).normalize();
            if (!local.startsWith(root)) {
                continue;
            }
            if (version.equals(held.get(object.key())) && Files.exists(local)) {
                continue;
            }
            fetch(object.key(), local);
            held.put(object.key(), version);
            fetched++;
            fetchedBytes += object.size();
        }
        int removed = 0;
        for (String key : Set.copyOf(held.keySet())) {
            if (!listed.contains(key)) {
                held.remove(key);
                try {
                    Files.deleteIfExists(root.resolve(key));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + key + " from the warehouse cache", e);
                }
                removed++;
            }
        }
        return new Sync(files, bytes, fetched, fetchedBytes, removed);
    }

    /** Fetched beside its place and moved in, so a reader never sees half a file. */
    private void fetch(String key, Path local) {
        try {
            Files.createDirectories(local.getParent());
            Path partial = local.resolveSibling(local.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), partial);
            Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + key + " into the warehouse cache", e);
        }
    }

    /** Files from before this process are of unknown version: start empty rather than trust them. */
    private void clearLeftovers() throws IOException {
        Path warehouse = warehouseDir();
        if (!Files.exists(warehouse)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(warehouse)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
