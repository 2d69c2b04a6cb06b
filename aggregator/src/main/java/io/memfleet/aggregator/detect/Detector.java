package io.memfleet.aggregator.detect;

import java.util.List;

/**
 * A pure function over a process's history: given its state so far and the next observation, the
 * next state and any findings. No Kafka, no clock, no randomness: the same observations always give
 * the same findings. State must stay bounded per process; {@link #stateCodec()} stores it.
 *
 * @param <S> the per-process state, an immutable record
 */
public interface Detector<S> {

    /** The state of a process never observed. */
    S initial();

    /**
     * Whether {@link #observe} has anything to do with {@code observation}; when false the runner
     * neither reads nor writes this detector's state for it. A detector of mapping changes, for
     * one, has nothing to learn from the ~97% of samples that come without a mapping list.
     */
    default boolean observes(Observation observation) {
        return true;
    }

    /**
     * Whether this detector's state is kept inside the process's own state value — read and written
     * with it on every sample, at no store access of its own — rather than in the detector-state
     * store, where it is read only when {@link #observes} and written only when it changed. Right
     * for a small state that changes on nearly every sample (the heap envelope); wrong for a large
     * one that rarely changes (the exec baseline), which would be rewritten with every sample.
     */
    default boolean stateWithProcess() {
        return false;
    }

    /** The state after {@code observation}; findings it decides are added to {@code findings}. */
    S observe(S state, Observation observation, List<Finding> findings);

    /**
     * The process exited at {@code exitedAt}: add a RESOLVED finding for every open episode (the
     * caller adds the process's identity; keep in the state what the summary needs).
     */
    void exited(S state, long exitedAt, List<Finding> findings);

    /** For storing the state: read and written on every sample, so make it cheap. */
    StateCodec<S> stateCodec();
}
