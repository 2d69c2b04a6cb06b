package io.memfleet.aggregator.detect;

/**
 * One process's stored detector states, by detector name, each as its detector's
 * {@link StateCodec} wrote it. The runner reads every detector's state and writes back only those
 * that changed: most samples change the heap detector's envelope but not the exec detector's
 * baseline, and an unchanged state costs no store write and no changelog record.
 */
public interface ProcessStates {

    /** The stored state of {@code detector}, or null for a process it has not seen. */
    byte[] get(String detector);

    void put(String detector, byte[] state);
}
