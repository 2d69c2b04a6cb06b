package io.memfleet.aggregator.detect.exec;

import io.memfleet.schema.AnomalyType;

/** The rules of {@link ExecMappingDetector}: each names the anomaly type it raises and what it means. */
public enum Rule {
    FILELESS_MEMFD(AnomalyType.FILELESS_EXEC, "executable mapping backed by a memfd, a file that exists only in memory",
            "executable memfd mapping"),
    FILELESS_SYSV(AnomalyType.FILELESS_EXEC, "executable mapping of System V shared memory",
            "executable System V shared memory"),
    FILELESS_DELETED(AnomalyType.FILELESS_EXEC, "executable mapping of a file deleted after it was mapped",
            "executable mapping of a deleted file"),
    WX_HEAP_STACK(AnomalyType.WX_MAPPING, "executable [heap] or [stack]", "executable heap or stack"),
    WX_ANONYMOUS(AnomalyType.WX_MAPPING, "anonymous memory writable and executable, no JIT runtime to explain it",
            "writable and executable anonymous memory"),
    WX_FILE(AnomalyType.WX_MAPPING, "file mapping writable and executable", "writable and executable file mapping"),
    WX_CODE_MADE_WRITABLE(AnomalyType.WX_MAPPING, "executable file mapping made writable in place",
            "code mapping made writable"),
    NEW_ANONYMOUS(AnomalyType.NEW_EXEC_MAPPING,
            "anonymous executable memory not there during learning, no JIT runtime to explain it",
            "new anonymous executable memory"),
    NEW_SUSPICIOUS_DIR(AnomalyType.NEW_EXEC_MAPPING,
            "executable file from a temporary, per-user or hidden directory, not mapped during learning",
            "newly loaded executable file"),
    NEW_LIBRARY(AnomalyType.NEW_EXEC_MAPPING, "executable file not mapped during learning",
            "newly loaded executable file");

    private final AnomalyType type;
    private final String meaning;
    private final String noun;

    Rule(AnomalyType type, String meaning, String noun) {
        this.type = type;
        this.meaning = meaning;
        this.noun = noun;
    }

    /** What the offending mapping is, for a summary: "executable memfd mapping". */
    String noun() {
        return noun;
    }

    public AnomalyType type() {
        return type;
    }

    /** Lower-case, dotted: {@code fileless.memfd}, {@code wx.code-made-writable}. */
    public String id() {
        String name = name().toLowerCase(java.util.Locale.ROOT);
        int split = name.indexOf('_');
        return name.substring(0, split) + "." + name.substring(split + 1).replace('_', '-');
    }

    /** The evidence line naming the rule: {@code fileless.memfd: executable mapping backed by ...}. */
    public String describe() {
        return id() + ": " + meaning;
    }
}
