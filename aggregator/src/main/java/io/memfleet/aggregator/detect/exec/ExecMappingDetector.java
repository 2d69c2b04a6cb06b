package io.memfleet.aggregator.detect.exec;

import io.memfleet.aggregator.detect.Detector;
import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.StateCodec;
import io.memfleet.aggregator.detect.exec.ExecMappingState.Episode;
import io.memfleet.aggregator.detect.exec.ExecMappingState.Range;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import io.memfleet.schema.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executable mappings: code running from memory-only files ({@code FILELESS_EXEC}), memory both
 * writable and executable ({@code WX_MAPPING}) and, after a per-process learning period, executable
 * mappings that were not there before ({@code NEW_EXEC_MAPPING}). See {@code DESIGN.md} beside this
 * class for the rules and why JIT runtimes are handled the way they are.
 *
 * <p>Each offending mapping is one episode, identified by its start address and path: FIRING once
 * when it appears, RESOLVED when the mapping goes (or no longer offends) or the process exits. A
 * mapping raises at most one type, the first of FILELESS_EXEC, WX_MAPPING, NEW_EXEC_MAPPING that
 * applies.
 *
 * <p>Pure: no clock (process age is {@code at - firstSeen}), no I/O; thread-safe.
 */
public final class ExecMappingDetector implements Detector<ExecMappingState> {

    private static final String DELETED = " (deleted)";

    private final ExecMappingSettings settings;
    private final List<CompiledRuntime> runtimes;
    private final LibraryMatches libraryMatches;
    private final List<Pattern> jitProcessNames;
    private final List<Pattern> allowPaths;
    private final List<Pattern> suspiciousDirs;
    private final List<Pattern> replacedPaths;
    private final ExecFindings words;

    public ExecMappingDetector(ExecMappingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runtimes = settings.jitRuntimes().stream().map(CompiledRuntime::of).toList();
        this.libraryMatches = new LibraryMatches(runtimes.stream().map(CompiledRuntime::library).toList());
        this.jitProcessNames = compile(settings.jitProcessNames());
        this.allowPaths = compile(settings.allowPaths());
        this.suspiciousDirs = compile(settings.suspiciousDirs());
        this.replacedPaths = compile(settings.replacedPaths());
        this.words = new ExecFindings(settings, replacedPaths);
    }

    public ExecMappingDetector() {
        this(ExecMappingSettings.defaults());
    }

    public ExecMappingSettings settings() {
        return settings;
    }

    @Override
    public ExecMappingState initial() {
        return ExecMappingState.initial();
    }

    @Override
    public StateCodec<ExecMappingState> stateCodec() {
        return ExecMappingStateCodec.INSTANCE;
    }

    /** Only a new mapping list can change what this detector knows or finds. */
    @Override
    public boolean observes(Observation observation) {
        return observation.change() != null && observation.mappingsKnown();
    }

    @Override
    public ExecMappingState observe(ExecMappingState state, Observation observation, List<Finding> findings) {
        String name = observation.processName() == null ? state.processName() : observation.processName();
        if (observation.change() == null || !observation.mappingsKnown()) {
            // No new list (or the new one has not arrived): nothing about the mappings changed that we can see.
            return new ExecMappingState(observation.pid(), name, state.listSeen(), state.learned(), state.knownFiles(),
                    state.knownAnonymous(), state.codeCache(), state.open(), state.notReported());
        }
        List<Mapping> current = new ArrayList<>(observation.mappings());
        current.sort(BY_ADDRESS);
        long age = observation.at() - observation.firstSeen();
        boolean first = observation.firstList() || !state.listSeen();
        boolean learning = first || age < settings.learningPeriodMs();
        Context context = new Context(name, observation.pid(), age, recognise(current), jitByName(name),
                mainExecutable(current), removedExecutableFiles(observation), state, !learning);

        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Mapping mapping : current) {
            Verdict verdict = judge(mapping, context);
            if (verdict != null) {
                verdicts.putIfAbsent(key(verdict.rule.type(), verdict.episode()), verdict);
            }
        }

