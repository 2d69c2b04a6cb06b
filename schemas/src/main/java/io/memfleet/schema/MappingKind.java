package io.memfleet.schema;

/**
 * What backs a mapping, derived from the path column of {@code /proc/<pid>/maps}.
 *
 * <p>The kernel names special regions in square brackets and leaves the path empty for plain
 * anonymous memory; everything that starts with a slash is a file, including {@code /memfd:}
 * objects and System V shared memory, which get kinds of their own because detectors care about
 * them (fileless execution, shared segments).
 */
public enum MappingKind {
    /** A regular file, deleted or not (a deleted one keeps its path with a {@code " (deleted)"} suffix). */
    FILE,
    /** The program break heap, {@code [heap]}. */
    HEAP,
    /** The main thread's stack, {@code [stack]}, or {@code [stack:tid]} on kernels before 4.5. */
    STACK,
    /** The virtual dynamic shared object, {@code [vdso]}. */
    VDSO,
    /** The vDSO's data pages, {@code [vvar]} or {@code [vvar_vclock]}. */
    VVAR,
    /** The legacy fixed-address system call page, {@code [vsyscall]}, above {@code Long.MAX_VALUE}. */
    VSYSCALL,
    /** Anonymous memory with no name: the path column is empty. */
    ANON,
    /** Anonymous memory named with {@code prctl(PR_SET_VMA_ANON_NAME)}: {@code [anon:name]} or {@code [anon_shmem:name]}. */
    ANON_NAMED,
    /** A {@code memfd_create} object: {@code /memfd:name (deleted)}. */
    MEMFD,
    /** A System V shared memory segment: {@code /SYSV<key> (deleted)}. */
    SYSV_SHM,
    /** Any other bracketed name the kernel may add ({@code [uprobes]}, ...). */
    OTHER;

    /** Classifies a mapping by its path exactly as the kernel wrote it (empty for anonymous memory). */
    public static MappingKind of(String path) {
        if (path.isEmpty()) {
            return ANON;
        }
        if (path.charAt(0) == '/') {
            if (path.startsWith("/memfd:")) {
                return MEMFD;
            }
            if (path.startsWith("/SYSV")) {
                return SYSV_SHM;
            }
            return FILE;
        }
        switch (path) {
            case "[heap]":
                return HEAP;
            case "[stack]":
                return STACK;
            case "[vdso]":
                return VDSO;
            case "[vvar]":
            case "[vvar_vclock]":
                return VVAR;
            case "[vsyscall]":
                return VSYSCALL;
            default:
                break;
        }
        if (path.startsWith("[stack:")) {
            return STACK;
        }
        if (path.startsWith("[anon:") || path.startsWith("[anon_shmem:")) {
            return ANON_NAMED;
        }
        return OTHER;
    }
}
