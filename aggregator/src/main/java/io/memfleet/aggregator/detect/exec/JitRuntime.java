package io.memfleet.aggregator.detect.exec;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A runtime that creates executable memory legitimately, recognised by a file it maps.
 *
 * @param name           shown in evidence ("HotSpot")
 * @param library        regex found in the path (without a {@code " (deleted)"} suffix) of any file
 *                       mapping that means the runtime is loaded; a named group {@code home} marks the
 *                       runtime's installation: executable files under it are the runtime's own
 *                       libraries, loaded lazily, and never "new"
 * @param anonymousPerms regex matched against the four permission characters of anonymous executable
 *                       memory the runtime makes: {@code ..x.} for whole-program JITs whose code cache
 *                       may be {@code rwx} or {@code r-x}, {@code rwx.} for libraries (PCRE2, libffi)
 *                       that only ever allocate {@code rwx} chunks
 * @param codeFiles      regex matched against the whole path of files the runtime executes code from
 *                       as part of its normal work (.NET's {@code /memfd:doublemapper (deleted)}, JNI
 *                       libraries a JVM extracted to a temporary directory and deleted); empty for none.
 *                       Such mappings are treated like the runtime's anonymous code cache
 * @param wxFiles        regex found in paths of the runtime's files that it maps writable and
 *                       executable (HotSpot 9 to 14 map the CDS archive's trampoline region {@code rwxp});
 *                       empty for none
 * @param reservesCodeCache the runtime reserves all its code memory once, at start (HotSpot's
 *                       {@code ReservedCodeCacheSize}: executable regions followed by their {@code ---p}
 *                       reserve). Then, after learning, only anonymous executable memory inside the
 *                       reservation seen while learning is the runtime's; elsewhere it is judged like in
 *                       any other process (shellcode in a JVM)
 */
public record JitRuntime(String name, String library, String anonymousPerms, String codeFiles, String wxFiles,
                         boolean reservesCodeCache) {

    public JitRuntime {
        Objects.requireNonNull(name, "name");
        check(name, "library", library);
        check(name, "anonymousPerms", anonymousPerms);
        check(name, "codeFiles", codeFiles);
        check(name, "wxFiles", wxFiles);
    }

    /** A runtime that allocates code memory wherever it likes. */
    public JitRuntime(String name, String library, String anonymousPerms, String codeFiles, String wxFiles) {
        this(name, library, anonymousPerms, codeFiles, wxFiles, false);
    }

    private static final String ANY_EXEC = "..x.";
    private static final String RWX_ONLY = "rwx.";
    private static final String VERSION = "(\\.[0-9]+)*";
    private static final String DELETED = " \\(deleted\\)";

    /** HotSpot (OpenJDK): {@code lib/server/libjvm.so}; code cache {@code rwxp}. */
    public static final JitRuntime HOTSPOT = new JitRuntime("HotSpot",
            "^(?<home>/.+)/lib/(server|client|zero|minimal)/libjvm\\.so$", ANY_EXEC,
            // JNI libraries extracted by File.createTempFile (zstd-jni, netty, rocksdbjni, snappy,
            // sqlite-jdbc, lz4) or JNA, then deleted: a long digit run or a UUID in the name.
            "^(/tmp|/var/tmp)/[^/]*([0-9]{10,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[^/]*"
                    + "\\.(so|tmp)" + DELETED + "$"
                    + "|^/.+/\\.cache/JNA/temp/jna[0-9]+\\.tmp" + DELETED + "$",
            "/lib/(server|client)/classes(_nocoops)?(_coh)?\\.jsa$", true);

    /** Eclipse OpenJ9: {@code libj9jit29.so}. */
    public static final JitRuntime OPENJ9 = new JitRuntime("OpenJ9",
            "^(?<home>/.+)/lib/(default|compressedrefs|[a-z0-9]+)/libj9jit[0-9]+\\.so$", ANY_EXEC, "", "");

    /** V8 in Node.js, Chromium and Electron: the {@code node} binary, {@code libnode.so}, {@code libv8.so}. */
    public static final JitRuntime V8 = new JitRuntime("V8",
            "(^|/)(node|nodejs|chrome|chromium|electron)$|(^|/)lib(node|v8)\\.so" + VERSION + "$", ANY_EXEC, "", "");

    /** .NET CoreCLR: W^X double mapping goes through {@code /memfd:doublemapper (deleted)}. */
    public static final JitRuntime CORECLR = new JitRuntime(".NET CoreCLR",
            "^(?<home>/.+)/lib(coreclr|clrjit)\\.so$", ANY_EXEC, "^/memfd:doublemapper" + DELETED + "$", "");

    /** Mono. */
    public static final JitRuntime MONO = new JitRuntime("Mono",
            "(^|/)libmono(sgen)?-2\\.0\\.so" + VERSION + "$", ANY_EXEC, "", "");

    /** LuaJIT: machine code areas switch between {@code rw-} and {@code r-x}. */
    public static final JitRuntime LUAJIT = new JitRuntime("LuaJIT",
            "(^|/)libluajit-5\\.1\\.so" + VERSION + "$|(^|/)luajit[-.0-9]*$", ANY_EXEC, "", "");

    /** LLVM's ORC/MCJIT (PostgreSQL's llvmjit, Mesa's llvmpipe). */
    public static final JitRuntime LLVM = new JitRuntime("LLVM",
            "(^|/)libLLVM[-.0-9A-Za-z]*\\.so" + VERSION + "$|(^|/)llvmjit\\.so$", ANY_EXEC, "", "");

    /** SpiderMonkey (Firefox's libxul, GNOME's libmozjs). */
    public static final JitRuntime SPIDERMONKEY = new JitRuntime("SpiderMonkey",
            "(^|/)libmozjs-[0-9]+\\.so" + VERSION + "$|(^|/)libxul\\.so$", ANY_EXEC, "", "");

    /** JavaScriptCore (WebKitGTK). */
    public static final JitRuntime JAVASCRIPTCORE = new JitRuntime("JavaScriptCore",
            "(^|/)libjavascriptcoregtk-[0-9.]+\\.so" + VERSION + "$", ANY_EXEC, "", "");

    /** PyPy. */
    public static final JitRuntime PYPY = new JitRuntime("PyPy",
            "(^|/)libpypy[0-9.]*-c\\.so" + VERSION + "$", ANY_EXEC, "", "");

    /** Julia. */
    public static final JitRuntime JULIA = new JitRuntime("Julia",
            "(^|/)libjulia(-internal|-codegen)?\\.so" + VERSION + "$", ANY_EXEC, "", "");

    /** PCRE2's JIT (sljit): 64 KiB {@code rwx} chunks; nothing else. */
    public static final JitRuntime PCRE2 = new JitRuntime("PCRE2 JIT",
            "(^|/)libpcre2-(8|16|32)\\.so" + VERSION + "$", RWX_ONLY, "", "");

    /**
     * libffi closures: {@code rwx} pages, or, where {@code rwx} is refused, one temporary file or
     * memfd mapped twice ({@code rw-s} and {@code r-xs}).
     */
    public static final JitRuntime LIBFFI = new JitRuntime("libffi",
            "(^|/)libffi\\.so" + VERSION + "$", RWX_ONLY,
            "^/memfd:libffi" + DELETED + "$|^/(tmp|var/tmp|dev/shm|run/user/[0-9]+)/ffi[A-Za-z0-9]{6}" + DELETED + "$",
            "");

    /** The signatures the detector knows by default. */
    public static final List<JitRuntime> DEFAULTS = List.of(HOTSPOT, OPENJ9, V8, CORECLR, MONO, LUAJIT, LLVM,
            SPIDERMONKEY, JAVASCRIPTCORE, PYPY, JULIA, PCRE2, LIBFFI);

    private static void check(String name, String field, String regex) {
        Objects.requireNonNull(regex, field);
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("JIT runtime '" + name + "': " + field + " is not a regular expression: "
                    + e.getDescription() + " in '" + regex + "'", e);
        }
    }
}