        List<Episode> stillOpen = new ArrayList<>();
        for (Episode episode : state.open()) {
            if (verdicts.containsKey(key(episode.type(), episode.episode()))) {
                stillOpen.add(episode);
            } else {
                findings.add(ExecFindings.resolved(episode, context.who(), ExecFindings.resolution(episode, current)));
            }
        }
        long notReported = 0;
        List<Episode> open = new ArrayList<>(stillOpen);
        for (Verdict verdict : verdicts.values()) {
            if (contains(stillOpen, verdict)) {
                continue;
            }
            if (open.size() >= settings.maxOpenEpisodes()) {
                notReported++;
                continue;
            }
            open.add(new Episode(verdict.rule.type(), verdict.severity, verdict.rule.name(), verdict.episode(),
                    verdict.mapping.start(), verdict.mapping.path(), MapsLine.of(verdict.mapping)));
            findings.add(words.firing(verdict, context));
        }
        open.sort(Comparator.comparing(Episode::start, Long::compareUnsigned).thenComparing(Episode::type));

        List<String> knownFiles = state.knownFiles();
        List<Range> knownAnonymous = state.knownAnonymous();
        List<Range> codeCache = state.codeCache();
        if (learning) {
            int maxRanges = settings.maxKnownAnonymousRanges();
            knownFiles = Baseline.learnFiles(knownFiles, current, settings.maxKnownFiles());
            knownAnonymous = Baseline.learnAnonymous(knownAnonymous, current, maxRanges);
            codeCache = Baseline.learnCodeCache(codeCache, current, context.reservingPerms(), maxRanges);
        }
        return new ExecMappingState(observation.pid(), name, true, !learning, knownFiles, knownAnonymous, codeCache,
                open, notReported);
    }

    @Override
    public void exited(ExecMappingState state, long exitedAt, List<Finding> findings) {
        String who = who(state.processName(), state.pid());
        for (Episode episode : state.open()) {
            findings.add(ExecFindings.resolved(episode, who, "the process exited"));
        }
    }

    // ---- the rules -------------------------------------------------------------------------------

    /** The verdict on one mapping, or null when it offends no rule. */
    private Verdict judge(Mapping mapping, Context context) {
        MappingKind kind = mapping.kind();
        String path = mapping.path();
        if (kind == MappingKind.VDSO || kind == MappingKind.VVAR || kind == MappingKind.VSYSCALL
                || path.equals("[uprobes]")) {
            return null; // made by the kernel
        }
        boolean anonymous = anonymous(mapping);
        boolean fileBacked = kind == MappingKind.FILE && !anonymous;
        if (!mapping.executable() && !(fileBacked && mapping.writable())) {
            return null;
        }
        if (matchesAny(allowPaths, path)) {
            return null;
        }
        if (!mapping.executable()) {
            // Writable, not executable, file-backed: was it code a moment ago (or still an open episode)?
            Mapping before = madeWritable(mapping, context.removedExecutable);
            if (before != null || context.isOpen(AnomalyType.WX_MAPPING, episodeOf(mapping),
                    Rule.WX_CODE_MADE_WRITABLE)) {
                return new Verdict(Rule.WX_CODE_MADE_WRITABLE, settings.wxSeverity(), mapping, before);
            }
            return null;
        }
        if (kind == MappingKind.HEAP || kind == MappingKind.STACK) {
            return new Verdict(Rule.WX_HEAP_STACK, settings.wxHeapStackSeverity(), mapping, null);
        }
        if (runtimeMemory(mapping, anonymous, context)) {
            return null;
        }
        if (kind == MappingKind.MEMFD) {
            return new Verdict(Rule.FILELESS_MEMFD, filelessSeverity(mapping, context, false), mapping, null);
        }
        if (kind == MappingKind.SYSV_SHM) {
            return new Verdict(Rule.FILELESS_SYSV, settings.filelessSeverity(), mapping, null);
        }
        if (fileBacked && path.endsWith(DELETED)) {
            boolean replaced = matchesAny(replacedPaths, path);
            return new Verdict(Rule.FILELESS_DELETED, filelessSeverity(mapping, context, replaced), mapping, null);
        }
        if (mapping.writable()) {
            if (anonymous) {
                return new Verdict(Rule.WX_ANONYMOUS, settings.wxSeverity(), mapping, null);
            }
            if (context.wxFileExpected(path)) {
                return null;
            }
            return new Verdict(Rule.WX_FILE, settings.wxSeverity(), mapping, null);
        }
        if (!context.evaluateNew) {
            return null;
        }
        if (anonymous) {
            return Baseline.within(context.state.knownAnonymous(), mapping) ? null
                    : new Verdict(Rule.NEW_ANONYMOUS, settings.newAnonymousSeverity(), mapping, null);
        }
        if (context.state.knownFiles().contains(path) || context.runtimeOwnFile(path)) {
            return null;
        }
        if (matchesAny(suspiciousDirs, path)) {
            return new Verdict(Rule.NEW_SUSPICIOUS_DIR, settings.newSuspiciousSeverity(), mapping, null);
        }
        return new Verdict(Rule.NEW_LIBRARY, settings.newLibrarySeverity(), mapping, null);
    }

    private Severity filelessSeverity(Mapping mapping, Context context, boolean replaced) {
        if (replaced) {
            return settings.filelessReplacedSeverity();
        }
        return mapping.path().equals(context.mainExecutable) ? settings.filelessMainSeverity()
                : settings.filelessSeverity();
    }

    /**
     * Memory a recognised JIT runtime makes as part of its work: anonymous executable memory with the
     * permissions its signature allows (a HotSpot code cache is {@code rwxp}), or a file its signature
     * names as its code (.NET's doublemapper memfd). Anything else in a JIT process is judged as in any
     * other process: a memfd nobody expects, {@code x} on the heap, a library from /tmp.
     */
    private static boolean runtimeMemory(Mapping mapping, boolean anonymous, Context context) {
        if (anonymous && context.jitByName != null) {
            return true;
        }
        for (Recognised recognised : context.jit) {
            CompiledRuntime runtime = recognised.runtime;
            if (!anonymous) {
                if (runtime.codeFiles != null && runtime.codeFiles.matcher(mapping.path()).matches()) {
                    return true;
                }
            } else if (runtime.anonymousPerms.matcher(mapping.perms()).matches()
                    && (!runtime.runtime().reservesCodeCache() || !context.evaluateNew
                    || context.state.codeCache().isEmpty() || Baseline.within(context.state.codeCache(), mapping))) {
                // A runtime with one code cache reservation, learned: only memory inside it is its code.
                return true;
            }
        }
        return false;
    }

    /**
     * Anonymous memory by another name: {@code [anon:…]}, unknown bracketed names, and the files the
     * kernel invents for shared or huge-page anonymous mappings.
     */
    static boolean anonymous(Mapping mapping) {
        switch (mapping.kind()) {
            case ANON:
            case ANON_NAMED:
            case OTHER:
                return true;
            case FILE:
                String path = mapping.path();
                return path.equals("/dev/zero (deleted)") || path.equals("/anon_hugepage (deleted)");
            default:
                return false;
        }
    }

    /** The executable mapping of the same file page at the same address that {@code mapping} replaced, or null. */
    private static Mapping madeWritable(Mapping mapping, List<Mapping> removedExecutable) {
        for (Mapping before : removedExecutable) {
            if (before.path().equals(mapping.path()) && before.inode() == mapping.inode()
                    && before.dev().equals(mapping.dev())
                    && Long.compareUnsigned(before.start(), mapping.end()) < 0
                    && Long.compareUnsigned(mapping.start(), before.end()) < 0
                    && before.offset() + (mapping.start() - before.start()) == mapping.offset()) {
                return before;
            }
        }
        return null;
    }


    // ---- context ---------------------------------------------------------------------------------

    private List<Recognised> recognise(List<Mapping> current) {
        // Which runtimes' library patterns each executable file matches, once per path: the same few
        // hundred library paths recur in every process and every list, and matching the regexes on
        // every mapping would cost ~12% of the aggregator's ingest.
        List<Mapping> files = new ArrayList<>();
        long[] masks = new long[current.size()];
        long any = 0;
        for (Mapping mapping : current) {
            if (mapping.kind() != MappingKind.FILE || !mapping.executable()) {
                continue; // every runtime has code of its own: its library's r-x segment
            }
            long mask = libraryMatches.matches(stripDeleted(mapping.path()));
            masks[files.size()] = mask;
            files.add(mapping);
            any |= mask;
        }
        List<Recognised> found = new ArrayList<>();
        for (int r = 0; r < runtimes.size() && any != 0; r++) {
            for (int i = 0; i < files.size(); i++) {
                if ((masks[i] & (1L << r)) != 0) {
                    CompiledRuntime runtime = runtimes.get(r);
                    Matcher matcher = runtime.library.matcher(stripDeleted(files.get(i).path()));
                    matcher.find();
                    found.add(new Recognised(runtime, files.get(i), home(matcher)));
                    break;
                }
            }
        }
        return found;
    }

    private static String home(Matcher matcher) {
        try {
            return matcher.group("home");
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }

    private String jitByName(String name) {
        if (name == null) {
            return null;
        }
        for (Pattern pattern : jitProcessNames) {
            if (pattern.matcher(name).matches()) {
                return pattern.pattern();
            }
        }
        return null;
    }

    /**
     * The main executable's path: the file of the lowest executable file mapping. Programs are loaded
     * below the heap and the shared objects; a data file mapped lower (a JVM's CDS archive) is not
     * executable.
     */
    private static String mainExecutable(List<Mapping> current) {
        for (Mapping mapping : current) {
            MappingKind kind = mapping.kind();
            if (mapping.executable() && (kind == MappingKind.FILE || kind == MappingKind.MEMFD) && !anonymous(mapping)) {
                return mapping.path();
            }
        }
        return null;
    }

    private static List<Mapping> removedExecutableFiles(Observation observation) {
        List<Mapping> removed = new ArrayList<>();
        for (Mapping mapping : observation.change().removed()) {
            if (mapping.executable() && mapping.kind() == MappingKind.FILE) {
                removed.add(mapping);
            }
        }
        return removed;
    }

    // ---- small helpers ---------------------------------------------------------------------------

    private static final Comparator<Mapping> BY_ADDRESS = (a, b) -> Long.compareUnsigned(a.start(), b.start());

    private static String key(AnomalyType type, String episode) {
        return type.name() + '|' + episode;
    }

    /** The episode id: start address and path, stable for the mapping's life. */
    static String episodeOf(Mapping mapping) {
        String address = MapsLine.address(mapping.start());
        return mapping.path().isEmpty() ? address : address + ' ' + mapping.path();
    }

    private static boolean contains(List<Episode> open, Verdict verdict) {
        for (Episode episode : open) {
            if (episode.type() == verdict.rule.type() && episode.episode().equals(verdict.episode())) {
                return true;
            }
        }
        return false;
    }

    static String who(String name, int pid) {
        return (name == null || name.isEmpty() ? "process" : name) + " (pid " + pid + ")";
    }

    static String stripDeleted(String path) {
        return path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
    }

    static boolean matchesAny(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> regexes) {
        return regexes.stream().map(Pattern::compile).toList();
    }


    // ---- value types -----------------------------------------------------------------------------

    record CompiledRuntime(JitRuntime runtime, Pattern library, Pattern anonymousPerms, Pattern codeFiles,
                                   Pattern wxFiles) {

        static CompiledRuntime of(JitRuntime runtime) {
            return new CompiledRuntime(runtime, Pattern.compile(runtime.library()),
                    Pattern.compile(runtime.anonymousPerms()),
                    runtime.codeFiles().isEmpty() ? null : Pattern.compile(runtime.codeFiles()),
                    runtime.wxFiles().isEmpty() ? null : Pattern.compile(runtime.wxFiles()));
        }
    }

    /** A runtime found in the process, the mapping that showed it, and its home directory if its signature has one. */
    record Recognised(CompiledRuntime runtime, Mapping by, String home) {
    }

    record Verdict(Rule rule, Severity severity, Mapping mapping, Mapping before) {

        Verdict {
            Objects.requireNonNull(rule, "rule");
        }

        String episode() {
            return episodeOf(mapping);
        }
    }

    record Context(String name, int pid, long age, List<Recognised> jit, String jitByName,
                           String mainExecutable, List<Mapping> removedExecutable, ExecMappingState state,
                           boolean evaluateNew) {

        String who() {
            return ExecMappingDetector.who(name, pid);
        }

        boolean isOpen(AnomalyType type, String episode, Rule rule) {
            for (Episode open : state.open()) {
                if (open.type() == type && open.episode().equals(episode) && open.rule().equals(rule.name())) {
                    return true;
                }
            }
            return false;
        }

        boolean wxFileExpected(String path) {
            for (Recognised recognised : jit) {
                if (recognised.runtime.wxFiles != null && recognised.runtime.wxFiles.matcher(path).find()) {
                    return true;
                }
            }
            return false;
        }

        /** A file under a recognised runtime's home: one of its own libraries, loaded when first needed. */
        boolean runtimeOwnFile(String path) {
            for (Recognised recognised : jit) {
                if (recognised.home != null && path.startsWith(recognised.home + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** The permissions of code memory of the recognised runtimes that reserve a code cache. */
        List<Pattern> reservingPerms() {
            return jit.stream().map(Recognised::runtime).filter(r -> r.runtime().reservesCodeCache())
                    .map(CompiledRuntime::anonymousPerms).toList();
        }

        String jitEvidence() {
            List<String> parts = new ArrayList<>();
            if (jitByName != null) {
                parts.add("process name matches '" + jitByName + "' (jit.process.names)");
            }
            for (Recognised recognised : jit) {
                parts.add(recognised.runtime.runtime().name() + ", recognised by " + MapsLine.of(recognised.by));
            }
            return parts.isEmpty() ? "none recognised" : String.join("; ", parts);
        }
    }
}
