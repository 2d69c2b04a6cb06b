/**
 * The HEAP_GROWTH corpus and evaluation harness: {@link io.memfleet.bench.heap.SimulatedProcess}
 * generates labelled series of every {@link io.memfleet.bench.heap.SeriesClass} from a seed in
 * event time; {@link io.memfleet.bench.heap.HeapBench} scores the detector on them (precision,
 * recall, false alarms per 10,000 process-days, time to detect). The {@code memfleet bench detect} command
 * calls {@code HeapBench.run} and prints {@code Report.table()}.
 */
package io.memfleet.bench.heap;
