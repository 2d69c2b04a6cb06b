package io.memfleet.collector.sample;

import io.memfleet.collector.procfs.ElfBuildId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build ids of executables, each read once: a host runs hundreds of processes of a few dozen
 * executables, and a build id is read from the file, so it is cached by the file's device, inode
 * and modification time (stat of {@code /proc/<pid>/exe} follows the link to the file itself,
 * deleted or not). The time guards against a freed inode reused by another executable. At most
 * {@link #MAX_ENTRIES} executables are kept, least recently used out first. Not thread-safe.
 */
public final class BuildIdCache {

    static final int MAX_ENTRIES = 4096;
    /** Cached for files without a build id, so they are not read again either. */
    private static final String NONE = "";

    private record Key(Object device, Object inode, FileTime modified) {
    }

    private final Map<Key, String> ids = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private long reads;

    /** The build id of the file {@code exe} leads to, or null when it has none or cannot be read. */
    public String buildId(Path exe) {
        Key key;
        try {
            Map<String, Object> stat = Files.readAttributes(exe, "unix:dev,ino,lastModifiedTime");
            key = new Key(stat.get("dev"), stat.get("ino"), (FileTime) stat.get("lastModifiedTime"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        String id = ids.get(key);
        if (id == null) {
            reads++;
            try {
                id = ElfBuildId.ofFile(exe);
            } catch (IOException e) {
                return null; // not cached: the process may have gone between stat and open
            }
            ids.put(key, id == null ? NONE : id);
        }
        return id == null || id.isEmpty() ? null : id;
    }

    /** Executables read so far (tests). */
    long reads() {
        return reads;
    }
}
