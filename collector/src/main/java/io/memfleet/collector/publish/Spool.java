package io.memfleet.collector.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, ordered, on-disk queue of serialized records: every record the collector publishes is
 * appended here first and removed only once Kafka acknowledged it, so a broker outage or a
 * collector restart loses nothing until the cap is reached; then the oldest records are dropped
 * and counted.
 *
 * <p>Layout: segment files {@code <id>.seg} of frames {@code [int length][int crc32c][payload]},
 * payload = {@code [short keyLength][key][byte typeLength][content type][value]}; {@code head}
 * holds the position of the first unacknowledged frame. Writes go to the page cache without
 * fsync: a host crash may lose the last moments, a collector crash loses nothing. A torn frame at
 * the tail (the collector died mid-write) is cut off when the spool is opened. Thread-safe.
 *
 * <p>A full file system (or quota, or an I/O error) is a spool full too: a write that fails is cut
 * off, then the spool makes room by its own rule — delivered records first, then the oldest
 * undelivered segment, counted in {@link #evictedForSpace()} — and tries again; if nothing can be
 * freed, {@link #append} returns false and the caller decides what becomes of the record. Segments
 * are at most a sixteenth of the file system, so that making room never means dropping everything.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int FRAME_HEADER = 8;
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    /** A full spool drops a segment at a time, many a minute in a long outage: one line a minute says so. */
    private static final long DROP_LOG_INTERVAL_MS = 60_000;

    /** Where a frame starts: segment id, then byte offset in it. */
    public record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int bySegment = Long.compare(segment, other.segment);
            return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
        }
    }

    /** One spooled record, and where the next one starts (what to acknowledge once it is delivered). */
    public record Entry(byte[] key, String contentType, byte[] value, Position next) {
    }

    private static final class Segment {
        final long id;
        final Path file;
        long size;

        Segment(long id, Path file, long size) {
            this.id = id;
            this.file = file;
            this.size = size;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel tail;
    private Position head;
    private long totalBytes;
    private long pendingRecords;
    private long droppedRecords;
    private long evictedForSpace;
    private IOException lastWriteFailure;
    private long droppedSinceLogged;
    private long dropLoggedAt;
    private boolean closed;

    /**
     * Opens (or creates) the spool in {@code dir}, keeping what an earlier run left unsent.
     *
     * @param maxBytes the cap on the files' total size; the oldest records go first when it is reached
     */
    public Spool(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        // Bounded by the file system as well as the cap: a spool whose disk is smaller than
        // spool.max.bytes then still has segments to drop when that disk fills.
        long room = Math.min(maxBytes, fileSystemSize(this.dir));
        this.segmentBytes = Math.max(64 * 1024, Math.min(16 * 1024 * 1024, room / 16));
        this.lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            acquired = null;
        }
        if (acquired == null) {
            lockChannel.close();
            throw new IOException("spool directory " + dir + " is in use by another collector");
        }
        this.lock = acquired;
        recover();
    }

    private void recover() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(Long.parseLong(name.substring(0, name.length() - 4)));
            }
        } catch (NumberFormatException e) {
            throw new IOException("unexpected file in spool directory " + dir + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        head = readHead();
        for (long id : ids) {
            if (id < head.segment()) {
                Files.deleteIfExists(segmentFile(id)); // fully delivered before the last shutdown
                continue;
            }
            Path file = segmentFile(id);
            long valid = validLength(file);
            if (valid < Files.size(file)) {
                LOG.warn("Spool segment {} ends in a torn record ({} of {} bytes valid); cutting it off", file, valid,
                        Files.size(file));
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(valid);
                }
            }
            segments.addLast(new Segment(id, file, valid));
            totalBytes += valid;
        }
        if (segments.isEmpty() || head.segment() < segments.peekFirst().id) {
            head = new Position(segments.isEmpty() ? head.segment() : segments.peekFirst().id, 0);
        }
        pendingRecords = countFrom(head);
        if (pendingRecords > 0) {
            LOG.info("Spool {} holds {} records ({} bytes) from an earlier run; they are sent first", dir,
                    pendingRecords, totalBytes);
        }
    }

    /**
     * Appends one record; drops the oldest records if the spool is over its cap afterwards.
     *
     * @return false if the file system refused the write even after the spool made room (disk full,
     *         quota, I/O error): the record is not spooled, {@link #lastWriteFailure()} says why
     */
    public synchronized boolean append(byte[] key, String contentType, byte[] value) {
        ensureOpen();
        byte[] type = contentType.getBytes(StandardCharsets.US_ASCII);
        int payload = 2 + key.length + 1 + type.length + value.length;
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + payload);
        frame.putInt(payload).putInt(0);
        frame.putShort((short) key.length).put(key).put((byte) type.length).put(type).put(value);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), FRAME_HEADER, payload);
        frame.putInt(4, (int) crc.getValue());
        frame.flip();
        while (true) {
            Segment segment = null;
            try {
                segment = segments.peekLast();
                if (segment == null || tail == null || segment.size >= segmentBytes) {
                    segment = roll();
                }
                while (frame.hasRemaining()) {
                    tail.write(frame);
                }
                segment.size += FRAME_HEADER + payload;
                totalBytes += FRAME_HEADER + payload;
                pendingRecords++;
                break;
            } catch (IOException e) {
                lastWriteFailure = e;
                cutOffFailedWrite(segment);
                if (!makeRoom()) {
                    return false;
                }
                frame.rewind();
            }
        }
        enforceCap();
        notifyAll();
        return true;
    }

    /** Why the last write that failed failed (ENOSPC, EDQUOT, EIO); null if none did. */
    public synchronized IOException lastWriteFailure() {
        return lastWriteFailure;
    }

    /**
     * Up to {@code maxRecords} records (and about {@code maxBytes}) from the first unacknowledged
     * one, without removing them; waits up to {@code waitMillis} if there is none.
     */
    public synchronized List<Entry> peek(int maxRecords, long maxBytes, long waitMillis) throws InterruptedException {
        ensureOpen();
        if (pendingRecords == 0 && waitMillis > 0) {
            wait(waitMillis);
        }
        List<Entry> entries = new ArrayList<>();
        if (pendingRecords == 0 || closed) {
            return entries;
        }
        Position at = head;
        long bytes = 0;
        try {
            for (Segment segment : segments) {
                if (segment.id < at.segment()) {
                    continue;
                }
                long offset = segment.id == at.segment() ? at.offset() : 0;
                try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ)) {
                    while (offset < segment.size && entries.size() < maxRecords && bytes < maxBytes) {
                        ByteBuffer header = read(channel, offset, FRAME_HEADER);
                        int length = header.getInt();
                        ByteBuffer payload = read(channel, offset + FRAME_HEADER, length);
                        offset += FRAME_HEADER + length;
                        bytes += length;
                        entries.add(decode(payload, new Position(segment.id, offset)));
                    }
                }
                if (entries.size() >= maxRecords || bytes >= maxBytes) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + dir + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Forgets every record before {@code next}: they were delivered. Removes emptied segments. */
    public synchronized void acknowledge(Position next, int records) {
        if (closed || next.compareTo(head) <= 0) {
            return; // already acknowledged, or dropped by the cap while it was in flight
        }
        head = next;
        pendingRecords = Math.max(0, pendingRecords - records);
        while (segments.size() > 1 && segments.peekFirst().id < head.segment()) {
            deleteOldest();
        }
        Segment first = segments.peekFirst();
        if (first != null && first.id == head.segment() && head.offset() >= first.size && segments.size() > 1) {
            deleteOldest();
            head = new Position(segments.peekFirst().id, 0);
        }
        writeHead();
        notifyAll();
    }

    /** Waits until every record appended so far was acknowledged; false on timeout. */
    public synchronized boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (pendingRecords > 0 && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return pendingRecords == 0;
    }

    public synchronized long pendingRecords() {
        return pendingRecords;
    }

    /** Bytes on disk, including acknowledged records in a segment still being written. */
    public synchronized long bytes() {
        return totalBytes;
    }

    /** Records dropped because the spool reached its cap, since it was opened. */
    public synchronized long droppedRecords() {
        return droppedRecords;
    }

    /** Undelivered records dropped, oldest first, to make room after a write failed (disk full), since it was opened. */
    public synchronized long evictedForSpace() {
        return evictedForSpace;
    }

    public Path dir() {
        return dir;
    }

    private Segment roll() throws IOException {
        if (tail != null) {
            FileChannel previous = tail;
            tail = null; // never left pointing at a closed channel if the new file cannot be made
            previous.close();
        }
        // Always a new file: a segment recovered from an earlier run may end where it was cut off.
        Segment last = segments.peekLast();
        long id = last == null ? head.segment() : last.id + 1;
        Path file = segmentFile(id);
        tail = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        Segment segment = new Segment(id, file, tail.size());
        segments.addLast(segment);
        totalBytes += segment.size;
        return segment;
    }

    /**
     * Takes a write that failed part-way back off the tail, so the next frame starts where the last
     * whole one ended; if that fails too, the next write goes to a new segment.
     */
    private void cutOffFailedWrite(Segment segment) {
        if (tail == null || segment == null) {
            return;
        }
        try {
            tail.truncate(segment.size);
        } catch (IOException e) {
            try {
                tail.close();
            } catch (IOException ignored) {
                // the torn bytes past segment.size are never read, and cut off when the spool is reopened
            }
            tail = null;
        }
    }

    /**
     * Frees one segment after a failed write, by the spool's rule: a delivered one if there is one,
     * else the oldest undelivered one, unless it is the only one (which holds the newest records).
     *
     * @return false if nothing could be freed
     */
    private boolean makeRoom() {
        Segment oldest = segments.peekFirst();
        if (oldest == null) {
            return false;
        }
        if (segments.size() > 1) {
            evictedForSpace += dropOldestSegment();
            return true;
        }
        boolean delivered = head.compareTo(new Position(oldest.id, oldest.size)) >= 0;
        if (!delivered || oldest.size == 0) {
            return false;
        }
        // Everything in the only segment was delivered: drop the file, the next write starts a new one.
        if (tail != null) {
            try {
                tail.close();
            } catch (IOException ignored) {
                // the file is deleted next; nothing of it is needed
            }
            tail = null;
        }
        deleteOldest();
        head = new Position(oldest.id + 1, 0);
        writeHead();
        return true;
    }

    /** Deletes the oldest segment and moves the head past it; returns how many undelivered records it held. */
    private long dropOldestSegment() {
        Segment oldest = segments.peekFirst();
        long lost = oldest.id < head.segment() ? 0
                : countFrom(head.segment() == oldest.id ? head : new Position(oldest.id, 0), oldest.id);
        deleteOldest();
        pendingRecords -= lost;
        if (head.segment() <= oldest.id) {
            head = new Position(segments.peekFirst().id, 0);
            writeHead();
        }
        return lost;
    }

    private void enforceCap() {
        while (totalBytes > maxBytes && segments.size() > 1) {
            long lost = dropOldestSegment();
            droppedRecords += lost;
            droppedSinceLogged += lost;
            long now = System.currentTimeMillis();
            if (dropLoggedAt == 0 || now - dropLoggedAt >= DROP_LOG_INTERVAL_MS) {
                LOG.warn("Spool full (spool.max.bytes={}): dropped {} oldest records; {} dropped since start (this line "
                        + "comes at most once a minute; the heartbeat's recordsDropped counts every one)", maxBytes,
                        droppedSinceLogged, droppedRecords);
                dropLoggedAt = now;
                droppedSinceLogged = 0;
            }
        }
    }

    private void deleteOldest() {
        Segment oldest = segments.removeFirst();
        totalBytes -= oldest.size;
        try {
            Files.deleteIfExists(oldest.file);
        } catch (IOException e) {
            LOG.warn("Cannot delete delivered spool segment {}: {}", oldest.file, e.toString());
        }
    }

    private long countFrom(Position from) {
        long count = 0;
        for (Segment segment : segments) {
            if (segment.id >= from.segment()) {
                count += countFrom(segment.id == from.segment() ? from : new Position(segment.id, 0), segment.id);
            }
        }
        return count;
    }

    /** Frames from {@code from} to the end of segment {@code id}. */
    private long countFrom(Position from, long id) {
        Segment segment = segments.stream().filter(s -> s.id == id).findFirst().orElse(null);
        if (segment == null) {
            return 0;
        }
        long count = 0;
        try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ)) {
            long offset = from.offset();
            while (offset < segment.size) {
                offset += FRAME_HEADER + read(channel, offset, 4).getInt();
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool segment " + segment.file, e);
        }
        return count;
    }

    /** Length of the prefix of {@code file} that holds whole frames with good checksums. */
    private static long validLength(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = 0;
            while (offset + FRAME_HEADER <= size) {
                ByteBuffer header = read(channel, offset, FRAME_HEADER);
                int length = header.getInt();
                int expected = header.getInt();
                if (length <= 0 || length > MAX_FRAME || offset + FRAME_HEADER + length > size) {
                    break;
                }
                ByteBuffer payload = read(channel, offset + FRAME_HEADER, length);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                if ((int) crc.getValue() != expected) {
                    break;
                }
                offset += FRAME_HEADER + length;
            }
            return offset;
        }
    }

    private static long fileSystemSize(Path dir) {
        try {
            long size = Files.getFileStore(dir).getTotalSpace();
            return size > 0 ? size : Long.MAX_VALUE;
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the cap alone sizes the segments
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("spool segment ends inside a record");
            }
        }
        return buffer.flip();
    }

    private static Entry decode(ByteBuffer payload, Position next) {
        byte[] key = new byte[payload.getShort()];
        payload.get(key);
        byte[] type = new byte[payload.get()];
        payload.get(type);
        byte[] value = new byte[payload.remaining()];
        payload.get(value);
        return new Entry(key, new String(type, StandardCharsets.US_ASCII), value, next);
    }

    private Path segmentFile(long id) {
        return dir.resolve(String.format("%016d.seg", id));
    }

    private Position readHead() throws IOException {
        Path file = dir.resolve("head");
        if (!Files.exists(file)) {
            return new Position(0, 0);
        }
        String[] parts = Files.readString(file).trim().split(" ");
        try {
            return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            LOG.warn("Spool head file {} is damaged ({}); resending from the oldest record", file, e.toString());
            return new Position(0, 0);
        }
    }

    private void writeHead() {
        Path file = dir.resolve("head");
        Path temp = dir.resolve("head.tmp");
        try {
            Files.writeString(temp, head.segment() + " " + head.offset() + "\n");
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Only costs duplicates after a restart: the records are resent from the older head.
            LOG.warn("Cannot record spool progress in {}: {}", file, e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    /** Closes the files and releases the directory; what is unsent stays for the next run. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        if (tail != null) {
            tail.force(false);
            tail.close();
        }
        lock.release();
        lockChannel.close();
    }
}
