package io.memfleet.collector.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Finds the GNU build id of an ELF file: the {@code NT_GNU_BUILD_ID} (type 3) note named
 * {@code "GNU"}, the linker's hash of the executable's contents, which names one build of a
 * program on every host it runs on. Notes are looked for in the {@code PT_NOTE} segments (what the
 * loader keeps, so a stripped binary has them too), then, if there are none, in the
 * {@code SHT_NOTE} sections. 32- and 64-bit, either byte order.
 *
 * <p>The file is untrusted (any user can run anything), so every count and size is checked before
 * it is used, and at most {@link #MAX_BYTES_READ} bytes are read however the headers lie. A file that
 * is not ELF, is cut short or has no such note has no build id: null, never an exception.
 */
public final class ElfBuildId {

    /** Positional reads of the file: what the parser needs, and easy to give from bytes in tests. */
    public interface Source {
        /** Reads up to {@code length} bytes at {@code position}; fewer at end of file. */
        ByteBuffer read(long position, int length) throws IOException;
    }

    static final int MAX_BYTES_READ = 256 * 1024;
    private static final int MAX_HEADERS = 512;
    private static final int MAX_NOTE_AREA = 64 * 1024;
    private static final int MAX_ID_BYTES = 64;
    private static final int PT_NOTE = 4;
    private static final int SHT_NOTE = 7;
    private static final int NT_GNU_BUILD_ID = 3;

    private ElfBuildId() {
    }

    /** The build id in lower-case hex, or null. */
    public static String find(Source file) throws IOException {
        return new Search(file).run();
    }

    /** The build id of a file ({@code /proc/<pid>/exe} reads the running executable, deleted or not). */
    public static String ofFile(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return find((position, length) -> {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                    // a file may give fewer bytes than asked for per read
                }
                return buffer.flip();
            });
        }
    }

    /** A source over bytes in memory. */
    public static Source of(byte[] bytes) {
        return (position, length) -> {
            if (position >= bytes.length) {
                return ByteBuffer.allocate(0);
            }
            int from = (int) position;
            return ByteBuffer.wrap(bytes, from, Math.min(length, bytes.length - from)).slice();
        };
    }

    /** One search, with its own read budget. */
    private static final class Search {
        private final Source file;
        private int budget = MAX_BYTES_READ;
        private boolean is64;
        private ByteOrder order;

        Search(Source file) {
            this.file = file;
        }

        String run() throws IOException {
            ByteBuffer ident = read(0, 64);
            if (ident == null || ident.remaining() < 52 || ident.get(0) != 0x7f || ident.get(1) != 'E'
                    || ident.get(2) != 'L' || ident.get(3) != 'F') {
                return null; // not ELF, or shorter than the smallest (32-bit) ELF header
            }
            byte elfClass = ident.get(4);
            byte data = ident.get(5);
            if ((elfClass != 1 && elfClass != 2) || (data != 1 && data != 2)) {
                return null;
            }
            is64 = elfClass == 2;
            order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            ByteBuffer header = ident.order(order);
            if (is64 && header.remaining() < 64) {
                return null;
            }
            String id = inSegments(header);
            return id != null ? id : inSections(header);
        }

        private String inSegments(ByteBuffer header) throws IOException {
            long offset = word(header, 0x20, 0x1C);
            int entrySize = Short.toUnsignedInt(header.getShort(is64 ? 0x36 : 0x2A));
            int count = Short.toUnsignedInt(header.getShort(is64 ? 0x38 : 0x2C));
            ByteBuffer table = table(offset, entrySize, count, is64 ? 56 : 32);
            for (int i = 0; table != null && i < count; i++) {
                int at = i * entrySize;
                if (table.getInt(at) != PT_NOTE) {
                    continue;
                }
                long fileOffset = word(table, at + 8, at + 4);
                long size = word(table, at + 0x20, at + 16);
                long align = word(table, at + 0x30, at + 28);
                String id = inNotes(fileOffset, size, align);
                if (id != null) {
                    return id;
                }
            }
            return null;
        }

        private String inSections(ByteBuffer header) throws IOException {
            long offset = word(header, 0x28, 0x20);
            int entrySize = Short.toUnsignedInt(header.getShort(is64 ? 0x3A : 0x2E));
            int count = Short.toUnsignedInt(header.getShort(is64 ? 0x3C : 0x30));
            ByteBuffer table = table(offset, entrySize, count, is64 ? 64 : 40);
            for (int i = 0; table != null && i < count; i++) {
                int at = i * entrySize;
                if (table.getInt(at + 4) != SHT_NOTE) {
                    continue;
                }
                long fileOffset = word(table, at + 0x18, at + 16);
                long size = word(table, at + 0x20, at + 20);
                long align = word(table, at + 0x30, at + 32);
                String id = inNotes(fileOffset, size, align);
                if (id != null) {
                    return id;
                }
            }
            return null;
        }

        /** An address-sized field: 8 bytes at {@code at64} in ELF64, 4 unsigned at {@code at32} in ELF32. */
        private long word(ByteBuffer buffer, int at64, int at32) {
            return is64 ? buffer.getLong(at64) : Integer.toUnsignedLong(buffer.getInt(at32));
        }

        /** A header table, or null when it is absent, too big or cut short. */
        private ByteBuffer table(long offset, int entrySize, int count, int minEntrySize) throws IOException {
            if (offset <= 0 || count == 0 || count > MAX_HEADERS || entrySize < minEntrySize) {
                return null;
            }
            ByteBuffer table = read(offset, entrySize * count);
            return table == null || table.remaining() < entrySize * count ? null : table;
        }

        /** Walks the notes {@code namesz, descsz, type, name, desc} of one note area. */
        private String inNotes(long offset, long size, long align) throws IOException {
            if (offset < 0 || size < 12 || size > MAX_NOTE_AREA) {
                return null;
            }
            ByteBuffer notes = read(offset, (int) size);
            if (notes == null) {
                return null;
            }
            // Notes are 4-byte aligned, except in areas the linker aligned to 8 (.note.gnu.property).
            int padding = align == 8 ? 8 : 4;
            int at = 0;
            int end = notes.remaining();
            while (end - at >= 12) {
                long nameSize = Integer.toUnsignedLong(notes.getInt(at));
                long descSize = Integer.toUnsignedLong(notes.getInt(at + 4));
                int type = notes.getInt(at + 8);
                long nameAt = at + 12L;
                long descAt = nameAt + pad(nameSize, padding);
                long next = descAt + pad(descSize, padding);
                if (descAt + descSize > end) {
                    return null; // a note that claims more than its area: the rest cannot be trusted
                }
                if (type == NT_GNU_BUILD_ID && nameSize == 4 && isGnu(notes, (int) nameAt)
                        && descSize > 0 && descSize <= MAX_ID_BYTES) {
                    byte[] id = new byte[(int) descSize];
                    notes.get((int) descAt, id);
                    return HexFormat.of().formatHex(id);
                }
                at = (int) Math.min(next, end);
            }
            return null;
        }

        private static boolean isGnu(ByteBuffer notes, int at) {
            return notes.get(at) == 'G' && notes.get(at + 1) == 'N' && notes.get(at + 2) == 'U' && notes.get(at + 3) == 0;
        }

        private static long pad(long size, int padding) {
            return (size + padding - 1) / padding * padding;
        }

        /** Bytes at a position, in the file's byte order; null once the read budget is spent. */
        private ByteBuffer read(long position, int length) throws IOException {
            if (length > budget) {
                return null;
            }
            budget -= length;
            return file.read(position, length).slice().order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
        }
    }
}
