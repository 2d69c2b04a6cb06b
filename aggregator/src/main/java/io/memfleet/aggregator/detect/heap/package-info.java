/**
 * HEAP_GROWTH: {@link io.memfleet.aggregator.detect.heap.HeapGrowthDetector}, its settings and
 * bounded state, and the robust statistics it uses ({@link io.memfleet.aggregator.detect.heap.Trend}:
 * Theil–Sen, Mann–Kendall). The labelled corpus and evaluation harness are in the bench module
 * ({@code io.memfleet.bench.heap}), out of the service jar. No Kafka.
 */
package io.memfleet.aggregator.detect.heap;
