package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The states of the detectors that keep theirs with the process ({@code Detector#stateWithProcess}),
 * by detector name, each as its codec wrote it: carried inside {@link ProcessState} so a sample
 * costs one store read and one write for the process and those detectors together. Immutable;
 * a handful of entries at most, so arrays and a linear search.
 */
public final class InlineDetectorStates {

    public static final InlineDetectorStates NONE = new InlineDetectorStates(new String[0], new byte[0][]);

    private final String[] names;
    private final byte[][] states;

    private InlineDetectorStates(String[] names, byte[][] states) {
        this.names = names;
        this.states = states;
    }

    /** The state {@code detector} stored, or null. */
    public byte[] get(String detector) {
        int i = indexOf(detector);
        return i < 0 ? null : states[i];
    }

    /** These states with {@code detector}'s replaced (or added). */
    public InlineDetectorStates with(String detector, byte[] state) {
        int i = indexOf(detector);
        if (i >= 0) {
            byte[][] copy = states.clone();
            copy[i] = state;
            return new InlineDetectorStates(names, copy);
        }
        String[] moreNames = Arrays.copyOf(names, names.length + 1);
        byte[][] moreStates = Arrays.copyOf(states, states.length + 1);
        moreNames[names.length] = detector;
        moreStates[states.length] = state;
        return new InlineDetectorStates(moreNames, moreStates);
    }

    /** These states without those of detectors {@code keep} refuses (no longer configured); this when none goes. */
    InlineDetectorStates retain(Predicate<String> keep) {
        InlineDetectorStates kept = this;
        for (String name : names) {
            if (!keep.test(name)) {
                kept = kept.without(name);
            }
        }
        return kept;
    }

    private InlineDetectorStates without(String detector) {
        int i = indexOf(detector);
        String[] fewerNames = new String[names.length - 1];
        byte[][] fewerStates = new byte[states.length - 1][];
        System.arraycopy(names, 0, fewerNames, 0, i);
        System.arraycopy(names, i + 1, fewerNames, i, names.length - i - 1);
        System.arraycopy(states, 0, fewerStates, 0, i);
        System.arraycopy(states, i + 1, fewerStates, i, states.length - i - 1);
        return fewerNames.length == 0 ? NONE : new InlineDetectorStates(fewerNames, fewerStates);
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** Bytes the states take, for sizing the value they are written into. */
    int size() {
        int size = 0;
        for (int i = 0; i < names.length; i++) {
            size += names[i].length() + states[i].length + 4;
        }
        return size;
    }

    private int indexOf(String detector) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(detector)) {
                return i;
            }
        }
        return -1;
    }

    void write(BinaryOut out) {
        out.writeInt(names.length);
        for (int i = 0; i < names.length; i++) {
            out.writeString(names[i]).writeBytes(states[i]);
        }
    }

    static InlineDetectorStates read(BinaryIn in) {
        int count = in.readCount();
        if (count == 0) {
            return NONE;
        }
        String[] names = new String[count];
        byte[][] states = new byte[count][];
        for (int i = 0; i < count; i++) {
            names[i] = in.readString();
            states[i] = in.readBytes();
        }
        return new InlineDetectorStates(names, states);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InlineDetectorStates other && Arrays.equals(names, other.names)
                && Arrays.deepEquals(states, other.states);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.deepHashCode(states);
    }

    @Override
    public String toString() {
        return "InlineDetectorStates" + Arrays.toString(names);
    }
}
