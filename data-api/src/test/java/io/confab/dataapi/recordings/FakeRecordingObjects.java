package io.confab.dataapi.recordings;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** A bucket of keys in memory; links are recognisable fake URLs (unit tests only). */
final class FakeRecordingObjects implements RecordingObjects {

    final Set<String> keys = new HashSet<>();

    @Override
    public String bucket() {
        return "confab";
    }

    @Override
    public URL presignGet(String bucket, String key, Duration ttl) {
        try {
            return new URL("http://s3.test/" + bucket + "/" + key + "?X-Amz-Expires=" + ttl.toSeconds());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void delete(String bucket, String key) {
        keys.remove(bucket + "/" + key);
    }

    @Override
    public int deletePrefix(String bucket, String prefix) {
        int before = keys.size();
        keys.removeIf(k -> k.startsWith(bucket + "/" + prefix));
        return before - keys.size();
    }
}
